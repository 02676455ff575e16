"""Look inside built PDFs as a preflight or a printer would: placed forms, stroked lines, colour spaces, annotations,
and PDFium renders measured in millimetres."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MM = 72 / 25.4


@dataclass(frozen=True)
class Placed:
    """A form XObject drawn on a page: the print page it came from (by its trim size) and where its trim lands (mm,
    from the top-left of the sheet), with the scale it was drawn at."""

    name: str
    x: float
    y: float
    width: float
    height: float
    scale: float
    rotation: int


def _multiply(m: list[float], n: list[float]) -> list[float]:
    """m then n (PDF matrices, row vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return [a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2]


def placed_forms(pdf: pikepdf.Pdf, index: int, bleed: float = 3.0) -> list[Placed]:
    """Every form drawn on page ``index``: a print page (trim plus ``bleed`` mm all round), its trim mapped onto the page."""
    page = pdf.pages[index]
    height = float(page.mediabox[3])
    stack, ctm, found = [], [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            ctm = _multiply([float(v) for v in operands], ctm)
        elif op == "Do":
            form = page.obj.Resources.XObject[operands[0]]
            found.append(_place(str(operands[0]), form, ctm, height, bleed * MM))
    return found


def _place(name: str, form: pikepdf.Object, ctm: list[float], page_height: float, bleed: float) -> Placed:
    matrix = _multiply([float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])], ctm)
    box = [float(v) for v in form.BBox]
    corners = [(box[0] + bleed, box[1] + bleed), (box[2] - bleed, box[3] - bleed)]
    points = [(matrix[0] * u + matrix[2] * v + matrix[4], matrix[1] * u + matrix[3] * v + matrix[5]) for u, v in corners]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    scale = (matrix[0] ** 2 + matrix[1] ** 2) ** 0.5
    rotation = {(1, 0): 0, (0, -1): 90, (-1, 0): 180, (0, 1): 270}[(round(matrix[0] / scale), round(matrix[1] / scale))]
    return Placed(name, min(xs) / MM, (page_height - max(ys)) / MM, (max(xs) - min(xs)) / MM, (max(ys) - min(ys)) / MM, scale, rotation)


def stroked_lines(pdf: pikepdf.Pdf, index: int) -> list[tuple[float, float, float, float]]:
    """Straight lines stroked on the page itself (not inside forms), in mm from the top left: (x1, y1, x2, y2)."""
    page = pdf.pages[index]
    height = float(page.mediabox[3])
    lines, start, path = [], None, []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "m":
            start = [float(v) for v in operands]
        elif op == "l" and start is not None:
            end = [float(v) for v in operands]
            path.append((start[0] / MM, (height - start[1]) / MM, end[0] / MM, (height - end[1]) / MM))
            start = end
        elif op in ("S", "s"):
            lines += path
            path = []
        elif op in ("n", "f", "f*", "B", "b"):
            path = []
    return lines


RGB_OPERATORS = {"rg", "RG"}


def _space_is_rgb(space: pikepdf.Object | None) -> bool:
    if space is None:
        return False
    if isinstance(space, pikepdf.Name):
        return str(space) in ("/DeviceRGB", "/CalRGB")
    if isinstance(space, pikepdf.Array) and len(space):
        kind = str(space[0])
        if kind == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
        if kind in ("/CalRGB",):
            return True
        if kind in ("/Indexed",):
            return _space_is_rgb(space[1])
        if kind in ("/Separation", "/DeviceN"):
            return _space_is_rgb(space[2])
    return False


def rgb_uses(pdf: pikepdf.Pdf) -> list[str]:
    """Every use of an RGB colour in the file: rg/RG operators, sc/scn in an RGB space, and RGB colour spaces of
    images, shadings and transparency groups, in page content, forms and patterns alike."""
    found: list[str] = []
    seen: set[tuple[int, int]] = set()

    def walk(stream: pikepdf.Object, resources: pikepdf.Object | None, where: str) -> None:
        if stream.is_indirect:
            if stream.objgen in seen:
                return
            seen.add(stream.objgen)
        resources = stream.get("/Resources", resources) if isinstance(stream, pikepdf.Stream | pikepdf.Dictionary) else resources
        spaces = resources.get("/ColorSpace", {}) if resources is not None else {}
        fill = stroke = None
        for operands, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            if op in RGB_OPERATORS:
                found.append(f"{where}: {op}")
            elif op in ("cs", "CS"):
                name = operands[0]
                space = spaces.get(name, name) if str(name) not in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern") else name
                fill, stroke = (space, stroke) if op == "cs" else (fill, space)
            elif (op in ("sc", "scn") and _space_is_rgb(fill)) or (op in ("SC", "SCN") and _space_is_rgb(stroke)):
                found.append(f"{where}: {op} in an RGB space")
        for kind in ("/XObject", "/Pattern", "/Shading"):
            for name, item in (resources.get(kind, {}) if resources is not None else {}).items():
                check_object(item, f"{where} {kind} {name}")
                if isinstance(item, pikepdf.Stream) and item.get("/Subtype") != "/Image":
                    walk(item, item.get("/Resources", resources), f"{where} {kind} {name}")

    def check_object(item: pikepdf.Object, where: str) -> None:
        for key in ("/ColorSpace", "/CS"):
            if _space_is_rgb(item.get(key)):
                found.append(f"{where}: {key} is RGB")
        group = item.get("/Group")
        if group is not None and _space_is_rgb(group.get("/CS")):
            found.append(f"{where}: transparency group is RGB")

    for index, page in enumerate(pdf.pages):
        check_object(page.obj, f"page {index + 1}")
        walk(page.obj, page.obj.get("/Resources"), f"page {index + 1}")
    return found


def annotation_counts(path: Path) -> list[int]:
    """The number of annotations PDFium finds on each page."""
    document = pdfium.PdfDocument(str(path))
    try:
        counts = []
        for index in range(len(document)):
            page = document[index]  # held while PDFium reads it
            counts.append(pdfium_c.FPDFPage_GetAnnotCount(page.raw))
            page.close()
        return counts
    finally:
        document.close()


def render_grey(path: Path, index: int, dpi: float, crop_mm: float = 0.0):
    """Page ``index`` rendered by PDFium at ``dpi``, in grey levels (a PIL image); ``crop_mm`` off every side first."""
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[index]
        image = page.render(scale=dpi / 72, crop=(crop_mm * MM,) * 4).to_pil().convert("L")
        page.close()
        return image
    finally:
        document.close()
