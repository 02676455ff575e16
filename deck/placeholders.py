"""Placeholders in texts (``{dimension}``): the same set in a translation as in its source, filled once."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from .units import Untranslated

PLACEHOLDER = re.compile(r"\{([^{}\s]{0,40})\}")
"""A ``{name}`` in a text; misspelt and unknown names count too, so that a typo is caught."""


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
