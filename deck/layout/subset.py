"""Pin WeasyPrint's font subsetting to fontTools, so that the same content gives the same bytes on every machine.

WeasyPrint subsets embedded fonts with HarfBuzz when the system has libharfbuzz-subset (4.1 or newer), and
with fontTools otherwise; the two give different font programs, so the PDFs of two machines would differ.
fontTools is a pinned Python dependency (requirements.lock): with it, the subset depends on the versions
we ship only.
"""

from __future__ import annotations

from typing import Any

from weasyprint.pdf import fonts


def _subset_with_fonttools(self: Any, to_unicode: Any, hinting: Any) -> None:
    """Remove unused glyphs and tables, always with fontTools (WeasyPrint's Font.subset, one path only)."""
    if not to_unicode:
        return
    self._fonttools_subset(to_unicode, hinting)


def pin_font_subsetting() -> None:
    """Make every later PDF subset its fonts with fontTools, whatever libraries the machine has."""
    fonts.Font.subset = _subset_with_fonttools
