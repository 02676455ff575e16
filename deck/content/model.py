"""The deck as frozen dataclasses: one ``Deck`` per language, fully resolved."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    id: str
    text: str


@dataclass(frozen=True)
class StepGroup:
    """Steps under an optional heading (``id`` and ``heading`` are None for loose steps)."""

    id: str | None
    heading: str | None
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    heading: str
    link: str


@dataclass(frozen=True)
class Dimension:
    id: str
    colour: str
    name: str
    statement: str
    opposite: str


@dataclass(frozen=True)
class Werkvorm:
    id: str
    dimension: Dimension
    stage: Stage
    title: str
    what: str
    when: str
    how: tuple[StepGroup, ...]
    yields: str
    url: str | None = None
    """A web page about this werkvorm: its back then carries a QR code of it."""


@dataclass(frozen=True)
class IntroItem:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Intro:
    id: str
    title: str
    subtitle: str | None
    text: str
    items: tuple[IntroItem, ...]


@dataclass(frozen=True)
class Labels:
    what: str
    when: str
    how: str
    yields: str
    overview: str
    dimension: str
    back_to_overview: str
    sibling: str
    divider: str
    card: str
    versus: str
    credits: str
    print_heading: str
    print_actual_size: str
    print_duplex: str
    print_single_sided: str
    print_cut: str
    print_fold: str
    print_check: str
    print_duplex_short: str
    print_scale: str
    print_align: str
    scan: str
    scan_intro: str
    scan_low: str
    scan_name: str


@dataclass(frozen=True)
class Author:
    name: str
    institution: str | None


@dataclass(frozen=True)
class Credits:
    """The credits card's texts; a deck with none of them has no credits card."""

    text: str | None
    funder: str | None
    project: str | None
    url: str | None
    authors: tuple[Author, ...]

    @property
    def shown(self) -> bool:
        """Whether the deck has a credits card."""
        return bool(self.text or self.url or self.authors)


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    direction: str


@dataclass(frozen=True)
class Deck:
    """Everything one language's deck shows, in deck order."""

    id: str
    language: Language
    source_language: str
    title: str
    cover: str
    labels: Labels
    intro: tuple[Intro, ...]
    overview_intro: str | None
    stages: tuple[Stage, ...]
    dimensions: tuple[Dimension, ...]
    werkvormen: tuple[Werkvorm, ...]
    credits: Credits
    date: str | None = None
    chosen: frozenset[str] | None = None
    """Ids of the werkvormen a ``--select`` build keeps (None: all of them); card numbers stay those of the whole deck."""
    blanks: int = 0
    """Blank werkvorm cards to add after the deck (``--blank``)."""
    scan_card: bool = True
    """Whether the deck carries the network scan card (it needs a card of A6 or larger; see deck.layout.scan_card)."""

    def werkvorm_at(self, dimension: Dimension, stage: Stage) -> Werkvorm:
        """The werkvorm of ``dimension`` for ``stage``."""
        return next(w for w in self.werkvormen if w.dimension.id == dimension.id and w.stage.id == stage.id)

    def keeps(self, werkvorm: Werkvorm) -> bool:
        """Whether this build shows ``werkvorm`` (every werkvorm unless ``--select`` chose some)."""
        return self.chosen is None or werkvorm.id in self.chosen
