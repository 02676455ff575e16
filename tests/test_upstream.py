"""Workarounds for upstream costs give the same bytes: pydyf's page references, fontTools' subsetting."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pydyf
from fontTools.ttLib import TTFont
from weasyprint.css.tokens import Pending
from weasyprint.pdf.fonts import Font as WeasyPrintFont

from deck.content.dates import reproducible
from deck.content.load import load_content
from deck.layout import upstream
from deck.layout.fitting import fit_language
from deck.layout.geometry import resolve_size
from deck.layout.subset import subset_font

from .conftest import MINI, ROOT


def _tagged_pdf(document) -> bytes:
    buffer = io.BytesIO()
    with reproducible(315532800):
        document.write_pdf(buffer, pdf_tags=True)
    return buffer.getvalue()


def test_cached_page_references_give_the_same_pdf_and_are_built_once_per_page(monkeypatch):
    content = load_content(MINI)
    document = fit_language(content, content.source_language, resolve_size("poker")).document
    patched = _tagged_pdf(document)

    calls = 0
    original = upstream._ORIGINAL_PAGE_REFERENCES.fget

    def counting(pdf):
        nonlocal calls
        calls += 1
        return original(pdf)

    monkeypatch.setattr(upstream, "_ORIGINAL_PAGE_REFERENCES", property(counting))
    again = _tagged_pdf(document)
    cached_calls = calls

    calls = 0
    monkeypatch.setattr(pydyf.PDF, "page_references", property(counting))
    unpatched = _tagged_pdf(document)

    assert patched == again == unpatched
    assert cached_calls <= len(document.pages) + 1 < calls


def test_remembered_declarations_give_the_same_pdf_and_validate_each_value_once(monkeypatch):
    """A declaration with ``var()`` is validated once per text its variables give, not once per element."""
    content = load_content(MINI)
    lay_out = lambda: fit_language(content, content.source_language, resolve_size("poker"), strict=False).document  # noqa: E731
    validated: list[tuple[int, str, str]] = []
    original = upstream._ORIGINAL_SOLVE

    def counting(pending, tokens, wanted_key, base_url):
        validated.append((id(pending), wanted_key, "".join(token.serialize() for token in tokens)))
        return original(pending, tokens, wanted_key, base_url)

    monkeypatch.setattr(upstream, "_ORIGINAL_SOLVE", counting)
    remembered = _tagged_pdf(lay_out())
    assert len(set(validated)) == len(validated)  # (an earlier test in this process may have validated them all)
    validated.clear()
    monkeypatch.setattr(Pending, "solve", counting)
    unpatched = _tagged_pdf(lay_out())
    assert remembered == unpatched
    assert len(validated) > 4 * len(set(validated)), (len(validated), len(set(validated)))


def test_values_whose_tokens_would_run_together_are_not_taken_for_each_other(caplog):
    """``var(--a)var(--b)`` gives the tokens 1px, 2px on one element and 1px2, px on another: joined without a space
    both read "1px2px", but only the first is a margin. The second is refused (and reported) as without the patch."""
    from deck.layout.engine import HTML

    html = (
        "<style>div { margin: var(--a)var(--b); } .one { --a: 1px; --b: 2px; } .two { --a: 1px2; --b: px; }</style>"
        '<div class="one">one</div><div class="two">two</div>'
    )
    with caplog.at_level("WARNING", logger="weasyprint"):
        page = HTML(string=html).render().pages[0]
    body = page._page_box.children[0].children[0]
    one, two = (box for box in body.children if box.element_tag == "div")
    assert (one.margin_top, one.margin_left) == (1, 2)
    assert (two.margin_top, two.margin_left) == (0, 0)
    assert any(record.getMessage().startswith("Ignored `margin: 1px2 px") for record in caplog.records), caplog.text


def test_subsetting_without_the_layout_tables_gives_weasyprints_font_program_byte_for_byte():
    """The fast subset (GSUB and GPOS removed before fontTools reads them) equals WeasyPrint's own, for every vendored font."""
    fonts = sorted((ROOT / "styles" / "fonts").rglob("*.ttf"))
    assert len(fonts) >= 9
    for path in fonts:
        data = path.read_bytes()
        ttfont = TTFont(io.BytesIO(data))
        assert "GPOS" in ttfont, path.name  # the tables the fast path removes first
        cmap = ttfont.getBestCmap()
        text = "Waardenovereenstemming — fijn, ‘officiële’ ﬁ 12 بناء الثقة"
        gids = {ttfont.getGlyphID(cmap[ord(c)]): c for c in text if ord(c) in cmap} | {0: ""}
        font = SimpleNamespace(file_content=data, index=0, missing=set(), family=path.stem)
        with reproducible(315532800):  # fontTools stamps the time into the 'head' table
            WeasyPrintFont._fonttools_subset(font, gids, False)
            ours = subset_font(data, 0, gids, False, False)
        assert ours == font.file_content, path.name
        assert len(ours) < len(data) / 2, path.name
