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

import hashlib
import io
import logging
from dataclasses import dataclass
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
    gids = sorted(to_unicode)
    subsetted = kept_subset(self.file_content, self.index, gids, bool(hinting), bool(self.missing))
    if subsetted is None:
        LOGGER.warning('Unable to subset "%s" with fontTools', self.family)
        return
    digest = hashlib.sha256(self.file_content).hexdigest()
    cut_from = ORIGINS.get(digest)  # a document written twice subsets the subset of its first writing
    font, index = (cut_from.font, cut_from.index) if cut_from else (digest, self.index)
    PROGRAMS.setdefault(font, self.file_content)
    ORIGINS[hashlib.sha256(subsetted).hexdigest()] = Origin(font, index, tuple(gids), bool(hinting), bool(self.missing))
    self.file_content = subsetted


def kept_subset(data: bytes, index: int, gids: list[int], hinting: bool, notdef_outline: bool) -> bytes | None:
    """``subset_font``, or the same subset made by an earlier build (``deck.layout.reuse``)."""
    reuse = reused.REUSE
    glyphs = ",".join(map(str, gids)).encode()
    key = reuse.key("subset", fonttools_version, data, str(index), glyphs, repr((hinting, notdef_outline)))
    return reuse.made(key, lambda: subset_font(data, index, gids, hinting, notdef_outline))


@dataclass(frozen=True)
class Origin:
    """What a subset was cut from: the font program (by digest), its index in a collection, the glyphs kept, and
    the options."""

    font: str
    index: int
    gids: tuple[int, ...]
    hinting: bool
    notdef_outline: bool

    @property
    def data(self) -> bytes:
        return PROGRAMS[self.font]

    def family(self) -> tuple[str, int, bool, bool]:
        """The font and options, the same for every subset that can share one program."""
        return (self.font, self.index, self.hinting, self.notdef_outline)


ORIGINS: dict[str, Origin] = {}
"""The subsets this build made (or reused) in this process, by the digest of their program, so that the parts of
a deck written in parts can share one program per font (``deck.output.shared``). Forgotten when a build begins
(``forget_origins``): the files of a build do not depend on what the process did before."""
PROGRAMS: dict[str, bytes] = {}
"""The font programs subsets were cut from, one copy of each (every document WeasyPrint lays out reads its own)."""


def forget_origins() -> None:
    ORIGINS.clear()
    PROGRAMS.clear()


def origin_of(program: bytes) -> Origin | None:
    """What a subset this build made was cut from; None for a program it did not make."""
    return ORIGINS.get(hashlib.sha256(program).hexdigest())


def union_subset(origins: list[Origin]) -> bytes | None:
    """One subset holding the glyphs of every one of ``origins`` (subsets of one font with the same options), with
    every glyph at its own id as in each of them; None when fontTools cannot make it."""
    first = origins[0]
    gids = sorted(set().union(*(origin.gids for origin in origins)))
    return kept_subset(first.data, first.index, gids, first.hinting, first.notdef_outline)


def pin_font_subsetting() -> None:
    """Make every later PDF subset its fonts with fontTools, whatever libraries the machine has."""
    fonts.Font.subset = _subset_with_fonttools
