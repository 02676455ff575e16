"""Commands that lay out: build the PDFs, preview the faces, rebuild on save.

The layout stack (deck.build's layout, WeasyPrint, Pillow, PDFium) is imported inside these commands, so that
`deck --help`, `validate --no-fit`, `i18n` and `schema` start quickly.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import click

from deck.cli.common import (
    CONTENT_OPTION,
    MIN_SIZE_OPTION,
    NO_CONTINUE_OPTION,
    SIZE_OPTION,
    content_codes,
    fail,
    offset,
    report,
    report_note,
)
from deck.content.load import load_content
from deck.content.select import SelectionError
from deck.errors import ContentError, RenderError
from deck.options import OUTPUTS, Options, Theme


@click.command("build")
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
    callback=lambda ctx, param, value: offset(value),
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

    content_codes(content_dir, languages)
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
        build(content_dir, out_dir, languages or None, outputs or None, options, on_written=report, on_note=report_note)
    except (ContentError, RenderError) as error:
        fail(error)
    except SelectionError as error:
        raise click.BadParameter(str(error), param_hint="'--select'") from None


@click.command("preview")
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

    content_codes(content_dir, (language,) if language else ())
    try:
        content = load_content(content_dir, [language] if language else None)
        language = language or content.source_language
        with tempfile.TemporaryDirectory() as tmp:
            options = Options(size=size, min_pt=min_pt, continue_cards=not no_continue)
            written = build(content_dir, Path(tmp), [language], ["screen"], options, on_note=report_note)
            faces, contact = write_previews(written[0].path, out_dir / f"{content.deck_id}-{language}")
    except (ContentError, RenderError) as error:
        fail(error)
    click.echo(f"wrote {len(faces)} faces and {contact}")


@click.command("watch")
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
    if preview_dir is not None and preview_dir.resolve().is_relative_to(content_dir.resolve()):
        raise click.BadParameter(
            f"{preview_dir} is inside the content folder, every file of which a build counts as read; choose a folder outside it",
            param_hint="--preview",
        )

    content_codes(content_dir, languages)
    options = Options(size=size, allow_incomplete=True, theme=Theme(templates, stylesheet))
    watcher = Watcher(content_dir, out_dir, languages or None, options, click.echo, report, preview_dir, note=report_note)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C during a rebuild: it wrote nothing, the last good PDF stays
        watcher.run()
    click.echo("stopped watching")
