"""Continue a face's text on the cards after it (6a, 6b) when it does not fit, with the same cards in every language.

Every language is fitted; each face that does not fit even at the minimum size is cut after the last of
its blocks (paragraph, step, item, overview row) that fits, and the rest goes to a continuation card. The
number of pieces of each face is the largest any language needs, so that card numbers agree across
languages. This repeats until every face fits, or a face cannot be cut (one block too large, or a face
with no blocks): then every such face of every language is reported at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from deck.errors import RenderError
from deck.layout.cards import Card, ContinuationCard, continue_card
from deck.layout.fit import Fitted
from deck.layout.measure import PX_PER_MM, FaceFit
from deck.layout.reuse import Taken

MAX_ROUNDS = 8
"""Rounds of fitting and cutting before giving up (text needing more is far beyond any card)."""
RESERVE_MM = 5.0
"""Room kept free at the foot of a face that is cut for the first time, for its "… card 6a ›" line."""

Key = tuple[str, str]
"""(card anchor, face) of a card whose text is cut."""


@dataclass(frozen=True)
class Continued:
    """A card whose text continues on the cards after it."""

    number: int
    title: str
    on: tuple[str, ...]
    size: str

    def __str__(self) -> str:
        cards = "card " + self.on[0] if len(self.on) == 1 else "cards " + ", ".join(self.on)
        return f"card {self.number} ({self.title}) continues on {cards} at {self.size}"


@dataclass(frozen=True)
class Attempt:
    """One language fitted with some cuts: either every face fits (``planned`` holds its rendered outputs), or
    ``cuts`` proposes where to cut the faces that do not. Plain data, so that it can come back from a worker."""

    language: str
    fits: bool
    cuts: dict[Key, tuple[int, ...]]
    blocks: dict[Key, int]
    """How many blocks each cuttable face has (to give every language as many pieces)."""
    continued: tuple[Continued, ...] = ()
    messages: tuple[str, ...] = ()
    hopeless: tuple[str, ...] = ()
    planned: Any = None
    hints: dict[str, tuple[float, float]] = field(default_factory=dict)
    """The size each shrunk face fits at, by its HTML (``Fitted.hints``), for the next build."""
    reused: Taken = field(default_factory=lambda: (frozenset(), {}))
    """The earlier results its outputs read, and the ones they made, for the build to keep (``deck.layout.reuse``)."""


def _blocks(cards: Sequence[Card]) -> dict[Key, int]:
    return {(c.anchor, face): len(c.blocks(face)) for c in cards if not isinstance(c, ContinuationCard) for face in ("front", "back")}


def accepted(language: str, fitted: Fitted, cuts: Mapping[Key, tuple[int, ...]], size: str, planned: Any) -> Attempt:
    """The attempt of a language whose every face fits."""
    return Attempt(language, True, dict(cuts), _blocks(fitted.cards), continued(fitted.cards, size), planned=planned, hints=fitted.hints())


def propose(language: str, fitted: Fitted, cuts: Mapping[Key, tuple[int, ...]], margin_mm: float, size: str) -> Attempt:
    """The attempt of a language with faces that do not fit: the cuts that would continue them."""
    proposed = dict(cuts)
    hopeless = []
    for failure, message in zip(fitted.failures, fitted.messages, strict=True):
        cut = cut_face(fitted, failure, margin_mm, proposed)
        if cut is None:
            hopeless.append(message)
        else:
            proposed[cut[0]] = cut[1]
    return Attempt(language, False, proposed, _blocks(fitted.cards), (), fitted.messages, tuple(hopeless))


Work = tuple[str, dict[Key, tuple[int, ...]]]
"""A language and the cuts to fit it with."""


def pieces(cuts: Mapping[Key, tuple[int, ...]]) -> dict[str, int]:
    """How many continuation pieces each cut face has ("anchor|face": count): what card numbers depend on."""
    return {f"{anchor}|{face}": len(bounds) for (anchor, face), bounds in sorted(cuts.items()) if bounds}


def settle(
    languages: Sequence[str],
    attempt_all: Callable[[list[Work]], list[Attempt]],
    continue_cards: bool = True,
) -> dict[str, Attempt]:
    """Fit every language, cutting what does not fit, until every face fits with the same cards in every language.

    Without ``continue_cards`` a face that does not fit fails at once; so does a face that cannot be cut. Every
    such face of every language is named.
    """
    cuts: dict[str, dict[Key, tuple[int, ...]]] = {language: {} for language in languages}
    blocks: dict[str, dict[Key, int]] = {}
    done: dict[str, Attempt] = {}
    failing: list[Attempt] = []
    for _ in range(MAX_ROUNDS):
        attempts = attempt_all([(language, cuts[language]) for language in languages if language not in done])
        failing = [a for a in attempts if not a.fits]
        for attempt in attempts:
            blocks[attempt.language] = attempt.blocks
            if attempt.fits:
                done[attempt.language] = attempt
        if failing and not continue_cards:
            raise RenderError("\n".join(m for a in failing for m in a.messages))
        hopeless = [m for a in failing for m in a.hopeless]
        if hopeless:
            raise RenderError("\n".join(hopeless))
        for attempt in attempts:  # a language may have cut its own faces while it fitted
            cuts[attempt.language] = dict(attempt.cuts)  # a copy: equalise changes it
        equalise(cuts, blocks)
        for language in list(done):
            if cuts[language] != done[language].cuts:
                del done[language]  # another language needs a card this one has not cut yet
        if len(done) == len(languages):
            return {language: done[language] for language in languages}
    raise RenderError("\n".join(m for a in failing for m in a.messages))


def continued(cards: Sequence[Card], size: str) -> tuple[Continued, ...]:
    """The cards that continue, each with the numbers of its continuation cards."""
    found: dict[str, list[str]] = {}
    titles: dict[str, tuple[int, str]] = {}
    for card in cards:
        if isinstance(card, ContinuationCard):
            found.setdefault(card.source.anchor, []).append(card.label)
            titles[card.source.anchor] = (card.number, card.source.bookmark)
    return tuple(Continued(*titles[anchor], tuple(labels), size) for anchor, labels in found.items())


def _where(card: Card, side: str) -> tuple[Key, int, int | None] | None:
    """The cut face a card's side shows: (source anchor, source face), the start and stop of its blocks."""
    if isinstance(card, ContinuationCard):
        window = card.windows.get(side)
        return ((card.source.anchor, window.face), window.start, window.stop) if window else None
    if not card.blocks(side):
        return None
    return (card.anchor, side), 0, card.keep.get(side)


