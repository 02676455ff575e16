"""Every output of one language made from its one layout: screen, print, sheets, fold-over and the scan sheet."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pikepdf

from deck.colour import CmykConverter
from deck.content.load import Content
from deck.layout import reuse as reused
from deck.layout.engine import Document
from deck.layout.fit import Fitted, Shrink
from deck.layout.fitting import deck_context
from deck.layout.geometry import Geometry, Paper, load_presets
from deck.layout.render import Context, Page, layout, render_html, render_sheets_html, weasyprint_warnings
from deck.layout.scan import scan_sheet
from deck.layout.sheets import SheetPlan, Slot, sheet_plan
from deck.options import DEFAULT_OUTPUTS, OUTPUTS, Options, Output
from deck.output.keep_html import keep_html
from deck.output.merge import join
from deck.output.names import output_name
from deck.output.print_pdf import finish_print
from deck.output.screen_pdf import SETTINGS as SCREEN_SETTINGS
from deck.output.screen_pdf import finish_screen, finish_screen_pdf
from deck.output.sheets_pdf import impose
from deck.translate.state import translation_warnings

LOGGER = logging.getLogger("weasyprint")


@dataclass(frozen=True)
class Planned:
    """One output file, rendered in memory and ready to write."""

    path: Path
    output: str
    pdf: bytes
    pages: int
    shrinks: tuple[Shrink, ...]
    warnings: tuple[str, ...]
    summary: str | None = None
    """For sheets and fold-over: how many cards per sheet, at what scale and size."""


@dataclass(frozen=True)
class Rendered:
    """One output's finished PDF."""

    pdf: bytes
    pages: int
    summary: str | None = None


class PrintLayout:
    """The print PDF of the one layout of a language's faces with bleed, from which print, sheets and fold-over are made
    (laid out again only for a CMYK print, whose colours are converted in the stylesheet)."""

    def __init__(self, content: Content, language: str, geometry: Geometry, fitted: Fitted, options: Options, part: bool = False) -> None:
        self.content, self.language, self.geometry, self.fitted, self.options = content, language, geometry, fitted, options
        self.part = part
        """Whether ``fitted`` is one part of a deck fitted in parts (``deck.output.parts``): only its faces are printed."""
        self._pdf: dict[bool, bytes] = {}

    def context(self) -> Context:
        context = deck_context(
            self.content.decks[self.language], Page.for_output(self.geometry, OUTPUTS["print"]), self.fitted.sizes, self.fitted.cards
        )
        return replace(context, only=frozenset(self.fitted.order)) if self.part else context

    def pdf(self, cmyk: bool = False) -> bytes:
        """The print pages (trim plus bleed), laid out once per colour model; PDF/X when asked and ``cmyk`` matches."""
        if cmyk not in self._pdf and self.fitted.parts:
            self._pdf[cmyk] = join([part.made[("print", cmyk)] for part in self.fitted.parts])  # type: ignore[index]
        if cmyk not in self._pdf:
            converter = CmykConverter(self.options.cmyk_profile) if cmyk and self.options.cmyk_profile else None
            theme = self.options.theme
            if converter is None:
                document = self.fitted.document
            else:
                document = layout(render_html(self.context(), theme), self.content.folder, converter, theme)
            if self.part:
                with_stand_ins(document)
            pdfx = self.options.pdfx and bool(converter) == bool(self.options.cmyk_profile)
            self._pdf[cmyk] = pdf_bytes(document, OUTPUTS["print"], replace(self.options, pdfx=pdfx))
        return self._pdf[cmyk]


def with_stand_ins(document: Document) -> None:
    """Give a part's document a stand-in anchor, on its first page, for each anchor it links to but does not have
    (a card in another part): WeasyPrint would drop the link. ``deck.output.merge`` leaves the stand-ins out, and
    drops a link whose target no part has, as WeasyPrint does."""
    own = {name for page in document.pages for name in page.anchors}
    linked = {target for page in document.pages for kind, target, _, _ in page.links if kind == "internal"}
    for name in sorted(linked - own):
        document.pages[0].anchors[name] = (0, 0, 0, 0)


def render_output(output: Output, paper: Paper, fitted: Fitted, prints: PrintLayout) -> Rendered:
    """The PDF of one output: the layout cropped to the trim for the screen, finished for a shop, or imposed on sheets."""
    options = prints.options
    if output.name == "screen":
        deck = prints.content.decks[prints.language]
        if fitted.parts:
            pdf = join([part.made["screen"] for part in fitted.parts], lambda joined: finish_screen(joined, deck))  # type: ignore[index]
        else:
            pdf = finish_screen_pdf(pdf_bytes(fitted.document, output, options), deck)
        return Rendered(pdf, len(fitted.order))
    presets = load_presets()
    cmyk = options.cmyk_profile is not None
    if output.name == "print":
        marks = presets.marks if options.marks else None
        pdf = finish_print(prints.pdf(cmyk), prints.geometry.bleed, marks, cmyk)
        return Rendered(pdf, page_count(pdf))
    if output.name == "scan":
        context = deck_context(prints.content.decks[prints.language], Page.for_output(prints.geometry, output))
        document = scan_sheet(context, paper, prints.content.folder, options.theme)
        return Rendered(pdf_bytes(document, output, options), len(document.pages))
    plan = copied(sheet_plan(output.name, options.copies * len(prints.context().cards), prints.geometry, paper, options), options.copies)
    instructions = instruction_pages(prints, plan)
    duplex = {"long": "DuplexFlipLongEdge", "short": "DuplexFlipShortEdge"}[plan.flip] if plan.kind == "sheets" else "Simplex"
    pdf = impose(prints.pdf(False), instructions, plan, duplex)
    return Rendered(pdf, page_count(pdf), f"{output.name}: {plan.summary()}")


