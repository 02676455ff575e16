"""Build a deck: load → validate → model → render → write, one stage after the other."""

from __future__ import annotations

import hashlib
import io
import json
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import pikepdf
from weasyprint import Document

from .cache import BuildCache, CachedFile, build_key, file_record, files_digest, options_text
from .cards import Card, Cuts, sequence
from .colour import CmykConverter
from .content import Content
from .continuation import Attempt, accepted, pieces, propose, settle
from .dates import reproducible, source_epoch, w3c_date
from .errors import RenderError
from .estimate import refuse_hopeless
from .fit import Fitted, Shrink, fit
from .geometry import Geometry, Paper, load_presets, resolve_paper, resolve_size, sheet_rules
from .keep_html import keep_html
from .languages import load_languages
from .model import Deck
from .options import DEFAULT_OUTPUTS, DEFAULT_THEME, MIN_BODY_PT, OUTPUTS, Options, Output, Theme
from .print_pdf import finish_print
from .render import (
    Context,
    FaceKey,
    Page,
    layout,
    render_html,
    render_sheets_html,
    weasyprint_warnings,
)
from .scan import scan_sheet, with_scan_card
from .screen_pdf import SETTINGS as SCREEN_SETTINGS
from .screen_pdf import finish_screen_pdf
from .select import tailored
from .sheets import SheetPlan, Slot, plan_duplex, plan_foldover
from .sheets_pdf import impose
from .subset import pin_font_subsetting
from .translation_state import read_translation, unit_states
from .workers import collector_tuned, run_all
from .write import write_all

pin_font_subsetting()


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
class Written:
    path: Path
    output: str
    pages: int
    shrinks: tuple[Shrink, ...] = ()
    warnings: tuple[str, ...] = ()
    summary: str | None = None
    unchanged: bool = False
    """The file was already there from a build with the same inputs, so nothing was written."""


def output_name(deck_id: str, language: str, output: str, geometry: Geometry, paper: Paper | None = None) -> str:
    """``<deck>-<lang>[-<size>]-<output>[-<paper>].pdf``; the size appears only when it is not the default."""
    size = "" if geometry.name == load_presets().default_size else f"-{geometry.name}"
    sheet = f"-{paper.name}" if paper is not None and (OUTPUTS[output].imposed or OUTPUTS[output].paper) else ""
    return f"{deck_id}-{language}{size}-{output}{sheet}.pdf"


def deck_context(deck: Deck, page: Page, sizes: Mapping[FaceKey, float] | None = None, cards: tuple[Card, ...] | None = None) -> Context:
    """The template context of a deck on a page, dated for reproducible output."""
    return Context(deck, cards or sequence(deck), page, sizes=sizes or {}, created=w3c_date(source_epoch(deck.date)))


def fit_language(
    content: Content,
    language: str,
    geometry: Geometry,
    min_pt: float = MIN_BODY_PT,
    theme: Theme = DEFAULT_THEME,
    cuts: Cuts | None = None,
    strict: bool = True,
) -> Fitted:
    """Lay out one language's deck once, trim size plus bleed, and fit every face: every output is made from this layout.

    With ``strict`` a face that does not fit at ``min_pt`` fails; otherwise it is returned in ``failures``.
    """
    deck = content.decks[language]
    context = deck_context(deck, Page.for_output(geometry, OUTPUTS["print"]), cards=sequence(deck, cuts))
    refuse_hopeless(render_html(context, theme), context, min_pt, content.folder)  # before WeasyPrint lays out any overflow
    what = f"language {language}, size {geometry.name}"
    fitted = fit(context, lambda ctx: layout(render_html(ctx, theme), content.folder, theme=theme), min_pt, what)
    if strict:
        fitted.raise_failures()
    return fitted


@dataclass(frozen=True)
class Rendered:
    """One output's finished PDF."""

    pdf: bytes
    pages: int
    summary: str | None = None


