"""Impose cards on office paper: how many fit and at what scale, where each face goes, what of its bleed shows,
and where the cut marks go.

All positions are in mm from the top-left corner of the sheet. Nothing is placed in the printer margin.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from deck.layout.geometry import Paper, SheetRules

MARK_GAP_MM = 0.25
"""Clear space between a cut mark and the colour of a card's bleed."""

MIN_MARK_MM = 0.5
"""A cut mark shorter than this is not drawn."""


@dataclass(frozen=True)
class Rect:
    """An upright rectangle on the sheet (mm, top-left origin)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def grown(self, left: float, top: float, right: float, bottom: float) -> Rect:
        return Rect(self.x - left, self.y - top, self.width + left + right, self.height + top + bottom)

    def rounded(self) -> Rect:
        return Rect(*(round(v, 3) for v in (self.x, self.y, self.width, self.height)))


@dataclass(frozen=True)
class Grid:
    """Identical units (a card, or a front-and-back pair) in rows and columns inside the printable area."""

    paper: Paper
    unit_width: float
    """Width of a unit on the sheet at true size (after turning, when ``rotated``)."""
    unit_height: float
    columns: int
    rows: int
    scale: float
    gutter_x: float
    gutter_y: float
    margin: float
    rotated: bool = False
    """Whether each unit lies turned a quarter to the right, to fit more on the sheet."""

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def cell_width(self) -> float:
        return self.unit_width * self.scale

    @property
    def cell_height(self) -> float:
        return self.unit_height * self.scale

    @property
    def printable(self) -> Rect:
        return Rect(self.margin, self.margin, self.paper.width - 2 * self.margin, self.paper.height - 2 * self.margin)

    @property
    def origin(self) -> tuple[float, float]:
        """Top-left corner of the block of units, centred on the sheet."""
        block_w = self.columns * self.cell_width + (self.columns - 1) * self.gutter_x
        block_h = self.rows * self.cell_height + (self.rows - 1) * self.gutter_y
        return (self.paper.width - block_w) / 2, (self.paper.height - block_h) / 2

    def cell(self, index: int) -> Rect:
        """The trim of unit ``index`` (row by row) on the sheet."""
        row, column = divmod(index, self.columns)
        x0, y0 = self.origin
        return Rect(
            x0 + column * (self.cell_width + self.gutter_x),
            y0 + row * (self.cell_height + self.gutter_y),
            self.cell_width,
            self.cell_height,
        )


def _fits(space: float, size: float, gutter: float) -> int:
    return max(0, math.floor((space + gutter + 1e-6) / (size + gutter)))


def plan_grid(paper: Paper, width: float, height: float, rules: SheetRules, true_size: bool = False) -> Grid:
    """The most units of ``width`` x ``height`` (mm) that fit in the printable area, upright or turned a quarter;
    scaled down (never below ``rules.min_scale``) only when that puts ``rules.min_gain`` more on the sheet, then
    as large as the wanted gutter and room for cut marks allow; at the smallest scale the gutter shrinks to what is left."""
    area_w, area_h = paper.width - 2 * rules.printer_margin, paper.height - 2 * rules.printer_margin
    lowest = 1.0 if true_size else rules.min_scale
    shapes = ((width, height, False), (height, width, True))
    least = rules.mark_space  # the narrowest gutter, which still holds cut marks
    most = max(_fits(area_w, w * lowest, least) * _fits(area_h, h * lowest, least) for w, h, _ in shapes)
    at_true_size = max(_fits(area_w, w, least) * _fits(area_h, h, least) for w, h, _ in shapes)
    if most < at_true_size * (1 + rules.min_gain):  # too few more cards to be worth shrinking them
        most, lowest = at_true_size, 1.0
    if most == 0:
        at = "at true size" if lowest == 1.0 else f"even at {round(lowest * 100)} %"
        raise ValueError(
            f"a {width:g} x {height:g} mm card does not fit on {paper.name} paper inside its {rules.printer_margin:g} mm printer margin, {at}; "
            "choose a smaller --size, another --paper or a smaller --printer-margin"
        )
    percents = range(100, math.ceil(lowest * 100) - 1, -1)
    for percent in percents:
        for w, h, rotated in shapes:
            s = percent / 100
            columns, rows = _fits(area_w, w * s, rules.gutter), _fits(area_h, h * s, rules.gutter)
            if columns * rows == most and _room_for_marks(area_w, w * s, columns, rules) and _room_for_marks(area_h, h * s, rows, rules):
                return _grid(paper, w, h, columns, rows, s, rules, rotated)
    for w, h, rotated in shapes:
        columns, rows = _fits(area_w, w * lowest, least), _fits(area_h, h * lowest, least)
        if columns * rows == most:
            return _grid(paper, w, h, columns, rows, lowest, rules, rotated)
    raise AssertionError("unreachable: the count was found at the lowest scale")


def _room_for_marks(space: float, size: float, count: int, rules: SheetRules) -> bool:
    """Whether the lines across this direction get cut marks: in a gutter between units, or beside the block."""
    return (count > 1 and rules.gutter >= rules.mark_space) or space - count * size - (count - 1) * rules.gutter >= 4 * rules.mark_space


def _grid(paper: Paper, w: float, h: float, columns: int, rows: int, scale: float, rules: SheetRules, rotated: bool) -> Grid:
    """A grid whose gutters are the wanted one, or what is left between the units when that is less."""
    area_w, area_h = paper.width - 2 * rules.printer_margin, paper.height - 2 * rules.printer_margin

    def gutter(space: float, size: float, count: int) -> float:
        """The wanted gutter, or what is left, keeping the outer card edges (and their marks) a gap off the margin."""
        return 0.0 if count < 2 else max(0.0, min(rules.gutter, (space - count * size * scale - 2 * MARK_GAP_MM) / (count - 1)))

    return Grid(paper, w, h, columns, rows, scale, gutter(area_w, w, columns), gutter(area_h, h, rows), rules.printer_margin, rotated)


def bleed_sides(grid: Grid, index: int, bleed: float, rules: SheetRules, marks: bool = True) -> tuple[float, float, float, float]:
    """How far (mm, left/top/right/bottom) the placed card's bleed reaches beyond its trim: into half of a gutter,
    leaving a clear strip in the middle for the cut marks, or into the room before the printer margin, leaving
    room for marks there too (all of it on a side without ``marks``); never more than the card's own (scaled) bleed."""
    row, column = divmod(index, grid.columns)
    cell, area = grid.cell(index), grid.printable
    full = bleed * grid.scale
    space = rules.mark_space if marks else 0.0

    def inner(gutter: float) -> float:
        half = gutter / 2
        return min(full, half - space / 2 if gutter >= space else half)

    def outer(room: float) -> float:
        room = max(0.0, room)
        return min(full, room - space if room >= 2 * space else room / 2)

    left = inner(grid.gutter_x) if column > 0 else outer(cell.x - area.x)
    right = inner(grid.gutter_x) if column < grid.columns - 1 else outer(area.right - cell.right)
    top = inner(grid.gutter_y) if row > 0 else outer(cell.y - area.y)
    bottom = inner(grid.gutter_y) if row < grid.rows - 1 else outer(area.bottom - cell.bottom)
    return tuple(round(max(0.0, v), 3) for v in (left, top, right, bottom))  # type: ignore[return-value]


