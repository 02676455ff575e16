"""Which languages a build makes: every complete one by default; a translation in progress is skipped, not fatal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from deck.content.load import Content, load_content
from deck.errors import RenderError


def skip_line(code: str, missing: int, total: int) -> str:
    """The one warning line of a skipped language."""
    return f"{code}: {missing} of {total} units missing; skipped (deck i18n status {code})"


def load_languages(
    content_dir: Path, languages: Sequence[str] | None, allow_incomplete: bool = False, strict: bool = False
) -> tuple[Content, tuple[str, ...]]:
    """The content of the languages to build, and a skip line per incomplete language left out.

    Languages named on the command line must be complete (unless ``allow_incomplete``), as must every
    language with ``strict``; otherwise an incomplete translation is left out and the others are built.
    """
    if languages or allow_incomplete:
        return load_content(content_dir, list(languages) if languages else None, allow_incomplete), ()
    content = load_content(content_dir, None, allow_incomplete=True)
    incomplete = {code: units for code, units in content.missing.items() if units}
    lines = tuple(skip_line(code, len(units), content.total_units) for code, units in incomplete.items())
    if strict and lines:
        raise RenderError("\n".join(["--strict: a language is incomplete, so nothing was written:", *lines]))
    if not incomplete:
        return content, ()
    decks = {code: deck for code, deck in content.decks.items() if code not in incomplete}
    missing = {code: units for code, units in content.missing.items() if code not in incomplete}
    return replace(content, decks=decks, missing=missing), lines