def page_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        return len(opened.pages)


def instruction_pages(prints: PrintLayout, plan: SheetPlan) -> bytes:
    """The printing instructions (and, for duplex, the back of that page), laid out from templates/sheets.html.j2;
    an earlier build's when their HTML is the same (``deck.layout.reuse``)."""
    html = render_sheets_html(prints.context(), plan, prints.geometry, prints.options.theme)
    key = reused.REUSE.key("instructions", html, os.getcwd())  # what WeasyPrint says names files from the working folder
    kept = _instructions_entry(reused.REUSE.get(key) or b"")
    if kept is not None:
        for message in kept[0]:
            LOGGER.warning("%s", message)  # as it said when it laid them out
        return kept[1]
    with weasyprint_warnings() as said:
        buffer = io.BytesIO()
        layout(html, prints.content.folder, None, prints.options.theme).write_pdf(buffer)
    reused.REUSE.put(key, json.dumps(said).encode() + b"\n" + buffer.getvalue())
    return buffer.getvalue()


def _instructions_entry(data: bytes) -> tuple[list[str], bytes] | None:
    """What WeasyPrint said and the PDF of kept instruction pages; None for anything else."""
    head, _, pdf = data.partition(b"\n")
    try:
        said = json.loads(head)
    except (ValueError, RecursionError):
        return None
    if not isinstance(said, list) or not all(isinstance(m, str) for m in said) or not pdf.startswith(b"%PDF-"):
        return None
    try:  # what is imposed must open: a damaged page is made again, not a traceback
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            if len(opened.pages) < 1:
                return None
    except (pikepdf.PdfError, ValueError):
        return None
    return said, pdf


def copied(plan: SheetPlan, copies: int) -> SheetPlan:
    """A plan made for ``copies`` times as many cards, each slot showing its card's faces: every card ``copies``
    times in a row, for group work (``--copies``)."""
    if copies == 1:
        return plan

    def source(slot: Slot) -> Slot:
        card = slot.card // copies
        return replace(slot, card=card, page=2 * card + slot.page % 2)

    return replace(plan, sheets=tuple(replace(sheet, slots=tuple(source(slot) for slot in sheet.slots)) for sheet in plan.sheets))


def pdf_bytes(document: Document, output: Output, options: Options) -> bytes:
    """The finished PDF of a laid-out document, with the output's PDF options."""
    settings: dict[str, object] = {"pdf_tags": output.tagged}
    if options.pdfx and output.name == "print":
        settings["pdf_variant"] = "pdf/x-4"
        settings["output_intent"] = "device-cmyk" if options.cmyk_profile else "srgb"
    if output.name == "screen":
        settings.update(SCREEN_SETTINGS)
    buffer = io.BytesIO()
    document.write_pdf(buffer, **settings)
    return stable_document_id(buffer.getvalue())


_FILE_ID = re.compile(rb"/ID \[\([0-9a-f]{32}\) \([0-9a-f]{32}\)\]")
_XMP_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def stable_document_id(pdf: bytes) -> bytes:
    """Replace the random XMP DocumentID that WeasyPrint writes into PDF/X-4 with one derived from the
    rest of the file: same length, so no offset moves, and the same content gives the same bytes."""
    found = _XMP_DOCUMENT_ID.search(pdf)
    if found is None:
        return pdf
    digest = hashlib.sha256(pdf[: found.start()]).digest()  # everything before the metadata: the pages, fonts and colours
    stable = f"xmp.did:{uuid.UUID(bytes=digest[:16], version=4)}".encode()
    pdf = pdf[: found.start()] + stable + pdf[found.end() :]
    # The file identifier was computed from the random id: compute it again, from the stable file.
    ident = _FILE_ID.search(pdf)
    if ident is not None:
        fingerprint = hashlib.md5(pdf[: ident.start()] + pdf[ident.end() :], usedforsecurity=False).hexdigest().encode()
        pdf = pdf[: ident.start()] + b"/ID [(" + fingerprint + b") (" + fingerprint + b")]" + pdf[ident.end() :]
    return pdf


def plan_language(
    content: Content,
    language: str,
    geometry: Geometry,
    paper: Paper,
    out_dir: Path,
    outputs: Sequence[str] | None,
    options: Options,
    fitted: Fitted,
    fit_warnings: Sequence[str],
) -> list[Planned]:
    """Render every requested output of one language, in memory."""
    planned: list[Planned] = []
    fit_warnings = [*translation_warnings(content, language), *fit_warnings]
    prints = PrintLayout(content, language, geometry, fitted, options)
    if options.keep_html is not None:
        name = output_name(content.deck_id, language, "layout", geometry).removesuffix("-layout.pdf") + ".html"
        keep_html(options.keep_html, name, render_html(prints.context(), options.theme))
    for index, name in enumerate(outputs or DEFAULT_OUTPUTS):
        output = OUTPUTS[name]
        with weasyprint_warnings() as warnings:
            rendered = render_output(output, paper, fitted, prints)
        path = out_dir / output_name(content.deck_id, language, name, geometry, paper)
        found = tuple(dict.fromkeys([*(fit_warnings if index == 0 else []), *warnings]))
        shrinks = fitted.shrinks if index == 0 else ()  # the same faces shrink in every output: say it once
        planned.append(Planned(path, name, rendered.pdf, rendered.pages, shrinks, found, rendered.summary))
    return planned
