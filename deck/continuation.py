"""Continue a face's text on the cards after it (6a, 6b) when it does not fit, with the same cards in every language.

Every language is fitted; each face that does not fit even at the minimum size is cut after the last of
its blocks (paragraph, step, item, overview row) that fits, and the rest goes to a continuation card. The
number of pieces of each face is the largest any language needs, so that card numbers agree across
languages. This repeats until every face fits, or a face cannot be cut (one block too large, or a face
with no blocks): then every such face of every language is reported at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .cards import Card, ContinuationCard, Cuts, continue_card
from .errors import RenderError
from .fit import Fitted
from .measure import FOOT_GAP_MM, PX_PER_MM, FaceFit

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
class Fits:
    """Every language fitted at one size; ``continued`` lists the cards that continue (the same in every language)."""

    fitted: dict[str, Fitted]
    continued: tuple[Continued, ...]


FitOne = Callable[[str, Cuts], Fitted]
"""Fits one language with the given cuts, returning its failures rather than raising."""


def fit_languages(languages: Sequence[str], fit_one: FitOne, size: str, margin_mm: float, continue_cards: bool = True) -> Fits:
    """Fit every language; continue what does not fit on continuation cards (or, without ``continue_cards``, fail)."""
    cuts: dict[str, dict[Key, tuple[int, ...]]] = {language: {} for language in languages}
    for _ in range(MAX_ROUNDS):
        fitted = {language: fit_one(language, cuts[language]) for language in languages}
        failing = [(language, failure) for language in languages for failure in fitted[language].failures]
        if not failing:
            return Fits(fitted, continued(fitted[languages[0]].cards, size))
        if not continue_cards:
            raise RenderError("\n".join(message for f in fitted.values() for message in f.messages))
        hopeless = []
        for language, failure in failing:
            cut = cut_face(fitted[language], failure, margin_mm, cuts[language])
            if cut is None:
                hopeless.append(_message(fitted[language], failure))
            else:
                cuts[language][cut[0]] = cut[1]
        if hopeless:
            raise RenderError("\n".join(hopeless))
        equalise(cuts, fitted)
    raise RenderError("\n".join(message for f in fitted.values() for message in f.messages))


def _message(fitted: Fitted, failure: FaceFit) -> str:
    return next(m for f, m in zip(fitted.failures, fitted.messages, strict=True) if f is failure)


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
    page = fitted.document.pages[fitted.order.index((failure.card, failure.face))]
    reserve = 0.0 if card.continues_on.get(failure.face) else RESERVE_MM
    bottoms, limit = block_bottoms(page, margin_mm)
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


def _walk(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def block_bottoms(page: object, margin_mm: float) -> tuple[dict[int, float], float]:
    """The bottom (px) of every block on a face's page, and how low the face's text may reach."""
    bottoms: dict[int, float] = {}
    limit = None
    face_box = foot = None
    for box in _walk(page._page_box):  # type: ignore[attr-defined]
        element = getattr(box, "element", None)
        if element is None or getattr(box, "element_tag", None) is None:
            continue
        classes = (element.get("class") or "").split()
        if "face" in classes and face_box is None:
            face_box = box
        if "foot" in classes and foot is None:
            foot = box
        index = element.get("data-blk")
        if index is not None and hasattr(box, "position_y"):
            bottom = box.position_y + box.margin_height()
            bottoms[int(index)] = max(bottoms.get(int(index), 0.0), bottom)
    if foot is not None:
        limit = foot.position_y - FOOT_GAP_MM * PX_PER_MM
    elif face_box is not None:
        limit = face_box.position_y + face_box.height - margin_mm * PX_PER_MM
    return bottoms, limit if limit is not None else 0.0


def equalise(cuts: dict[str, dict[Key, tuple[int, ...]]], fitted: Mapping[str, Fitted]) -> None:
    """Give every cut face as many pieces in every language as the language that needs most."""
    keys = {key for language_cuts in cuts.values() for key in language_cuts}
    for key in keys:
        most = max(len(language_cuts.get(key, ())) for language_cuts in cuts.values())
        for language, language_cuts in cuts.items():
            bounds = list(language_cuts.get(key, ()))
            blocks = _block_count(fitted[language].cards, key)
            while len(bounds) < most:
                last = bounds[-1] if bounds else 0
                bounds.append(blocks - 1 if blocks - 1 > last else blocks)
            language_cuts[key] = tuple(bounds)


def _block_count(cards: Sequence[Card], key: Key) -> int:
    anchor, face = key
    card = next(c for c in cards if c.anchor == anchor)
    return len(card.blocks(face))


__all__ = ["Continued", "Fits", "continue_card", "fit_languages"]