@dataclass(frozen=True)
class Line:
    """A straight line on the sheet (mm), for cutting or folding."""

    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def vertical(self) -> bool:
        return self.x1 == self.x2


def edge_marks(edges: Iterable[tuple[float, bool]], shown: Sequence[Rect], area: Rect, length: float) -> list[Line]:
    """Marks that extend each edge line (``(position, vertical)``) outside every shown rectangle (a card with the
    bleed it shows): from each card edge into the free space beside it, at most ``length`` long, inside ``area``."""
    lines: list[Line] = []
    for at, vertical in sorted(set(edges)):
        if not (area.x - 1e-6 <= at <= area.right + 1e-6 if vertical else area.y - 1e-6 <= at <= area.bottom + 1e-6):
            continue  # an edge on the printer margin: a mark along it would put half its stroke there
        lo, hi = (area.y, area.bottom) if vertical else (area.x, area.right)
        blocked = sorted(
            (r.y, r.bottom) if vertical else (r.x, r.right)
            for r in shown
            if (r.x - 1e-6 <= at <= r.right + 1e-6 if vertical else r.y - 1e-6 <= at <= r.bottom + 1e-6)
        )
        for start, end, after_card, before_card in _free(blocked, lo, hi):
            for a, b in _ticks(start, end, after_card, before_card, length):
                lines.append(Line(at, round(a, 3), at, round(b, 3)) if vertical else Line(round(a, 3), at, round(b, 3), at))
    return lines


def _free(blocked: Sequence[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float, bool, bool]]:
    """Free segments of [lo, hi] between blocked spans, with whether a card lies just before / after each."""
    free, cursor, card_before = [], lo, False
    for start, end in blocked:
        if start > cursor:
            free.append((cursor, start, card_before, True))
        cursor, card_before = max(cursor, end), True
    if cursor < hi:
        free.append((cursor, hi, card_before, False))
    return free


def _ticks(start: float, end: float, after_card: bool, before_card: bool, length: float) -> list[tuple[float, float]]:
    """The marks in one free segment: next to the card(s) it touches, kept clear of their colour."""
    a = start + (MARK_GAP_MM if after_card else 0.0)
    b = end - (MARK_GAP_MM if before_card else 0.0)
    if b - a < MIN_MARK_MM or not (after_card or before_card):
        return []
    if after_card and before_card and b - a > 2 * length:
        return [(a, a + length), (b - length, b)]
    if after_card and before_card:
        return [(a, b)]
    return [(a, min(b, a + length))] if after_card else [(max(a, b - length), b)]
