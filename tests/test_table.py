"""For the facilitator at the table: the network scan, QR codes, blank cards, --select, --copies.

Everything is checked in the built PDFs as a reader's tool sees them: text and links through PDFium,
QR codes decoded from a 300 dpi PDFium render.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from deck.build import Options, build

from .conftest import CONTENT
from .pdfinfo import PdfInfo

HYPHENS = {ord(c): None for c in "-\u2010\ufffe\u0002"}
"""Hyphens, left out on both sides of a comparison: PDFium gives a hyphen at a line end as U+FFFE and joins
the word, also when the hyphen was the word's own ("publiek-private")."""


def page_text(pdf: pdfium.PdfDocument, index: int) -> str:
    """A page's text as PDFium's search sees it, without hyphens, spaces normalised."""
    return words(pdf[index].get_textpage().get_text_range())


def words(text: str) -> str:
    """Text as compared here: without hyphens, spaces normalised."""
    return " ".join(str(text).translate(HYPHENS).split())


@pytest.fixture(scope="module")
def scan_build(liso_screens) -> Path:
    """The folder of the Dutch and English screen PDFs and scan sheets, built once for the run."""
    return liso_screens.folder


def werkvorm_front_pages(pdf: pdfium.PdfDocument, deck) -> dict[str, int]:
    """Werkvorm id -> 0-based page of its front in the screen PDF, found by its title and its 'what' heading."""
    found = {}
    for index in range(0, len(pdf), 2):
        text = page_text(pdf, index)
        numbered = f" {index // 2 + 1} " in f" {text} "  # the printed card number is the page pair's
        for werkvorm in deck.werkvormen:
            if numbered and words(werkvorm.title) in text and words(deck.labels.what).lower() in text.lower():
                found.setdefault(werkvorm.id, index)
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_scan_sheet_has_every_statement_opposite_and_card_number(scan_build, liso_content, language):
    deck = liso_content.decks[language]
    sheet = pdfium.PdfDocument(scan_build / f"liso-{language}-scan-a4.pdf")
    screen = pdfium.PdfDocument(scan_build / f"liso-{language}-screen.pdf")
    assert len(sheet) == 1
    width, height = sheet[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = page_text(sheet, 0)
    for words_ in (deck.labels.scan, deck.labels.scan_intro, deck.labels.scan_name):
        assert words(words_) in text
    fronts = werkvorm_front_pages(screen, deck)
    assert len(fronts) == len(deck.werkvormen) == 10
    for dimension in deck.dimensions:
        assert words(dimension.statement) in text, dimension.id
        assert words(dimension.opposite) in text, dimension.id
        low = words(deck.labels.scan_low.replace("{dimension}", dimension.name))
        picks = [
            f"{deck.labels.card} {fronts[w.id] // 2 + 1} {words(w.title)} {words(w.stage.link)}"
            for w in deck.werkvormen
            if w.dimension == dimension
        ]
        assert len(picks) == 2
        assert f"{low} {picks[0]}, {picks[1]}" in text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_scan_card_front_scales_and_back_links_to_the_werkvormen(scan_build, liso_content, language):
    deck = liso_content.decks[language]
    path = scan_build / f"liso-{language}-screen.pdf"
    screen = pdfium.PdfDocument(path)
    scan_front = next(i for i in range(0, len(screen), 2) if page_text(screen, i).startswith(deck.labels.scan))
    assert scan_front // 2 + 1 == 20  # after the last werkvorm, before the credits
    front, back = page_text(screen, scan_front), page_text(screen, scan_front + 1)
    for dimension in deck.dimensions:
        assert words(dimension.statement) in front and words(dimension.opposite) in front
    fronts = werkvorm_front_pages(screen, deck)
    for werkvorm in deck.werkvormen:
        assert f"{deck.labels.card} {fronts[werkvorm.id] // 2 + 1} {words(werkvorm.title)} {words(werkvorm.stage.link)}" in back
    targets = sorted({link.target for link in PdfInfo(path).links() if link.page == scan_front + 1})
    assert targets == sorted(fronts.values())


def test_default_build_has_no_scan_sheet_and_the_cli_builds_one(tmp_path, liso_nl_built):
    from click.testing import CliRunner

    from deck.cli import main

    assert sorted(output for _, output in liso_nl_built.files) == ["foldover", "print", "screen", "sheets"]
    assert not [p.name for p in liso_nl_built.folder.iterdir() if "scan" in p.name]
    result = CliRunner().invoke(
        main, ["build", "--content", str(CONTENT), "--lang", "en", "--output", "scan", "--paper", "letter", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"wrote {tmp_path}/liso-en-scan-letter.pdf (1 pages)"
    width, height = pdfium.PdfDocument(tmp_path / "liso-en-scan-letter.pdf")[0].get_size()
    assert (round(width), round(height)) == (612, 792)
    assert re.search(r"Where does your learning network stand\?", page_text(pdfium.PdfDocument(tmp_path / "liso-en-scan-letter.pdf"), 0))


def decoded_qr_codes(path: Path, index: int) -> list[str]:
    """The texts of the QR codes a decoder finds on a 300 dpi PDFium render of one page."""
    zxingcpp = pytest.importorskip("zxingcpp")
    image = pdfium.PdfDocument(path)[index].render(scale=300 / 72).to_pil()
    return [found.text for found in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def image_count(path: Path, index: int) -> int:
    """Raster images on a page (a vector QR code adds none)."""
    return sum(1 for obj in pdfium.PdfDocument(path)[index].get_objects() if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE)


def test_credits_qr_code_decodes_to_the_project_url(liso_nl, liso_content):
    path = liso_nl["print"].path
    url = liso_content.decks["nl"].credits.url
    credits = len(pdfium.PdfDocument(path)) - 2  # the last card's front
    assert decoded_qr_codes(path, credits) == [url]
    assert image_count(path, credits) == 0


def test_a_werkvorm_url_puts_a_qr_code_on_its_back(content_copy, tmp_path):
    structure = content_copy / "deck.yaml"
    text = structure.read_text(encoding="utf-8")
    url = "https://example.org/werkvormen/speeddaten?taal=nl"
    structure.write_text(text.replace("  - id: speeddaten\n", f"  - id: speeddaten\n    url: {url}\n"), encoding="utf-8")
    written = build(content_copy, tmp_path / "out", languages=["nl"], outputs=["print"])
    path = written[0].path
    speeddaten_back = 2 * (9 - 1) + 1
    assert decoded_qr_codes(path, speeddaten_back) == [url]
    assert decoded_qr_codes(path, speeddaten_back - 2) == []  # Vertrouwen's divider back: no URL, no code


MM = 72 / 25.4


def printed_number(pdf: pdfium.PdfDocument, index: int) -> int | None:
    """The card number printed in the disc at the top corner of a face, as PDFium reads it there."""
    page = pdf[index]
    width, height = page.get_size()
    text = page.get_textpage().get_text_bounded(width - 17 * MM, height - 17 * MM, width - 3 * MM, height - 3 * MM)
    found = re.findall(r"\b\d+\b", text)
    return int(found[-1]) if found else None


def numbers_by_title(pdf: pdfium.PdfDocument, deck) -> dict[str, int]:
    """Printed card number of each werkvorm front and divider, found by its title."""
    found = {}
    for index in range(0, len(pdf), 2):
        text = page_text(pdf, index)
        for werkvorm in deck.werkvormen:
            if words(werkvorm.title) in text and words(deck.labels.what).lower() in text.lower():
                found.setdefault(werkvorm.id, printed_number(pdf, index))
        for dimension in deck.dimensions:
            if words(dimension.statement) in text and words(deck.labels.what).lower() not in text.lower() and deck.labels.scan not in text:
                found.setdefault(dimension.id, printed_number(pdf, index))
    return found


def test_select_a_dimension_keeps_numbers_and_links_of_the_full_deck(scan_build, liso_content, tmp_path):
    deck = liso_content.decks["nl"]
    written = build(CONTENT, tmp_path, languages=["nl"], outputs=["screen"], options=Options(select=("dimension=vertrouwen",)))
    path = written[0].path
    chosen, full = pdfium.PdfDocument(path), pdfium.PdfDocument(scan_build / "liso-nl-screen.pdf")
    fronts = [page_text(chosen, i) for i in range(0, len(chosen), 2)]
    assert len(fronts) == 7  # cover, overview, the divider, its two werkvormen, scan, credits
    assert fronts[0].startswith(words(deck.title))
    assert [printed_number(chosen, i) for i in range(2, len(chosen), 2)] == [4, 8, 9, 10, 20, 21]
    numbers = numbers_by_title(chosen, deck)
    assert numbers == {"vertrouwen": 8, "speeddaten": 9, "successen-delen": 10}
    assert numbers == {key: value for key, value in numbers_by_title(full, deck).items() if key in numbers}
    for other in ("Brainstormen", "Waardenovereenstemming", "Oefenmarkt", "Experimenteren"):
        assert all(other not in text for text in fronts), other
    links = {(link.page, link.target) for link in PdfInfo(path).links()}
    assert links, "no links"
    for page, target in links:  # every link names the number printed on the card it goes to
        assert f"{deck.labels.card} {printed_number(chosen, target)}" in page_text(chosen, page), (page, target)


def test_select_naming_an_unknown_id_is_a_usage_error_listing_the_known_ids(tmp_path):
    from click.testing import CliRunner

    from deck.cli import main

    for select, known in [
        (
            "dimension=vertrouwn",
            "unknown dimension 'vertrouwn'; known dimensions: waardenovereenstemming, vertrouwen, leiderschap, reflectie, experimenteren",
        ),
        ("stage=begin", "unknown stage 'begin'; known stages: start, lopend"),
        (
            "brainstormen,speeddating",
            "unknown werkvorm 'speeddating'; known werkvorm ids: brainstormen, verankeren, speeddaten, successen-delen, "
            "roulerende-facilitator, co-facilitatie, reflectie, reflectieve-dialoog, praktijkcase, oefenmarkt",
        ),
    ]:
        result = CliRunner().invoke(main, ["build", "--content", str(CONTENT), "--select", select, "--out", str(tmp_path / "out")])
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '--select': {known}"
    assert not (tmp_path / "out").exists()


def test_blank_cards_come_after_the_deck_with_ruled_fields(liso_content, tmp_path):
    deck = liso_content.decks["nl"]
    written = build(CONTENT, tmp_path, languages=["nl"], outputs=["screen"], options=Options(blank=4))
    pdf = pdfium.PdfDocument(written[0].path)
    assert len(pdf) == 2 * (21 + 4)
    for card in range(22, 26):
        front, back = 2 * (card - 1), 2 * (card - 1) + 1
        assert printed_number(pdf, front) == card and printed_number(pdf, back) == card
        front_text, back_text = page_text(pdf, front).lower(), page_text(pdf, back).lower()
        assert words(deck.labels.what).lower() in front_text and words(deck.labels.when).lower() in front_text
        assert words(deck.labels.how).lower() in back_text and words(deck.labels.yields).lower() in back_text
        assert not any(w.title.lower() in front_text for w in deck.werkvormen)
        lines = [obj for obj in pdf[front].get_objects() if obj.type == pdfium.raw.FPDF_PAGEOBJ_PATH]
        assert len(lines) >= 10  # the ruled lines to write on (and the band)


def test_copies_put_each_card_on_the_sheets_that_many_times(liso_content, tmp_path):
    deck = liso_content.decks["nl"]
    options = Options(select=("stage=start", "dimension=vertrouwen,reflectie"), copies=3)
    written = build(CONTENT, tmp_path, languages=["nl"], outputs=["sheets"], options=options)
    pdf = pdfium.PdfDocument(written[0].path)
    text = " ".join(page_text(pdf, i) for i in range(len(pdf))).lower()
    assert text.count(words(deck.labels.what).lower()) == 2 * 3  # Speeddaten and Reflectie, three times each
    assert text.count(words(deck.labels.how).lower()) == 2 * 3  # and their backs
    assert text.count("speeddaten") >= 2 * 3
