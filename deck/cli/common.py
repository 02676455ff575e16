"""What the commands share: the common options, and how problems, notes and written files are reported."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from deck.cli_guard import FiniteFloatRange
from deck.content.read import discover_languages
from deck.errors import ContentError, RenderError
from deck.layout.geometry import resolve_size
from deck.options import MIN_BODY_PT
from deck.translate.language_codes import is_language_code

if TYPE_CHECKING:
    from deck.build import Written

NO_CONTENT = "no content/ here: pass --content DIR, or start one with deck new DIR"


def content_dir(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
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
    callback=content_dir,
    help="Content folder: deck.yaml plus one folder per language.",
)


def fail(error: ContentError | RenderError) -> None:
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


def size(size: str | None) -> str | None:
    try:
        resolve_size(size)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--size") from None
    return size


def offset(value: str) -> tuple[float, float]:
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
    callback=lambda ctx, param, value: size(value),
    help="Card size: a preset (a6, a7, poker, bridge, tarot, square) or WIDTHxHEIGHT in mm, like 80x120. Default: a6.",
)


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


def report_note(note: str) -> None:
    """A skipped language is a warning (stderr); a continued card is news (stdout)."""
    click.echo(f"warning: {note}" if "skipped" in note else note, err="skipped" in note)


def content_codes(content_dir: Path, codes: tuple[str, ...]) -> None:
    """Each --lang names a language of the content (source included); else a command-line error (exit 2)."""
    try:
        known = discover_languages(content_dir) if codes else None
    except OSError:
        known = None  # no content folder: the command reports it
    for code in codes:
        language_code(code, known, "--lang")


def report(written: Written) -> None:
    done = "unchanged" if written.unchanged else "wrote"
    click.echo(f"{done} {written.path} ({written.pages} pages)")
    if written.summary:
        click.echo(f"  {written.summary}")
    for shrink in written.shrinks:
        click.echo(f"  shrank {shrink}")
    for warning in written.warnings:
        click.echo(f"  warning: {warning}", err=True)


def language_code(code: str, known: list[str] | None = None, param_hint: str = "CODE") -> str:
    """A well-formed language code, and one of ``known`` when given; else a command-line error (exit 2)."""
    listed = f"; known languages: {', '.join(known) or 'none'}" if known is not None else ""
    if not is_language_code(code):
        raise click.BadParameter(f"{code[:60]!r} is not a language code like 'de' or 'pt-BR'{listed}", param_hint=param_hint)
    if known is not None and code not in known:
        raise click.BadParameter(f"no language '{code}' in this content{listed}", param_hint=param_hint)
    return code
