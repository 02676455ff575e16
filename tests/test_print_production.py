"""Print production: size presets, fitting, sheets for the office printer, fold-over, crop marks, PDF/X, previews."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
from click.testing import CliRunner
from PIL import ImageChops, ImageFilter

from deck.build import Options, build
from deck.cli import main
from deck.content.dates import reproducible
from deck.content.load import load_content
from deck.errors import ContentError, RenderError
from deck.layout import fit
from deck.layout.fitting import fit_language
from deck.layout.geometry import load_presets, resolve_size
from deck.layout.measure import measure

from .conftest import CONTENT, MINI, RTL
from .icc import write_cmyk_profile
from .pdfinfo import PdfInfo, box_mm
from .pdfscan import MM, annotation_counts, render_grey, rgb_uses

PRESETS = ["a6", "a7", "poker", "bridge", "tarot", "square"]


@pytest.mark.parametrize("size", [*PRESETS, "80x120"])
def test_every_preset_gives_trim_plus_bleed_pages(size, tmp_path):
    written = build(RTL, tmp_path, languages=["en"], outputs=["print"], options=Options(size=size, min_pt=5))
    geometry = resolve_size(size)
    assert written[0].path.name == ("rtl-en-print.pdf" if size == "a6" else f"rtl-en-{geometry.name}-print.pdf")
    for page in PdfInfo(written[0].path).pages:
        assert box_mm(page.trimbox) == (0.0, 0.0, geometry.width, geometry.height)
        assert box_mm(page.mediabox) == (-3.0, -3.0, geometry.width + 6, geometry.height + 6)
        assert box_mm(page.bleedbox) == box_mm(page.mediabox)


def test_presets_are_checked_data(tmp_path):
    broken = tmp_path / "presets.yaml"
    broken.write_text(
        "bleed: 3mm\nsafe: 4\nsizes:\n  a6: {width: 105, depth: 148mm}\npapers:\n  a4: {width: 210mm, height: 297mm}\n"
        "default_size: a6\ndefault_paper: a4\n"
        "sheets: {printer_margin: 5mm, min_scale: 120, min_gain: 25, gutter: 4mm, mark_space: 1.5mm, mark_length: 5mm, bleed: 1mm}\n"
        "marks: {offset: 1mm, length: 5mm, slug: 6mm}\n"
    )
    with pytest.raises(ContentError) as error:
        load_presets(broken)
    assert [str(p).removeprefix(str(broken)) for p in error.value.problems] == [
        ":2: safe: expected a positive length with a unit (mm, cm, in or pt), like '105mm'; got 4",
        ":4: sizes.a6.depth: unknown key 'depth'; accepted keys: width, height",
        ":4: sizes.a6.height: expected a positive length with a unit (mm, cm, in or pt), like '105mm'; got nothing",
        ":4: sizes.a6.width: expected a positive length with a unit (mm, cm, in or pt), like '105mm'; got 105",
        ":9: sheets.bleed: unknown key 'bleed'; accepted keys: printer_margin, min_scale, min_gain, gutter, mark_space, mark_length",
        ":9: sheets.min_scale: expected a percentage from 50 to 100, like 90; got 120",
        ":10: marks.slug: expected at least bleed + offset + length = 9mm; got 6mm",
    ]
    missing = tmp_path / "old.yaml"
    missing.write_text(
        "bleed: 3mm\nsafe: 4mm\nsizes:\n  a6: {width: 105mm, height: 148mm}\npapers:\n  a4: {width: 210mm, height: 297mm}\ndefault_size: a6\ndefault_paper: a4\n"
    )
    with pytest.raises(ContentError) as error:
        load_presets(missing)
    assert [str(p).removeprefix(str(missing)) for p in error.value.problems] == [
        ":1: marks: expected a mapping with offset, length, slug",
        ":1: sheets: expected a mapping with printer_margin, min_scale, min_gain, gutter, mark_space, mark_length",
    ]


def test_unknown_size_is_a_usage_error():
    result = CliRunner().invoke(main, ["build", "--size", "huge"])
    assert result.exit_code == 2
    assert "unknown size 'huge'; use one of a6, a7, poker, bridge, tarot, square or WIDTHxHEIGHT in mm, like 80x120" in result.stderr


@pytest.mark.xdist_group("size-a6")
def test_no_face_of_the_default_deck_overflows_in_any_preset(liso_content, liso_nl_fitted):
    """Without continuation cards, a preset either fits every face (measured again on the result) or fails naming the
    faces that do not fit: A6, which fits, and poker, the smallest, which does not. (Every preset with continuation
    cards is built and read through PDFium in tests/test_sizes.py.)"""
    outcomes = {}
    for size in ("a6", "poker"):
        geometry = resolve_size(size)
        try:
            fitted = liso_nl_fitted if size == "a6" else fit_language(liso_content, "nl", geometry)
        except RenderError as error:
            lines = str(error).splitlines()
            assert lines and all(re.match(rf"card \d+ \(.+\), (front|back): .* \(language nl, size {size}\)\.", line) for line in lines)
            outcomes[size] = "refused"
            continue
        remeasured = measure(fitted.document, fitted.document.pages and _margin(geometry))
        assert all(face.fits for face in remeasured), size
        assert all(face.body_pt >= 7 for face in fitted.fits)
        outcomes[size] = "fits"
    assert outcomes == {"a6": "fits", "poker": "refused"}


def _margin(geometry) -> float:
    from deck.layout.render import Page
    from deck.options import OUTPUTS

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
    face = next(f for f in fitted.fits if (f.card, f.face) == ("5", "front"))
    assert face.fits and face.body_pt == float(shrink[1])
    assert [(s.card, s.face) for s in fitted.shrinks] == [("5", "front")]
    steps = round((9 - float(shrink[1])) / 0.25)
    assert steps >= 4
    # it ends where stepping down a quarter point at a time ends, the largest size that fits, in fewer layouts:
    # it jumps near its size instead of stepping
    monkeypatch.setattr(fit, "next_size", lambda face, min_pt: round(max(min_pt, face.body_pt - 0.25), 2))
    stepwise = fit_language(load_content(mini_copy), "en", resolve_size("a6"))
    assert stepwise.sizes == fitted.sizes and stepwise.layouts >= 1 + steps
    assert fitted.layouts <= stepwise.layouts - 2, (fitted.layouts, stepwise.layouts)
    with reproducible(0):
        assert stepwise.document.write_pdf() == fitted.document.write_pdf()


def test_a_step_up_lands_on_the_faces_own_steps_also_from_a_minimum_off_them():
    """Sizes go down from a face's own size in quarter points; a jump to --min-size 6.1 that fits is checked one
    step up at 6.25 (a 9 pt face's step), not at 6.35, which stepping down would never have tried."""
    assert [fit.step_up(size, 9.0) for size in (6.1, 6.25, 8.75)] == [6.25, 6.5, 9.0]
    assert fit.step_up(7.0, 8.6) == 7.1


def test_an_impossible_text_fails_with_card_face_language_size_and_overflow(mini_copy, tmp_path):
    path = mini_copy / "en/werkvormen/speed-check.yaml"
    texts = yaml.safe_load(path.read_text())
    texts["when"] = " ".join(["Use it whenever the meeting drags on and nobody knows why."] * 40)
    path.write_text(yaml.safe_dump(texts))
    with pytest.raises(RenderError) as error:
        build(mini_copy, tmp_path / "out", options=Options(size="poker", min_pt=7, continue_cards=False))
    assert re.fullmatch(
        r"card 10 \(Speed check\), front: the text does not fit, even at the minimum size of 7 pt; it overflows by [\d.]+ mm "
        r"\(language en, size poker\)\. Shorten the text or choose a larger card size\.",
        str(error.value),
    )
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def nl_prints(liso_nl_built, built):
    """The Dutch print PDF without and with crop marks (and PDF/X), built once for the run."""
    plain = liso_nl_built.paths("print")["nl"]
    marked = built(CONTENT, ["nl"], ["print"], Options(marks=True, pdfx=True)).paths("print")["nl"]
    return plain, marked


def _mismatches(a, b, tolerance: int = 80) -> int:
    """Pixels of ``a`` that no pixel within one pixel of the same place in ``b`` comes close to (renders of the
    same artwork placed a fraction of a pixel apart agree; a line drawn over it does not)."""
    size = (min(a.width, b.width), min(a.height, b.height))
    a, b = a.crop((0, 0, *size)), b.crop((0, 0, *size))
    low, high = b.filter(ImageFilter.MinFilter(3)), b.filter(ImageFilter.MaxFilter(3))
    darker = ImageChops.subtract(low, a).point(lambda v: 255 if v > tolerance else 0)
    lighter = ImageChops.subtract(a, high).point(lambda v: 255 if v > tolerance else 0)
    inside = (1, 1, size[0] - 1, size[1] - 1)  # the outermost pixels are cut differently by the two page sizes
    return ImageChops.lighter(darker, lighter).crop(inside).histogram()[255]


def test_crop_marks_show_at_every_corner_of_every_page_and_leave_the_artwork_alone(nl_prints):
    plain, marked = nl_prints
    presets = load_presets()
    bleed, marks = presets.bleed, presets.marks
    with pikepdf.open(marked) as pdf:
        for page in pdf.pages:
            trim = [float(v) for v in page.trimbox]
            assert [round(float(v) - t, 2) for v, t in zip(page.mediabox, trim, strict=True)] == [
                round(v * MM, 2) for v in (-marks.slug, -marks.slug, marks.slug, marks.slug)
            ]
            assert [round(float(v) - t, 2) for v, t in zip(page.obj.BleedBox, trim, strict=True)] == [
                round(v * MM, 2) for v in (-bleed, -bleed, bleed, bleed)
            ]
    with pikepdf.open(plain) as pdf:  # the plain page has no slug: its media box is the trim plus the bleed
        for page in pdf.pages:
            trim = [float(v) for v in page.trimbox]
            assert [round(float(v) - t, 2) for v, t in zip(page.mediabox, trim, strict=True)] == [
                round(v * MM, 2) for v in (-bleed, -bleed, bleed, bleed)
            ]
    dpi = 100
    px = dpi / 25.4
    pages = len(pdfium.PdfDocument(str(plain)))
    assert pages == 42
    for index in range(pages):
        # aligned on the TrimBox: the marked page cropped to the plain one's media box (trim plus bleed)
        before, inner = render_grey(plain, index, dpi), render_grey(marked, index, dpi, crop_mm=marks.slug - bleed)
        # the artwork is untouched: a few pixels of glyph edges may round apart, a mark drawn over it would differ
        # along its whole length (20 pixels a mark)
        assert _mismatches(inner, before) <= 8 and _mismatches(before, inner) <= 8, index
        after = render_grey(marked, index, dpi)
        lo = round(marks.slug * px)  # the trim's corners, in pixels of the marked render
        hi_x, hi_y = after.width - lo, after.height - lo
        near, far = round((bleed + marks.offset) * px) + 1, round((bleed + marks.offset + marks.length) * px) - 1
        for x, y in ((lo, lo), (hi_x, lo), (lo, hi_y), (hi_x, hi_y)):
            out_x, out_y = (-1 if x == lo else 1), (-1 if y == lo else 1)
            along_x = after.crop(_box(x + out_x * near, y - 2, x + out_x * far, y + 2))
            along_y = after.crop(_box(x - 2, y + out_y * near, x + 2, y + out_y * far))
            assert along_x.getextrema()[0] < 128 and along_y.getextrema()[0] < 128, (index, x, y)


def _box(x1: int, y1: int, x2: int, y2: int) -> tuple[int, int, int, int]:
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def test_print_pdfs_have_no_annotations_and_no_actions(nl_prints, built):
    for path in nl_prints:
        assert set(annotation_counts(path)) == {0}
        with pikepdf.open(path) as pdf:
            assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root
            actions = [
                obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and (("/S" in obj and "/URI" in obj) or "/A" in obj)
            ]
            assert actions == []
    screen = built(MINI).paths("screen")["en"]
    assert sum(annotation_counts(screen)) > 0  # the links stay in the screen PDF


def test_cmyk_print_with_marks_has_no_rgb_anywhere(tmp_path):
    profile = write_cmyk_profile(tmp_path / "press.icc", "Test press")
    options = Options(pdfx=True, cmyk_profile=profile, marks=True)
    path = build(MINI, tmp_path / "x", outputs=["print"], options=options)[0].path
    with pikepdf.open(path) as pdf:
        assert rgb_uses(pdf) == []
        spaces = [page.obj.Resources.ColorSpace["/Registration"] for page in pdf.pages]
        assert all(space[1] == "/All" and space[2] == "/DeviceCMYK" for space in spaces)
    with pikepdf.open(build(MINI, tmp_path / "rgb", outputs=["print"], options=Options(marks=True))[0].path) as pdf:
        assert rgb_uses(pdf)  # the check finds RGB where there is some


def test_pdfx_writes_an_output_intent_rgb_by_default(tmp_path, built):
    plain = PdfInfo(built(MINI).paths("print")["en"])
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
    assert len(faces) == 30  # 15 cards: no scan card on a poker card
    from PIL import Image

    face = Image.open(faces[0])
    assert face.width / face.height == pytest.approx(63 / 88, abs=0.01)
    contact = Image.open(tmp_path / "mini-en" / "contact.png")
    assert contact.width > 4 * face.width // 2
