"""Plan office-printer sheets: which print page (card face) goes where, turned how, what of its bleed shows,
and the marks to cut and fold by. Positions in mm from the top-left corner of the sheet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from deck.errors import RenderError
from deck.layout.geometry import Geometry, Paper, SheetRules, sheet_rules
from deck.layout.impose import MARK_GAP_MM, Grid, Line, Rect, bleed_sides, edge_marks, plan_grid
from deck.options import OUTPUTS, Options

FLIPS = ("long", "short")


@dataclass(frozen=True)
class Slot:
    """One face on a sheet: the print page it shows, its trim on the sheet, its turn, and what of it shows (the clip)."""

    page: int
    """0-based page of the print PDF (card k's front is page 2k, its back 2k + 1)."""
    card: int
    face: str
    trim: Rect
    rotation: int
    clip: Rect


@dataclass(frozen=True)
class Sheet:
    """One side of one sheet of paper."""

    number: int
    side: str  # 'front', 'back' or 'fold'
    slots: tuple[Slot, ...]
    cuts: tuple[Line, ...]
    folds: tuple[Line, ...] = ()
    offset: tuple[float, float] = (0.0, 0.0)
    """How far this side is shifted (mm, right and down) to make up for a printer that feeds backs off."""


@dataclass(frozen=True)
class SheetPlan:
    kind: str  # 'sheets' (duplex) or 'foldover'
    paper: Paper
    grid: Grid
    sheets: tuple[Sheet, ...]
    card_width: float
    """Width of a card as printed (mm), after scaling."""
    card_height: float
    flip: str = "long"
    back_offset: tuple[float, float] = (0.0, 0.0)

    @property
    def cards_per_sheet(self) -> int:
        return self.grid.per_sheet

    @property
    def percent(self) -> int:
        return round(self.grid.scale * 100)

    def summary(self) -> str:
        """Like ``4 cards per A4 at 93 %, 98 x 138 mm``."""
        count = self.cards_per_sheet
        return (
            f"{count} card{'s' if count != 1 else ''} per {self.paper.name.capitalize() if self.paper.name != 'a4' else 'A4'} "
            f"at {self.percent} %, {self.card_width:.0f} x {self.card_height:.0f} mm"
        )


def _chunks(count: int, size: int) -> list[range]:
    return [range(i, min(count, i + size)) for i in range(0, count, size)]


def _cut_marks(grid: Grid, slots: Sequence[Slot], trims: Sequence[Rect], rules: SheetRules) -> tuple[Line, ...]:
    """Marks extending every trim edge into the margins and gutters, clear of every card's bleed."""
    edges = [(v, True) for t in trims for v in (round(t.x, 3), round(t.right, 3))]
    edges += [(v, False) for t in trims for v in (round(t.y, 3), round(t.bottom, 3))]
    return tuple(edge_marks(edges, [s.clip for s in slots], _inside(grid), rules.mark_length))


def _inside(grid: Grid) -> Rect:
    """The printable area less a small gap, so that no stroke or antialiased edge reaches the printer margin."""
    return grid.printable.grown(-MARK_GAP_MM, -MARK_GAP_MM, -MARK_GAP_MM, -MARK_GAP_MM)


def _back(slot: Slot, sides: tuple[float, float, float, float], paper: Paper, flip: str, offset: tuple[float, float], area: Rect) -> Slot:
    """The back of a front slot: at the place behind it after the flip, turned to read right, shifted by ``offset``;
    its bleed (``sides`` as on the front: no marks on backs, so all of the gutter) reaches as far behind the front."""
    t, dx, dy = slot.trim, *offset
    c = t.grown(*sides)
    if flip == "long":
        trim = Rect(paper.width - t.right + dx, t.y + dy, t.width, t.height)
        clip = Rect(paper.width - c.right + dx, c.y + dy, c.width, c.height)
        turn = (360 - slot.rotation) % 360
    else:
        trim = Rect(t.x + dx, paper.height - t.bottom + dy, t.width, t.height)
        clip = Rect(c.x + dx, paper.height - c.bottom + dy, c.width, c.height)
        turn = (180 - slot.rotation) % 360
    return Slot(slot.page + 1, slot.card, "back", trim.rounded(), turn, _intersect(clip, area).rounded())


def _intersect(a: Rect, b: Rect) -> Rect:
    x, y = max(a.x, b.x), max(a.y, b.y)
    return Rect(x, y, max(0.0, min(a.right, b.right) - x), max(0.0, min(a.bottom, b.bottom) - y))


def plan_duplex(
    cards: int,
    geometry: Geometry,
    paper: Paper,
    rules: SheetRules,
    true_size: bool = False,
    flip: str = "long",
    back_offset: tuple[float, float] = (0.0, 0.0),
) -> SheetPlan:
    """Front sheets, each followed by its back sheet: every back behind its front for the chosen flip edge."""
    grid = plan_grid(paper, geometry.width, geometry.height, rules, true_size)
    turn = 90 if grid.rotated else 0
    sheets = []
    for number, group in enumerate(_chunks(cards, grid.per_sheet), start=1):
        fronts, trims = [], []
        for i, card in enumerate(group):
            trim = grid.cell(i)
            clip = trim.grown(*bleed_sides(grid, i, geometry.bleed, rules))
            fronts.append(Slot(2 * card, card, "front", trim.rounded(), turn, clip.rounded()))
            trims.append(trim)
        backs = tuple(
            _back(s, bleed_sides(grid, i, geometry.bleed, rules, marks=False), paper, flip, back_offset, _inside(grid))
            for i, s in enumerate(fronts)
        )
        sheets += [
            Sheet(number, "front", tuple(fronts), _cut_marks(grid, fronts, trims, rules)),
            Sheet(number, "back", backs, (), (), back_offset),
        ]
    w, h = geometry.width * grid.scale, geometry.height * grid.scale
    return SheetPlan("sheets", paper, grid, tuple(sheets), w, h, flip, back_offset)


def plan_foldover(cards: int, geometry: Geometry, paper: Paper, rules: SheetRules, true_size: bool = False) -> SheetPlan:
    """Each card's front and back side by side (or one above the other), to fold on the line between and cut out."""
    grid = plan_grid(paper, 2 * geometry.width, geometry.height, rules, true_size)
    sheets = []
    for number, group in enumerate(_chunks(cards, grid.per_sheet), start=1):
        slots: list[Slot] = []
        pairs, folds = [], []
        for i, card in enumerate(group):
            pair = grid.cell(i)
            left, top, right, bottom = bleed_sides(grid, i, geometry.bleed, rules)
            if grid.rotated:  # front above, back below, both turned a quarter: fold on the horizontal middle
                half = pair.height / 2
                front, back = Rect(pair.x, pair.y, pair.width, half), Rect(pair.x, pair.y + half, pair.width, half)
                sides = ((left, top, right, 0.0), (left, 0.0, right, bottom))
                folds.append((round(pair.y + half, 3), False))
            else:
                half = pair.width / 2
                front, back = Rect(pair.x, pair.y, half, pair.height), Rect(pair.x + half, pair.y, half, pair.height)
                sides = ((left, top, 0.0, bottom), (0.0, top, right, bottom))
                folds.append((round(pair.x + half, 3), True))
            turn = 90 if grid.rotated else 0
            slots.append(Slot(2 * card, card, "front", front.rounded(), turn, front.grown(*sides[0]).rounded()))
            slots.append(Slot(2 * card + 1, card, "back", back.rounded(), turn, back.grown(*sides[1]).rounded()))
            pairs.append(pair)
        cuts = _cut_marks(grid, slots, pairs, rules)
        fold_marks = tuple(edge_marks(folds, [s.clip for s in slots], _inside(grid), rules.mark_length))
        sheets.append(Sheet(number, "fold", tuple(slots), cuts, fold_marks))
    w, h = geometry.width * grid.scale, geometry.height * grid.scale
    return SheetPlan("foldover", paper, grid, tuple(sheets), w, h)


def sheet_plan(output: str, cards: int, geometry: Geometry, paper: Paper, options: Options) -> SheetPlan:
    """Where the faces of ``cards`` cards go on the sheets or fold-over pages; a RenderError when a card cannot fit."""
    rules = sheet_rules(options.printer_margin)
    try:
        if output == "sheets":
            return plan_duplex(cards, geometry, paper, rules, options.true_size, options.flip, options.back_offset)
        return plan_foldover(cards, geometry, paper, rules, options.true_size)
    except ValueError as exc:
        raise RenderError(f"{output}: {exc}") from None


def sheet_summary(output: str, geometry: Geometry, paper: Paper, options: Options) -> str | None:
    """The build's line about an imposed output (``sheets: 4 cards per A4 at 93 %, 98 x 138 mm``); None for others."""
    return f"{output}: {sheet_plan(output, 1, geometry, paper, options).summary()}" if OUTPUTS[output].imposed else None
