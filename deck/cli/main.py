"""The ``deck`` command group: every command, each in the module of its stage."""

from __future__ import annotations

import click

from deck import __version__
from deck.cli.build import build_command, preview_command, watch_command
from deck.cli.content import new_command, schema_command, validate_command
from deck.cli.i18n import i18n_group
from deck.cli_guard import GuardedGroup, stop_cleanly_on_sigterm


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


for command in (new_command, build_command, validate_command, preview_command, watch_command, i18n_group, schema_command):
    main.add_command(command)
