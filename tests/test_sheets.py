"""Office-printer sheets and fold-over, checked on the built PDFs: PDFium renders for ink and marks, the placed
forms' matrices for where each face lands, pikepdf for the viewer preferences."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import ImageChops

from deck.build import Options
from deck.cli import main

from .conftest import CONTENT, MINI, RTL
from .pdfinfo import PdfInfo
from .pdfscan import placed_forms, render_grey, stroked_lines

DPI = 100
PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
TOLERANCE_MM = 0.2


@pytest.fixture(scope="module")
def nl(liso_nl_built, built) -> dict[str, Path]:
    """The Dutch deck: print, sheets and fold-over on A4, sheets on Letter (file name -> path); built once for the run."""
    letter = built(CONTENT, ["nl"], ["sheets"], Options(paper="letter"))
    return {path.name: path for deck in (liso_nl_built, letter) for path in (deck.folder / name for name, _ in deck.files)}


def _print_page(name: str) -> int:
    """The print page a placed form shows (its name is /F<page>)."""
    return int(name.removeprefix("/F"))


def _faces(path) -> dict[int, list]:
    """Page index -> the faces placed on it."""
    with pikepdf.open(path) as pdf:
        return {i: placed_forms(pdf, i) for i in range(len(pdf.pages))}


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_no_ink_within_5_mm_of_the_paper_edge(nl, paper):
    path = nl[f"liso-nl-sheets-{paper}.pdf"]
    edge = round(5 / 25.4 * DPI)  # every pixel whose centre lies within 5 mm of the edge (20 at 100 dpi)
    pages = len(PdfInfo(path).pages)
    for index in range(pages):
        image = render_grey(path, index, DPI)
        w, h = image.size
        for box in ((0, 0, w, edge), (0, h - edge, w, h), (0, 0, edge, h), (w - edge, 0, w, h)):
            assert image.crop(box).getextrema()[0] >= 250, (paper, index, box)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_four_a6_cards_per_sheet_each_back_behind_its_front(nl, paper):
    width = PAPERS[paper][0]
    faces = _faces(nl[f"liso-nl-sheets-{paper}.pdf"])
    assert len(faces) == 2 + 2 * 6  # the instructions and their back, then 5 sheets of 4 cards and one of 1 (21), front and back
    assert len(faces[12]) == len(faces[13]) == 1
    assert faces[0] == faces[1] == []
    for sheet in range(5):
        fronts, backs = faces[2 + 2 * sheet], faces[3 + 2 * sheet]
        assert len(fronts) == len(backs) == 4
        assert sorted(_print_page(f.name) for f in fronts) == [2 * (4 * sheet + i) for i in range(4)]
        behind = {_print_page(b.name) - 1: b for b in backs}
        for front in fronts:
            assert 0.9 <= front.scale <= 1.0 and front.rotation == 0
            assert (front.width, front.height) == pytest.approx((105 * front.scale, 148 * front.scale), abs=0.01)
            back = behind[_print_page(front.name)]
            mirrored_x = width - front.x - front.width
            assert abs(back.x - mirrored_x) <= TOLERANCE_MM and abs(back.y - front.y) <= TOLERANCE_MM
            assert (back.width, back.height, back.scale) == pytest.approx((front.width, front.height, front.scale), abs=0.01)


def test_a_placed_back_shows_its_own_print_page(nl):
    """The back sheet, rendered, shows at the mirrored place the same picture as the print PDF's page of that back."""
    sheets, prints = nl["liso-nl-sheets-a4.pdf"], nl["liso-nl-print.pdf"]
    back = _faces(sheets)[7][0]  # the third sheet's back: werkvorm backs, each different
    px = DPI / 25.4
    placed = render_grey(sheets, 7, DPI).crop(tuple(round(v * px) for v in (back.x, back.y, back.x + back.width, back.y + back.height)))

    def trim_of(page: int):
        image = render_grey(prints, page, DPI * back.scale)
        bleed = round(3 * px * back.scale)
        return image.crop((bleed, bleed, bleed + placed.width, bleed + placed.height))

    def mean_difference(image) -> float:
        return sum(ImageChops.difference(placed, image).histogram()[i] * i for i in range(256)) / (placed.width * placed.height)

    own, other = trim_of(_print_page(back.name)), trim_of(_print_page(back.name) - 2)
    assert mean_difference(own) < 6
    assert mean_difference(other) > 2 * mean_difference(own)


