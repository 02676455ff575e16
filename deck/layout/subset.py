"""Pin WeasyPrint's font subsetting to fontTools, so that the same content gives the same bytes on every machine.

WeasyPrint subsets embedded fonts with HarfBuzz when the system has libharfbuzz-subset (4.1 or newer), and
with fontTools otherwise; the two give different font programs, so the PDFs of two machines would differ.
fontTools is a pinned Python dependency (requirements.lock): with it, the subset depends on the versions
we ship only.

A build writes several PDFs of the same pages (print, screen, the sheets' and fold-over's pages), which
embed the same subsets: each is made once per process and kept (a few dozen, some kB each).
"""

from __future__ import annotations

import hashlib
from typing import Any

from weasyprint.pdf import fonts

KEPT = 64
"""Subsets kept per process; the oldest goes first."""
_SUBSETS: dict[tuple[object, ...], bytes] = {}
"""(font file, glyphs, options) -> the subset fontTools made of it."""


def _subset_with_fonttools(self: Any, to_unicode: Any, hinting: Any) -> None:
    """Remove unused glyphs and tables, always with fontTools (WeasyPrint's Font.subset, one path only).

    The same font file cut to the same glyphs gives the same subset: each is made once per process.
    """
    if not to_unicode:
        return
    key = (hashlib.sha256(self.file_content).digest(), self.index, frozenset(to_unicode), bool(hinting), bool(self.missing))
    kept = _SUBSETS.get(key)
    if kept is None:
        before = self.file_content
        self._fonttools_subset(to_unicode, hinting)
        if self.file_content is before:  # fontTools could not subset it: WeasyPrint said so, and embeds it whole
            return
        kept = _SUBSETS[key] = self.file_content
        # WeasyPrint keeps the subset in its font, shared by every later PDF: cutting it again to the same
        # glyphs gives it back unchanged, so it is its own subset
        _SUBSETS[(hashlib.sha256(kept).digest(), *key[1:])] = kept
        while len(_SUBSETS) > KEPT:
            del _SUBSETS[next(iter(_SUBSETS))]
    self.file_content = kept


def pin_font_subsetting() -> None:
    """Make every later PDF subset its fonts with fontTools, whatever libraries the machine has."""
    fonts.Font.subset = _subset_with_fonttools
