"""The command line: a thin click layer over deck.build and deck.content.load."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from deck import __version__
from deck.cli_guard import FiniteFloatRange, GuardedGroup, stop_cleanly_on_sigterm
from deck.content.languages import load_languages
from deck.content.load import discover_languages, load_content
from deck.content.schema import write_json_schemas
from deck.content.select import SelectionError
from deck.errors import ContentError, RenderError
from deck.layout.geometry import resolve_size
from deck.options import MIN_BODY_PT, OUTPUTS, Options, Theme
from deck.output.write import write_atomic
from deck.starter import LANGUAGES, NotEmpty, write_new
from deck.translate import i18n
from deck.translate.language_codes import is_language_code

if TYPE_CHECKING:
    from deck.build import Written

# The layout stack (deck.build, WeasyPrint, Pillow, PDFium) is imported inside the commands that lay out, so that
# `deck --help`, `validate --no-fit`, `i18n` and `schema` start quickly.

NO_CONTENT = "no content/ here: pass --content DIR, or start one with deck new DIR"


def _content_dir(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """The default content/ folder must exist: say how to get one (exit 2)."""
    if ctx.get_parameter_source(param.name or "") is click.core.ParameterSource.DEFAULT and not value.exists():
        click.echo(NO_CONTENT, err=True)
        ctx.exit(2)
    return value


CONTENT_OPTION = click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("content"),
    show_default=True,
    callback=_content_dir,
    help="Content folder: deck.yaml plus one folder per language.",
)


def _fail(error: ContentError | RenderError) -> None:
    """Print every problem to stderr and exit 1."""
    if isinstance(error, ContentError):
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True)
    else:
        click.echo(str(error), err=True)
        click.echo("The build failed; nothing was written.", err=True)
    sys.exit(1)


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="deck")
def main() -> None:
    """Turn YAML content into print-ready PDF card decks.

    \b
    Example:
        deck new my-deck                # a starter deck to edit
        deck build --content my-deck    # every language and output into dist/
        deck validate --content content
    """
    stop_cleanly_on_sigterm()


def _size(size: str | None) -> str | None:
    try:
        resolve_size(size)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--size") from None
    return size


def _offset(value: str) -> tuple[float, float]:
    """``X,Y`` in mm, each at most 10 mm either way."""
    parts = value.split(",")
    try:
        x, y = (float(part) for part in parts)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not two numbers in mm like 0.5,-1", param_hint="--back-offset") from None
    if not all(-10 <= v <= 10 for v in (x, y)):  # also refuses nan
        raise click.BadParameter(f"'{value}': each offset must be between -10 and 10 mm", param_hint="--back-offset")
    return x, y


SIZE_OPTION = click.option(
    "--size",
    default=None,
    metavar="NAME|WxH",
    callback=lambda ctx, param, value: _size(value),
    help="Card size: a preset (a6, a7, poker, bridge, tarot, square) or WIDTHxHEIGHT in mm, like 80x120. Default: a6.",
)


@main.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--lang", "language", type=click.Choice(LANGUAGES), default="en", show_default=True, help="Language of the starter deck's texts."
)
@click.option("--from", "example", type=click.Choice(["liso"]), default=None, help="Copy a bundled deck instead: the LISO deck (nl, en).")
def new_command(folder: Path, language: str, example: str | None) -> None:
    """Start a deck of your own in a new or empty FOLDER: two dimensions, two stages, four werkvormen.

    \b
    Example:
        deck new my-deck --lang nl
        deck build --content my-deck
    """
    try:
        written = write_new(folder, language, example)
    except NotEmpty as exc:
        raise click.BadParameter(str(exc), param_hint="FOLDER") from None
    except OSError as exc:
        click.echo(f"{folder}: cannot write the deck: {exc.strerror or exc}", err=True)
        sys.exit(1)
    click.echo(f"created {folder} ({len(written)} files); build it with: deck build --content {folder}")


MIN_SIZE_OPTION = click.option(
    "--min-size",
    "min_pt",
    type=FiniteFloatRange(5, 12),
    default=MIN_BODY_PT,
    show_default=True,
    help="Smallest body text size (pt) a face may be shrunk to so that it fits.",
)
NO_CONTINUE_OPTION = click.option(
    "--no-continue",
    is_flag=True,
    help="Fail when a face does not fit at --min-size, instead of continuing its text on a card after it (6a).",
)


@main.command("build")
@CONTENT_OPTION
@click.option(
    "--lang", "languages", multiple=True, metavar="CODE", help="Language to build (repeatable). Default: every complete language."
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    type=click.Choice(list(OUTPUTS)),
    help="Output to write (repeatable). Default: all but scan, the network scan sheet to hand out.",
)
@SIZE_OPTION
@click.option("--paper", type=click.Choice(["a4", "letter"]), default=None, help="Paper for the sheets and foldover outputs. Default: a4.")
@MIN_SIZE_OPTION
@NO_CONTINUE_OPTION
@click.option(
    "--allow-incomplete", is_flag=True, help="Build translations that lack units: the source text stands in, marked as untranslated."
)
@click.option("--marks", is_flag=True, help="Add crop marks to the print output, in a slug beyond the bleed.")
@click.option("--pdfx", is_flag=True, help="Write the print output as PDF/X-4 with an output intent (sRGB, or the --cmyk-profile).")
@click.option(
    "--cmyk-profile",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="ICC profile of the print shop's press: the print output's colours are given in its CMYK.",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Folder of your own templates; each replaces the project's template of the same name.",
)
@click.option(
    "--stylesheet",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Your own CSS, applied after the project's.",
)
@click.option(
    "--true-size", is_flag=True, help="Sheets and fold-over: keep the cards at 100 % (fewer per sheet) instead of shrinking them."
)
@click.option(
    "--printer-margin",
    type=click.FloatRange(0, 20),
    default=None,
    metavar="MM",
    help="Sheets and fold-over: the edge your printer cannot print, kept free of ink. Default: 5.",
)
@click.option(
    "--flip",
    type=click.Choice(["long", "short"]),
    default="long",
    show_default=True,
    help="Sheets: the edge your duplex printer turns the paper on.",
)
@click.option(
    "--back-offset",
    default="0,0",
    metavar="X,Y",
    callback=lambda ctx, param, value: _offset(value),
    help="Sheets: move every back sheet X mm right and Y mm down (read off the alignment target), like -0.5,1.",
)
@click.option(
    "--strict", is_flag=True, help="Fail the build on any warning (an ignored CSS rule, a refused resource, a stale translation)."
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    metavar="N",
    help="Languages built at once, each in its own process. Default: the number of cores.",
)
@click.option(
    "--keep-html",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    metavar="DIR",
    help="Also write the final HTML of each language's layout into DIR, with the styles and fonts beside it.",
)
@click.option("--no-cache", is_flag=True, help="Build every language again, even when nothing it is made from changed.")
@click.option(
    "--select",
    "select",
    multiple=True,
    metavar="WHAT",
    help="Build a deck of your choice: dimension=ID, stage=ID or werkvorm ids, comma-separated (repeat to narrow). Cards keep their numbers.",
)
@click.option(
    "--blank", type=click.IntRange(0, 60), default=0, metavar="N", help="Add N blank werkvorm cards with ruled fields, after the deck."
)
@click.option("--copies", type=click.IntRange(1, 20), default=1, metavar="N", help="Print N copies of each card on the sheets output.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("dist"),
    show_default=True,
    help="Folder to write the PDFs into.",
)
def build_command(
    content_dir: Path,
    languages: tuple[str, ...],
    outputs: tuple[str, ...],
    size: str | None,
    paper: str | None,
    min_pt: float,
    no_continue: bool,
    allow_incomplete: bool,
    marks: bool,
    pdfx: bool,
    cmyk_profile: Path | None,
    templates: Path | None,
    stylesheet: Path | None,
    true_size: bool,
    printer_margin: float | None,
    flip: str,
    back_offset: tuple[float, float],
    strict: bool,
    jobs: int | None,
    keep_html: Path | None,
    no_cache: bool,
    select: tuple[str, ...],
    blank: int,
    copies: int,
    out_dir: Path,
) -> None:
    """Build the PDFs of a deck.

    \b
    For each language it writes into --out:
      <deck>-<lang>-print.pdf        one face per page, trim size plus 3 mm bleed, for a print shop
      <deck>-<lang>-screen.pdf       one face per page, clickable links, bookmarks, tagged
      <deck>-<lang>-sheets-a4.pdf    cards on A4 with cut marks, double-sided (--flip long or short)
      <deck>-<lang>-foldover-a4.pdf  front and back side by side: print single-sided, fold, cut

      <deck>-<lang>-scan-a4.pdf      only with --output scan: the network scan, one sheet per participant

    \b
    Example:
        deck build --lang nl --output print --output sheets --paper letter
        deck build --lang nl --output sheets --back-offset 0.5,-1
        deck build --lang nl --output sheets --select dimension=vertrouwen --blank 4 --copies 3
    """
    from deck.build import build
    from deck.colour import CmykConverter

    _content_codes(content_dir, languages)
    if cmyk_profile is not None:
        try:
            CmykConverter(cmyk_profile)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--cmyk-profile") from None
    options = Options(
        size=size,
        paper=paper,
        allow_incomplete=allow_incomplete,
        min_pt=min_pt,
        marks=marks,
        pdfx=pdfx,
        cmyk_profile=cmyk_profile,
        theme=Theme(templates, stylesheet),
        strict=strict,
        continue_cards=not no_continue,
        true_size=true_size,
        printer_margin=printer_margin,
        flip=flip,
        back_offset=back_offset,
        cache=not no_cache,
        keep_html=keep_html,
        select=select,
        blank=blank,
        copies=copies,
        **({"jobs": jobs} if jobs else {}),
    )
    try:
        build(content_dir, out_dir, languages or None, outputs or None, options, on_written=_report, on_note=_note)
    except (ContentError, RenderError) as error:
        _fail(error)
    except SelectionError as error:
        raise click.BadParameter(str(error), param_hint="'--select'") from None


def _note(note: str) -> None:
    """A skipped language is a warning (stderr); a continued card is news (stdout)."""
    click.echo(f"warning: {note}" if "skipped" in note else note, err="skipped" in note)


def _content_codes(content_dir: Path, codes: tuple[str, ...]) -> None:
    """Each --lang names a language of the content (source included); else a command-line error (exit 2)."""
    try:
        known = discover_languages(content_dir) if codes else None
    except OSError:
        known = None  # no content folder: the command reports it
    for code in codes:
        _language_code(code, known, "--lang")


def _report(written: Written) -> None:
    done = "unchanged" if written.unchanged else "wrote"
    click.echo(f"{done} {written.path} ({written.pages} pages)")
    if written.summary:
        click.echo(f"  {written.summary}")
    for shrink in written.shrinks:
        click.echo(f"  shrank {shrink}")
    for warning in written.warnings:
        click.echo(f"  warning: {warning}", err=True)


@main.command("validate")
@CONTENT_OPTION
@SIZE_OPTION
@MIN_SIZE_OPTION
@NO_CONTINUE_OPTION
@click.option("--no-fit", is_flag=True, help="Check the content only; do not lay out the cards to see that every face fits.")
def validate_command(content_dir: Path, size: str | None, min_pt: float, no_continue: bool, no_fit: bool) -> None:
    """Check the content as a build would (every face fits, in every language), and write nothing.

    \b
    Example:
        deck validate --content content --size poker --min-size 7
    """
    try:
        content, skipped = load_languages(content_dir, None)
        for line in skipped:
            _note(line)
        if not no_fit:
            from deck.output.language import check_fit

            for note in check_fit(content, resolve_size(size), Options(size=size, min_pt=min_pt, continue_cards=not no_continue)):
                _note(note)
    except (ContentError, RenderError) as error:
        _fail(error)
    languages = ", ".join(content.decks)
    click.echo(f"{content_dir}: deck '{content.deck_id}' is valid ({languages}).")


@main.command("preview")
@CONTENT_OPTION
@click.option("--lang", "language", default=None, metavar="CODE", help="Language to preview. Default: the source language.")
@SIZE_OPTION
@MIN_SIZE_OPTION
@NO_CONTINUE_OPTION
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("preview"), show_default=True)
def preview_command(content_dir: Path, language: str | None, size: str | None, min_pt: float, no_continue: bool, out_dir: Path) -> None:
    """Write a PNG of every face and a contact sheet of the whole deck.

    \b
    Example:
        deck preview --lang nl --size poker --min-size 7 --out preview
    """
    from deck.build import build
    from deck.output.preview import write_previews

    _content_codes(content_dir, (language,) if language else ())
    try:
        content = load_content(content_dir, [language] if language else None)
        language = language or content.source_language
        with tempfile.TemporaryDirectory() as tmp:
            options = Options(size=size, min_pt=min_pt, continue_cards=not no_continue)
            written = build(content_dir, Path(tmp), [language], ["screen"], options, on_note=_note)
            faces, contact = write_previews(written[0].path, out_dir / f"{content.deck_id}-{language}")
    except (ContentError, RenderError) as error:
        _fail(error)
    click.echo(f"wrote {len(faces)} faces and {contact}")


@main.command("watch")
@CONTENT_OPTION
@click.option("--lang", "languages", multiple=True, metavar="CODE", help="Language to build (repeatable). Default: every language.")
@SIZE_OPTION
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("dist"), show_default=True)
@click.option(
    "--preview",
    "preview_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Also write a PNG of every face that changed into this folder.",
)
@click.option(
    "--templates", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None, help="Folder of your own templates."
)
@click.option("--stylesheet", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None, help="Your own CSS.")
def watch_command(
    content_dir: Path,
    languages: tuple[str, ...],
    size: str | None,
    out_dir: Path,
    preview_dir: Path | None,
    templates: Path | None,
    stylesheet: Path | None,
) -> None:
    """Rebuild the screen PDF each time a content, template or style file is saved.

    Errors are reported and the last good PDF stays in place; Ctrl-C stops watching.

    \b
    Example:
        deck watch --lang nl --preview preview
    """
    from deck.watch import Watcher

    if not content_dir.is_dir():  # nothing to watch: say so instead of waiting for a folder that is not there
        raise click.BadParameter(f"{content_dir} is not a folder", param_hint="--content")

    _content_codes(content_dir, languages)
    options = Options(size=size, allow_incomplete=True, theme=Theme(templates, stylesheet))
    watcher = Watcher(content_dir, out_dir, languages or None, options, click.echo, _report, preview_dir)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C during a rebuild: it wrote nothing, the last good PDF stays
        watcher.run()
    click.echo("stopped watching")


@main.group("i18n")
def i18n_group() -> None:
    """Translate a deck: start a language, exchange PO files, see what is missing or stale.

    \b
    Example:
        deck i18n init de --name Deutsch
        deck i18n export de --out de.po    # translate in Poedit or Weblate
        deck i18n import de de.po
        deck i18n status de
    """


@i18n_group.command("init")
@CONTENT_OPTION
@click.argument("code")
@click.option("--name", default=None, help="Name of the language in itself, like 'Deutsch'.")
@click.option("--rtl", "direction", flag_value="rtl", default=None, help="The language is written right to left.")
def i18n_init(content_dir: Path, code: str, name: str | None, direction: str | None) -> None:
    """Create a language folder with every unit present and empty.

    \b
    Example:
        deck i18n init fr --name Français
    """
    _language_code(code)
    try:
        written = i18n.init(content_dir, code, name, direction)
    except ContentError as error:
        _fail(error)
    click.echo(f"created {content_dir / code} ({len(written)} files); translate it, then run: deck i18n status {code}")


def _language_code(code: str, known: list[str] | None = None, param_hint: str = "CODE") -> str:
    """A well-formed language code, and one of ``known`` when given; else a command-line error (exit 2)."""
    listed = f"; known languages: {', '.join(known) or 'none'}" if known is not None else ""
    if not is_language_code(code):
        raise click.BadParameter(f"{code[:60]!r} is not a language code like 'de' or 'pt-BR'{listed}", param_hint=param_hint)
    if known is not None and code not in known:
        raise click.BadParameter(f"no language '{code}' in this content{listed}", param_hint=param_hint)
    return code


def _translation_code(content_dir: Path, code: str, param_hint: str = "CODE") -> str:
    """A language code that names one of the content's translations."""
    try:
        known = i18n.translation_languages(content_dir) if is_language_code(code) or content_dir.is_dir() else None
    except (ContentError, OSError):
        known = None  # the content itself is broken: the command reports it
    return _language_code(code, known, param_hint)


