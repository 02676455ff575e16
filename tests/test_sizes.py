"""Every size and every language: the deck builds, text continues on continuation cards, nothing blocks the others.

Each size is built once per session (screen output, nl and en in one build) and checked through PDFium:
the text search finds, the link targets a viewer follows, the font sizes it draws.
"""

from __future__ import annotations

import ctypes
import re
import shutil
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from click.testing import CliRunner

from deck.build import Options, build
from deck.cli import main
from deck.colour import contrast, contrast_problem, text_on

from .conftest import CONTENT, RTL, liso_screen_at

SIZES = ["a6", "a7", "poker", "bridge", "tarot", "square", "80x120"]
CARD_WORD = {"nl": "kaart", "en": "card"}


@pytest.fixture(scope="session", params=[pytest.param(size, marks=pytest.mark.xdist_group(f"size-{size}")) for size in SIZES])
def sized(request, built):
    """The screen PDFs of nl and en at one size, and what the build said (built once for the run)."""
    deck = liso_screen_at(built, request.param)
    return request.param, deck.paths("screen"), list(deck.notes)


def _destinations(document: pdfium.PdfDocument) -> dict[str, int]:
    """Named destination -> 0-based page, as a viewer resolves them."""
    found = {}
    for index in range(raw.FPDF_CountNamedDests(document.raw)):
        length = ctypes.c_long(0)
        raw.FPDF_GetNamedDest(document.raw, index, None, ctypes.byref(length))
        buffer = ctypes.create_string_buffer(length.value)
        dest = raw.FPDF_GetNamedDest(document.raw, index, buffer, ctypes.byref(length))
        name = buffer.raw[: length.value].decode("utf-16-le").rstrip("\x00")
        found[name] = raw.FPDFDest_GetDestPageIndex(document.raw, dest)
    return found


def _card_labels(document: pdfium.PdfDocument) -> dict[int, str]:
    """Page -> printed card number, derived from the card anchors: main cards count 1, 2, …; 6a follows 6."""
    fronts = sorted(
        (page, name) for name, page in _destinations(document).items() if not name.endswith("--back") and "--step--" not in name
    )
    labels: dict[int, str] = {}
    number, main = 0, ""
    for page, name in fronts:
        tail = name[len(main) + 2 :] if main and name.startswith(main + "--") else ""
        if re.fullmatch(r"[a-z]", tail):
            labels[page] = labels[page + 1] = f"{number}{tail}"
        else:
            number, main = number + 1, name
            labels[page] = labels[page + 1] = str(number)
    return labels


def _links(document: pdfium.PdfDocument, index: int) -> list[tuple[int, str]]:
    """(target page, text under the link) of every link on a page."""
    page = document[index]
    text = page.get_textpage()
    found = []
    position = ctypes.c_int(0)
    link = raw.FPDF_LINK()
    while raw.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
        dest = raw.FPDFLink_GetDest(document.raw, link) or raw.FPDFAction_GetDest(document.raw, raw.FPDFLink_GetAction(link))
        if not dest:
            continue
        rect = raw.FS_RECTF()
        raw.FPDFLink_GetAnnotRect(link, ctypes.byref(rect))
        found.append(
            (raw.FPDFDest_GetDestPageIndex(document.raw, dest), text.get_text_bounded(rect.left, rect.bottom, rect.right, rect.top))
        )
    return found


def _words(text: str) -> set[str]:
    """Words as search finds them: a word hyphenated at a line end is joined again; hyphens do not count
    (PDFium reports a hyphen it found at a line end, and joined, as U+FFFE)."""
    joined = re.sub(r"[-\u2010\u00ad\ufffe]\s*[\r\n]+\s*", "", text)
    return {w.lower() for w in re.findall(r"\w+", re.sub(r"[-\u2010\ufffe]", "", joined))}


