"""What a build can be asked for, with nothing heavy imported (the command line reads it before any layout):
the outputs, the theme, the minimum text size and the options of one build."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from deck.resources import STYLES, TEMPLATES, stylesheet_files
from deck.workers import default_jobs


@dataclass(frozen=True)
class Output:
    """One kind of PDF a build writes: cards one face per page, or faces imposed on office paper."""

    name: str
    bleed: bool
    tagged: bool
    imposed: bool = False
    paper: bool = False
    """Pages of office paper that are not cards (the scan sheet): the file name carries the paper."""
    default: bool = True
    """Built when no --output is given."""


OUTPUTS: dict[str, Output] = {
    "print": Output("print", bleed=True, tagged=False),
    "screen": Output("screen", bleed=False, tagged=True),
    "sheets": Output("sheets", bleed=False, tagged=False, imposed=True),
    "foldover": Output("foldover", bleed=False, tagged=False, imposed=True),
    "scan": Output("scan", bleed=False, tagged=True, paper=True, default=False),
}
DEFAULT_OUTPUTS = tuple(name for name, output in OUTPUTS.items() if output.default)


@dataclass(frozen=True)
class Theme:
    """Where templates and styles come from: the project's, optionally with the user's own on top."""

    templates: Path | None = None
    """A folder searched before the project's templates: a file there replaces the project's file of that name."""
    stylesheet: Path | None = None
    """A CSS file applied after styles/deck.css."""

    @property
    def roots(self) -> tuple[Path, ...]:
        """Folders the renderer may read from, besides the content."""
        extra = [p for p in (self.templates, self.stylesheet.parent if self.stylesheet else None) if p is not None]
        return (TEMPLATES, STYLES, *extra)

    @property
    def read(self) -> tuple[Path, ...]:
        """What a layout reads of the theme, for the build cache: the project's templates and styles, one's own
        templates folder, and one's own stylesheet with the files it names (not the rest of its folder)."""
        own = [self.templates] if self.templates else []
        return (TEMPLATES, STYLES, *own, *(stylesheet_files(self.stylesheet) if self.stylesheet else []))


DEFAULT_THEME = Theme()


MIN_BODY_PT = 7.0
"""Smallest body text size the fitting may shrink a face to (``--min-size``)."""


@dataclass(frozen=True)
class Options:
    """Choices of one build, beyond the content."""

    size: str | None = None
    paper: str | None = None
    allow_incomplete: bool = False
    min_pt: float = MIN_BODY_PT
    marks: bool = False
    pdfx: bool = False
    cmyk_profile: Path | None = None
    theme: Theme = DEFAULT_THEME
    strict: bool = False
    """Treat every warning (from WeasyPrint, or about stale translations) as a failure."""
    continue_cards: bool = True
    """Continue text that does not fit at ``min_pt`` on continuation cards (False: fail instead)."""
    true_size: bool = False
    """Sheets and fold-over keep the cards at 100 % (fewer per sheet) instead of shrinking them to fit more."""
    printer_margin: float | None = None
    """Unprintable edge of the office printer (mm); None: the preset's."""
    flip: str = "long"
    """Edge the duplex printer flips the sheets on: 'long' or 'short'."""
    back_offset: tuple[float, float] = (0.0, 0.0)
    """Shift (mm, right and down) of every back sheet, for a printer that feeds backs off."""
    jobs: int = field(default_factory=default_jobs)
    """How many languages are built at once, each in its own process."""
    keep_html: Path | None = None
    """Also write the final HTML of each layout into this folder, with the styles and fonts beside it."""
    select: tuple[str, ...] = ()
    """``--select`` values: only the werkvormen they name, with the cards' numbers of the whole deck."""
    blank: int = 0
    """Blank werkvorm cards added after the deck (``--blank``)."""
    copies: int = 1
    """Copies of each card on the sheets and fold-over outputs (``--copies``)."""
    cache: bool = True
    """Skip a language whose inputs did not change since the last build into the same folder (``--no-cache`` turns it off)."""