@i18n_group.command("export")
@CONTENT_OPTION
@click.argument("code")
@click.option(
    "--out", "out_file", type=click.Path(path_type=Path, dir_okay=False), default=None, help="PO file to write. Default: <deck>-<code>.po"
)
@click.option("--reference", default=None, metavar="CODE", help="Another translation to show beside each unit, as a translator comment.")
def i18n_export(content_dir: Path, code: str, out_file: Path | None, reference: str | None) -> None:
    """Write a gettext PO file of every unit, for Poedit, Weblate or any PO editor.

    \b
    Example:
        deck i18n export de --out liso-de.po --reference en
    """
    _translation_code(content_dir, code)
    if reference is not None:
        _translation_code(content_dir, reference, "--reference")
    try:
        po = i18n.export_po(content_dir, code, reference)
    except ContentError as error:
        _fail(error)
    target = out_file or Path(f"{po.metadata['Project-Id-Version']}-{code}.po")
    write_atomic(target, str(po).encode("utf-8"))
    click.echo(f"wrote {target} ({_count(len(po), 'unit')}, {len(po.translated_entries())} translated)")


def _count(count: int, noun: str) -> str:
    """'1 unit', '2 units'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


@i18n_group.command("import")
@CONTENT_OPTION
@click.argument("arguments", nargs=-1, metavar="[CODE] FILE.po")
@click.option("--lang", "lang", default=None, metavar="CODE", help="Language to import into (instead of CODE).")
def i18n_import(content_dir: Path, arguments: tuple[str, ...], lang: str | None) -> None:
    """Write the translations of a PO file into a language's content, changing only the units it changes.

    The language is CODE (or --lang); without it, the PO header's Language, which must be one of the
    content's translations. A header naming another language is an error.

    \b
    Example:
        deck i18n import de liso-de.po
    """
    if len(arguments) not in (1, 2):
        raise click.UsageError("give the PO file, and before it the language: deck i18n import de liso-de.po")
    code = arguments[0] if len(arguments) == 2 else None
    if code is not None and lang is not None and code != lang:
        raise click.UsageError(f"two languages given: '{code}' and --lang '{lang}'")
    code = code or lang
    if code is not None:
        _translation_code(content_dir, code)
    po_file = Path(arguments[-1])
    if not po_file.is_file():
        raise click.BadParameter(f"file '{po_file}' does not exist", param_hint="FILE.po")
    try:
        result = i18n.import_po(content_dir, po_file, code)
    except ContentError as error:
        _fail(error)
    click.echo(f"imported {_count(result.changed, 'unit')} into {result.folder} ({result.unchanged} unchanged)")


@i18n_group.command("status")
@CONTENT_OPTION
@click.argument("codes", nargs=-1)
@click.option("--strict", is_flag=True, help="Exit 1 when any unit is missing or stale, a card overflows or a character has no glyph.")
@click.option("--no-fit", is_flag=True, help="Skip laying out the cards (faster).")
def i18n_status(content_dir: Path, codes: tuple[str, ...], strict: bool, no_fit: bool) -> None:
    """Count, per language, the units translated, missing, stale and orphaned, and list each problem.

    \b
    Example:
        deck i18n status en --strict
    """
    for code in codes:
        _translation_code(content_dir, code)
    failed = False
    try:
        for code in codes or i18n.translation_languages(content_dir):
            report = i18n.status(content_dir, code, check_fit=not no_fit)
            click.echo(f"{code}: " + ", ".join(f"{report.count(state)} {state}" for state in i18n.STATES))
            for unit in report.problems:
                detail = f" ({unit.detail})" if unit.detail else ""
                line = f":{unit.line}" if unit.state == "invalid" and unit.line else ""
                click.echo(f"  {unit.state}: {unit.unit} in {code}/{unit.file}{line}{detail}")
            for line in report.overflows:
                click.echo(f"  does not fit: {line}")
            failed |= report.failed
    except ContentError as error:
        _fail(error)
    if strict and failed:
        sys.exit(1)


@i18n_group.command("accept")
@CONTENT_OPTION
@click.argument("code")
@click.argument("units", nargs=-1)
@click.option("--all", "all_stale", is_flag=True, help="Accept every stale unit, e.g. after a typo fix in the source.")
def i18n_accept(content_dir: Path, code: str, units: tuple[str, ...], all_stale: bool) -> None:
    """Confirm translations as still right after their source text changed.

    \b
    Example:
        deck i18n accept en werkvormen.brainstormen.how.steps.voortbouwen
        deck i18n accept en --all
    """
    _translation_code(content_dir, code)
    if not units and not all_stale:
        raise click.UsageError("name the units to accept, or give --all")
    try:
        accepted = i18n.accept(content_dir, code, list(units), all_stale)
    except ContentError as error:
        _fail(error)
    click.echo(f"accepted {_count(len(accepted), 'unit')} in {code}")


@main.command("schema")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("content/schema"),
    show_default=True,
    help="Folder to write the JSON Schema files into.",
)
def schema_command(out_dir: Path) -> None:
    """Write the content's JSON Schema files, for YAML editors.

    \b
    Example:
        deck schema --out content/schema
    """
    for path in write_json_schemas(out_dir):
        click.echo(f"wrote {path}")