class PrintLayout:
    """The print PDF of the one layout of a language's faces with bleed, from which print, sheets and fold-over are made
    (laid out again only for a CMYK print, whose colours are converted in the stylesheet)."""

    def __init__(self, content: Content, language: str, geometry: Geometry, fitted: Fitted, options: Options) -> None:
        self.content, self.language, self.geometry, self.fitted, self.options = content, language, geometry, fitted, options
        self._pdf: dict[bool, bytes] = {}

    def context(self) -> Context:
        return deck_context(
            self.content.decks[self.language], Page.for_output(self.geometry, OUTPUTS["print"]), self.fitted.sizes, self.fitted.cards
        )

    def pdf(self, cmyk: bool = False) -> bytes:
        """The print pages (trim plus bleed), laid out once per colour model; PDF/X when asked and ``cmyk`` matches."""
        if cmyk not in self._pdf:
            converter = CmykConverter(self.options.cmyk_profile) if cmyk and self.options.cmyk_profile else None
            theme = self.options.theme
            if converter is None:
                document = self.fitted.document
            else:
                document = layout(render_html(self.context(), theme), self.content.folder, converter, theme)
            pdfx = self.options.pdfx and bool(converter) == bool(self.options.cmyk_profile)
            self._pdf[cmyk] = pdf_bytes(document, OUTPUTS["print"], replace(self.options, pdfx=pdfx))
        return self._pdf[cmyk]


def render_output(output: Output, paper: Paper, fitted: Fitted, prints: PrintLayout) -> Rendered:
    """The PDF of one output: the layout cropped to the trim for the screen, finished for a shop, or imposed on sheets."""
    options = prints.options
    if output.name == "screen":
        pdf = finish_screen_pdf(pdf_bytes(fitted.document, output, options), prints.content.decks[prints.language])
        return Rendered(pdf, len(fitted.document.pages))
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


def sheet_plan(output: str, cards: int, geometry: Geometry, paper: Paper, options: Options) -> SheetPlan:
    """Where the faces of ``cards`` cards go on the sheets or fold-over pages; a RenderError when a card cannot fit."""
    rules = sheet_rules(options.printer_margin)
    try:
        if output == "sheets":
            return plan_duplex(cards, geometry, paper, rules, options.true_size, options.flip, options.back_offset)
        return plan_foldover(cards, geometry, paper, rules, options.true_size)
    except ValueError as exc:
        raise RenderError(f"{output}: {exc}") from None


def sheet_summary(output: str, geometry: Geometry, paper: Paper, options: Options) -> str | None:
    """The build's line about an imposed output (``sheets: 4 cards per A4 at 93 %, 98 x 138 mm``); None for others."""
    return f"{output}: {sheet_plan(output, 1, geometry, paper, options).summary()}" if OUTPUTS[output].imposed else None


def page_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        return len(opened.pages)


def instruction_pages(prints: PrintLayout, plan: SheetPlan) -> bytes:
    """The printing instructions (and, for duplex, the back of that page), laid out from templates/sheets.html.j2."""
    html = render_sheets_html(prints.context(), plan, prints.geometry, prints.options.theme)
    document = layout(html, prints.content.folder, None, prints.options.theme)
    buffer = io.BytesIO()
    document.write_pdf(buffer)
    return buffer.getvalue()


def copied(plan: SheetPlan, copies: int) -> SheetPlan:
    """A plan made for ``copies`` times as many cards, each slot showing its card's faces: every card ``copies``
    times in a row, for group work (``--copies``)."""
    if copies == 1:
        return plan

    def source(slot: Slot) -> Slot:
        card = slot.card // copies
        return replace(slot, card=card, page=2 * card + slot.page % 2)

    return replace(plan, sheets=tuple(replace(sheet, slots=tuple(source(slot) for slot in sheet.slots)) for sheet in plan.sheets))


def translation_warnings(content: Content, language: str) -> list[str]:
    """What a build of a translation should tell: units shown untranslated, and stale units."""
    if language == content.source_language:
        return []
    warnings = []
    missing = content.missing.get(language, ())
    if missing:
        warnings.append(
            f"{language}: {units(len(missing))} not translated yet and shown in {content.source_language}, marked: "
            + ", ".join(unit.id for unit in missing)
        )
    stale = [s.unit for s in unit_states(read_translation(content.folder, language)) if s.state == "stale"]
    if stale:
        warnings.append(f"{language}: {units(len(stale))} stale (their {content.source_language} text changed): " + ", ".join(stale))
    return warnings


def units(count: int) -> str:
    """'1 unit is', '2 units are'."""
    return f"{count} unit is" if count == 1 else f"{count} units are"


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


def cache_slot(content: Content, language: str, geometry: Geometry, paper: Paper, outputs: Sequence[str]) -> str:
    """The name under which the cache keeps one language's build: what the files are, not what they hold."""
    return f"{content.deck_id}-{language}-{geometry.name}-{paper.name}-{'+'.join(outputs)}"


