"""Impose cards on office paper: how many fit, where each face goes, where to cut and fold.

All positions are in mm from the top-left corner of the sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .geometry import Paper

GUTTERS_MM = (6.0, 5.0, 4.0, 3.0, 2.0, 0.0)
"""Gutters tried between cards, widest first; the widest that keeps the most cards per sheet wins."""

MARK_MM = 5.0
"""Length of a cut mark in the margin."""

MIN_MARGIN_FOR_MARKS_MM = 2.0
"""Below this margin there is no room for marks: cut lines are drawn along the card edges instead."""


@dataclass(frozen=True)
class Grid:
    """Identical units (a card, or a front-and-back pair) in rows and columns on a sheet."""

    paper: Paper
    unit_width: float
    unit_height: float
    columns: int
    rows: int
    gutter: float
    rotated: bool = False
    """Whether each unit lies turned a quarter to the right, to fit more on the sheet."""

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def margin_x(self) -> float:
        return (self.paper.width - self.columns * self.unit_width - (self.columns - 1) * self.gutter) / 2

    @property
    def margin_y(self) -> float:
        return (self.paper.height - self.rows * self.unit_height - (self.rows - 1) * self.gutter) / 2

    def position(self, index: int) -> tuple[float, float]:
        """Top-left corner of unit ``index`` (row by row)."""
        row, column = divmod(index, self.columns)
        return (
            round(self.margin_x + column * (self.unit_width + self.gutter), 3),
            round(self.margin_y + row * (self.unit_height + self.gutter), 3),
        )

    def mirrored(self, index: int) -> tuple[float, float]:
        """Where the back of unit ``index`` goes on the back sheet, for flipping on the long edge."""
        x, y = self.position(index)
        return round(self.paper.width - x - self.unit_width, 3), y


def plan_grid(paper: Paper, width: float, height: float) -> Grid:
    """The most units of ``width`` x ``height`` that fit on portrait ``paper`` at true size, upright or
    turned a quarter; the widest gutter that keeps that number; upright when both fit as many."""
    best: Grid | None = None
    for rotated in (False, True):
        w, h = (height, width) if rotated else (width, height)
        for gutter in GUTTERS_MM:
            columns = int((paper.width + gutter) // (w + gutter))
            rows = int((paper.height + gutter) // (h + gutter))
            grid = Grid(paper, w, h, columns, rows, gutter, rotated)
            if best is None or grid.per_sheet > best.per_sheet:
                best = grid
    assert best is not None
    if best.per_sheet == 0:
        raise ValueError(f"a {width:g} x {height:g} mm card does not fit on {paper.name} paper")
    return best


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


def cut_lines(grid: Grid, units: int) -> list[Line]:
    """Cut marks for every card edge, outside the cards: short marks in the margins, and across the gutters
    between cards; along the shared edge itself where cards touch and the margin is too small for marks."""
    used_rows = -(-units // grid.columns)
    xs = sorted({x for i in range(min(units, grid.columns)) for x in _edges(grid.position(i)[0], grid.unit_width)})
    ys = sorted({y for i in range(0, used_rows * grid.columns, grid.columns) for y in _edges(grid.position(i)[1], grid.unit_height)})
    top, bottom = ys[0], ys[-1]
    left, right = xs[0], xs[-1]
    lines: list[Line] = []
    for x in xs:
        lines += _marks(x, top, bottom, grid.margin_y, grid.paper.height, vertical=True)
    for y in ys:
        lines += _marks(y, left, right, grid.margin_x, grid.paper.width, vertical=False)
    if grid.gutter > 0:
        lines += [Line(x, y1, x, y2) for x in xs for y1, y2 in _gaps(ys)]
        lines += [Line(x1, y, x2, y) for y in ys for x1, x2 in _gaps(xs)]
    return lines


def _edges(start: float, length: float) -> tuple[float, float]:
    return round(start, 3), round(start + length, 3)


def _gaps(edges: Sequence[float]) -> list[tuple[float, float]]:
    """The gutters between consecutive cards: pairs of edges that are apart."""
    return [(a, b) for a, b in zip(edges[1:-1:2], edges[2::2], strict=False) if b - a > 0.01]


def _marks(at: float, start: float, end: float, margin: float, extent: float, vertical: bool) -> list[Line]:
    """Marks extending the card edge at ``at`` into both margins (or along it, when there is no margin)."""
    if margin >= MIN_MARGIN_FOR_MARKS_MM:
        length = min(MARK_MM, margin - 1.0)
        spans = [(start - 1.0 - length, start - 1.0), (end + 1.0, end + 1.0 + length)]
    else:
        spans = [(max(0.0, start), min(extent, end))]
    return [Line(at, a, at, b) if vertical else Line(a, at, b, at) for a, b in spans]


def fold_lines(grid: Grid, units: int) -> list[Line]:
    """The fold between the front and back of each pair on a fold-over sheet."""
    lines = []
    for index in range(units):
        x, y = grid.position(index)
        if grid.rotated:
            middle = round(y + grid.unit_height / 2, 3)
            lines.append(Line(x, middle, round(x + grid.unit_width, 3), middle))
        else:
            middle = round(x + grid.unit_width / 2, 3)
            lines.append(Line(middle, y, middle, round(y + grid.unit_height, 3)))
    return lines
