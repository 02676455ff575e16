"""Workarounds for upstream behaviour, each applied once, when the layout stage is imported.

pydyf 0.13's ``PDF.page_references`` builds a tuple of every page's reference on each access, and
WeasyPrint 70's tagging reads it once per structure element: writing a tagged PDF of n pages costs
O(n²). The patched property keeps the tuple until a page is added (the ``Kids`` array only grows by
``add_page``), which gives the same references and so a byte-identical PDF.
"""

from __future__ import annotations

import pydyf

_ORIGINAL_PAGE_REFERENCES = pydyf.PDF.page_references


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """The page references of ``pdf``, computed again only when its page list changed."""
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_deck_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), _ORIGINAL_PAGE_REFERENCES.fget(pdf))
        pdf.__dict__["_deck_page_references"] = cached
    return cached[1]


def apply() -> None:
    """Install the workarounds (idempotent)."""
    pydyf.PDF.page_references = property(_page_references)
