"""Translation units: every translatable text of a deck, with a stable id, and what a translation was made from."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

META_KEYS = ("language", "name", "direction")
"""Keys of a language's deck.yaml that describe the language itself; they are not translations."""

TEXTS_FILE = "deck.yaml"
WERKVORMEN_DIR = "werkvormen"


@dataclass(frozen=True)
class Unit:
    """One translatable text: ``id`` is stable (built from ids, never from list positions)."""

    id: str
    file: str  # relative to the language folder
    path: tuple[str, ...]  # key path inside that file
    text: str


def werkvorm_file(werkvorm_id: str) -> str:
    return f"{WERKVORMEN_DIR}/{werkvorm_id}.yaml"


def leaves(data: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(key path, value) for every non-mapping value of nested mappings."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, str(key)))
    else:
        yield path, data


def units_of(texts: dict[str, Any] | None, werkvormen: dict[str, dict[str, Any]]) -> dict[str, Unit]:
    """Every text leaf of a language's files, keyed by unit id, in file order."""
    units: dict[str, Unit] = {}
    for path, value in leaves({k: v for k, v in (texts or {}).items() if k not in META_KEYS}):
        units[".".join(path)] = Unit(".".join(path), TEXTS_FILE, path, value)
    for ident, data in werkvormen.items():
        for path, value in leaves(data):
            unit_id = ".".join((WERKVORMEN_DIR, ident, *path))
            units[unit_id] = Unit(unit_id, werkvorm_file(ident), path, value)
    return units


def source_hash(text: str) -> str:
    """A short fingerprint of a source text; whitespace changes do not count."""
    return hashlib.sha256(" ".join(str(text).split()).encode("utf-8")).hexdigest()[:16]


def is_blank(value: Any) -> bool:
    """Whether a translation value counts as missing."""
    return value is None or (isinstance(value, str) and not value.strip())


class Untranslated(str):
    """Source-language text standing in for a missing translation; it renders marked as untranslated."""

    source_language: str = ""

    def __new__(cls, text: str, source_language: str) -> Untranslated:
        made = super().__new__(cls, text)
        made.source_language = source_language
        return made

    def __reduce__(self) -> tuple[type[Untranslated], tuple[str, str]]:
        """Copies and pickles (a result sent back by a worker process) stay marked."""
        return (Untranslated, (str(self), self.source_language))

    def __html__(self) -> Markup:
        return Markup('<span class="untranslated" lang="{}">{}</span>').format(self.source_language, str(self))


def fill_missing(
    source: dict[str, Any], target: Any, source_language: str, path: tuple[str, ...] = ()
) -> tuple[Any, list[tuple[str, ...]]]:
    """``target`` completed from ``source``: each text that ``target`` lacks (absent, empty or null) is
    the source text, marked Untranslated. Returns the completed data and the key paths that were missing."""
    if not isinstance(target, dict):
        target = {} if target is None else target
    if not isinstance(target, dict):
        return target, []
    merged = dict(target)
    missing: list[tuple[str, ...]] = []
    for key, value in source.items():
        if not path and key in META_KEYS:
            continue
        here = (*path, key)
        if isinstance(value, dict):
            merged[key], more = fill_missing(value, target.get(key), source_language, here)
            missing += more
        elif is_blank(target.get(key)):
            merged[key] = Untranslated(value, source_language)
            missing.append(here)
    return merged, missing
