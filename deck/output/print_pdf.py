"""Finish the print PDF for a print shop: no annotations or actions, and crop marks (``--marks``) in a slug
beyond the bleed, drawn over the page in registration colour, with the TrimBox and BleedBox kept right."""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Name

from deck.layout.geometry import MarkRules

PT_PER_MM = 72 / 25.4
MARK_WIDTH_PT = 0.25
REGISTRATION = "/Registration"
"""Resource name of the registration colour (the ``/All`` separation) on each page."""


def registration(pdf: pikepdf.Pdf, cmyk: bool) -> pikepdf.Array:
    """The /All separation, which prints on every plate; shown as CMYK 100 % each, or black when the file is not CMYK."""
    alternate, dark, light = (Name.DeviceCMYK, [1, 1, 1, 1], [0, 0, 0, 0]) if cmyk else (Name.DeviceGray, [0], [1])
    tint = pdf.make_indirect(pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=light, C1=dark, N=1))
    return pikepdf.Array([Name.Separation, Name.All, alternate, tint])


def strip_interaction(pdf: pikepdf.Pdf) -> None:
    """Remove every annotation and action: a shop's preflight flags links in the bleed and actions in PDF/X."""
    for page in pdf.pages:
        for key in ("/Annots", "/AA"):
            if key in page.obj:
                del page.obj[key]
    for key in ("/OpenAction", "/AA"):
        if key in pdf.Root:
            del pdf.Root[key]
    if "/Outlines" in pdf.Root:
        _strip_outline_actions(pdf.Root.Outlines.get("/First"))


def _strip_outline_actions(item: pikepdf.Object | None) -> None:
    """Bookmarks keep their destinations (a view, not an action); any action on them goes."""
    while item is not None:
        if "/A" in item:
            del item["/A"]
        _strip_outline_actions(item.get("/First"))
        item = item.get("/Next")


def mark_lines(trim: tuple[float, float, float, float], bleed: float, rules: MarkRules) -> list[tuple[float, float, float, float]]:
    """Two marks at each corner (pt): the trim edges extended outward, starting beyond the bleed."""
    x0, y0, x1, y1 = trim
    near, far = (bleed + rules.offset) * PT_PER_MM, (bleed + rules.offset + rules.length) * PT_PER_MM
    lines = []
    for x, out_x in ((x0, -1), (x1, 1)):
        for y, out_y in ((y0, -1), (y1, 1)):
            lines.append((x + out_x * near, y, x + out_x * far, y))  # along the horizontal trim edge
            lines.append((x, y + out_y * near, x, y + out_y * far))  # along the vertical trim edge
    return lines


def add_marks(pdf: pikepdf.Pdf, bleed: float, rules: MarkRules, cmyk: bool) -> None:
    """Grow each page's media box by the slug and draw crop marks there, after (over) the page's own content."""
    colour = registration(pdf, cmyk)
    for page in pdf.pages:
        trim = tuple(float(v) for v in page.trimbox)
        slug, edge = rules.slug * PT_PER_MM, bleed * PT_PER_MM
        page.obj.MediaBox = [round(v, 4) for v in (trim[0] - slug, trim[1] - slug, trim[2] + slug, trim[3] + slug)]
        page.obj.BleedBox = [round(v, 4) for v in (trim[0] - edge, trim[1] - edge, trim[2] + edge, trim[3] + edge)]
        if "/CropBox" in page.obj:
            del page.obj["/CropBox"]
        if "/Resources" not in page.obj:
            page.obj.Resources = pikepdf.Dictionary()
        if "/ColorSpace" not in page.obj.Resources:
            page.obj.Resources.ColorSpace = pikepdf.Dictionary()
        page.obj.Resources.ColorSpace[REGISTRATION] = colour
        strokes = " ".join(f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l" for a, b, c, d in mark_lines(trim, bleed, rules))
        draw_over(pdf, page, f"{REGISTRATION} CS 1 SCN {MARK_WIDTH_PT} w 0 J [] 0 d {strokes} S")


def draw_over(pdf: pikepdf.Pdf, page: pikepdf.Page, operators: str) -> None:
    """Draw after a page's own content, in the page's untouched coordinates (its content is wrapped in q ... Q)."""
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(f"\nQ\nq {operators} Q\n".encode("ascii")))


def finish_print(pdf_bytes: bytes, bleed: float, marks: MarkRules | None, cmyk: bool) -> bytes:
    """The print PDF as a shop receives it: no annotations or actions; crop marks when ``marks`` is given."""
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    strip_interaction(pdf)
    if marks is not None:
        add_marks(pdf, bleed, marks, cmyk)
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, compress_streams=True)
    return buffer.getvalue()
