"""Write office-printer sheets from the finished print PDF: each card face, with its bleed, placed as a form
XObject (scaled, turned, clipped) on the sheets a SheetPlan describes, after the instruction pages."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf
from pikepdf import Name

from deck.layout.impose import Line, Rect
from deck.layout.sheets import SheetPlan, Slot
from deck.output.print_pdf import draw_over

PT_PER_MM = 72 / 25.4
CUT_WIDTH_PT = 0.4
FOLD_WIDTH_PT = 0.5
TARGET_FROM_BOTTOM_MM = 32.0
"""Where the alignment target's centre sits on the instruction page, above the bottom edge."""


def _n(value: float) -> str:
    """A number for a content stream: at most 4 decimals, no trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def placement_matrix(slot: Slot, trimbox: Sequence[float], scale: float, paper_height: float) -> tuple[float, ...]:
    """The ``cm`` matrix that puts a print page's trim (``trimbox``, pt) on ``slot.trim`` (mm on the sheet),
    scaled by ``scale`` and turned ``slot.rotation`` degrees clockwise."""
    tx0, ty0 = float(trimbox[0]), float(trimbox[1])
    tw, th = float(trimbox[2]) - tx0, float(trimbox[3]) - ty0
    s = scale
    x = slot.trim.x * PT_PER_MM
    y = (paper_height - slot.trim.bottom) * PT_PER_MM
    a, b, c, d, e, f = {
        0: (s, 0.0, 0.0, s, x, y),
        90: (0.0, -s, s, 0.0, x, y + s * tw),
        180: (-s, 0.0, 0.0, -s, x + s * tw, y + s * th),
        270: (0.0, s, -s, 0.0, x + s * th, y),
    }[slot.rotation]
    return (a, b, c, d, e - (a * tx0 + c * ty0), f - (b * tx0 + d * ty0))


def _rect_pt(rect: Rect, paper_height: float) -> str:
    return " ".join(_n(v * PT_PER_MM) for v in (rect.x, paper_height - rect.bottom, rect.width, rect.height))


def _lines(lines: Sequence[Line], paper_height: float) -> list[str]:
    return [
        f"{_n(ln.x1 * PT_PER_MM)} {_n((paper_height - ln.y1) * PT_PER_MM)} m {_n(ln.x2 * PT_PER_MM)} {_n((paper_height - ln.y2) * PT_PER_MM)} l S"
        for ln in lines
    ]


def sheet_content(
    slots: Sequence[Slot], forms: dict[int, str], trimboxes: dict[int, Sequence[float]], plan: SheetPlan, cuts, folds
) -> bytes:
    """The content stream of one side: each face clipped to what of it shows, then the marks on top."""
    height = plan.paper.height
    ops: list[str] = []
    for slot in slots:
        matrix = " ".join(_n(v) for v in placement_matrix(slot, trimboxes[slot.page], plan.grid.scale, height))
        ops.append(f"q {_rect_pt(slot.clip, height)} re W n {matrix} cm {forms[slot.page]} Do Q")
    if cuts:
        ops += ["q 0 G [] 0 d", f"{_n(CUT_WIDTH_PT)} w", *_lines(cuts, height), "Q"]
    if folds:
        ops += ["q 0.35 G [2 2] 0 d", f"{_n(FOLD_WIDTH_PT)} w", *_lines(folds, height), "Q"]
    return "\n".join(ops).encode("ascii")


def target_centres(plan: SheetPlan) -> tuple[tuple[float, float], tuple[float, float]]:
    """The alignment target's centre (mm from the top left) on the instruction page's front, and on its back:
    behind the front one for the flip edge, shifted by the back offset."""
    width, height = plan.paper.width, plan.paper.height
    x, y = width / 2, height - TARGET_FROM_BOTTOM_MM
    behind = (width - x, y) if plan.flip == "long" else (x, height - y)
    return (x, y), (behind[0] + plan.back_offset[0], behind[1] + plan.back_offset[1])


def _cross(centre: tuple[float, float], reach: float, paper_height: float, ticks: bool) -> str:
    """A cross (and on the back a millimetre scale: ticks each mm, longer at 5 and 10) around ``centre`` (mm)."""
    cx, cy = centre
    lines = [Line(cx - reach, cy, cx + reach, cy), Line(cx, cy - reach, cx, cy + reach)]
    if ticks:
        for step in range(-int(reach), int(reach) + 1):
            if step == 0:
                continue
            half = 1.5 if step % 10 == 0 else 1.0 if step % 5 == 0 else 0.5
            lines += [Line(cx + step, cy - half, cx + step, cy + half), Line(cx - half, cy + step, cx + half, cy + step)]
    return " ".join(_lines(lines, paper_height))


def _draw_targets(out: pikepdf.Pdf, plan: SheetPlan) -> None:
    """The alignment target on both sides of the instruction page: a cross on the front, a scale on the back."""
    front, back = target_centres(plan)
    height = plan.paper.height
    r = 4 * PT_PER_MM
    fx, fy = front[0] * PT_PER_MM, (height - front[1]) * PT_PER_MM
    circle = f"{_n(fx - r)} {_n(fy - r)} {_n(2 * r)} {_n(2 * r)} re S"
    draw_over(out, out.pages[0], f"0 G 0.5 w {_cross(front, 12, height, ticks=False)} {circle}")
    draw_over(out, out.pages[1], f"0 G 0.3 w {_cross(back, 12, height, ticks=True)}")


def impose(print_pdf: bytes, instructions_pdf: bytes, plan: SheetPlan, duplex: str | None) -> bytes:
    """The sheets PDF: the instruction pages, then every sheet of ``plan`` built from the print PDF's pages.

    ``duplex`` is the viewer preference for the print dialog: ``DuplexFlipLongEdge``, ``DuplexFlipShortEdge``
    or ``Simplex``; every sheets PDF also asks to print at actual size (``/PrintScaling /None``)."""
    source = pikepdf.open(io.BytesIO(print_pdf))
    out = pikepdf.open(io.BytesIO(instructions_pdf))
    used = sorted({slot.page for sheet in plan.sheets for slot in sheet.slots})
    forms: dict[int, str] = {}
    trimboxes: dict[int, Sequence[float]] = {}
    resources: dict[str, pikepdf.Object] = {}
    for page in used:
        original = source.pages[page]
        trimboxes[page] = [float(v) for v in original.trimbox]
        form = original.as_form_xobject()
        form.BBox = original.mediabox
        if "/Resources" in original.obj and original.obj.Resources.is_indirect:
            form.Resources = original.obj.Resources  # shared by every page: copied once, not once per card
        name = f"/F{page}"
        forms[page] = name
        resources[name] = out.copy_foreign(form)
    if plan.kind == "sheets":
        _draw_targets(out, plan)
    width, height = plan.paper.width * PT_PER_MM, plan.paper.height * PT_PER_MM
    for sheet in plan.sheets:
        content = sheet_content(sheet.slots, forms, trimboxes, plan, sheet.cuts, sheet.folds)
        xobjects = pikepdf.Dictionary({name: resources[name] for name in sorted({forms[s.page] for s in sheet.slots})})
        page = pikepdf.Dictionary(
            Type=Name.Page,
            MediaBox=[0, 0, round(width, 4), round(height, 4)],
            Resources=pikepdf.Dictionary(XObject=xobjects),
            Contents=out.make_stream(content),
        )
        out.pages.append(pikepdf.Page(page))
    out.Root.ViewerPreferences = pikepdf.Dictionary(PrintScaling=Name("/None"), **({"Duplex": Name("/" + duplex)} if duplex else {}))
    for key in ("/Outlines", "/Names", "/OpenAction", "/PageMode"):
        if key in out.Root:
            del out.Root[key]
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, min_version="1.7", compress_streams=True)
    return buffer.getvalue()
