"""The built Dutch and English screen PDFs, seen by the viewers' engines: PDFium's link and text APIs
(pypdfium2, what Chrome's viewer uses), PDF.js's find bar (node, when installed), and our own
implementations of veraPDF's PDF/UA-1 rules (tests/pdfua.py)."""

from __future__ import annotations

import ctypes
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from deck.content.load import load_content
from deck.layout.cards import DividerCard, OverviewCard, WerkvormCard, sequence

from . import pdfua
from .conftest import CONTENT

MM = 72 / 25.4
LANGUAGES = ("nl", "en")
PDFJS = Path(__file__).parent / "pdfjs"
IGNORED_BY_CHROME = "\ufffe\u200b"
"""What Chrome's PDF viewer drops from PDFium's text before it searches (IsIgnorableCharacter):
U+FFFE is PDFium's mark for a hyphen it recognised at a line end."""


@dataclass(frozen=True)
class Link:
    page: int
    target: int
    left: float
    bottom: float
    right: float
    top: float

    @property
    def width_mm(self) -> float:
        return (self.right - self.left) / MM

    @property
    def height_mm(self) -> float:
        return (self.top - self.bottom) / MM


@pytest.fixture(scope="module")
def screens(liso_screens) -> dict[str, Path]:
    """The Dutch and English screen PDFs, built once for the run."""
    return liso_screens.paths("screen")


@pytest.fixture(scope="module")
def decks():
    return load_content(CONTENT, list(LANGUAGES)).decks


def front(card) -> int:
    return 2 * (card.number - 1)


def links(path: Path) -> list[Link]:
    """Every link PDFium finds, with its annotation rectangle and target page."""
    document = pdfium.PdfDocument(str(path))
    found = []
    for index in range(len(document)):
        page = document[index]
        position, link = ctypes.c_int(0), raw.FPDF_LINK()
        while raw.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
            rect = raw.FS_RECTF()
            assert raw.FPDFLink_GetAnnotRect(link, ctypes.byref(rect))
            dest = raw.FPDFLink_GetDest(document.raw, link)
            target = raw.FPDFDest_GetDestPageIndex(document.raw, dest) if dest else -1
            x0, x1 = sorted((rect.left, rect.right))
            y0, y1 = sorted((rect.bottom, rect.top))
            found.append(Link(index, target, x0, y0, x1, y1))
    return found


def text_in(path: Path, link: Link) -> str:
    """The text PDFium finds inside a link's rectangle, on one line, with its line-end hyphens taken out
    (PDFium's char-level text gives them as U+0002, its page text as U+FFFE)."""
    page = pdfium.PdfDocument(str(path))[link.page]
    inset = 0.5  # pt: a glyph of the next cell that overhangs the border is not part of this link
    text = page.get_textpage().get_text_bounded(link.left + inset, link.bottom + inset, link.right - inset, link.top - inset)
    return " ".join(text.translate({0x2: None, 0xFFFE: None}).split())


def page_texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def chrome_finds(page_text: str, word: str) -> bool:
    """Whether Chrome's find bar finds ``word`` in a page whose PDFium text is ``page_text``."""
    searched = page_text.translate({ord(c): None for c in IGNORED_BY_CHROME})
    return word.lower() in " ".join(searched.split()).lower()


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_link_area_is_under_half_a_millimetre(screens, language):
    found = links(screens[language])
    assert (
        len(found) == 67
    )  # 15 on the overview, 2 on each of 5 dividers, 3 on each of 10 werkvorm backs, 10 on the scan's back, the credits URL and its QR code
    small = [link for link in found if link.width_mm < 0.5 or link.height_mm < 0.5]
    assert not small, small


