"""Put a Deck in card order: number every card and resolve every back-link."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import ClassVar

from deck.content.model import Credits, Deck, Dimension, Intro, Werkvorm
from deck.content.placeholders import fill
from deck.layout.blocks import Block, Section, intro_blocks, row_blocks, sections, text_blocks, werkvorm_back, werkvorm_front


@dataclass(frozen=True)
class Link:
    """A reference to another card: clickable in the PDF, its number printed for paper."""

    label: str
    number: int
    anchor: str
    suffix: str = ""
    """The letter of a continuation card ("a" in "6a")."""

    @property
    def printed(self) -> str:
        """The card number as printed: 6, or 6a for a continuation card."""
        return f"{self.number}{self.suffix}"


@dataclass(frozen=True)
class Card:
    """A physical card: a front face and a back face."""

    kind: ClassVar[str]
    number: int
    anchor: str
    bookmark: str
    bookmark_level: int
    keep: Mapping[str, int] = field(default_factory=dict, kw_only=True)
    """Per face, how many of its blocks it shows when the rest continues on another card."""
    continues_on: Mapping[str, Link] = field(default_factory=dict, kw_only=True)
    """Per face, the card its text continues on."""

    @property
    def label(self) -> str:
        """The printed card number, which also tells faces apart while fitting: "6", or "6a" for a continuation."""
        return str(self.number)

    @property
    def dimension(self) -> Dimension | None:
        """The dimension this card belongs to, if any (colours its back)."""
        return None

    def blocks(self, face: str) -> tuple[Block, ...]:
        """The blocks of a face's flowing text; a face without any cannot continue on another card."""
        return ()

    def sections(self, face: str) -> list[Section]:
        """The blocks this card shows on ``face``, grouped for the template."""
        return sections(self.blocks(face), 0, self.keep.get(face))

    @property
    def has_content_back(self) -> bool:
        """Whether the back carries content (otherwise it gets the designed deck back)."""
        return False


@dataclass(frozen=True)
class CoverCard(Card):
    kind: ClassVar[str] = "cover"
    title: str
    text: str
    colours: tuple[str, ...]

    def blocks(self, face: str) -> tuple[Block, ...]:
        return text_blocks(self.text) if face == "front" else ()


@dataclass(frozen=True)
class IntroCard(Card):
    kind: ClassVar[str] = "intro"
    intro: Intro

    def blocks(self, face: str) -> tuple[Block, ...]:
        return intro_blocks(self.intro) if face == "front" else ()


@dataclass(frozen=True)
class OverviewRow:
    dimension: Dimension
    divider: Link
    cells: tuple[Link | None, ...]
    """One per stage column; None where a ``--select`` build leaves that werkvorm out."""


@dataclass(frozen=True)
class OverviewCard(Card):
    kind: ClassVar[str] = "overview"
    title: str
    intro: str | None
    headings: tuple[str, ...]
    rows: tuple[OverviewRow, ...]

    def blocks(self, face: str) -> tuple[Block, ...]:
        return row_blocks(self.rows) if face == "front" else ()


@dataclass(frozen=True)
class DividerCard(Card):
    kind: ClassVar[str] = "divider"
    dim: Dimension
    werkvormen: tuple[tuple[str, Link], ...]

    @property
    def dimension(self) -> Dimension | None:
        return self.dim


@dataclass(frozen=True)
class WerkvormCard(Card):
    kind: ClassVar[str] = "werkvorm"
    werkvorm: Werkvorm
    siblings: tuple[Link, ...]
    divider: Link
    overview: Link

    @property
    def dimension(self) -> Dimension | None:
        return self.werkvorm.dimension

    @property
    def has_content_back(self) -> bool:
        return True

    def blocks(self, face: str) -> tuple[Block, ...]:
        return werkvorm_front(self.werkvorm) if face == "front" else werkvorm_back(self.werkvorm)


@dataclass(frozen=True)
class Window:
    """A stretch of another card's face: its blocks from ``start`` to ``stop``."""

    face: str
    start: int
    stop: int | None


