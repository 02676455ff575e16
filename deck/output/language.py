"""One worker's job: fit one language with the given cuts and, when every face fits, render its outputs.

This module, and what it imports, is the layout stack (WeasyPrint): a build imports it only when some
language has to be laid out, so that a build the cache answers never loads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from deck.content.dates import reproducible, source_epoch
from deck.content.load import Content
from deck.errors import ContentError, RenderError
from deck.layout.cards import Cuts
from deck.layout.continuation import MAX_ROUNDS, Attempt, accepted, propose, settle
from deck.layout.fit import CHUNK_FACES, Fitted, Hints
from deck.layout.fitting import fit_language
from deck.layout.geometry import Geometry, Paper, resolve_paper
from deck.layout.render import Page, weasyprint_warnings
from deck.layout.reuse import Taken, reusing
from deck.layout.scan_card import with_scan_card
from deck.layout.subset import forget_origins, pin_font_subsetting
from deck.options import OUTPUTS, Options
from deck.output.outputs import plan_language
from deck.output.parts import part_writer
from deck.workers import Workers, collector_tuned

pin_font_subsetting()

_LAST: dict[str, tuple[Fitted, tuple[str, ...], Cuts]] = {}
"""Each language's last layout in this process while its languages are settled, with what WeasyPrint said
while laying it out and the cuts it was fitted with: a language fitted again with the cuts another language
needs lays out only the faces those cuts change."""
_TAKEN: dict[str, Taken] = {}
"""What each language's earlier rounds in this process read from and made for the reuse cache (``deck.layout.reuse``),
sent with the attempt that renders it: a deck fitted in parts makes its parts' PDFs while it is fitted."""
KEEP_FACES = 4 * CHUNK_FACES
"""The most pages one process keeps laid out for later rounds (about 1 MB a page): languages fitted one after the
other in one process (``--jobs 1``) do not all hold their pages; a language beyond it is fitted again from the
start when it must be. A build fits in parts (``deck.layout.parts``) and holds only the pages of parts with a face
that does not fit: the PDFs of the others are kept instead. A fit without outputs (``check_fit``) holds them all."""