@pytest.mark.parametrize("language", LANGUAGES)
def test_overview_links_cover_each_cell_and_reach_every_divider_and_werkvorm(screens, decks, language):
    cards = sequence(decks[language])
    overview = next(card for card in cards if isinstance(card, OverviewCard))
    on_page = [link for link in links(screens[language]) if link.page == front(overview)]
    cells = [cell for row in overview.rows for cell in (row.divider, *row.cells)]
    by_anchor = {card.anchor: card for card in cards}
    assert sorted(link.target for link in on_page) == sorted(front(by_anchor[cell.anchor]) for cell in cells)
    for link in on_page:
        assert link.width_mm >= 2 and link.height_mm >= 2, link
        cell = next(cell for cell in cells if front(by_anchor[cell.anchor]) == link.target)
        shown = text_in(screens[language], link)  # the area covers what the cell shows: its title and card number
        assert shown == f"{cell.label} {decks[language].labels.card} {cell.number}", (shown, cell)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_werkvorm_back_links_once_per_line_to_its_sibling_divider_and_overview(screens, decks, language):
    cards = sequence(decks[language])
    by_anchor = {card.anchor: card for card in cards}
    found = links(screens[language])
    for card in (c for c in cards if isinstance(c, WerkvormCard)):
        on_back = [link for link in found if link.page == front(card) + 1]
        expected = [*card.siblings, card.divider, card.overview]
        assert [link.target for link in on_back] == [front(by_anchor[x.anchor]) for x in expected], card.anchor
        for link, target in zip(on_back, expected, strict=True):
            shown = text_in(screens[language], link)
            assert shown.endswith(f"{target.label} {decks[language].labels.card} {target.number}"), (shown, target)
            assert link.height_mm >= 2 and link.width_mm >= 40, link


@pytest.mark.parametrize("language", LANGUAGES)
def test_divider_links_cover_their_whole_box(screens, decks, language):
    cards = sequence(decks[language])
    found = links(screens[language])
    for card in (c for c in cards if isinstance(c, DividerCard)):
        on_page = [link for link in found if link.page == front(card)]
        assert len(on_page) == len(card.werkvormen)
        for link, (stage, target) in zip(on_page, card.werkvormen, strict=True):
            shown = text_in(screens[language], link)
            assert shown.lower() == f"{stage} {decks[language].labels.card} {target.number} {target.label}".lower(), shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_links_are_link_elements_that_say_where_they_lead(screens, decks, language):
    with pikepdf.open(screens[language]) as pdf:
        assert pdfua.links_tagged(pdf) == []
        said = [(str(a.Dest), str(a.Contents)) for page in pdf.pages for a in page.obj.get("/Annots", []) if "/Dest" in a]
    word = {"nl": "Kaart", "en": "Card"}[language]
    cards = sequence(decks[language])
    expected = {card.anchor: f"{word} {card.number}: {card.bookmark}" for card in cards}
    assert [contents for _, contents in said] == [expected[target] for target, _ in said]
    assert {target for target, _ in said} == {"overview", *(c.anchor for c in cards if isinstance(c, (DividerCard, WerkvormCard)))}
    if language == "nl":
        assert ("werkvorm-speeddaten", "Kaart 9: Speeddaten") in said


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdfua_1_rules(screens, language):
    """Our implementations of veraPDF's PDF/UA-1 rules 5-1, 7.1-1/2/3/8/9/10, 7.4.2-1, 7.5-1/2, 7.18.3-1, 7.18.5-1/2."""
    with pikepdf.open(screens[language]) as pdf:
        assert pdfua.all_rules(pdf) == {name: [] for name in pdfua.all_rules(pdf)}
        assert pdf.pdf_version == "1.7"
        assert str(pdf.Root.Lang) == language


