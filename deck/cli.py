"""The command line: a thin click layer over deck.build and deck.content."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .build import MIN_BODY_PT, Options, Written, build
from .colour import CmykConverter
from .content import load_content
from .errors import ContentError, RenderError
from .geometry import resolve_size
from .preview import write_previews
from .render import OUTPUTS
from .schema import write_json_schemas

CONTENT_OPTION = click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("content"),
    show_default=True,
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="deck")
def main() -> None:
    """Turn YAML content into print-ready PDF card decks.

    \b
    Example:
        deck build                      # every language and output into dist/
        deck validate --content content
    """


def _size(size: str | None) -> str | None:
    try:
        resolve_size(size)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--size") from None
    return size


SIZE_OPTION = click.option(
    "--size",
    default=None,
    metavar="NAME|WxH",
    callback=lambda ctx, param, value: _size(value),
    help="Card size: a preset (a6, a7, poker, bridge, tarot, square) or WIDTHxHEIGHT in mm, like 80x120. Default: a6.",
)


@main.command("build")
@CONTENT_OPTION
@click.option("--lang", "languages", multiple=True, metavar="CODE", help="Language to build (repeatable). Default: every language.")
@click.option("--output", "outputs", multiple=True, type=click.Choice(list(OUTPUTS)), help="Output to write (repeatable). Default: all.")
@SIZE_OPTION
@click.option("--paper", type=click.Choice(["a4", "letter"]), default=None, help="Paper for the sheets and foldover outputs. Default: a4.")
@click.option(
    "--min-size",
    "min_pt",
    type=click.FloatRange(5, 12),
    default=MIN_BODY_PT,
    show_default=True,
    help="Smallest body text size (pt) a face may be shrunk to so that it fits.",
)
@click.option("--marks", is_flag=True, help="Add crop marks in the bleed of the print output.")
@click.option("--pdfx", is_flag=True, help="Write the print output as PDF/X-4 with an output intent (sRGB, or the --cmyk-profile).")
@click.option(
    "--cmyk-profile",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="ICC profile of the print shop's press: the print output's colours are given in its CMYK.",
)
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
    marks: bool,
    pdfx: bool,
    cmyk_profile: Path | None,
    out_dir: Path,
) -> None:
    """Build the PDFs of a deck.

    \b
    For each language it writes into --out:
      <deck>-<lang>-print.pdf        one face per page, trim size plus 3 mm bleed, for a print shop
      <deck>-<lang>-screen.pdf       one face per page, clickable links, bookmarks, tagged
      <deck>-<lang>-sheets-a4.pdf    cards on A4 with cut marks, double-sided (flip on the long edge)
      <deck>-<lang>-foldover-a4.pdf  front and back side by side: print single-sided, fold, cut

    \b
    Example:
        deck build --lang nl --output print --output sheets --paper letter
    """
    if cmyk_profile is not None:
        try:
            CmykConverter(cmyk_profile)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--cmyk-profile") from None
    options = Options(size=size, paper=paper, min_pt=min_pt, marks=marks, pdfx=pdfx, cmyk_profile=cmyk_profile)
    try:
        build(content_dir, out_dir, languages or None, outputs or None, options, on_written=_report)
    except (ContentError, RenderError) as error:
        _fail(error)


def _report(written: Written) -> None:
    click.echo(f"wrote {written.path} ({written.pages} pages)")
    for shrink in written.shrinks:
        click.echo(f"  shrank {shrink}")
    for warning in written.warnings:
        click.echo(f"  warning: {warning}", err=True)


@main.command("validate")
@CONTENT_OPTION
def validate_command(content_dir: Path) -> None:
    """Check the content as a build would, and write nothing.

    \b
    Example:
        deck validate --content content
    """
    try:
        content = load_content(content_dir)
    except ContentError as error:
        _fail(error)
    languages = ", ".join(content.decks)
    click.echo(f"{content_dir}: deck '{content.deck_id}' is valid ({languages}).")


@main.command("preview")
@CONTENT_OPTION
@click.option("--lang", "language", default=None, metavar="CODE", help="Language to preview. Default: the source language.")
@SIZE_OPTION
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("preview"), show_default=True)
def preview_command(content_dir: Path, language: str | None, size: str | None, out_dir: Path) -> None:
    """Write a PNG of every face and a contact sheet of the whole deck.

    \b
    Example:
        deck preview --lang nl --size a6 --out preview
    """
    try:
        content = load_content(content_dir, [language] if language else None)
        language = language or content.source_language
        with tempfile.TemporaryDirectory() as tmp:
            written = build(content_dir, Path(tmp), [language], ["screen"], Options(size=size))
            faces, contact = write_previews(written[0].path, out_dir / f"{content.deck_id}-{language}")
    except (ContentError, RenderError) as error:
        _fail(error)
    click.echo(f"wrote {len(faces)} faces and {contact}")


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
