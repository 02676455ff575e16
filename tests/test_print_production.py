"""Print production: size presets, fitting, sheets for the office printer, fold-over, crop marks, PDF/X, previews."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from click.testing import CliRunner

from deck.build import Options, build, fit_language
from deck.cards import sequence
from deck.cli import main
from deck.content import load_content
from deck.errors import ContentError, RenderError
from deck.geometry import load_presets, resolve_paper, resolve_size
from deck.impose import plan_grid
from deck.measure import measure

from .conftest import CONTENT, MINI
from .icc import write_cmyk_profile
from .pdfinfo import PdfInfo, box_mm, mm

PRESETS = ["a6", "a7", "poker", "bridge", "tarot", "square"]


def dest_positions(pdf: PdfInfo) -> dict[str, tuple[int, float, float]]:
    """Named destination -> (0-based page, left mm, top mm measured from the top of the page)."""
    reader = pdf.reader
    out = {}
    for name, dest in reader.named_destinations.items():
        page = reader.get_destination_page_number(dest)
        height = mm(reader.pages[page].mediabox.height)
        out[name] = (page, mm(dest.left), round(height - mm(dest.top), 2))
    return out


@pytest.mark.parametrize("size", [*PRESETS, "80x120"])
def test_every_preset_gives_trim_plus_bleed_pages(size, tmp_path):
    written = build(MINI, tmp_path, outputs=["print"], options=Options(size=size, min_pt=5))
    geometry = resolve_size(size)
    assert written[0].path.name == ("mini-en-print.pdf" if size == "a6" else f"mini-en-{geometry.name}-print.pdf")
    for page in PdfInfo(written[0].path).pages:
        assert box_mm(page.trimbox) == (0.0, 0.0, geometry.width, geometry.height)
        assert box_mm(page.mediabox) == (-3.0, -3.0, geometry.width + 6, geometry.height + 6)
        assert box_mm(page.bleedbox) == box_mm(page.mediabox)


def test_presets_are_checked_data(tmp_path):
    broken = tmp_path / "presets.yaml"
    broken.write_text(
        "bleed: 3mm\nsafe: 4\nsizes:\n  a6: {width: 105, depth: 148mm}\npapers:\n  a4: {width: 210mm, height: 297mm}\ndefault_size: a6\ndefault_paper: a4\n"
    )
    with pytest.raises(ContentError) as error:
        load_presets(broken)
    assert [str(p).removeprefix(str(broken)) for p in error.value.problems] == [
        ":2: safe: expected a positive length with a unit (mm, cm, in or pt), like '105mm'; got 4",
        ":4: sizes.a6.depth: unknown key 'depth'; accepted keys: width, height",
        ":4: sizes.a6.height: expected a positive length with a unit (mm, cm, in or pt), like '105mm'; got nothing",
        ":4: sizes.a6.width: expected a positive length with a unit (mm, cm, in or pt), like '105mm'; got 105",
    ]


def test_unknown_size_is_a_usage_error():
    result = CliRunner().invoke(main, ["build", "--size", "huge"])
    assert result.exit_code == 2
    assert "unknown size 'huge'; use one of a6, a7, poker, bridge, tarot, square or WIDTHxHEIGHT in mm, like 80x120" in result.stderr


def test_no_face_of_the_default_deck_overflows_in_any_preset(liso_content):
    """Every preset either fits every face (measured again on the result) or fails naming the faces that do not fit."""
    outcomes = {}
    for size in PRESETS:
        geometry = resolve_size(size)
        try:
            fitted = fit_language(liso_content, "nl", geometry)
        except RenderError as error:
            lines = str(error).splitlines()
            assert lines and all(re.match(rf"card \d+ \(.+\), (front|back): .* \(language nl, size {size}\)\.", line) for line in lines)
            outcomes[size] = "refused"
            continue
        remeasured = measure(fitted.document, fitted.document.pages and _margin(geometry))
        assert all(face.fits for face in remeasured), size
        assert all(face.body_pt >= 7 for face in fitted.fits)
        outcomes[size] = "fits"
    assert outcomes["a6"] == "fits"


def _margin(geometry) -> float:
    from deck.render import OUTPUTS, Page

    return Page.for_output(geometry, OUTPUTS["screen"]).margin


def test_a_long_text_is_shrunk_and_reported(mini_copy, tmp_path, monkeypatch):
    path = mini_copy / "en/werkvormen/parking-lot.yaml"
    texts = yaml.safe_load(path.read_text())
    texts["what"] = " ".join(["A parking lot keeps side topics safe until the end of the meeting."] * 24)
    path.write_text(yaml.safe_dump(texts))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--content", str(mini_copy), "--output", "screen", "--out", "out"])
    assert result.exit_code == 0, result.stderr
    shrink = re.search(r"shrank card 5 front \(Parking lot\): text 9 pt → ([\d.]+) pt", result.output)
    assert shrink, result.output
    assert 7 <= float(shrink[1]) < 9
    fitted = fit_language(load_content(mini_copy), "en", resolve_size("a6"))
    face = next(f for f in fitted.fits if (f.card, f.face) == (5, "front"))
    assert face.fits and face.body_pt == float(shrink[1])
    assert [(s.card, s.face) for s in fitted.shrinks] == [(5, "front")]
    assert fitted.layouts == 1 + round((9 - float(shrink[1])) / 0.25)


def test_an_impossible_text_fails_with_card_face_language_size_and_overflow(mini_copy, tmp_path):
    path = mini_copy / "en/werkvormen/speed-check.yaml"
    texts = yaml.safe_load(path.read_text())
    texts["when"] = " ".join(["Use it whenever the meeting drags on and nobody knows why."] * 40)
    path.write_text(yaml.safe_dump(texts))
    with pytest.raises(RenderError) as error:
        build(mini_copy, tmp_path / "out", options=Options(size="poker", min_pt=7))
    assert re.fullmatch(
        r"card 10 \(Speed check\), front: the text does not fit, even at the minimum size of 7 pt; it overflows by [\d.]+ mm "
        r"\(language en, size poker\)\. Shorten the text or choose a larger card size\.",
        str(error.value),
    )
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def liso_sheets(tmp_path_factory):
    out = tmp_path_factory.mktemp("sheets")
    build(CONTENT, out, languages=["nl"], outputs=["sheets", "foldover"])
    build(MINI, out, outputs=["sheets"], options=Options(size="poker", paper="letter"))
    return out


def test_four_a6_cards_per_a4_sheet_with_each_back_behind_its_front(liso_sheets, liso_content):
    pdf = PdfInfo(liso_sheets / "liso-nl-sheets-a4.pdf")
    cards = sequence(liso_content.decks["nl"])
    assert len(pdf.pages) == 2 + 2 * 6  # instructions (and its blank back), then 6 front and 6 back sheets (21 cards)
    for page in pdf.pages:
        assert box_mm(page.mediabox) == (0.0, 0.0, 210.0, 297.0)
    assert "Print op ware grootte" in pdf.texts[0] and "lange kant" in pdf.texts[0]
    where = dest_positions(pdf)
    slots = [(0.0, 0.5), (105.0, 0.5), (0.0, 148.5), (105.0, 148.5)]
    for card in cards:
        sheet, slot = divmod(card.number - 1, 4)
        front_page, fx, fy = where[card.anchor]
        back_page, bx, by = where[f"{card.anchor}--back"]
        assert front_page == 2 + 2 * sheet and (fx, fy) == slots[slot]
        assert back_page == front_page + 1
        assert (bx, by) == (round(210.0 - fx - 105.0, 2), fy)


def test_nine_poker_cards_per_sheet_mirrored_on_letter(liso_sheets):
    pdf = PdfInfo(liso_sheets / "mini-en-poker-sheets-letter.pdf")
    grid = plan_grid(resolve_paper("letter"), 63, 88)
    assert (grid.columns, grid.rows, grid.per_sheet) == (3, 3, 9)
    where = dest_positions(pdf)
    fronts = [
        name
        for name in where
        if re.fullmatch(r"(cover|overview|credits|dimension-[a-z-]+|werkvorm-[a-z-]+)", name) and not re.search(r"-back$|-step-", name)
    ]
    assert len(fronts) == 15
    first_sheet = sorted((where[n][2], where[n][1]) for n in fronts if where[n][0] == 2)
    assert len(first_sheet) == 9
    xs = sorted({x for _, x in first_sheet})
    assert len(xs) == 3 and xs[1] - xs[0] == pytest.approx(63 + grid.gutter, abs=0.02)
    for name in fronts:
        page, x, y = where[name]
        back_page, bx, by = where[f"{name}--back"]
        assert back_page == page + 1 and by == y and bx == pytest.approx(215.9 - x - 63, abs=0.02)


def test_cut_marks_sit_outside_the_cards(liso_sheets):
    grid = plan_grid(resolve_paper("a4"), 63, 88)
    from deck.impose import cut_lines

    lines = cut_lines(grid, 9)
    cards = [(*grid.position(i), 63, 88) for i in range(9)]
    for line in lines:
        for x, y, w, h in cards:
            inside_x = x < min(line.x1, line.x2) + 0.01 and max(line.x1, line.x2) - 0.01 < x + w and x < line.x1 < x + w
            inside_y = y < min(line.y1, line.y2) + 0.01 and max(line.y1, line.y2) - 0.01 < y + h and y < line.y1 < y + h
            assert not (inside_x and inside_y), (line, x, y)
    edges = {round(x, 2) for x, _, w, _ in cards} | {round(x + w, 2) for x, _, w, _ in cards}
    assert {round(line.x1, 2) for line in lines if line.vertical} == edges


def test_foldover_puts_each_back_beside_its_front(liso_sheets, liso_content):
    pdf = PdfInfo(liso_sheets / "liso-nl-foldover-a4.pdf")
    cards = sequence(liso_content.decks["nl"])
    assert len(pdf.pages) == 1 + 11  # 21 cards, two to a sheet
    assert "Print enkelzijdig" in pdf.texts[0] and "stippellijn" in pdf.texts[0]
    where = dest_positions(pdf)
    for card in cards:
        page, x, y = where[card.anchor]
        back_page, bx, by = where[f"{card.anchor}--back"]
        assert back_page == page == 1 + (card.number - 1) // 2
        assert (bx, by) == (x + 105.0, y)


def _corner_is_blank(path: Path) -> bool:
    """Whether the bottom-left bleed corner of the first page has no ink."""
    document = pdfium.PdfDocument(str(path))
    image = document[0].render(scale=4).to_pil().convert("L")
    corner = image.crop((0, image.height - int(3 / 25.4 * 72 * 4), int(3 / 25.4 * 72 * 4), image.height))
    return corner.getextrema()[0] > 200


def test_crop_marks_only_when_asked(tmp_path):
    plain = build(MINI, tmp_path / "plain", outputs=["print"])[0].path
    marked = build(MINI, tmp_path / "marked", outputs=["print"], options=Options(marks=True))[0].path
    assert _corner_is_blank(plain)
    assert not _corner_is_blank(marked)


def test_pdfx_writes_an_output_intent_rgb_by_default(tmp_path):
    plain = PdfInfo(build(MINI, tmp_path / "plain", outputs=["print"])[0].path)
    assert "/OutputIntents" not in plain.reader.trailer["/Root"]
    pdf = PdfInfo(build(MINI, tmp_path / "x", outputs=["print"], options=Options(pdfx=True))[0].path)
    root = pdf.reader.trailer["/Root"]
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/DestOutputProfile"].get_object()["/N"] == 3
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "PDF/X-4" in xmp
    assert pdf.reader.pdf_header == "%PDF-1.6"


def test_cmyk_profile_gives_cmyk_colours_and_its_output_intent(tmp_path):
    profile = write_cmyk_profile(tmp_path / "press.icc", "Test press")
    pdf = PdfInfo(build(MINI, tmp_path / "x", outputs=["print"], options=Options(pdfx=True, cmyk_profile=profile))[0].path)
    intent = pdf.reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/OutputConditionIdentifier"] == "Test press"
    assert intent["/DestOutputProfile"].get_object()["/N"] == 4
    content = pdf.pages[4].get_contents().get_data().decode("latin1")  # a divider: full colour
    assert "/DeviceCMYK cs" in content
    assert not re.search(r"\d \d?\.?\d* \d?\.?\d* rg", content)


def test_a_cmyk_option_with_an_rgb_profile_is_a_usage_error(tmp_path):
    srgb = Path(__import__("weasyprint").__file__).parent / "pdf" / "sRGB2014.icc"
    result = CliRunner().invoke(main, ["build", "--content", str(MINI), "--cmyk-profile", str(srgb), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "expected a CMYK output profile, got a RGB profile" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_preview_writes_a_png_per_face_and_a_contact_sheet(tmp_path):
    result = CliRunner().invoke(main, ["preview", "--content", str(MINI), "--size", "poker", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    faces = sorted((tmp_path / "mini-en").glob("card-*.png"))
    assert len(faces) == 32
    from PIL import Image

    face = Image.open(faces[0])
    assert face.width / face.height == pytest.approx(63 / 88, abs=0.01)
    contact = Image.open(tmp_path / "mini-en" / "contact.png")
    assert contact.width > 4 * face.width // 2
