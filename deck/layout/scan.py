"""The network scan as a sheet of office paper to hand out (``--output scan``), one per participant."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from deck.layout.cards import ScanCard, sequence
from deck.layout.engine import Document
from deck.layout.geometry import Paper
from deck.layout.render import Context, Theme, layout, render_page_html


def scan_card(context: Context) -> ScanCard:
    """The deck's scan card, whose rows the sheet prints larger (made for the sheet when the deck leaves it out)."""
    cards = context.cards if context.deck.scan_card else sequence(replace(context.deck, scan_card=True))
    return next(card for card in cards if isinstance(card, ScanCard))


def scan_sheet(context: Context, paper: Paper, content_root: Path, theme: Theme) -> Document:
    """The scan sheet on ``paper``: every dimension's scale, and the werkvormen for a dimension that scores low."""
    html = render_page_html(context, "scan-sheet.html.j2", {"card": scan_card(context), "paper": paper}, theme)
    return layout(html, content_root, theme=theme)