def layout_files(options: Options) -> str:
    """The digest of every file a layout reads besides the content: deck's own code (a changed layout rule is a
    changed PDF, even within a version), the templates, styles and fonts, the user's own, the CMYK profile."""
    code = Path(__file__).resolve().parent
    return files_digest([code, *options.theme.roots, *([options.cmyk_profile] if options.cmyk_profile else [])])


def cache_key(
    content: Content, language: str, geometry: Geometry, paper: Paper, outputs: Sequence[str], options: Options, files: str
) -> str:
    """Everything one language's PDFs are made from, hashed (see deck.cache); ``files`` is ``layout_files(options)``."""
    deck = content.decks[language]
    missing = ",".join(unit.id for unit in content.missing.get(language, ()))
    settings = {
        "geometry": geometry,
        "paper": paper,
        "min_pt": options.min_pt,
        "continue_cards": options.continue_cards,
        "marks": options.marks,
        "pdfx": options.pdfx,
        "theme": options.theme,
        "sheets": (options.true_size, options.flip, options.back_offset, sheet_rules(options.printer_margin), load_presets().marks),
        "epoch": source_epoch(deck.date),
        "copies": options.copies,
    }
    return build_key(f"{deck!r}\nmissing {missing}", files, options_text(settings), outputs)


def reused(
    out_dir: Path, files: Sequence[CachedFile], warnings: Sequence[str], summaries: Mapping[str, str | None] | None = None
) -> list[Written]:
    """The report of a cached language: its files as they are, with today's translation warnings."""
    return [
        Written(
            out_dir / f.name,
            f.output,
            f.pages,
            tuple(Shrink(**s) for s in f.shrinks),
            tuple(dict.fromkeys([*(warnings if index == 0 else []), *(w for w in f.warnings if not w.startswith(NOTE))])),
            unchanged=True,
            summary=(summaries or {}).get(f.output),
        )
        for index, f in enumerate(files)
    ]


def attempt_dated(
    content: Content,
    work: tuple[str, Cuts],
    geometry: Geometry,
    paper: Paper,
    out_dir: Path,
    outputs: Sequence[str],
    options: Options,
) -> Attempt:
    """Fit one language with the given cuts and, when every face fits, render its outputs (one worker's job).

    Every timestamp is set to the deck's date. A face that does not fit comes back as a proposed cut.
    """
    language, cuts = work
    with reproducible(source_epoch(content.decks[language].date)), collector_tuned():
        with weasyprint_warnings() as fit_warnings:
            fitted = fit_language(content, language, geometry, options.min_pt, options.theme, cuts, strict=False)
        if fitted.failures:
            margin = Page.for_output(geometry, OUTPUTS["screen"]).margin
            return propose(language, fitted, cuts, margin, geometry.name)
        planned = plan_language(content, language, geometry, paper, out_dir, outputs, options, fitted, fit_warnings) if outputs else []
        return accepted(language, fitted, cuts, geometry.name, planned)


def check_fit(content: Content, geometry: Geometry, options: Options) -> list[str]:
    """Fit every language as a build would, rendering nothing; the continuation notes (or a RenderError)."""
    content, scan_notes = with_scan_card(content, geometry)
    attempt = partial(attempt_dated, content, geometry=geometry, paper=resolve_paper(None), out_dir=Path("."), outputs=(), options=options)
    settled = settle(list(content.decks), lambda work: run_all(attempt, work, options.jobs), options.continue_cards)
    return scan_notes + ([str(c) for c in next(iter(settled.values())).continued] if settled else [])


NOTE = "note: "
"""Continuation notes ride in the cache's warnings of a language's first file, marked with this prefix."""


def with_notes(records: list[CachedFile], notes: Sequence[str], floor: Mapping[str, int]) -> list[CachedFile]:
    """The cache records, with the build's continuation notes and its cut faces kept with the first."""
    if not records:
        return records
    first = records[0]
    extra = (*(NOTE + n for n in notes), NOTE + PIECES + json.dumps(dict(floor), sort_keys=True))
    return [replace(first, warnings=(*first.warnings, *extra)), *records[1:]]


PIECES = "pieces "


