"""Fit every face: shrink the text of faces that overflow, in small steps, down to a minimum."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import pairwise

from deck.errors import RenderError
from deck.layout.cards import Card
from deck.layout.engine import Document, Page
from deck.layout.measure import Blocks, FaceFit, Shrink, measure, page_blocks
from deck.layout.render import Context, FaceKey

STEP_PT = 0.25
CHUNK_FACES = 64
"""Faces laid out in one go: a large deck is laid out in parts of this many faces, which bounds the memory a
layout needs while it works (about 1 MB per page in WeasyPrint) and leaves the pages the same (a face's
layout depends on its HTML only)."""
MAX_START_PT = 72.0
"""No face starts larger: a hint that says otherwise (a damaged cache) is not used."""

Hints = Mapping[str, tuple[float, float]]
"""What an earlier build learnt: a face's HTML digest -> the size it started at and the size it fits at."""


def face_digest(html: str) -> str:
    """The name of a face's HTML (at its starting size) in ``Hints``."""
    return hashlib.sha256(html.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class Part:
    """Consecutive faces of a deck fitted in parts (``deck.layout.parts``), and what was made of their pages."""

    faces: tuple[FaceKey, ...]
    """Its faces: the first one names the part from one round to the next (continuation cards follow their card)."""
    made: object
    """What was made of the part's pages; None while one of its faces does not fit."""
    pending: Fitted | None = None
    """While one of its faces does not fit: the part fitted, pages and all, for the next round to keep what it can."""


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
    faces: Mapping[FaceKey, str] = field(default_factory=dict)
    """Each face's HTML (at its starting size): a later fit with other cuts keeps the faces whose HTML is the same."""
    parts: tuple[Part, ...] = ()
    """A deck fitted part by part, as every build fits one (``deck.layout.parts``): ``document`` then holds no pages,
    and only the parts with a face that does not fit keep theirs."""
    failed_blocks: Mapping[FaceKey, Blocks] = field(default_factory=dict)
    """The blocks of each face that does not fit, when its page is not at hand (a part an earlier build fitted)."""

    def _pending(self, key: FaceKey) -> Fitted | None:
        """In a deck fitted in parts, the part that does not fit and holds this face, if one does."""
        return next((part.pending for part in self.parts if part.pending is not None and key in part.pending.order), None)

    def page(self, key: FaceKey) -> Page:
        """The page of a face; in a deck fitted in parts, only the faces of a part that does not fit have one."""
        held = self._pending(key)
        return held.page(key) if held is not None else self.document.pages[self.order.index(key)]

    def blocks(self, key: FaceKey) -> Blocks:
        """Where the blocks of a face that does not fit end on its page: what cutting it needs."""
        held = self._pending(key)
        if held is not None:
            return held.blocks(key)
        return self.failed_blocks[key] if key in self.failed_blocks else page_blocks(self.page(key), key)

    def held_pages(self) -> int:
        """How many laid-out pages this holds: every face's, or in a deck fitted in parts, those of parts that do not fit."""
        return len(self.document.pages) + sum(len(part.pending.document.pages) for part in self.parts if part.pending is not None)

    def hints(self) -> dict[str, tuple[float, float]]:
        """The size each shrunk face fits at, by its HTML: a later build lays such a face out at that size at once."""
        return {face_digest(html): (s.from_pt, s.to_pt) for s in self.shrinks if (html := self.faces.get((s.card, s.face)))}

    def raise_failures(self) -> None:
        """Fail, naming every face that does not fit."""
        if self.messages:
            raise RenderError("\n".join(self.messages))


def fit(
    context: Context,
    lay_out: Callable[[Context], Document],
    min_pt: float,
    what: str,
    faces: Mapping[FaceKey, str] | None = None,
    previous: Fitted | None = None,
    hints: Hints | None = None,
) -> Fitted:
    """Lay out every face; re-lay out only the faces that overflow, smaller, until each is at the largest
    size (in steps of ``STEP_PT``) that fits: ``next_size`` says where to look, a step up checks a jump.

    ``faces`` gives each face's HTML in page order; with ``previous`` (the same deck fitted with other
    cuts), the faces whose HTML did not change keep their page and size, and only the others are laid
    out. A face named in ``hints`` (an earlier build's shrunk faces) is laid out at the size it fitted at
    then, so that it fits at the first layout: a face's layout depends on its HTML only. Faces that do
    not fit at ``min_pt`` are returned in ``failures`` (``what`` names the deck, language and size in
    their messages); the caller continues them on other cards or fails.
    """
    pages: dict[FaceKey, Page] = {}
    result: dict[FaceKey, FaceFit] = {}
    start: dict[FaceKey, float] = {}
    sizes: dict[FaceKey, float] = {}
    layouts = 0

    def lay_out_again(only: frozenset[FaceKey] | None) -> tuple[Document, list[FaceKey]]:
        """Lay out ``only`` (None: every face) at the current sizes, at most ``CHUNK_FACES`` in one go; keep and
        measure each face's page. The document returned holds no pages, so that a replaced page is freed at once."""
        nonlocal layouts
        wanted = [key for key in faces or () if only is None or key in only]
        groups = [frozenset(wanted[i : i + CHUNK_FACES]) for i in range(0, len(wanted), CHUNK_FACES)]
        keys: list[FaceKey] = []
        empty = None
        for group in groups if len(wanted) > CHUNK_FACES else [only if only is not None else context.only]:
            document = lay_out(replace(context, sizes=dict(sizes), only=group))
            layouts += 1
            for measured in measure(document, context.page.margin):
                key = (measured.card, measured.face)
                pages[key], result[key] = document.pages[measured.page - 1], measured
                start.setdefault(key, measured.body_pt)
                keys.append(key)
            if empty is None:
                empty = document.copy([])
        assert empty is not None
        return empty, keys

    def hint(keys: Iterable[FaceKey]) -> None:
        """Start each of ``keys`` that an earlier build shrank at the size it fitted at."""
        if not hints or not faces:
            return
        for key in keys:
            known = hints.get(face_digest(faces[key]))
            if known is not None and key not in sizes and min_pt <= known[1] < known[0] <= MAX_START_PT:  # a sane hint only
                start[key], sizes[key] = known

    kept = _kept(faces, previous)
    if previous is None or not kept:
        hint(faces or ())
        document, order = lay_out_again(None)
    else:
        old = dict(zip(previous.order, previous.document.pages, strict=True))
        fits = {(f.card, f.face): f for f in previous.fits}
        shrunk = {(s.card, s.face): s.from_pt for s in previous.shrinks}
        for key in kept:
            pages[key], result[key], start[key] = old[key], fits[key], shrunk.get(key, fits[key].body_pt)
            if key in previous.sizes:
                sizes[key] = previous.sizes[key]
        order = list(faces or ())
        redo = [key for key in order if key not in kept]
        hint(redo)
        document = lay_out_again(frozenset(redo))[0] if redo else previous.document  # alone, as probes are
    given_up: set[FaceKey] = set()
    failed_at: dict[FaceKey, float] = {}  # the smallest size each face did not fit at
    fitted_at: dict[FaceKey, tuple[float, Page, FaceFit]] = {}  # the largest size it fits at, with its page
    restored: set[FaceKey] = set()  # faces given their page of an earlier round back
    probing = {key for key in order if not result[key].fits}
    while probing:
        probes: dict[FaceKey, float] = {}
        for key in probing:
            size, measured = sizes.get(key, result[key].body_pt), result[key]
            if measured.fits:
                fitted_at[key] = (size, pages[key], measured)
                if (up := step_up(size, start[key])) < failed_at[key] - 1e-6:  # a size between may fit too
                    probes[key] = up
                continue
            failed_at[key] = size
            floor = step_up(fitted_at[key][0], start[key]) if key in fitted_at else min_pt
            if size <= floor + 1e-6:  # nothing smaller is left to try, or the next size down is known to fit
                if key in fitted_at:
                    sizes[key], pages[key], result[key] = fitted_at[key]
                    restored.add(key)
                else:
                    given_up.add(key)
                continue
            probes[key] = max(floor, next_size(measured, min_pt))
        sizes.update(probes)
        if probes:
            lay_out_again(frozenset(probes))  # alone: nothing runs onto a face from the one before it
        probing = set(probes)
    following = dict(pairwise(order))
    spilled = {following[key] for key in restored if key in following}  # laid out beside a larger try that overflowed
    shared = frozenset(key for key in order if result[key].shared and (key not in given_up or key in spilled))
    if shared:  # text that did not fit ran onto these faces' pages: lay them out without it
        lay_out_again(shared)
        given_up = {key for key in given_up if not result[key].fits}
    shrinks = tuple(
        Shrink(card, face, _title(context, card), start[(card, face)], sizes[(card, face)])
        for card, face in order
        if (card, face) in sizes and (card, face) not in given_up
    )
    failures = tuple(result[key] for key in order if key in given_up)
    messages = overflow_messages(context, failures, min_pt, what)
    return Fitted(
        document.copy([pages[key] for key in order]),  # one page per face, whatever overflowed while fitting
        shrinks,
        tuple(replace(result[key], page=number) for number, key in enumerate(order, 1)),  # pages of this document
        sizes,
        layouts,
        failures,
        tuple(order),
        messages,
        context.cards,
        dict(faces or {}),
    )


def _kept(faces: Mapping[FaceKey, str] | None, previous: Fitted | None) -> set[FaceKey]:
    """The faces whose HTML is the same as in ``previous``: their page can be kept.

    Not a face whose page also shows what ran over from the face before it.
    """
    if faces is None or previous is None or not previous.faces or not previous.document.pages:  # no pages to lend
        return set()
    shared = {(f.card, f.face) for f in previous.fits if f.shared}
    return {key for key, html in faces.items() if previous.faces.get(key) == html and key not in shared}


HOPELESS = 1.3
"""A face whose content, scaled to the minimum size, would still be this much taller than its room goes
straight to the minimum size: a face far too long fails after two layouts, not after every step."""


def step_up(size: float, origin: float) -> float:
    """The smallest of a face's sizes (``origin`` less whole steps) above ``size``: from the minimum size, which
    need not be one of them, the step up is to one that is."""
    steps = math.ceil(round((origin - size) / STEP_PT, 6)) - 1
    return round(origin - steps * STEP_PT, 2)


def next_size(fit: FaceFit, min_pt: float) -> float:
    """The next body size to try for a face that overflows: where its text would just fit, or the minimum.

    Text takes room with the square of its size, and what does not scale with it (margins, rules)
    makes the true size a little smaller still; so the size that area predicts, rounded up to a step of
    this face's size, is mostly at or just above the size the face fits at. A face that overflows by a
    little goes one step down; one that overflows by much gets there in a few layouts instead of a
    layout for every step (``fit`` steps back up when a jump went too far: a line that no longer wraps
    can save more than area says).
    """
    room = fit.content_mm - fit.overflow_mm
    if room <= 0 or fit.content_mm * (min_pt / fit.body_pt) ** 2 > HOPELESS * room:
        return min_pt
    predicted = fit.body_pt * math.sqrt(room / fit.content_mm)
    steps = max(1, math.floor((fit.body_pt - predicted) / STEP_PT + 1e-6))
    return round(max(min_pt, fit.body_pt - steps * STEP_PT), 2)


def _title(context: Context, label: str) -> str:
    return next(card.bookmark for card in context.cards if card.label == label)


def overflow_messages(context: Context, failures: Iterable[FaceFit], min_pt: float, what: str) -> tuple[str, ...]:
    """One line for each face that does not fit, naming the card, face, language, size and overflow."""
    return tuple(
        f"card {fit.card} ({_title(context, fit.card)}), {fit.face}: the text does not fit, even at the minimum size of "
        f"{min_pt:g} pt; it overflows by {fit.overflow_mm:g} mm ({what}). Shorten the text or choose a larger card size."
        for fit in failures
    )