@pytest.mark.parametrize("name", ["liso-nl-sheets-a4.pdf", "liso-nl-sheets-letter.pdf", "liso-nl-foldover-a4.pdf"])
def test_cut_marks_stay_outside_the_cards_and_the_printer_margin(nl, name):
    path = nl[name]
    width, height = PAPERS["letter" if "letter" in name else "a4"]
    with pikepdf.open(path) as pdf:
        for index in range(len(pdf.pages)):
            faces = placed_forms(pdf, index)
            if all(_print_page(f.name) % 2 for f in faces):
                continue  # instructions, or a back sheet: cut from the front, so no marks there
            lines = stroked_lines(pdf, index)
            assert lines, (name, index)
            for x1, y1, x2, y2 in lines:
                assert min(x1, x2) >= 5 and max(x1, x2) <= width - 5
                assert min(y1, y2) >= 5 and max(y1, y2) <= height - 5
                for f in faces:  # a line may touch a card's edge (extending it), never cross into the card
                    inside_x = f.x + 0.01 < max(x1, x2) and min(x1, x2) < f.x + f.width - 0.01
                    inside_y = f.y + 0.01 < max(y1, y2) and min(y1, y2) < f.y + f.height - 0.01
                    assert not (inside_x and inside_y), (name, index, (x1, y1, x2, y2), f)
            edges_x = {round(v, 2) for f in faces for v in (f.x, f.x + f.width)}
            marked_x = {round(x1, 2) for x1, _, x2, _ in lines if abs(x1 - x2) < 1e-6}
            assert edges_x <= marked_x, (name, index)  # every vertical card edge has a cut (or fold) mark


def test_viewer_preferences_ask_for_actual_size_and_duplex(nl):
    with pikepdf.open(nl["liso-nl-sheets-a4.pdf"]) as pdf:
        assert pdf.Root.ViewerPreferences.Duplex == "/DuplexFlipLongEdge"
        assert pdf.Root.ViewerPreferences.PrintScaling == "/None"
        assert pdf.pdf_version >= "1.7"
    with pikepdf.open(nl["liso-nl-foldover-a4.pdf"]) as pdf:
        assert pdf.Root.ViewerPreferences.Duplex == "/Simplex"
        assert pdf.Root.ViewerPreferences.PrintScaling == "/None"


@pytest.mark.parametrize("name", ["liso-nl-sheets-a4.pdf", "liso-nl-foldover-a4.pdf"])
def test_the_placed_cards_share_one_copy_of_the_print_pdfs_resources(nl, name):
    """Every placed print page names its fonts and images through its resource dictionary in the print PDF, copied
    once (one for each part the deck was written in): a copy per card made a 243-card deck's sheets 13.5 MB against
    its print PDF's 1.5 MB."""
    with pikepdf.open(nl[name]) as pdf, pikepdf.open(nl["liso-nl-print.pdf"]) as prints:
        forms = {name: form for page in pdf.pages[2 if "sheets" in name else 1 :] for name, form in page.Resources.XObject.items()}
        shared = {form.Resources.objgen for form in forms.values()}
        dictionaries = {page.Resources.objgen for page in prints.pages}
        assert len(forms) == len(prints.pages) and len(shared) == len(dictionaries) < len(forms) / 3 and (0, 0) not in shared
        assert Path(nl[name]).stat().st_size < 1.2 * Path(nl["liso-nl-print.pdf"]).stat().st_size + 80_000


def test_instruction_page_states_scale_and_size_and_carries_the_alignment_target(nl):
    path = nl["liso-nl-sheets-a4.pdf"]
    text = PdfInfo(path).texts[0]
    faces = _faces(path)[2]
    percent = round(faces[0].scale * 100)
    assert f"De kaarten staan op {percent} % van ware grootte: {105 * percent / 100:.0f} × {148 * percent / 100:.0f} mm." in text
    assert "--back-offset X,Y" in text and "50 × 50 mm" in text
    front, back = (_target_centre(render_grey(path, i, 200)) for i in (0, 1))
    # long-edge flip: the back's target is behind the front's (mirrored across the sheet's vertical middle)
    assert abs(back[0] - (210 - front[0])) <= TOLERANCE_MM and abs(back[1] - front[1]) <= TOLERANCE_MM
    assert front[1] > 250  # in the bottom part, below the instructions


def _target_centre(image) -> tuple[float, float]:
    """Centre (mm) of the longest dark horizontal and vertical lines in the bottom quarter of a page: the target's cross."""
    scale = 200 / 25.4
    top = image.height * 3 // 4
    pixels = image.load()

    def runs(length: int, other: int, at) -> tuple[int, int, int]:
        best = (0, 0, 0)
        for j in range(other):
            start = None
            for i in range(length + 1):
                dark = i < length and at(i, j) < 128
                if dark and start is None:
                    start = i
                elif not dark and start is not None:
                    best = max(best, (i - start, j, start))
                    start = None
        return best

    hlen, _, hstart = runs(image.width, image.height - top, lambda i, j: pixels[i, top + j])
    vlen, _, vstart = runs(image.height - top, image.width, lambda i, j: pixels[j, top + i])
    return ((hstart + hlen / 2) / scale, (top + vstart + vlen / 2) / scale)


def test_fold_over_puts_each_back_beside_its_front(nl):
    faces = _faces(nl["liso-nl-foldover-a4.pdf"])
    assert len(faces) == 1 + 11 and faces[0] == [] and len(faces[11]) == 2  # 21 cards, the last one alone
    for index in range(1, 11):
        placed = {_print_page(f.name): f for f in faces[index]}
        assert len(placed) == 4  # two cards, front and back
        for page, front in placed.items():
            if page % 2:
                continue
            back = placed[page + 1]
            assert front.scale >= 0.9 and back.rotation == front.rotation == 0
            assert back.x == pytest.approx(front.x + front.width, abs=0.01) and back.y == pytest.approx(front.y, abs=0.01)


