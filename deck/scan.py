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


def with_scan_card(content: Content, geometry: Geometry) -> tuple[Content, list[str]]:
    """The content with the scan card left out of every deck when the card size is too small for it, and a note saying so."""
    if geometry.width * geometry.height >= SCAN_CARD_MIN_AREA_MM2:
        return content, []
    decks = {code: replace(deck, scan_card=False) for code, deck in content.decks.items()}
    note = f"the network scan card needs a card of A6 or larger; left out at {geometry.name} (deck build --output scan gives the sheet)"
    return replace(content, decks=decks), [note]


def scan_card(context: Context) -> ScanCard:
    """The deck's scan card, whose rows the sheet prints larger (made for the sheet when the deck leaves it out)."""
    cards = context.cards if context.deck.scan_card else sequence(replace(context.deck, scan_card=True))
    return next(card for card in cards if isinstance(card, ScanCard))


def scan_sheet(context: Context, paper: Paper, content_root: Path, theme: Theme) -> Document:
    """The scan sheet on ``paper``: every dimension's scale, and the werkvormen for a dimension that scores low."""
    html = render_page_html(context, "scan-sheet.html.j2", {"card": scan_card(context), "paper": paper}, theme)
    return layout(html, content_root, theme=theme)
