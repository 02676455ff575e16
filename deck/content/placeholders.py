"""Placeholders in texts (``{dimension}``): the same set in a translation as in its source, filled once, with a
bounded result."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from deck.content.schema import MAX_TEXT
from deck.content.source import Source
from deck.content.units import Untranslated
from deck.errors import Problem

PLACEHOLDER = re.compile(r"\{([^{}\s]{0,40})\}")
"""A ``{name}`` in a text; misspelt and unknown names count too, so that a typo is caught."""

MAX_EXPANDED = MAX_TEXT
"""Characters a label may have once its placeholders are filled in: the limit of any one text."""


def placeholders(text: str) -> Counter[str]:
    """The placeholders of a text, with how often each occurs."""
    return Counter(f"{{{name}}}" for name in PLACEHOLDER.findall(text))


def shown_placeholders(text: str) -> str:
    """The placeholders of a text in the order they occur, for a message."""
    return " ".join(f"{{{name}}}" for name in PLACEHOLDER.findall(text)) or "none"


def placeholder_mismatch(source_text: str, text: str, source_language: str) -> str | None:
    """Why a translation's placeholders differ from its source's, or None when they are the same."""
    if placeholders(source_text) == placeholders(text):
        return None
    return (
        f"placeholders differ from the {source_language} text: expected {shown_placeholders(source_text)}, found {shown_placeholders(text)}"
    )


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with each ``{name}`` of ``values`` replaced, in one pass (a value's own braces stay as
    they are). The result is marked Untranslated when the template or any value filled in is."""
    used: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        used.append(values[name])
        return str(values[name])

    text = PLACEHOLDER.sub(replace, str(template))
    marked = next((part for part in (template, *used) if isinstance(part, Untranslated)), None)
    return Untranslated(text, marked.source_language) if marked is not None else text


def filled_length(template: str, values: Mapping[str, str]) -> int:
    """The length ``fill`` would give, counted without building the text."""
    return sum(len(values[m.group(1)]) - len(m.group(0)) for m in PLACEHOLDER.finditer(template) if m.group(1) in values) + len(template)


def placeholder_problems(texts: Source | None) -> list[Problem]:
    """The sibling label, filled in with the longest dimension name and stage phrase, must stay within MAX_EXPANDED."""
    data: Any = texts.data if texts is not None else None
    if not isinstance(data, dict):
        return []
    labels, dimensions, stages = data.get("labels"), data.get("dimensions"), data.get("stages")
    template = labels.get("sibling") if isinstance(labels, dict) else None
    if not isinstance(template, str):
        return []
    length = filled_length(template, {"dimension": _longest(dimensions, "name"), "stage": _longest(stages, "link")})
    if length <= MAX_EXPANDED:
        return []
    return [
        texts.problem(
            ("labels", "sibling"),
            f"filled in with the longest dimension name and stage link this label is {length:,} characters; the limit is {MAX_EXPANDED:,}",
        )
    ]


def _longest(entries: Any, key: str) -> str:
    """The longest text under ``key`` among the mapping's entries."""
    found = [entry.get(key) for entry in entries.values() if isinstance(entry, dict)] if isinstance(entries, dict) else []
    return max((value for value in found if isinstance(value, str)), key=len, default="")