def attempt_dated(
    content: Content,
    work: tuple[str, Cuts, bool],
    geometry: Geometry,
    paper: Paper,
    out_dir: Path,
    outputs: Sequence[str],
    options: Options,
    hints: Hints | None = None,
    reuse_from: tuple[Path | None, str] = (None, ""),
) -> Attempt:
    """Fit one language with the given cuts and, when every face fits, render its outputs (one worker's job).

    Every timestamp is set to the deck's date. A face that does not fit is cut into continuation cards
    here, in this worker, so that the faces the cut does not change keep their layout; a face that
    cannot be cut comes back as a proposal that names it. ``work`` is the language, its cuts, and whether
    to render now: if not, and its layout is kept for a later round, it comes back fitted but not rendered
    (``planned`` None), and a later call with the same cuts renders that layout. ``reuse_from`` is the
    folder and namespace of earlier builds' results (``deck.layout.reuse``), (None, "") for none.
    """
    language, cuts, render = work
    kept = _LAST.pop(language, None)
    finish = part_writer(content, language, geometry, outputs, options)  # each part of the deck written as it fits

    def fitted_with(previous: Fitted | None) -> Fitted:
        """The language fitted with the current cuts, keeping the pages of ``previous`` that did not change."""
        return fit_language(
            content, language, geometry, options.min_pt, options.theme, cuts, strict=False, previous=previous, hints=hints, finish=finish
        )

    def rendered(fitted: Fitted, fit_warnings: list[str]) -> Attempt:
        """The attempt of the language, every face fitting, with its outputs rendered."""
        planned = plan_language(content, language, geometry, paper, out_dir, outputs, options, fitted, fit_warnings) if outputs else []
        return accepted(language, fitted, cuts, geometry.name, planned)

    def attempt() -> Attempt:
        """The language fitted, cut where it must be, and rendered when it may be."""
        nonlocal cuts
        if render and kept is not None and kept[2] == cuts:  # fitted in an earlier round: render it
            return rendered(kept[0], list(kept[1]))
        with weasyprint_warnings() as fit_warnings:
            fit_warnings.extend(kept[1] if kept else ())  # the pages kept from the last round are not laid out again
            fitted = fitted_with(kept[0] if kept else None)
            margin = Page.for_output(geometry, OUTPUTS["screen"]).margin
            for _ in range(MAX_ROUNDS - 1):  # cut here, laying out only the faces a cut changes
                if not fitted.failures or not options.continue_cards:
                    break
                proposal = propose(language, fitted, cuts, margin, geometry.name)
                if proposal.hopeless:
                    return proposal
                cuts = proposal.cuts
                fitted = fitted_with(fitted)
        keep = sum(held.held_pages() for held, _, _ in _LAST.values()) + fitted.held_pages() <= KEEP_FACES
        if keep:
            _LAST[language] = (fitted, tuple(fit_warnings), dict(cuts))
        if fitted.failures:
            return propose(language, fitted, cuts, margin, geometry.name)
        if keep and not render:  # another language may still need more cards: render once all agree
            return accepted(language, fitted, cuts, geometry.name, None)
        return rendered(fitted, fit_warnings)

    try:
        with reproducible(source_epoch(content.decks[language].date)), collector_tuned(), reusing(*reuse_from) as reuse:
            result = attempt()
    except (ContentError, RenderError):
        raise
    except Exception:
        if reuse_from[0] is None:
            raise
        # An earlier result the cache holds could not be used (a kept part whose PDF was altered with its digest, say):
        # the language again without the cache, as --no-cache builds it. A fault of deck's own fails again there.
        _LAST.pop(language, None)  # its pages and parts are those the cache gave
        _TAKEN.pop(language, None)
        return attempt_dated(content, work, geometry, paper, out_dir, outputs, options, hints)
    earlier = _TAKEN.pop(language, (frozenset(), {}))
    found, made = reuse.taken()
    taken = (earlier[0] | found, {**earlier[1], **made})
    if result.planned is None:  # not rendered yet: what it read and made goes with the attempt that renders
        _TAKEN[language] = taken
        return result
    return replace(result, reused=taken)


def settle_languages(
    content: Content,
    languages: list[str],
    geometry: Geometry,
    paper: Paper,
    out_dir: Path,
    outputs: Sequence[str],
    options: Options,
    hints: Hints | None = None,
    reuse_from: tuple[Path | None, str] = (None, ""),
) -> dict[str, Attempt]:
    """Fit and render ``languages``, each in a worker, cutting faces into continuation cards until all fit;
    ``hints`` (from the build cache) are the sizes an earlier build's shrunk faces fitted at, ``reuse_from``
    where its other results are (``attempt_dated``).

    With more than one language, a language is rendered only once every language has the same cards:
    one that fits in the first round but must take another language's continuation cards is not
    rendered twice."""
    attempt = partial(
        attempt_dated,
        content,
        geometry=geometry,
        paper=paper,
        out_dir=out_dir,
        outputs=outputs,
        options=options,
        hints=hints,
        reuse_from=reuse_from,
    )
    render_at_once = len(languages) == 1 or not options.continue_cards or not outputs
    by_language = lambda item: item[0]  # noqa: E731
    _LAST.clear()
    _TAKEN.clear()
    forget_origins()  # the files of a build do not depend on what this process built before
    try:
        with Workers(attempt, languages, options.jobs) as workers:
            done = settle(
                languages,
                lambda work: workers.map([(language, cuts, render_at_once) for language, cuts in work], key=by_language),
                options.continue_cards,
            )
            waiting = [(language, result.cuts, True) for language, result in done.items() if result.planned is None]
            for result in workers.map(waiting, key=by_language):
                done[result.language] = result
            return done
    finally:
        _LAST.clear()
        _TAKEN.clear()


def check_fit(content: Content, geometry: Geometry, options: Options) -> list[str]:
    """Fit every language as a build would, rendering nothing; the continuation notes (or a RenderError)."""
    content, scan_notes = with_scan_card(content, geometry)
    settled = settle_languages(content, list(content.decks), geometry, resolve_paper(None), Path("."), (), options)
    return scan_notes + ([str(c) for c in next(iter(settled.values())).continued] if settled else [])
