"""Pin WeasyPrint's font subsetting to fontTools, so that the same content gives the same bytes on every machine.

WeasyPrint subsets embedded fonts with HarfBuzz when the system has libharfbuzz-subset (4.1 or newer), and
with fontTools otherwise; the two give different font programs, so the PDFs of two machines would differ.
fontTools is a pinned Python dependency (requirements.lock): with it, the subset depends on the versions
we ship only.

The layout tables (GSUB, GPOS) are dropped from an embedded font: a PDF viewer draws glyphs at the
positions the PDF gives and never shapes text. fontTools 4.68's ``Subsetter.subset`` still reads and
converts them first (``beyond64k._compact_layout_tables``): a subset of Noto Sans took 135 ms with them
and takes 22 ms without, about a fifth of a build's CPU. They are removed before the subsetter sees them;
the subset is the same font program as WeasyPrint's own, byte for byte (``tests/test_upstream.py`` checks
it; the report for fontTools is ``docs/upstream-fonttools.md``).

A subset depends on the font program and the glyphs only: a build takes it from an earlier build when it
can (``deck.layout.reuse``), so that a rebuild after an edit subsets only the fonts whose glyphs changed.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from fontTools import subset
from fontTools import version as fonttools_version
from fontTools.ttLib import TTFont, TTLibError

from deck.layout import reuse as reused
from deck.layout.engine import fonts

DROPPED = ("GSUB", "GPOS", "SVG")
"""The tables WeasyPrint drops from every embedded font."""

LOGGER = logging.getLogger("weasyprint")


def subset_font(data: bytes, index: int, gids: Any, hinting: bool, notdef_outline: bool) -> bytes | None:
    """The font program ``data`` cut down to ``gids`` as WeasyPrint 70 does it; None when fontTools cannot read it."""
    options = subset.Options(
        retain_gids=True,
        passthrough_tables=True,
        ignore_missing_glyphs=True,
        hinting=hinting,
        desubroutinize=True,
        notdef_outline=notdef_outline,
    )
    options.drop_tables += list(DROPPED)
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=gids)
    try:
        font = TTFont(io.BytesIO(data), fontNumber=index)
        for tag in DROPPED:
            if tag in font:
                del font[tag]
        subsetter.subset(font)
    except TTLibError:
        return None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _subset_with_fonttools(self: Any, to_unicode: Any, hinting: Any) -> None:
    """Remove unused glyphs and tables, always with fontTools (WeasyPrint's Font.subset, one path only)."""
    if not to_unicode:
        return
    reuse = reused.REUSE
    gids = ",".join(map(str, sorted(to_unicode))).encode()
    key = reuse.key("subset", fonttools_version, self.file_content, str(self.index), gids, repr((bool(hinting), bool(self.missing))))
    subsetted = reuse.made(key, lambda: subset_font(self.file_content, self.index, to_unicode, hinting, bool(self.missing)))
    if subsetted is None:
        LOGGER.warning('Unable to subset "%s" with fontTools', self.family)
        return
    self.file_content = subsetted


def pin_font_subsetting() -> None:
    """Make every later PDF subset its fonts with fontTools, whatever libraries the machine has."""
    fonts.Font.subset = _subset_with_fonttools
