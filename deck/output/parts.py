"""What the outputs need of one part of a deck fitted in parts (``deck.layout.parts``): its PDFs, to be joined.

The screen PDF is joined from the parts' screen PDFs, the print PDF (and so the sheets and fold-over) from
their print PDFs (``deck.output.merge``), so that no output needs the pages of the whole deck at once. A part's
PDFs embed notes instead of font subsets (``deck.layout.subset.deferring``): the join cuts one subset per font.

A part's PDFs, and what fitting it gave, are kept in the reuse cache (``deck.layout.reuse``) under the digest of
its faces' HTML and of all else they are made from: after an edit, a build lays out and writes only the parts
whose faces changed. A part with a face that does not fit is kept without PDFs, with where that face's blocks end
(``deck.layout.measure.Blocks``): a later build cuts it into continuation cards as this one did, without a layout.
"""

from __future__ import annotations

import io
import json
import logging
import math
import os
from collections.abc import Mapping, Sequence

import pikepdf

from deck.content.load import Content
from deck.layout import reuse as reused
from deck.layout import subset
from deck.layout.fit import Fitted
from deck.layout.geometry import Geometry
from deck.layout.measure import Blocks, FaceFit, Shrink
from deck.layout.parts import Known
from deck.layout.render import FaceKey
from deck.options import OUTPUTS, Options
from deck.output import shared
from deck.output.cache import options_text
from deck.output.merge import PartPdf
from deck.output.outputs import PrintLayout, pdf_bytes, with_stand_ins

Kind = str | tuple[str, bool]
"""A PDF of a part: "screen", or ("print", whether in CMYK)."""

LOGGER = logging.getLogger("weasyprint")
ENTRY_FORMAT = 1
"""The layout of a kept part (``_entry``); a kept part of another format is not read."""


def kinds(outputs: Sequence[str], options: Options) -> list[Kind]:
    """The PDFs each part needs for ``outputs``: the sheets and fold-over are imposed from the RGB print PDF."""
    wanted: list[Kind] = []
    if "screen" in outputs:
        wanted.append("screen")
    if "print" in outputs:
        wanted.append(("print", options.cmyk_profile is not None))
    if any(OUTPUTS[name].imposed for name in outputs):
        wanted.append(("print", False))
    return list(dict.fromkeys(wanted))


class PartWriter:
    """Makes the PDFs of each part of one language's deck, fitted (``deck.layout.parts.Finish``), and keeps them."""

    def __init__(self, content: Content, language: str, geometry: Geometry, wanted: list[Kind], options: Options) -> None:
        self.content, self.language, self.geometry, self.wanted, self.options = content, language, geometry, wanted, options
        settings = {"geometry": geometry, "min_pt": options.min_pt, "pdfx": options.pdfx, "cmyk": options.cmyk_profile}
        # what WeasyPrint said names files from the working folder, and is said again when a part is taken
        self.identity = f"{language}\n{options_text(settings)}\n{wanted!r}\n{os.getcwd()}"

    def _key(self, frame: str, faces: Mapping[FaceKey, str]) -> str:
        return reused.REUSE.key(
            "part", str(ENTRY_FORMAT), self.identity, frame, *(f"{card}\0{face}\0{html}" for (card, face), html in faces.items())
        )

    def _fitted_key(self, fitted: Fitted, frame: str) -> str:
        """The key a part just fitted is kept under: the one ``known`` looks its faces up by."""
        return self._key(frame, {key: fitted.faces[key] for key in fitted.order})

    def known(self, frame: str, faces: Mapping[FaceKey, str]) -> Known | None:
        """What an earlier build made of a part of these faces (in a deck of this ``frame``), or None."""
        data = reused.REUSE.get(self._key(frame, faces))
        found = _read_entry(data, tuple(faces), self.wanted) if data is not None else None
        if found is not None:
            for message in found.warnings:
                LOGGER.warning("%s", message)
        return found

    def __call__(self, fitted: Fitted, frame: str, warnings: Sequence[str]) -> dict[Kind, PartPdf]:
        """The part's PDFs, by kind, kept for a later build (with the programs of the fonts they note)."""
        document = fitted.document
        anchors = frozenset(name for page in document.pages for name in page.anchors)
        marks = tuple((page.height, tuple(page.bookmarks)) for page in document.pages)
        with_stand_ins(document)
        prints = PrintLayout(self.content, self.language, self.geometry, fitted, self.options, part=True)
        made: dict[Kind, PartPdf] = {}
        with subset.deferring():
            for kind in self.wanted:
                pdf = pdf_bytes(document, OUTPUTS["screen"], self.options) if kind == "screen" else prints.pdf(kind[1])
                made[kind] = PartPdf(pdf, anchors, marks)
        reused.REUSE.put(self._fitted_key(fitted, frame), _entry(fitted, warnings, made))
        return made

    def failed(self, fitted: Fitted, frame: str, warnings: Sequence[str]) -> None:
        """Keep a part with faces that do not fit: its fits, and where the blocks of those faces end (their cuts)."""
        blocks = {(f.card, f.face): fitted.blocks((f.card, f.face)) for f in fitted.failures}
        reused.REUSE.put(self._fitted_key(fitted, frame), _entry(fitted, warnings, {}, blocks))


def part_writer(content: Content, language: str, geometry: Geometry, outputs: Sequence[str], options: Options) -> PartWriter | None:
    """What ``deck.layout.parts`` hands each part to, fitted; None when no output needs the faces' PDFs."""
    wanted = kinds(outputs, options)
    return PartWriter(content, language, geometry, wanted, options) if wanted else None


