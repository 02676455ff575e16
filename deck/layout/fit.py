"""Fit every face: shrink the text of faces that overflow, in small steps, down to a minimum."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from weasyprint import Document

from deck.errors import RenderError
from deck.layout.cards import Card
from deck.layout.measure import FaceFit, Shrink, measure
from deck.layout.render import Context, FaceKey

STEP_PT = 0.25


@dataclass(frozen=True)
class Fitted:
    """A laid-out deck whose every face fits; ``sizes`` holds the body size of each shrunk face."""

    document: Document
    shrinks: tuple[Shrink, ...]
    fits: tuple[FaceFit, ...]
    sizes: dict[FaceKey, float]
    layouts: int
    """How many times WeasyPrint laid out (part of) the deck: 1 when nothing had to shrink."""
    failures: tuple[FaceFit, ...] = ()
    """Faces that do not fit even at the minimum size; their page in ``document`` shows them at that size."""
    order: tuple[FaceKey, ...] = ()
    """The faces in page order: ``document.pages[i]`` is face ``order[i]``."""
    messages: tuple[str, ...] = ()
    """One line per failing face, naming the card, face, language, size and overflow."""
    cards: tuple[Card, ...] = ()
    """The cards laid out, continuation cards included."""

    def raise_failures(self) -> None:
        """Fail, naming every face that does not fit."""
        if self.messages:
            raise RenderError("\n".join(self.messages))


def fit(context: Context, lay_out: Callable[[Context], Document], min_pt: float, what: str) -> Fitted:
    """Lay out every face; re-lay out only the faces that overflow, each step a little smaller.

    Faces that do not fit at ``min_pt`` are returned in ``failures`` (``what`` names the deck, language
    and size in their messages); the caller continues them on other cards or fails.
    """
    document = lay_out(context)
    fits = measure(document, context.page.margin)
    pages = list(document.pages)
    page_of = {(f.card, f.face): f.page - 1 for f in fits}
    result = {(f.card, f.face): f for f in fits}
    start = {(f.card, f.face): f.body_pt for f in fits}
    sizes: dict[FaceKey, float] = {}
    failing = {key for key, f in result.items() if not f.fits}
    keys = list(page_of)
    layouts = 1
    given_up: set[FaceKey] = set()
    while failing:
        too_small = {key for key in failing if result[key].body_pt <= min_pt + 1e-6}
        given_up |= too_small
        failing -= too_small
        if not failing:
            break
        for key in failing:
            sizes[key] = next_size(result[key], min_pt)
        # What overflows a page runs onto the next face's page: lay that face out again too, or it keeps the spill.
        after = {keys[keys.index(key) + 1] for key in failing if keys.index(key) + 1 < len(keys)}
        partial = replace(context, sizes=dict(sizes), only=frozenset(failing | after))
        redone = lay_out(partial)
        layouts += 1
        for measured in measure(redone, context.page.margin):
            key = (measured.card, measured.face)
            pages[page_of[key]] = redone.pages[measured.page - 1]
            result[key] = measured
        failing = {key for key in failing if not result[key].fits}
    order = tuple(page_of)
    shrinks = tuple(
        Shrink(card, face, _title(context, card), start[(card, face)], sizes[(card, face)])
        for card, face in order
        if (card, face) in sizes and (card, face) not in given_up
    )
    in_order = [pages[page_of[key]] for key in order]  # one page per face, whatever overflowed while fitting
    failures = tuple(result[key] for key in order if key in given_up)
    messages = tuple(_overflow_message(context, (f.card, f.face), f, min_pt, what) for f in failures)
    return Fitted(
        document.copy(in_order), shrinks, tuple(result[key] for key in order), sizes, layouts, failures, order, messages, context.cards
    )


HOPELESS = 1.3
"""A face whose content, scaled to the minimum size, would still be this much taller than its room goes
straight to the minimum size: a face far too long fails after two layouts, not after every step."""


def next_size(fit: FaceFit, min_pt: float) -> float:
    """The next body size to try for a face that overflows: a step smaller, or the minimum when it is hopeless."""
    room = fit.content_mm - fit.overflow_mm
    if fit.content_mm * (min_pt / fit.body_pt) ** 2 > HOPELESS * room:
        return min_pt
    return round(max(min_pt, fit.body_pt - STEP_PT), 2)


def _title(context: Context, label: str) -> str:
    return next(card.bookmark for card in context.cards if card.label == label)


def _overflow_message(context: Context, key: FaceKey, fit: FaceFit, min_pt: float, what: str) -> str:
    card, face = key
    return (
        f"card {card} ({_title(context, card)}), {face}: the text does not fit, even at the minimum size of {min_pt:g} pt; "
        f"it overflows by {fit.overflow_mm:g} mm ({what}). Shorten the text or choose a larger card size."
    )
