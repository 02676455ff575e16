"""Label placeholders: ``{dimension}`` and ``{stage}``, filled in once, from a fixed set, with a bounded result."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import Problem
from .schema import MAX_TEXT
from .source import Source

NAMES = ("dimension", "stage")
"""The only placeholders: the sibling link's dimension name and stage phrase."""

PLACEHOLDER = re.compile(r"\{(" + "|".join(NAMES) + r")\}")

MAX_EXPANDED = MAX_TEXT
"""Characters a label may have once its placeholders are filled in: the limit of any one text."""


def expand(template: str, values: Mapping[str, str]) -> str:
    """``template`` with each placeholder replaced, in one pass: a value's own braces are printed as written."""
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def expanded_length(template: str, values: Mapping[str, str]) -> int:
    """The length ``expand`` would give, counted without building the text."""
    counts = {name: 0 for name in NAMES}
    for match in PLACEHOLDER.finditer(template):
        counts[match.group(1)] += 1
    return len(PLACEHOLDER.sub("", template)) + sum(counts[name] * len(values.get(name, "")) for name in NAMES)


def placeholder_problems(texts: Source | None) -> list[Problem]:
    """The sibling label, filled in with the longest dimension name and stage phrase, must stay within MAX_EXPANDED."""
    data: Any = texts.data if texts is not None else None
    if not isinstance(data, dict):
        return []
    labels, dimensions, stages = data.get("labels"), data.get("dimensions"), data.get("stages")
    template = labels.get("sibling") if isinstance(labels, dict) else None
    if not isinstance(template, str):
        return []
    longest = {
        "dimension": _longest(dimensions, "name"),
        "stage": _longest(stages, "link"),
    }
    length = expanded_length(template, longest)
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
