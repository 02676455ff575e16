"""Fit a deck part by part: each part's pages are handed on as soon as they fit, then let go.

WeasyPrint keeps about 0.7 MB for each laid-out page, and a PDF is written from all of a document's pages
at once; a deck of hundreds of cards would hold every page until the end. Fitted in parts of ``PART_CARDS``
cards, a deck holds one part's pages at a time: ``finish`` makes what the outputs need of them
(``deck.output.parts``) and they are freed. A face's layout depends on its HTML only, so the pages are the
ones a whole fit gives; and a part whose faces an earlier build fitted is not laid out at all: ``finish``
knows what was made of it. Nor is one in which an earlier build found a face that does not fit: ``finish`` kept
where that face's blocks end, which is all that cutting it into continuation cards needs.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import Protocol

from deck.layout.cards import Card
from deck.layout.engine import Document, empty_document
from deck.layout.fit import CHUNK_FACES, Fitted, Hints, Part, fit, overflow_messages
from deck.layout.measure import Blocks, FaceFit, Shrink
from deck.layout.render import Context, FaceKey, weasyprint_warnings

PART_CARDS = 2
"""Cards in one part, counted by card number: a continuation card belongs to the part of the card it continues,
so that cutting a face changes only its own part. A part is what a later build takes whole or lays out again:
after a one-card edit, a build lays out the parts of the faces that changed (the card, the overview's page)."""
COLLECT_FACES = CHUNK_FACES
"""Pages laid out between two collections: the pages of parts already written hold cycles, which are freed in one
collection after this many instead of one after each part."""


@dataclass(frozen=True)
class Known:
    """What an earlier build fitted and made of a part: its faces' fits (pages numbered in the part), shrinks and
    sizes, what WeasyPrint said, and what ``Finish`` made; or, for a part with faces that do not fit, where their
    blocks end (``failed``), so that they are cut as they were then, without a layout."""

    fits: tuple[FaceFit, ...]
    shrinks: tuple[Shrink, ...]
    sizes: dict[FaceKey, float]
    warnings: tuple[str, ...]
    made: object
    failed: dict[FaceKey, Blocks] = field(default_factory=dict)


class Finish(Protocol):
    """Makes what the outputs need of one part, fitted (its PDFs), and knows what earlier builds made."""

    def __call__(self, fitted: Fitted, frame: str, warnings: Sequence[str]) -> object:
        """What the outputs need of a part whose faces all fit (in a deck whose HTML is ``frame`` around the faces)."""
        ...

    def known(self, frame: str, faces: Mapping[FaceKey, str]) -> Known | None:
        """What an earlier build made of a part of these faces (or found of it, when a face did not fit), or None."""
        ...

    def failed(self, fitted: Fitted, frame: str, warnings: Sequence[str]) -> None:
        """Keep what fitting a part gave when a face of it does not fit: a later build cuts it without a layout."""
        ...


def part_groups(cards: tuple[Card, ...], faces: Mapping[FaceKey, str]) -> list[tuple[FaceKey, ...]]:
    """The faces of each part, in page order: part n holds the cards numbered from ``n * PART_CARDS``."""
    number = {card.label: card.number for card in cards}
    return [tuple(keys) for _, keys in groupby(faces, key=lambda key: number[key[0]] // PART_CARDS)]


def fit_in_parts(
    context: Context,
    lay_out: Callable[[Context], Document],
    min_pt: float,
    what: str,
    faces: Mapping[FaceKey, str],
    finish: Finish,
    frame: str,
    previous: Fitted | None = None,
    hints: Hints | None = None,
) -> Fitted:
    """Fit the deck one part at a time (``fit``), handing each part whose faces all fit to ``finish``.

    A part ``finish`` knows from an earlier build is taken as it was made then. With ``previous`` (the same
    deck fitted in parts with other cuts), a part whose faces have the same HTML is kept as it was, without a
    layout; a part that did not fit then is fitted again keeping the pages of its faces that did not change;
    any other part is laid out with its shrunk faces at the size they fitted at (as an earlier build's ``hints``).
    """
    known: dict[str, tuple[float, float]] = {**(hints or {}), **(previous.hints() if previous else {})}
    before = {part.faces[0]: part for part in previous.parts} if previous else {}  # a part is known by its first face
    results: list[Fitted] = []
    parts: list[Part] = []
    uncollected = 0
    for group in part_groups(context.cards, faces):
        old = before.get(group[0])
        if old is not None and old.made is not None and previous is not None and _same(old.faces, group, previous.faces, faces):
            results.append(_slice(previous, group))
            parts.append(old)
            continue
        wanted = {key: faces[key] for key in group}
        if (made := finish.known(frame, wanted)) is not None:
            fitted = _from_known(made, group, wanted, context, min_pt, what)
            results.append(fitted)
            parts.append(Part(group, None, fitted) if fitted.failures else Part(group, made.made))
            continue
        with weasyprint_warnings() as said:
            fitted = fit(replace(context, only=frozenset(group)), lay_out, min_pt, what, wanted, old.pending if old else None, known)
            if fitted.failures:
                finish.failed(fitted, frame, said)
                part = Part(group, None, fitted)
            else:
                part = Part(group, finish(fitted, frame, said))
        parts.append(part)
        results.append(replace(fitted, document=fitted.document.copy([])))
        del fitted, part
        uncollected += len(group)
        if uncollected >= COLLECT_FACES:
            gc.collect()  # the parts' pages hold cycles: free them before more are laid out
            uncollected = 0
    return _joined(results, tuple(parts), context, faces)


def _from_known(
    known: Known, group: tuple[FaceKey, ...], faces: Mapping[FaceKey, str], context: Context, min_pt: float, what: str
) -> Fitted:
    """A part an earlier build fitted, as ``fit`` gives it, without pages (a face that does not fit with its blocks)."""
    failures = tuple(f for f in known.fits if not f.fits)
    return Fitted(
        empty_document(),
        known.shrinks,
        known.fits,
        dict(known.sizes),
        0,
        failures,
        group,
        overflow_messages(context, failures, min_pt, what),
        faces=dict(faces),
        failed_blocks=dict(known.failed),
    )


def _same(old: tuple[FaceKey, ...], new: tuple[FaceKey, ...], old_html: Mapping[FaceKey, str], new_html: Mapping[FaceKey, str]) -> bool:
    return old == new and all(old_html.get(key) == new_html[key] for key in new)


def _slice(fitted: Fitted, group: tuple[FaceKey, ...]) -> Fitted:
    """What ``fitted`` knows about the faces of ``group`` (which all fit), without pages."""
    chosen = set(group)
    return replace(
        fitted,
        shrinks=tuple(s for s in fitted.shrinks if (s.card, s.face) in chosen),
        fits=tuple(f for f in fitted.fits if (f.card, f.face) in chosen),
        sizes={key: size for key, size in fitted.sizes.items() if key in chosen},
        layouts=0,
        failures=(),
        messages=(),
        order=group,
        document=fitted.document.copy([]),
        parts=(),
    )


def _joined(results: list[Fitted], parts: tuple[Part, ...], context: Context, faces: Mapping[FaceKey, str]) -> Fitted:
    """One Fitted for the whole deck: the parts' faces numbered as the pages of the whole deck."""
    fits, offset = [], 0
    for result in results:
        fits.extend(replace(f, page=offset + number) for number, f in enumerate(result.fits, 1))
        offset += len(result.order)
    return Fitted(
        results[0].document,
        tuple(s for result in results for s in result.shrinks),
        tuple(fits),
        {key: size for result in results for key, size in result.sizes.items()},
        sum(result.layouts for result in results),
        tuple(f for result in results for f in result.failures),
        tuple(key for result in results for key in result.order),
        tuple(m for result in results for m in result.messages),
        context.cards,
        dict(faces),
        parts,
    )
