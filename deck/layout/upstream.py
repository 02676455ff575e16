"""Workarounds for upstream behaviour, each applied once, when the layout stage is imported.

pydyf 0.13's ``PDF.page_references`` builds a tuple of every page's reference on each access, and
WeasyPrint 70's tagging reads it once per structure element: writing a tagged PDF of n pages costs
O(n²). The patched property keeps the tuple until a page is added (the ``Kids`` array only grows by
``add_page``), which gives the same references and so a byte-identical PDF.

WeasyPrint 70 validates a declaration that uses ``var()`` again for every element it applies to, once its
variables are substituted (``Pending.solve``): the deck's stylesheet sizes nearly everything with
``var(--body)``, ``var(--k)`` and the like, so the same few values are parsed and validated tens of thousands
of times a build. The patched ``solve`` remembers, on each declaration, the value it validated for each
substituted text: the same tokens give the same value, so the pages, and the PDF, are the same. About 4 % of a
build's CPU. A value that does not validate is not remembered, so WeasyPrint still reports it as before.
"""

from __future__ import annotations

from collections.abc import Sequence

import pydyf
import tinycss2
from weasyprint.css.tokens import Pending

_ORIGINAL_PAGE_REFERENCES = pydyf.PDF.page_references
_ORIGINAL_SOLVE = Pending.solve


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """The page references of ``pdf``, computed again only when its page list changed."""
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_deck_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), _ORIGINAL_PAGE_REFERENCES.fget(pdf))
        pdf.__dict__["_deck_page_references"] = cached
    return cached[1]


def _solve(pending: Pending, tokens: Sequence[object], wanted_key: str, base_url: str | None) -> object:
    """``Pending.solve``, remembered on the declaration for each text its variables gave (one property's, or one
    longhand's of a shorthand)."""
    if not tokens:
        return _ORIGINAL_SOLVE(pending, tokens, wanted_key, base_url)  # refused, and reported
    solved = pending.__dict__.setdefault("_deck_solved", {})
    key = (wanted_key, base_url, tinycss2.serialize(tokens))  # tokens that would run together are kept apart
    if key not in solved:
        solved[key] = _ORIGINAL_SOLVE(pending, tokens, wanted_key, base_url)
    return solved[key]


def apply() -> None:
    """Install the workarounds (idempotent)."""
    pydyf.PDF.page_references = property(_page_references)
    Pending.solve = _solve