@dataclass(frozen=True)
class ContinuationCard(Card):
    """A card that carries on the text of a card too long for one (numbered after it: 6a, 6b)."""

    kind: ClassVar[str] = "continuation"
    source: Card
    suffix: str
    back_to: Link
    windows: Mapping[str, Window]
    """Per side of this card: which stretch of the source card it shows (the back may show none)."""

    @property
    def label(self) -> str:
        return f"{self.number}{self.suffix}"

    @property
    def dimension(self) -> Dimension | None:
        return self.source.dimension

    @property
    def has_content_back(self) -> bool:
        return "back" in self.windows

    def blocks(self, face: str) -> tuple[Block, ...]:
        window = self.windows.get(face)
        return self.source.blocks(window.face) if window else ()

    def sections(self, face: str) -> list[Section]:
        window = self.windows.get(face)
        return sections(self.source.blocks(window.face), window.start, window.stop) if window else []

    def source_face(self, face: str) -> str:
        """Which face of the source card this side continues (its template prints that face's sections)."""
        return self.windows[face].face


@dataclass(frozen=True)
class ScanRow:
    """One dimension on the network scan: its two poles, and the werkvormen to pick when it scores low."""

    dimension: Dimension
    low: str
    werkvormen: tuple[tuple[str, Link], ...]
    """(stage link phrase, link to the werkvorm) for each stage the deck shows."""


@dataclass(frozen=True)
class ScanCard(Card):
    """The network scan: each dimension's statement and opposite at the ends of a five-point scale (front),
    and which werkvormen to pick for a dimension that scores low (back)."""

    kind: ClassVar[str] = "scan"
    title: str
    rows: tuple[ScanRow, ...]

    @property
    def has_content_back(self) -> bool:
        return True


@dataclass(frozen=True)
class BlankCard(Card):
    """A werkvorm card with empty, ruled fields, for a network's own werkvorm (``--blank``)."""

    kind: ClassVar[str] = "blank"

    @property
    def has_content_back(self) -> bool:
        return True


@dataclass(frozen=True)
class CreditsCard(Card):
    kind: ClassVar[str] = "credits"
    title: str
    credits: Credits


# Anchors: cover, overview, credits, intro-<id>, dimension-<id>, werkvorm-<id>; the templates add "--back" and
# "--step--<id>". Ids cannot hold two hyphens in a row, so no two anchors can be equal (a werkvorm 'a-back'
# and the back of werkvorm 'a' differ).


def anchor_of_werkvorm(werkvorm: Werkvorm) -> str:
    return f"werkvorm-{werkvorm.id}"


def anchor_of_dimension(dimension: Dimension) -> str:
    return f"dimension-{dimension.id}"


def anchor_of_blank(index: int) -> str:
    return f"blank-{index}"


def card_numbers(deck: Deck) -> dict[str, int]:
    """Card number by anchor, in deck order: cover, intro, overview, each dimension, scan, credits, blank cards."""
    anchors = ["cover", *(f"intro-{i.id}" for i in deck.intro), "overview"]
    for dimension in deck.dimensions:
        anchors.append(anchor_of_dimension(dimension))
        anchors.extend(anchor_of_werkvorm(deck.werkvorm_at(dimension, stage)) for stage in deck.stages)
    if deck.scan_card:
        anchors.append("scan")
    if deck.credits.shown:
        anchors.append("credits")
    anchors += [anchor_of_blank(i) for i in range(1, deck.blanks + 1)]
    return {anchor: number for number, anchor in enumerate(anchors, start=1)}


def sibling_label(deck: Deck, werkvorm: Werkvorm) -> str:
    """The guide's 'Werkvorm <dimension> bij <stage> leernetwerk' link text."""
    return fill(deck.labels.sibling, {"dimension": werkvorm.dimension.name, "stage": werkvorm.stage.link})


Cuts = Mapping[tuple[str, str], tuple[int, ...]]
"""Per (card anchor, face): the block indices where its text continues on the next card, ascending."""


def sequence(deck: Deck, cuts: Cuts | None = None) -> tuple[Card, ...]:
    """Every card of ``deck`` in order, with numbers and links resolved, and continuation cards where ``cuts`` asks."""
    cards = _sequence(deck)
    if not cuts:
        return cards
    return tuple(continued for card in cards for continued in continue_card(card, cuts))