def cached_notes(files: Sequence[CachedFile]) -> tuple[list[str], dict[str, int]]:
    """The continuation notes and the cut faces of a cached build."""
    kept = [w[len(NOTE) :] for f in files for w in f.warnings if w.startswith(NOTE)]
    floor = next((json.loads(n[len(PIECES) :]) for n in kept if n.startswith(PIECES)), {})
    return [n for n in kept if not n.startswith(PIECES)], floor


def build(
    content_dir: Path,
    out_dir: Path,
    languages: Sequence[str] | None = None,
    outputs: Sequence[str] | None = None,
    options: Options | None = None,
    on_written: Callable[[Written], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> list[Written]:
    """Build every requested language and output; nothing is written unless everything renders.

    ``on_note`` hears, before anything is written, each language skipped as incomplete (a warning)
    and each card whose text continues on a continuation card.
    """
    options = options or Options()
    geometry = resolve_size(options.size)
    paper = resolve_paper(options.paper)
    outputs = list(outputs or DEFAULT_OUTPUTS)
    content, skipped = load_languages(content_dir, languages, options.allow_incomplete, options.strict)
    content = tailored(content, options.select, options.blank)
    content, scan_notes = with_scan_card(content, geometry)
    cache = BuildCache(out_dir) if options.cache and options.keep_html is None else None  # kept HTML needs a layout
    kept: dict[str, list[Written]] = {}
    notes: list[str] = []
    floor: dict[str, int] = {}
    slots: dict[str, tuple[str, str]] = {}
    files = layout_files(options) if cache else ""  # hashed once for every language
    for language in content.decks:
        slot = cache_slot(content, language, geometry, paper, outputs)
        key = cache_key(content, language, geometry, paper, outputs, options, files)
        found = cache.lookup(slot, key) if cache else None
        if found is not None:
            summaries = {name: sheet_summary(name, geometry, paper, options) for name in outputs}
            kept[language] = reused(out_dir, found, translation_warnings(content, language), summaries)
            notes, floor = cached_notes(found)
        slots[language] = (slot, key)
    planned: dict[str, list[Planned]] = {}
    if len(kept) < len(content.decks):
        attempt = partial(attempt_dated, content, geometry=geometry, paper=paper, out_dir=out_dir, outputs=outputs, options=options)

        def settle_all(languages: list[str], floor: dict[str, int] | None = None) -> dict[str, Attempt]:
            return settle(languages, lambda work: run_all(attempt, work, options.jobs), options.continue_cards, floor)

        settled = settle_all([language for language in content.decks if language not in kept], floor if kept else None)
        if kept and pieces(next(iter(settled.values())).cuts) != floor:  # the cards changed: every language again
            kept, settled = {}, settle_all(list(content.decks))
        planned = {language: result.planned for language, result in settled.items()}
        first = next(iter(settled.values()))
        notes, floor = [str(c) for c in first.continued], pieces(first.cuts)
    for note in [*skipped, *scan_notes, *notes]:
        if on_note:
            on_note(note)
    new = [plan for plans in planned.values() for plan in plans]
    unloaded = sorted({w for plan in new for w in plan.warnings if "Font-face " in w and "cannot be loaded" in w})
    if unloaded:  # the cards would silently be set in some system font
        raise RenderError("\n".join(["The deck's fonts could not be loaded, so nothing was written:", *unloaded]))
    if options.strict:
        warned = [f"{plan.path.name}: {warning}" for plan in [*new, *(w for ws in kept.values() for w in ws)] for warning in plan.warnings]
        if warned:
            raise RenderError("\n".join(["--strict: the build has warnings, and --strict makes each an error:", *warned]))
    # Every file or none (deck.write). A cache entry counts only while each file's sha256 matches it, so an
    # entry left from before a failed or killed write never makes a file look cached.
    write_all(out_dir, {plan.path.name: plan.pdf for plan in new})
    for language, plans in planned.items():
        if cache:
            slot, key = slots[language]
            records = [file_record(p.path.name, p.output, p.pdf, p.pages, p.shrinks, p.warnings) for p in plans]
            cache.store(slot, key, with_notes(records, notes, floor))
    results: list[Written] = []
    for language in content.decks:
        results += kept.get(language) or [
            Written(p.path, p.output, p.pages, p.shrinks, p.warnings, summary=p.summary) for p in planned[language]
        ]
    for result in results:
        if on_written:
            on_written(result)
    return results


__all__ = ["Options", "RenderError", "build", "fit_language", "output_name"]
