"""What the outputs need of one part of a deck fitted in parts (``deck.layout.parts``): its PDFs, to be joined.

The screen PDF is joined from the parts' screen PDFs, the print PDF (and so the sheets and fold-over) from
their print PDFs (``deck.output.merge``), so that no output needs the pages of the whole deck at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from deck.content.load import Content
from deck.layout.fit import Fitted
from deck.layout.geometry import Geometry
from deck.layout.parts import Finish
from deck.options import OUTPUTS, Options
from deck.output.merge import PartPdf
from deck.output.outputs import PrintLayout, pdf_bytes, with_stand_ins

Kind = str | tuple[str, bool]
"""A PDF of a part: "screen", or ("print", whether in CMYK)."""


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


def part_writer(content: Content, language: str, geometry: Geometry, outputs: Sequence[str], options: Options) -> Finish:
    """What ``deck.layout.parts`` calls with each part, fitted: the part's PDFs for ``outputs``, by kind."""
    wanted = kinds(outputs, options)

    def finish(fitted: Fitted) -> dict[Kind, PartPdf]:
        document = fitted.document
        anchors = frozenset(name for page in document.pages for name in page.anchors)
        marks = tuple((page.height, tuple(page.bookmarks)) for page in document.pages)
        with_stand_ins(document)
        prints = PrintLayout(content, language, geometry, fitted, options, part=True)
        made: dict[Kind, PartPdf] = {}
        for kind in wanted:
            pdf = pdf_bytes(document, OUTPUTS["screen"], options) if kind == "screen" else prints.pdf(kind[1])
            made[kind] = PartPdf(pdf, anchors, marks)
        return made

    return finish
