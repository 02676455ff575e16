"""Commands on the content itself: start a deck, check it, write its JSON Schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from deck.cli.common import CONTENT_OPTION, MIN_SIZE_OPTION, NO_CONTINUE_OPTION, SIZE_OPTION, fail, report_note
from deck.content.languages import load_languages
from deck.content.schema import write_json_schemas
from deck.errors import ContentError, RenderError
from deck.layout.geometry import resolve_size
from deck.options import Options
from deck.starter import LANGUAGES, NotEmpty, write_new


@click.command("new")
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


@click.command("validate")
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
            report_note(line)
        if not no_fit:
            from deck.output.language import check_fit

            for note in check_fit(content, resolve_size(size), Options(size=size, min_pt=min_pt, continue_cards=not no_continue)):
                report_note(note)
    except (ContentError, RenderError) as error:
        fail(error)
    languages = ", ".join(content.decks)
    click.echo(f"{content_dir}: deck '{content.deck_id}' is valid ({languages}).")


@click.command("schema")
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