@pytest.mark.xdist_group("size-a6")
def test_pdfua_checks_catch_what_weasyprint_writes_by_itself(tmp_path, liso_nl_fitted):
    """The rule checks can fail: WeasyPrint's own tagged PDF (no post-processing, no PDF/UA variant) fails them."""
    document = liso_nl_fitted.document
    path = tmp_path / "plain.pdf"
    document.write_pdf(path, pdf_tags=True)
    with pikepdf.open(path) as pdf:
        failures = pdfua.all_rules(pdf)
    assert any(f.startswith("7.1-8") for f in failures["identification and metadata"])
    assert any("held by /Span, not Link" in f for f in failures["links"])
    assert any("has no Scope" in f for f in failures["tables"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_hyphenated_at_a_line_end_is_found_whole(screens, decks, language):
    texts = page_texts(screens[language])
    source = " ".join(_deck_texts(decks[language]))
    compounds = {a + b for token in re.findall(r"\w+(?:-\w+)+", source) for a, b in pairwise(token.split("-"))}
    assert "\u2010" not in "".join(texts)  # the typographic hyphen that PDF.js and PDFium do not rejoin
    split = [(index, m.group(1) + m.group(2)) for index, text in enumerate(texts) for m in re.finditer(r"(\w+)\ufffe(\w+)", text)]
    assert len(split) > 20 if language == "nl" else split  # PDFium recognised a line-end hyphen there
    for index, word in split:
        assert chrome_finds(texts[index], word), (index, word)
        # the rejoined word is the content's word, or a compound whose own hyphen fell at the line end (PDFium drops it too)
        # (an uppercase heading, like the overview's column heads, hyphenates too: compare without case)
        assert word in source or word in compounds or word.lower() in source.lower(), word
    if language == "nl":
        for word in ("verbinden", "gefinancierde", "spontane", "opleidingsmodules"):
            assert any(chrome_finds(text, word) for text in texts), word
            assert word in {w for _, w in split}, word  # ... and it is one of those split at a line end


def _deck_texts(deck) -> list[str]:
    """Every text of a deck, as words separated by single spaces."""
    from dataclasses import fields, is_dataclass

    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(" ".join(value.split()))
        elif is_dataclass(value):
            for item in fields(value):
                walk(getattr(value, item.name))
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item)

    walk(deck)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_letter_spaced_labels_are_words_for_pdfium_and_for_the_pdfjs_rule(screens, decks, language):
    document = pdfium.PdfDocument(str(screens[language]))
    for card in (c for c in sequence(decks[language]) if isinstance(c, DividerCard)):
        back = document[front(card) + 1]
        search = back.get_textpage().search(card.dim.name.upper(), match_case=True)  # FPDFText_FindStart
        assert search.get_next() is not None, card.dim.name  # the back's spaced capitals are found as a word
    # PDF.js starts a new word where a glyph is followed by a gap wider than 0.102 em (its TRACKING_SPACE_FACTOR):
    # in a TJ array, a number below -102 (thousandths of an em).
    with pikepdf.open(screens[language]) as pdf:
        gaps = [
            float(item)
            for page in pdf.pages
            for instruction in pikepdf.parse_content_stream(page)
            if str(instruction.operator) == "TJ"
            for item in instruction.operands[0]
            if not isinstance(item, pikepdf.String)
        ]
    assert gaps and min(gaps) > -102, min(gaps)


@pytest.mark.parametrize("language", LANGUAGES)
def test_step_numbers_come_before_their_steps_in_copied_text(screens, decks, language):
    texts = page_texts(screens[language])
    for card in (c for c in sequence(decks[language]) if isinstance(c, WerkvormCard)):
        text = " ".join(texts[front(card) + 1].replace("\ufffe", "").split())
        steps = [step for group in card.werkvorm.how for step in group.steps]
        positions = []
        for number, step in enumerate(steps, start=1):
            first = step.text.split()[0]
            assert f"{number} {first}" in text, (card.anchor, number, first)
            positions.append(text.index(f"{number} {first}"))
        assert positions == sorted(positions), card.anchor
        assert not re.search(r"[.!?]\d+\b", text), text  # no "houden.6"


@pytest.mark.parametrize("language", LANGUAGES)
def test_firefox_finds_hyphenated_words_and_spaced_labels(screens, decks, language):
    """PDF.js's own find controller, in node, on the built file (skipped when `make pdfjs` has not been run)."""
    node = shutil.which("node")
    if node is None or not (PDFJS / "node_modules" / "pdfjs-dist").is_dir():
        pytest.skip("PDF.js is not installed: run `make pdfjs` (node and npm)")
    cards = sequence(decks[language])
    backs = {card.dim.name.upper(): front(card) + 1 for card in cards if isinstance(card, DividerCard)}
    texts = page_texts(screens[language])
    hyphenated = sorted({m.group(1) + m.group(2) for text in texts for m in re.finditer(r"(\w+)\ufffe(\w+)", text)})
    words = [*hyphenated, *backs]
    result = subprocess.run([node, "find.mjs", str(screens[language]), *words], cwd=PDFJS, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert [word for word in hyphenated if sum(found[word]) == 0] == []
    for label, page in backs.items():
        assert found[label][page] >= 1, label


@pytest.mark.parametrize("language", LANGUAGES)
def test_poppler_rejoins_hyphenated_words(screens, language):
    """poppler's text (Evince, Okular, pdftotext) has every word split at a line end whole (skipped without pdftotext)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("poppler's pdftotext is not installed")
    text = subprocess.run([pdftotext, "-enc", "UTF-8", str(screens[language]), "-"], capture_output=True, text=True, check=True).stdout
    hyphenated = {m.group(1) + m.group(2) for page in page_texts(screens[language]) for m in re.finditer(r"(\w+)\ufffe(\w+)", page)}
    words = set(re.findall(r"\w+", text))
    assert hyphenated and hyphenated <= words, sorted(hyphenated - words)