@pytest.fixture(scope="module")
def mini(built) -> dict[str, Path]:
    """The small deck on A4: poker size, short-edge flip with a back offset, and A6 at true size."""
    return {
        "poker": built(MINI, None, ["sheets"], Options(size="poker")).folder,
        "short": built(MINI, None, ["sheets"], Options(flip="short", back_offset=(1.5, -0.5))).folder,
        "true": built(MINI, None, ["sheets"], Options(true_size=True, printer_margin=8)).folder,
    }


def test_nine_poker_cards_per_a4_at_true_size(mini):
    faces = _faces(mini["poker"] / "mini-en-poker-sheets-a4.pdf")
    assert [len(faces[i]) for i in range(2, 6)] == [9, 9, 6, 6]  # 15 cards: no scan card on a poker card
    assert {f.scale for f in faces[2]} == {1.0}


def test_short_edge_flip_and_back_offset_move_every_back(mini):
    path = mini["short"] / "mini-en-sheets-a4.pdf"
    with pikepdf.open(path) as pdf:
        assert pdf.Root.ViewerPreferences.Duplex == "/DuplexFlipShortEdge"
    faces = _faces(path)
    for sheet in range(2, len(faces), 2):
        behind = {_print_page(b.name) - 1: b for b in faces[sheet + 1]}
        for front in faces[sheet]:
            back = behind[_print_page(front.name)]
            assert back.rotation == (front.rotation + 180) % 360
            assert abs(back.x - (front.x + 1.5)) <= TOLERANCE_MM  # the short edge keeps left and right
            assert abs(back.y - (297 - front.y - front.height - 0.5)) <= TOLERANCE_MM


def test_true_size_keeps_100_percent_and_the_printer_margin_is_honoured(mini):
    path = mini["true"] / "mini-en-sheets-a4.pdf"
    faces = _faces(path)
    assert {f.scale for f in faces[2]} == {1.0} and len(faces[2]) == 2  # two A6 cards, turned, at true size
    edge = round(8 / 25.4 * DPI)
    image = render_grey(path, 2, DPI)
    w, h = image.size
    for box in ((0, 0, w, edge), (0, h - edge, w, h), (0, 0, edge, h), (w - edge, 0, w, h)):
        assert image.crop(box).getextrema()[0] >= 250


def test_build_reports_cards_per_sheet_scale_and_size(tmp_path):
    result = CliRunner().invoke(main, ["build", "--content", str(MINI), "--output", "sheets", "--paper", "letter", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "  sheets: 4 cards per Letter at 90 %, 94 x 133 mm\n" in result.output


@pytest.mark.parametrize(
    ("value", "message"),
    [("1", "'1' is not two numbers in mm like 0.5,-1"), ("nan,0", "'nan,0': each offset must be between -10 and 10 mm")],
)
def test_a_bad_back_offset_is_a_usage_error(tmp_path, value, message):
    result = CliRunner().invoke(main, ["build", "--content", str(MINI), "--back-offset", value, "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert re.search(re.escape(message), result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_a_rebuild_reports_the_sheets_again_and_other_sheet_options_build_again(tmp_path):
    def run(*extra: str) -> str:
        args = ["build", "--content", str(RTL), "--lang", "en", "--output", "sheets", "--out", str(tmp_path), *extra]
        result = CliRunner().invoke(main, args)  # the smallest deck: one language of the right-to-left fixture
        assert result.exit_code == 0, result.stderr
        return result.output

    first = run()
    again = run()
    assert again.startswith(f"unchanged {tmp_path / 'rtl-en-sheets-a4.pdf'}") and "  sheets: 4 cards per A4 at 93 %, 98 x 138 mm\n" in again
    assert first.replace("wrote", "unchanged") == again
    for option in (["--back-offset", "1,0"], ["--flip", "short"], ["--true-size"], ["--printer-margin", "8"]):
        assert run(*option).startswith("wrote "), option


def test_a_card_too_large_for_the_paper_fails_the_build_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(MINI), "--size", "250x300", "--output", "sheets", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        "sheets: a 250 x 300 mm card does not fit on a4 paper inside its 5 mm printer margin, even at 90 %; "
        "choose a smaller --size, another --paper or a smaller --printer-margin\n"
        "The build failed; nothing was written.\n"
    )
    assert not out.exists()


def test_the_check_square_measures_50_mm_in_a_render(nl):
    """PDFium at 10 pixels a millimetre: the square's two sides are the only long vertical lines in the top of page 1."""
    image = render_grey(nl["liso-nl-sheets-a4.pdf"], 0, 254)
    pixels = image.load()
    band = range(700, 2000)  # 70 to 200 mm from the top
    sides = [x for x in range(image.width // 2) if sum(1 for y in band if pixels[x, y] < 128) > 400]
    assert sides, "no square found"
    left, right = min(sides), max(sides)
    assert abs((right - left + 1) / 10 - 50) <= 0.2, (left, right)
