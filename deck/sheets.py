"""Plan office-printer sheets: which face goes where, turned how, and the lines to cut and fold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .cards import Card
from .geometry import Geometry, Paper
from .impose import Grid, Line, cut_lines, fold_lines, plan_grid


@dataclass(frozen=True)
class Slot:
    """One face on a sheet: its card, which face, the top-left corner of its footprint (mm), and its turn."""

    card: Card
    face: str
    x: float
    y: float
    rotation: int

    def footprint(self, geometry: Geometry) -> tuple[float, float]:
        """Width and height the face takes on the sheet."""
        turned = self.rotation in (90, 270)
        return (geometry.height, geometry.width) if turned else (geometry.width, geometry.height)


@dataclass(frozen=True)
class Sheet:
    """One side of one sheet of paper."""

    number: int
    side: str  # 'front', 'back' or 'fold'
    slots: tuple[Slot, ...]
    cuts: tuple[Line, ...]
    folds: tuple[Line, ...] = ()


@dataclass(frozen=True)
class SheetPlan:
    kind: str  # 'sheets' (duplex) or 'foldover'
    paper: Paper
    grid: Grid
    sheets: tuple[Sheet, ...]

    @property
    def cards_per_sheet(self) -> int:
        return self.grid.per_sheet


def _chunks(cards: Sequence[Card], size: int) -> list[Sequence[Card]]:
    return [cards[i : i + size] for i in range(0, len(cards), size)]


def plan_duplex(cards: Sequence[Card], geometry: Geometry, paper: Paper) -> SheetPlan:
    """Front sheets, each followed by its back sheet with the columns mirrored for flipping on the long edge."""
    grid = plan_grid(paper, geometry.width, geometry.height)
    front_turn, back_turn = (90, 270) if grid.rotated else (0, 0)
    sheets = []
    for number, group in enumerate(_chunks(cards, grid.per_sheet), start=1):
        cuts = tuple(cut_lines(grid, len(group)))
        fronts = tuple(Slot(card, "front", *grid.position(i), front_turn) for i, card in enumerate(group))
        backs = tuple(Slot(card, "back", *grid.mirrored(i), back_turn) for i, card in enumerate(group))
        mirrored_cuts = tuple(Line(paper.width - c.x1, c.y1, paper.width - c.x2, c.y2) for c in cuts)
        sheets += [Sheet(number, "front", fronts, cuts), Sheet(number, "back", backs, mirrored_cuts)]
    return SheetPlan("sheets", paper, grid, tuple(sheets))


def plan_foldover(cards: Sequence[Card], geometry: Geometry, paper: Paper) -> SheetPlan:
    """Each card's front and back side by side (or one above the other), to fold on the line between and cut out."""
    grid = plan_grid(paper, 2 * geometry.width, geometry.height)
    sheets = []
    for number, group in enumerate(_chunks(cards, grid.per_sheet), start=1):
        slots: list[Slot] = []
        for i, card in enumerate(group):
            x, y = grid.position(i)
            if grid.rotated:
                slots += [Slot(card, "front", x, y, 90), Slot(card, "back", x, round(y + geometry.width, 3), 90)]
            else:
                slots += [Slot(card, "front", x, y, 0), Slot(card, "back", round(x + geometry.width, 3), y, 0)]
        sheets.append(Sheet(number, "fold", tuple(slots), tuple(cut_lines(grid, len(group))), tuple(fold_lines(grid, len(group)))))
    return SheetPlan("foldover", paper, grid, tuple(sheets))