def continue_card(card: Card, cuts: Cuts) -> list[Card]:
    """The card, and after it the cards its text continues on (6a, 6b, …) when ``cuts`` cuts one of its faces."""
    pieces = [
        (face, start, stop, k)
        for face in ("front", "back")
        for k, (start, stop) in enumerate(_pieces(cuts.get((card.anchor, face), ())))
        if k > 0
    ]
    if not pieces:
        return [card]
    holder = {(face, k): _suffix(i) for i, (face, _, _, k) in enumerate(pieces)}

    def link_to(face: str, k: int) -> Link:
        suffix = holder[(face, k)]
        return Link(card.bookmark, card.number, f"{card.anchor}--{suffix}", suffix)

    back_to = Link(card.bookmark, card.number, card.anchor)
    keep = {face: cuts[(card.anchor, face)][0] for face in ("front", "back") if cuts.get((card.anchor, face))}
    first = replace(card, keep=keep, continues_on={face: link_to(face, 1) for face in keep})
    made: list[Card] = [first]
    for i in range(0, len(pieces), 2):
        suffix = _suffix(i)
        sides = [("front", pieces[i]), *([("back", pieces[i + 1])] if i + 1 < len(pieces) else [])]
        windows = {side: Window(face, start, stop) for side, (face, start, stop, _) in sides}
        onward = {side: link_to(face, k + 1) for side, (face, _, stop, k) in sides if stop is not None}
        made.append(
            ContinuationCard(card.number, f"{card.anchor}--{suffix}", card.bookmark, 0, card, suffix, back_to, windows, continues_on=onward)
        )
    return made


def _pieces(bounds: tuple[int, ...]) -> list[tuple[int, int | None]]:
    edges: list[int | None] = [0, *bounds, None]
    return [(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]  # type: ignore[misc]


def _suffix(i: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[i // 2]


def _sequence(deck: Deck) -> tuple[Card, ...]:
    """Every card of ``deck`` in order. A ``--select`` build (``deck.chosen``) keeps the cover, the overview,
    the dividers and werkvormen it chose, the scan and the credits, each reduced to what is kept; every card
    keeps its number in the whole deck."""
    numbers = card_numbers(deck)

    def link(label: str, anchor: str) -> Link:
        return Link(label, numbers[anchor], anchor)

    def kept(dimension: Dimension) -> list[Werkvorm]:
        return [w for w in (deck.werkvorm_at(dimension, s) for s in deck.stages) if deck.keeps(w)]

    dimensions = [d for d in deck.dimensions if kept(d)]
    stages = [s for s in deck.stages if any(deck.keeps(deck.werkvorm_at(d, s)) for d in deck.dimensions)]
    overview = link(deck.labels.back_to_overview, "overview")
    colours = tuple(d.colour for d in dimensions)
    cards: list[Card] = [CoverCard(1, "cover", deck.title, 1, deck.title, deck.cover, colours)]
    if deck.chosen is None:
        cards += [IntroCard(numbers[f"intro-{i.id}"], f"intro-{i.id}", i.title, 2, i) for i in deck.intro]
    rows = tuple(
        OverviewRow(
            d,
            link(d.name, anchor_of_dimension(d)),
            tuple(link(w.title, anchor_of_werkvorm(w)) if deck.keeps(w) else None for w in (deck.werkvorm_at(d, s) for s in stages)),
        )
        for d in dimensions
    )
    headings = (deck.labels.dimension, *(s.heading for s in stages))
    cards.append(
        OverviewCard(
            numbers["overview"],
            "overview",
            deck.labels.overview,
            1,
            deck.labels.overview,
            deck.overview_intro,
            headings,
            rows,
        )
    )
    for dimension in dimensions:
        anchor = anchor_of_dimension(dimension)
        forms = kept(dimension)
        pairs = tuple((w.stage.name, link(w.title, anchor_of_werkvorm(w))) for w in forms)
        cards.append(DividerCard(numbers[anchor], anchor, dimension.name, 1, dimension, pairs))
        for werkvorm in forms:
            siblings = tuple(link(sibling_label(deck, w), anchor_of_werkvorm(w)) for w in forms if w is not werkvorm)
            anchor_w = anchor_of_werkvorm(werkvorm)
            cards.append(
                WerkvormCard(numbers[anchor_w], anchor_w, werkvorm.title, 2, werkvorm, siblings, link(dimension.name, anchor), overview)
            )
    scan = tuple(
        ScanRow(
            d,
            fill(deck.labels.scan_low, {"dimension": d.name}),
            tuple((w.stage.link, link(w.title, anchor_of_werkvorm(w))) for w in kept(d)),
        )
        for d in dimensions
    )
    if deck.scan_card:
        cards.append(ScanCard(numbers["scan"], "scan", deck.labels.scan, 1, deck.labels.scan, scan))
    if deck.credits.shown:
        cards.append(CreditsCard(numbers["credits"], "credits", deck.labels.credits, 1, deck.labels.credits, deck.credits))
    cards += [
        BlankCard(numbers[anchor_of_blank(i)], anchor_of_blank(i), f"{deck.labels.card} {numbers[anchor_of_blank(i)]}", 1)
        for i in range(1, deck.blanks + 1)
    ]
    return tuple(cards)
