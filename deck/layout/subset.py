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

A deck is written in parts (``deck.output.parts``), each part's PDF embedding, while ``deferring``, a note of
the glyphs it uses in place of each font; the join (``deck.output.shared``) cuts one subset per font for the glyphs
of all parts, from the program this build read or an earlier one kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import re
from collections.abc import Iterator
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
NOTE = b"\0deck: subset later\0"
"""Marks the note a PDF written while ``deferring`` embeds in place of a font subset."""
MAX_NOTE_BYTES = 2**20


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
    """Remove unused glyphs and tables, always with fontTools (WeasyPrint's Font.subset, one path only); while
    ``deferring``, leave a note of the glyphs to keep instead."""
    if not to_unicode:
        return
    gids = sorted(to_unicode)
    noted = Origin.read(self.file_content)
    if noted is not None:  # written before while deferring: cut from the program itself
        self.file_content = program(noted.font) or self.file_content
    digest = hashlib.sha256(self.file_content).hexdigest()
    cut_from = ORIGINS.get(digest)  # a document written twice subsets the subset of its first writing
    font, index = (cut_from.font, cut_from.index) if cut_from else (digest, self.index)
    PROGRAMS.setdefault(font, self.file_content)
    origin = Origin(font, index, tuple(gids), bool(hinting), bool(self.missing))
    if DEFERRING and not (self.bitmap or self.png or self.svg or self.colr or "fvar" in self.tables):
        if font not in KEPT_PROGRAMS:  # for a later build that takes the note from the reuse cache
            reused.REUSE.made(_program_key(font), lambda: PROGRAMS[font])
            KEPT_PROGRAMS.add(font)
        self.file_content = origin.note(self.file_content[:4])
        return
    subsetted = kept_subset(self.file_content, self.index, gids, bool(hinting), bool(self.missing))
    if subsetted is None:
        LOGGER.warning('Unable to subset "%s" with fontTools', self.family)
        return
    ORIGINS[hashlib.sha256(subsetted).hexdigest()] = origin
    self.file_content = subsetted


DEFERRING = False
"""Whether fonts are noted instead of subset (``deferring``)."""


@contextlib.contextmanager
def deferring() -> Iterator[None]:
    """Embed notes instead of font subsets in the PDFs written while the block runs: the parts of a deck, which
    ``deck.output.shared`` joins with one subset per font, cut once for the glyphs of every part."""
    global DEFERRING
    before, DEFERRING = DEFERRING, True
    try:
        yield
    finally:
        DEFERRING = before


def _program_key(digest: str) -> str:
    return reused.REUSE.key("font program", digest)


def program(digest: str) -> bytes | None:
    """The font program of this digest: one this process read, or one an earlier build kept (None: neither)."""
    if digest not in PROGRAMS:
        data = reused.REUSE.get(_program_key(digest))
        if data is None or hashlib.sha256(data).hexdigest() != digest:
            return None
        PROGRAMS[digest] = data
    return PROGRAMS[digest]


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
    def data(self) -> bytes | None:
        return program(self.font)

    def note(self, head: bytes) -> bytes:
        """What a PDF written while ``deferring`` embeds in place of the subset: ``head`` (the program's first
        bytes, by which WeasyPrint tells OpenType from TrueType), a mark, and this origin."""
        fields = {"font": self.font, "index": self.index, "gids": list(self.gids), "hinting": self.hinting, "notdef": self.notdef_outline}
        return head + NOTE + json.dumps(fields, separators=(",", ":")).encode()

    @classmethod
    def read(cls, data: bytes) -> Origin | None:
        """The origin a note gives; None for anything else (a font program, a damaged note)."""
        if data[4 : 4 + len(NOTE)] != NOTE or len(data) > MAX_NOTE_BYTES:
            return None
        try:
            fields = json.loads(data[4 + len(NOTE) :])
            font, index, gids = fields["font"], fields["index"], fields["gids"]
            hinting, notdef = fields["hinting"], fields["notdef"]
        except (ValueError, TypeError, KeyError, RecursionError):
            return None
        valid = (
            isinstance(font, str)
            and re.fullmatch(r"[0-9a-f]{64}", font) is not None
            and type(index) is int
            and isinstance(gids, list)
            and all(type(gid) is int and 0 <= gid < 2**16 for gid in gids)
            and isinstance(hinting, bool)
            and isinstance(notdef, bool)
        )
        return cls(font, index, tuple(gids), hinting, notdef) if valid else None

    def family(self) -> tuple[str, int, bool, bool]:
        """The font and options, the same for every subset that can share one program."""
        return (self.font, self.index, self.hinting, self.notdef_outline)


ORIGINS: dict[str, Origin] = {}
"""The subsets this build made (or reused) in this process, by the digest of their program, so that a document
written again is cut from the font's program, not from its first subset. Forgotten when a build begins
(``forget_origins``): the files of a build do not depend on what the process did before."""
PROGRAMS: dict[str, bytes] = {}
"""The font programs subsets were cut from, one copy of each (every document WeasyPrint lays out reads its own)."""


KEPT_PROGRAMS: set[str] = set()
"""The programs (by digest) this build gave the reuse cache, or found there."""


def forget_origins() -> None:
    ORIGINS.clear()
    PROGRAMS.clear()
    KEPT_PROGRAMS.clear()


def union_subset(origins: list[Origin]) -> bytes | None:
    """One subset holding the glyphs of every one of ``origins`` (of one font, with the same options), with every glyph
    at its own id as in each of them; None when the program is not known or fontTools cannot cut it."""
    first = origins[0]
    data = first.data
    if data is None:
        return None
    gids = sorted(set().union(*(origin.gids for origin in origins)))
    return kept_subset(data, first.index, gids, first.hinting, first.notdef_outline)


def pin_font_subsetting() -> None:
    """Make every later PDF subset its fonts with fontTools, whatever libraries the machine has."""
    fonts.Font.subset = _subset_with_fonttools
