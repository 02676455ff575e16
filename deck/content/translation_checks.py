"""Placeholder checks of translated files, for validate and build (import and status check unit by unit)."""

from __future__ import annotations

from collections.abc import Iterable

from deck.content.placeholders import placeholder_mismatch
from deck.content.source import Source
from deck.content.units import leaves
from deck.errors import Problem


def check_placeholders(pairs: Iterable[tuple[Source | None, Source | None]], source_language: str) -> list[Problem]:
    """Every text of a translated file whose placeholders differ from its source text's, at its line.
    ``pairs``: (source-language file, the same file translated)."""
    problems = []
    for source, translated in pairs:
        if source is None or translated is None:
            continue
        texts = dict(leaves(translated.data))
        for path, source_text in leaves(source.data):
            text = texts.get(path)
            if not isinstance(source_text, str) or not isinstance(text, str) or path[:1] == ("language",):
                continue
            mismatch = placeholder_mismatch(source_text, text, source_language)
            if mismatch is not None:
                problems.append(translated.problem(path, mismatch))
    return problems