def _entry(fitted: Fitted, warnings: Sequence[str], made: Mapping[Kind, PartPdf], failed: Mapping[FaceKey, Blocks] | None = None) -> bytes:
    """A fitted part and its PDFs as one entry of the reuse cache: a JSON header, a line break, then the PDFs. A part
    with faces that do not fit has no PDFs but the blocks of those faces (``failed``)."""
    pdfs = list(made.items())
    header: dict[str, object] = {
        "format": ENTRY_FORMAT,
        "fits": [[f.card, f.face, f.overflow_mm, f.body_pt, f.content_mm] for f in fitted.fits],
        "shrinks": [[s.card, s.face, s.title, s.from_pt, s.to_pt] for s in fitted.shrinks],
        "sizes": [[card, face, size] for (card, face), size in fitted.sizes.items()],
        "warnings": list(warnings),
        "pdfs": [
            {
                "kind": repr(kind),
                "length": len(part.pdf),
                "anchors": sorted(part.anchors),
                "bookmarks": [[h, list(m)] for h, m in part.bookmarks],
            }
            for kind, part in pdfs
        ],
    }
    if failed is not None:
        header["failed"] = [[card, face, sorted(b.bottoms.items()), b.foot_top, b.face_bottom] for (card, face), b in failed.items()]
    return json.dumps(header, separators=(",", ":")).encode() + b"\n" + b"".join(part.pdf for _, part in pdfs)


def _read_entry(data: bytes, order: tuple[FaceKey, ...], wanted: list[Kind]) -> Known | None:
    """A kept part, checked: None when anything in it is not what ``_entry`` writes for these faces and kinds."""
    head, _, body = data.partition(b"\n")
    try:
        header = json.loads(head)
        fits = tuple(FaceFit(n, str(c), str(f), _number(o), _number(b), _number(m)) for n, (c, f, o, b, m) in enumerate(header["fits"], 1))
        shrinks = tuple(Shrink(str(c), str(f), str(t), _number(a), _number(b)) for c, f, t, a, b in header["shrinks"])
        sizes = {(str(c), str(f)): _number(s) for c, f, s in header["sizes"]}
        warnings = tuple(str(w) for w in header["warnings"])
        failed = {(str(c), str(f)): _blocks(b, top, bottom) for c, f, b, top, bottom in header.get("failed", None) or ()}
        if "failed" in header:
            wanted = []  # a part with faces that do not fit has no PDFs
        made: dict[Kind, PartPdf] = {}
        offset = 0
        for kind, entry in zip(wanted, header["pdfs"], strict=True):
            length = entry["length"]
            if entry["kind"] != repr(kind) or type(length) is not int or not 0 < length <= len(body) - offset:
                return None
            marks = tuple((_number(h), tuple(_bookmark(b) for b in m)) for h, m in entry["bookmarks"])
            made[kind] = PartPdf(body[offset : offset + length], frozenset(map(str, entry["anchors"])), marks)
            offset += length
    except (ValueError, TypeError, KeyError, RecursionError, ArithmeticError):  # ArithmeticError: an integer too large
        return None
    if header.get("format") != ENTRY_FORMAT or offset != len(body) or tuple((f.card, f.face) for f in fits) != order:
        return None
    if not set(sizes) <= set(order) or set(failed) != {(f.card, f.face) for f in fits if not f.fits}:
        return None  # every face fits, or the faces that do not are those whose blocks it keeps
    if failed:
        return Known(fits, shrinks, sizes, warnings, None, failed)
    return Known(fits, shrinks, sizes, warnings, made) if made and all(map(_joinable, made.values())) else None


def _joinable(part: PartPdf) -> bool:
    """Whether pikepdf reads the part's PDF, with a page for each face, and every font it notes can be cut (its
    program is at hand: ``deck.layout.subset.program``), as the join needs."""
    try:
        with pikepdf.open(io.BytesIO(part.pdf)) as pdf:
            if len(pdf.pages) != len(part.bookmarks):
                return False
            for program in shared.font_programs(pdf):
                origin = subset.Origin.read(program.read_bytes())
                if origin is not None and subset.program(origin.font) is None:
                    return False
    except (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError):
        return False
    return True


def _blocks(bottoms: object, foot_top: object, face_bottom: object) -> Blocks:
    """A failing face's blocks read back from JSON: [[index, bottom], ...], and two positions or nulls."""
    found = {}
    for index, bottom in bottoms:  # type: ignore[attr-defined]
        if type(index) is not int or index < 0 or index in found:
            raise ValueError(index)
        found[index] = _number(bottom)
    if not found:  # a face with no blocks cannot be cut: it is not kept as one that can
        raise ValueError(bottoms)
    return Blocks(found, None if foot_top is None else _number(foot_top), None if face_bottom is None else _number(face_bottom))


def _number(value: object) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):  # type: ignore[arg-type]
        raise ValueError(value)
    return value  # type: ignore[return-value]


def _bookmark(value: object) -> tuple[int, str, tuple[float, float], str]:
    """A WeasyPrint bookmark (level, label, (x, y), state) read back from JSON."""
    level, label, (x, y), state = value  # type: ignore[misc]
    if type(level) is not int or not isinstance(label, str) or state not in ("open", "closed"):
        raise ValueError(value)
    return (level, label, (_number(x), _number(y)), state)
