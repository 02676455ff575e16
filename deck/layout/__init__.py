"""Lay out: decks → card sequences → HTML → WeasyPrint pages, fitted to the card (the only stage that imports WeasyPrint)."""
