"""Whether a deck's cards can hold the network scan card (light: decided before anything is laid out)."""

from __future__ import annotations

from dataclasses import replace

from deck.content.load import Content
from deck.layout.geometry import Geometry

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
