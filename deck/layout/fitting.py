"""Fit one language's deck: lay it out once with bleed and shrink or cut every face until it fits."""

from __future__ import annotations

from collections.abc import Mapping

from deck.content.dates import source_epoch, w3c_date
from deck.content.load import Content
from deck.content.model import Deck
from deck.layout.cards import Card, Cuts, sequence
from deck.layout.estimate import refuse_hopeless
from deck.layout.fit import Fitted, Hints, fit
from deck.layout.geometry import Geometry
from deck.layout.parts import Finish, fit_in_parts
from deck.layout.render import Context, FaceKey, Page, face_html, frame_html, layout, render_html
from deck.options import DEFAULT_THEME, MIN_BODY_PT, OUTPUTS, Theme


def deck_context(deck: Deck, page: Page, sizes: Mapping[FaceKey, float] | None = None, cards: tuple[Card, ...] | None = None) -> Context:
    """The template context of a deck on a page, dated for reproducible output."""
    return Context(deck, cards or sequence(deck), page, sizes=sizes or {}, created=w3c_date(source_epoch(deck.date)))


def fit_language(
    content: Content,
    language: str,
    geometry: Geometry,
    min_pt: float = MIN_BODY_PT,
    theme: Theme = DEFAULT_THEME,
    cuts: Cuts | None = None,
    strict: bool = True,
    previous: Fitted | None = None,
    hints: Hints | None = None,
    finish: Finish | None = None,
) -> Fitted:
    """Lay out one language's deck once, trim size plus bleed, and fit every face: every output is made from this layout.

    With ``strict`` a face that does not fit at ``min_pt`` fails; otherwise it is returned in ``failures``.
    ``previous``, the same language fitted with other cuts, lends the pages of the faces that did not change;
    ``hints``, from an earlier build, the sizes its shrunk faces fitted at. With ``finish``, the deck is fitted in
    parts, each handed to ``finish`` and not kept (``deck.layout.parts``).
    """
    deck = content.decks[language]
    context = deck_context(deck, Page.for_output(geometry, OUTPUTS["print"]), cards=sequence(deck, cuts))
    html = render_html(context, theme)
    refuse_hopeless(html, context, min_pt, content.folder)  # before WeasyPrint lays out any overflow
    what = f"language {language}, size {geometry.name}"
    lay_out = lambda ctx: layout(render_html(ctx, theme), content.folder, theme=theme)  # noqa: E731
    faces = face_html(html, context)
    if finish is not None and faces is not None and (previous is None or previous.parts):
        fitted = fit_in_parts(context, lay_out, min_pt, what, faces, finish, frame_html(html, faces), previous, hints)
    else:
        fitted = fit(context, lay_out, min_pt, what, faces, None if previous and previous.parts else previous, hints)
    if strict:
        fitted.raise_failures()
    return fitted
