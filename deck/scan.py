"""The network scan as a sheet of office paper to hand out (``--output scan``), one per participant."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from weasyprint import Document

from .cards import ScanCard, sequence
from .content import Content
from .geometry import Geometry, Paper
from .render import Context, Theme, layout, render_page_html

SCAN_CARD_MIN_AREA_MM2 = 105.0 * 148.0
"""The scan card holds every dimension's statement, opposite and scale: it needs a card of A6 or larger."""


SCAN_CARD_MAX_DIMENSIONS = 5
"""The scan card's two faces hold the scales and the werkvormen of up to five dimensions."""


def with_scan_card(content: Content, geometry: Geometry) -> tuple[Content, list[str]]:
    """The content with the scan card left out of every deck when it cannot hold it, and a note saying why.

    The scan card has no continuation card yet: it needs a card of A6 or larger, and at most five dimensions.
    """
    dimensions = max((len(deck.dimensions) for deck in content.decks.values()), default=0)
    if geometry.width * geometry.height < SCAN_CARD_MIN_AREA_MM2:
        why = f"needs a card of A6 or larger; left out at {geometry.name}"
    elif dimensions > SCAN_CARD_MAX_DIMENSIONS:
        why = f"holds up to {SCAN_CARD_MAX_DIMENSIONS} dimensions; left out of this deck of {dimensions}"
    else:
        return content, []
    decks = {code: replace(deck, scan_card=False) for code, deck in content.decks.items()}
    return replace(content, decks=decks), [f"the network scan card {why} (deck build --output scan gives the sheet)"]


def scan_card(context: Context) -> ScanCard:
    """The deck's scan card, whose rows the sheet prints larger (made for the sheet when the deck leaves it out)."""
    cards = context.cards if context.deck.scan_card else sequence(replace(context.deck, scan_card=True))
    return next(card for card in cards if isinstance(card, ScanCard))


def scan_sheet(context: Context, paper: Paper, content_root: Path, theme: Theme) -> Document:
    """The scan sheet on ``paper``: every dimension's scale, and the werkvormen for a dimension that scores low."""
    html = render_page_html(context, "scan-sheet.html.j2", {"card": scan_card(context), "paper": paper}, theme)
    return layout(html, content_root, theme=theme)