def cut_face(fitted: Fitted, failure: FaceFit, margin_mm: float, cuts: Mapping[Key, tuple[int, ...]]) -> tuple[Key, tuple[int, ...]] | None:
    """The new cuts of the face ``failure`` names: after the last block that fits; None when it cannot be cut."""
    card = next(c for c in fitted.cards if c.label == failure.card)
    where = _where(card, failure.face)
    if where is None:
        return None
    key, start, stop = where
    blocks = len(card.blocks(failure.face))
    end = blocks if stop is None else stop
    measured = fitted.blocks((failure.card, failure.face))
    reserve = 0.0 if card.continues_on.get(failure.face) else RESERVE_MM
    bottoms, limit = measured.bottoms, measured.limit(margin_mm)
    kept = 0
    for index in range(start, end):
        if index not in bottoms or bottoms[index] > limit - reserve * PX_PER_MM:
            break
        kept += 1
    kept = min(kept, end - start - 1)
    if kept < 1:
        return None
    face_blocks = card.blocks(failure.face)
    between_units = [i for i in range(start + 1, start + kept + 1) if face_blocks[i].part == 0]
    cut = between_units[-1] if between_units else start + kept  # between paragraphs or steps where one fits
    bounds = list(cuts.get(key, ()))
    if stop is None:
        bounds.append(cut)
    else:
        bounds[bounds.index(stop)] = cut
    return key, tuple(bounds)


def equalise(cuts: dict[str, dict[Key, tuple[int, ...]]], blocks: Mapping[str, Mapping[Key, int]]) -> None:
    """Give every cut face as many pieces in every language as the language that needs most."""
    keys = {key for language_cuts in cuts.values() for key in language_cuts}
    for key in keys:
        most = max(len(language_cuts.get(key, ())) for language_cuts in cuts.values())
        for language, language_cuts in cuts.items():
            bounds = list(language_cuts.get(key, ()))
            count = blocks[language].get(key, 0)  # type: ignore[call-overload]
            while len(bounds) < most:
                last = bounds[-1] if bounds else 0
                bounds.append(count - 1 if count - 1 > last else count)
            language_cuts[key] = tuple(bounds)


__all__ = ["Attempt", "Continued", "accepted", "continue_card", "pieces", "propose", "settle"]