def _source_words(language: str) -> set[str]:
    """Every word of a language's card texts (the guide's words, for Dutch)."""
    from ruamel.yaml import YAML

    words: set[str] = set()

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                # the printing and scan labels are on the sheets and the scan card (A6 and larger), tested with those
                if k not in ("language", "name", "direction", "url") and not str(k).startswith(("print_", "scan")):
                    walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str):
            words.update(_words(re.sub(r"\{\w+\}", " ", value)))

    for path in sorted((CONTENT / language).rglob("*.yaml")):
        if path.name != "translated-from.yaml":
            walk(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    return words


def _all_text(document: pdfium.PdfDocument) -> str:
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def test_every_size_builds_both_languages_with_the_same_cards(sized):
    size, paths, notes = sized
    assert set(paths) == {"nl", "en"}
    nl, en = (pdfium.PdfDocument(str(paths[code])) for code in ("nl", "en"))
    assert len(nl) == len(en)
    assert _card_labels(nl) == _card_labels(en)
    assert {k: v for k, v in _destinations(nl).items() if "--step--" not in k} == {
        k: v for k, v in _destinations(en).items() if "--step--" not in k
    }
    scan = rf"the network scan card needs a card of A6 or larger; left out at {size}(mm)? \(deck build --output scan gives the sheet\)"
    assert any(re.fullmatch(scan, note) for note in notes) == (size != "a6"), notes  # every other size is smaller than A6
    for note in notes:
        assert re.fullmatch(scan, note) or re.fullmatch(
            rf"card \d+ \(.+\) continues on cards? \d+[a-z](, \d+[a-z])* at {size}(mm)?", note
        ), note


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_text_is_in_the_screen_pdf(sized, language):
    _, paths, _ = sized
    found = _words(_all_text(pdfium.PdfDocument(str(paths[language]))))
    missing = _source_words(language) - found
    assert not missing, sorted(missing)[:20]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_back_link_prints_the_number_of_its_target(sized, language):
    _, paths, _ = sized
    document = pdfium.PdfDocument(str(paths[language]))
    labels = _card_labels(document)
    checked = 0
    for index in range(len(document)):
        under: dict[int, str] = {}  # a link that wraps has one rectangle per line: read them together
        for target, text in _links(document, index):
            under[target] = under.get(target, "") + " " + text
        for target, text in under.items():
            printed = re.findall(rf"{CARD_WORD[language]}\s+(\d+[a-z]?)", text, flags=re.I)
            assert labels[target] in printed, (index, text, labels[target])
            checked += 1
    assert checked > 50


def test_every_face_is_set_at_7_pt_or_more(sized):
    """The size most of a face's characters are set in is the body size (7 pt or more) or the small size that goes
    with it; on the overview it is the card numbers under the cells (7/8 of the small size)."""
    _, paths, _ = sized
    for language in ("nl", "en"):
        document = pdfium.PdfDocument(str(paths[language]))
        overview = {page for name, page in _destinations(document).items() if re.fullmatch(r"overview(--[a-z])?", name)}
        for index, page in enumerate(document):
            text = page.get_textpage()
            # PDFium gives the size in the text space WeasyPrint draws in (CSS px, 0.75 pt each).
            sizes = [round(raw.FPDFText_GetFontSize(text.raw, i) * 0.75, 2) for i in range(text.count_chars())]
            sizes = [s for s in sizes if s > 1]  # generated characters (line ends) report 1
            if len(sizes) < 60:
                continue
            common = Counter(sizes).most_common(1)[0][0]
            body = common / (8 / 9 * 0.875) if index in overview else common / (8 / 9)
            assert body >= 7 - 0.02, (language, index, common)
            assert min(sizes) >= 5.0, (language, index, min(sizes))


@pytest.fixture(scope="session")
def small_sizes(sized):
    return sized if sized[0] in ("a7", "poker", "bridge") else None


def test_overview_splits_no_word_without_a_hyphen(small_sizes):
    """On the overview (and its continuation) every word of a cell is found whole, or hyphenated at a line end."""
    if small_sizes is None:
        pytest.skip("the overview is checked at the smallest presets")
    _, paths, _ = small_sizes
    for language in ("nl", "en"):
        document = pdfium.PdfDocument(str(paths[language]))
        pages = sorted(
            page for name, page in _destinations(document).items() if name == "overview" or re.fullmatch(r"overview--[a-z]", name)
        )
        text = "\n".join(document[p].get_textpage().get_text_range() for p in pages)
        found = _words(text)
        wanted = set()
        from deck.content.load import load_content
        from deck.layout.cards import OverviewCard, sequence

        deck = load_content(CONTENT, [language]).decks[language]
        overview = next(card for card in sequence(deck) if isinstance(card, OverviewCard))
        for row in overview.rows:
            wanted |= _words(row.divider.label)
            for cell in row.cells:
                wanted |= _words(cell.label)
        for heading in overview.headings:
            wanted |= _words(heading)
        assert not wanted - found, sorted(wanted - found)
        # A piece of a split word would be a "word" that is in no source text.
        stray = {w for w in found - wanted - _source_words(language) if not w.isdigit() and len(w) > 1 and not re.fullmatch(r"\d+[a-z]", w)}
        assert not stray, sorted(stray)


def test_an_incomplete_language_is_skipped_by_a_default_build(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(RTL, content)  # English and Arabic, small
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["i18n", "init", "fr"]).exit_code == 0
    result = runner.invoke(main, ["build", "--output", "screen"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^warning: fr: (\d+) of \1 units missing; skipped \(deck i18n status fr\)$", result.stderr, re.M), result.stderr
    assert sorted(p.name for p in (tmp_path / "dist").glob("*.pdf")) == ["rtl-ar-screen.pdf", "rtl-en-screen.pdf"]
    strict = runner.invoke(main, ["build", "--output", "screen", "--strict", "--out", "strict"])
    assert strict.exit_code == 1
    assert re.search(r"fr: (\d+) of \1 units missing; skipped \(deck i18n status fr\)", strict.stderr), strict.stderr
    assert not (tmp_path / "strict").exists()
    named = runner.invoke(main, ["build", "--output", "screen", "--lang", "fr", "--out", "named"])
    assert named.exit_code == 1
    assert re.search(r"\d+ problems found; nothing was written\.", named.stderr), named.stderr


def test_no_continue_fails_naming_every_face_of_every_language(tmp_path):
    result = CliRunner().invoke(main, ["validate", "--content", str(CONTENT), "--size", "tarot", "--no-continue"], catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any("(language nl, size tarot)" in line and line.startswith("card 12 (Roulerende facilitator), back:") for line in lines)
    assert any("(language en, size tarot)" in line and line.startswith("card 12 (Rotating facilitator), back:") for line in lines)
    assert lines[-1] == "The build failed; nothing was written."


def test_text_on_a_colour_is_white_or_black_whichever_contrasts_more():
    assert text_on("#1d6a8a") == "#ffffff"
    assert text_on("#e8833a") != "#ffffff"  # the retro deck's orange: white gives 2.9:1
    assert contrast("#e8833a", text_on("#e8833a")) >= 4.5
    assert contrast_problem("#1d6a8a") is None


def test_a_colour_no_text_can_be_read_on_is_a_content_error(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    monkeypatch.chdir(tmp_path)
    structure = content / "deck.yaml"
    structure.write_text(structure.read_text(encoding="utf-8").replace('colour: "#1d6a8a"', 'colour: "#808080"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--no-fit"])
    assert result.exit_code == 1
    assert (
        "content/deck.yaml:41: dimensions[0].colour: text on #808080 reaches a contrast of only 3.9:1 with white or black "
        "(at least 4.5:1 is needed); the nearest colour that passes is #767676"
    ) in result.stderr


def test_a_new_dutch_step_does_not_block_dutch_while_english_lags(tmp_path):
    from deck.content.languages import load_languages

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    structure = content / "deck.yaml"
    structure.write_text(
        structure.read_text(encoding="utf-8").replace("      - hoog-tempo\n", "      - hoog-tempo\n      - afronden\n", 1), encoding="utf-8"
    )
    texts = content / "nl/werkvormen/brainstormen.yaml"
    texts.write_text(
        texts.read_text(encoding="utf-8").replace("  steps:\n", "  steps:\n    afronden: Rond de sessie samen af.\n", 1), encoding="utf-8"
    )
    total = load_languages(CONTENT, None)[0].total_units + 1
    loaded, skipped = load_languages(content, None)
    assert list(loaded.decks) == ["nl"]
    assert skipped == (f"en: 1 of {total} units missing; skipped (deck i18n status en)",)
    with pytest.raises(Exception, match=f"en: 1 of {total} units missing; skipped"):
        load_languages(content, None, strict=True)


DIMENSIONS = [
    "Shared understanding",
    "Trust",
    "Leadership",
    "Reflection",
    "Experimenting",
    "Ownership",
    "Communication",
    "Continuity",
    "Diversity",
    "Knowledge sharing",
]
COLOURS = ["#1d6a8a", "#b5462f", "#6b4c9a", "#2f7d4f", "#9a6216", "#2a6f97", "#9c3d54", "#3f7d20", "#5b4a8a", "#8a3b12"]
TITLES = ["Brainstorming", "Anchoring", "Fishbone", "Timeline", "Speed dating", "Practice market", "Reflective dialogue"]


def _large_deck(folder: Path, dimensions: int = 10) -> Path:
    """A deck of ``dimensions`` (up to 10) x 5 stages, made from the mini fixture's texts."""
    import yaml

    from .conftest import MINI

    stages = [f"stage-{j}" for j in range(1, 6)]
    dims = [f"dim-{i}" for i in range(1, dimensions + 1)]
    structure = {
        "id": "large",
        "source_language": "en",
        "stages": [{"id": s} for s in stages],
        "dimensions": [{"id": d, "colour": c} for d, c in zip(dims, COLOURS, strict=False)],
        "werkvormen": [{"id": f"{d}-{s}", "dimension": d, "stage": s, "steps": ["prepare", "do", "close"]} for d in dims for s in stages],
    }
    (folder / "en" / "werkvormen").mkdir(parents=True)
    (folder / "deck.yaml").write_text(yaml.safe_dump(structure, sort_keys=False), encoding="utf-8")
    texts = yaml.safe_load((MINI / "en" / "deck.yaml").read_text(encoding="utf-8"))
    texts["stages"] = {
        s: {"name": f"Stage {j}", "heading": f"Stage {j} of the network", "link": f"in stage {j}"} for j, s in enumerate(stages, 1)
    }
    texts["dimensions"] = {
        d: {"name": n, "statement": f"{n} grows.", "opposite": f"{n} fades."} for d, n in zip(dims, DIMENSIONS, strict=False)
    }
    (folder / "en" / "deck.yaml").write_text(yaml.safe_dump(texts, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for i, d in enumerate(dims):
        for j, s in enumerate(stages):
            werkvorm = yaml.safe_load((MINI / "en" / "werkvormen" / "parking-lot.yaml").read_text(encoding="utf-8"))
            werkvorm["title"] = TITLES[(i + j) % len(TITLES)]
            (folder / "en" / "werkvormen" / f"{d}-{s}.yaml").write_text(yaml.safe_dump(werkvorm, sort_keys=False), encoding="utf-8")
    return folder


def test_a_large_decks_overview_continues_by_rows(tmp_path):
    content = _large_deck(tmp_path / "large", dimensions=6)
    notes: list[str] = []
    written = build(content, tmp_path / "out", outputs=["screen"], options=Options(size="a7"), on_note=notes.append)
    assert any(re.fullmatch(r"card 2 \(Exercises\) continues on cards? 2a(, 2b)* at a7", note) for note in notes), notes
    document = pdfium.PdfDocument(str(written[0].path))
    pages = sorted(page for name, page in _destinations(document).items() if re.fullmatch(r"overview(--[a-z])?", name))
    assert len(pages) >= 2
    found = _words("\n".join(document[p].get_textpage().get_text_range() for p in pages))
    assert not {w for name in DIMENSIONS[:6] + TITLES for w in _words(name)} - found


def test_cutting_a_face_lays_out_only_the_faces_the_cut_changes(tmp_path):
    from deck.content.dates import reproducible
    from deck.content.load import load_content
    from deck.layout.continuation import propose
    from deck.layout.fitting import fit_language
    from deck.layout.geometry import resolve_size

    content = load_content(_large_deck(tmp_path / "deck", dimensions=6))
    a7 = resolve_size("a7")
    first = fit_language(content, "en", a7, strict=False)
    failed = [(f.card, f.face) for f in first.failures]
    assert ("2", "front") in failed  # the overview does not fit
    cuts = propose("en", first, {}, 3.0, "a7").cuts
    again = fit_language(content, "en", a7, cuts=cuts, strict=False, previous=first)
    fresh = fit_language(content, "en", a7, cuts=cuts, strict=False)
    assert again.order == fresh.order and again.sizes == fresh.sizes
    # faces that still do not fit (the credits' at A7) are cut next; their pages only say where
    fitting = [index for index, face in enumerate(fresh.fits) if face.fits]
    assert [again.fits[i] for i in fitting] == [fresh.fits[i] for i in fitting]
    kept = {id(page) for page in first.document.pages} & {id(page) for page in again.document.pages}
    # laid out again: each cut face, the two faces of its new card, the face after it
    assert len(fresh.order) - len(kept) <= 4 * len(failed) < len(fresh.order) / 3, (len(fresh.order), len(kept), failed)
    with reproducible(0):
        pdfs = [fitted.document.copy([fitted.document.pages[i] for i in fitting]).write_pdf() for fitted in (again, fresh)]
    assert pdfs[0] == pdfs[1]


def test_a_face_that_does_not_fit_is_cut_by_its_own_blocks_not_by_those_the_face_before_ran_over(tmp_path):
    """When a face too long for its card runs over onto the next face's page, and that face does not fit either, the
    cut of the second is found from its own blocks only: the first face's (numbered as that face's) do not count."""
    import yaml

    from deck.content.load import load_content
    from deck.layout.fitting import fit_language
    from deck.layout.geometry import resolve_size

    from .conftest import MINI

    content = tmp_path / "mini"
    shutil.copytree(MINI, content)
    werkvorm = content / "en/werkvormen/parking-lot.yaml"
    texts = yaml.safe_load(werkvorm.read_text(encoding="utf-8"))
    texts["what"] = " ".join(["Side topics wait here."] * 120)
    texts["yield"] = " ".join(["A parking lot keeps side topics safe until the end of the meeting."] * 40)
    werkvorm.write_text(yaml.safe_dump(texts), encoding="utf-8")
    fitted = fit_language(load_content(content), "en", resolve_size("a6"), strict=False)
    shared = [f for f in fitted.failures if f.shared]
    assert shared, fitted.failures  # the back's page also shows what ran over from the front
    for failure in shared:
        card = next(c for c in fitted.cards if c.label == failure.card)
        own = range(len(card.blocks(failure.face)))
        blocks = fitted.blocks((failure.card, failure.face))
        assert blocks.bottoms and set(blocks.bottoms) <= set(own), (failure, sorted(set(blocks.bottoms) - set(own)))


def test_a_deck_laid_out_in_chunks_gives_the_same_pdf(monkeypatch):
    """A large deck is laid out a chunk of faces at a time (bounded memory); the pages, and so the PDF, are the same."""
    from deck.content.dates import reproducible
    from deck.content.load import load_content
    from deck.layout import fit
    from deck.layout.fitting import fit_language
    from deck.layout.geometry import resolve_size

    from .conftest import MINI

    content = load_content(MINI)
    whole = fit_language(content, "en", resolve_size("a6"))
    monkeypatch.setattr(fit, "CHUNK_FACES", 6)
    chunked = fit_language(content, "en", resolve_size("a6"))
    assert chunked.layouts >= len(chunked.order) / 6 > whole.layouts
    assert chunked.order == whole.order and chunked.sizes == whole.sizes and chunked.fits == whole.fits
    with reproducible(0):
        assert chunked.document.write_pdf(pdf_tags=True) == whole.document.write_pdf(pdf_tags=True)


def test_languages_that_cut_their_own_faces_end_with_the_same_cards():
    from deck.layout.continuation import Attempt, settle

    calls = []
    needs = {"nl": 2, "en": 1}  # pieces each language cuts the overview into on its own
    blocks = {("overview", "front"): 9}

    def attempt_all(work):
        calls.append([(language, dict(cuts)) for language, cuts in work])
        found = []
        for language, cuts in work:
            bounds = cuts.get(("overview", "front"), ())
            own = tuple(range(3, 3 + 2 * needs[language], 2))
            found.append(Attempt(language, True, {("overview", "front"): bounds if len(bounds) >= len(own) else own}, blocks))
        return found

    settled = settle(["nl", "en"], attempt_all)
    assert len(settled["nl"].cuts[("overview", "front")]) == len(settled["en"].cuts[("overview", "front")]) == 2
    assert [language for language, _ in calls[1]] == ["en"], "English is fitted again with as many pieces as Dutch"
