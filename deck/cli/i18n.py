"""``deck i18n``: start a language, exchange PO files with translators, see what is missing or stale."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from deck.cli.common import CONTENT_OPTION, fail, language_code
from deck.errors import ContentError
from deck.output.write import write_atomic
from deck.translate import i18n
from deck.translate.language_codes import is_language_code


@click.group("i18n")
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
    language_code(code)
    try:
        written = i18n.init(content_dir, code, name, direction)
    except ContentError as error:
        fail(error)
    click.echo(f"created {content_dir / code} ({len(written)} files); translate it, then run: deck i18n status {code}")


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
    translation_code(content_dir, code)
    if reference is not None:
        translation_code(content_dir, reference, "--reference")
    try:
        po = i18n.export_po(content_dir, code, reference)
    except ContentError as error:
        fail(error)
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
        translation_code(content_dir, code)
    po_file = Path(arguments[-1])
    if not po_file.is_file():
        raise click.BadParameter(f"file '{po_file}' does not exist", param_hint="FILE.po")
    try:
        result = i18n.import_po(content_dir, po_file, code)
    except ContentError as error:
        fail(error)
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
        translation_code(content_dir, code)
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
        fail(error)
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
    translation_code(content_dir, code)
    if not units and not all_stale:
        raise click.UsageError("name the units to accept, or give --all")
    try:
        accepted = i18n.accept(content_dir, code, list(units), all_stale)
    except ContentError as error:
        fail(error)
    click.echo(f"accepted {_count(len(accepted), 'unit')} in {code}")


def translation_code(content_dir: Path, code: str, param_hint: str = "CODE") -> str:
    """A language code that names one of the content's translations."""
    try:
        known = i18n.translation_languages(content_dir) if is_language_code(code) or content_dir.is_dir() else None
    except (ContentError, OSError):
        known = None  # the content itself is broken: the command reports it
    return language_code(code, known, param_hint)
