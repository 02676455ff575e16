"""The build cache: a language whose inputs did not change is not laid out again.

What a language's PDFs depend on is hashed into one key: its deck model (every text, colour and
number, the source language's text included where a translation falls back to it), deck's own code,
the templates, styles and fonts, the user's own templates and stylesheet, the build options, and the
versions of deck and WeasyPrint. The cache keeps, per output slot (deck, language, size, paper, outputs), the key
of the last build and the SHA-256 of each file it wrote, in ``<out>/.deck-cache/``. A build whose key
matches and whose files are still there, unchanged, writes nothing.

Beside the slots, ``fit-<hash>.json`` keeps per layout namespace (the files the layout reads, the card size,
the fitting options) the size each shrunk face fitted at, by the digest of the face's HTML: a language that is
built again lays those faces out at that size at once (``deck.layout.fit``). ``reuse/`` keeps results that
depend on their inputs only, font subsets and instruction pages, by the digest of those inputs
(``deck.layout.reuse``): a rebuild after an edit to one card works out again only what the edit changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from deck import __version__
from deck.output.write import plain_name, read_plain, sha256_plain, write_atomic

CACHE_FOLDER = ".deck-cache"
ENTRY_LIMIT = 16 * 2**20
"""No record or hints file deck writes is larger; a larger one is not read."""
FORMAT = 1
"""Bumped whenever what the cache stores changes shape; an entry of another format is a miss."""


def package_version(name: str) -> str:
    """The installed version of a package deck depends on."""
    try:
        return version(name)
    except PackageNotFoundError:  # pragma: no cover - every one named is a dependency
        return "unknown"


def build_key(model: str, files: str, options: str, outputs: Sequence[str]) -> str:
    """The key of one language's build: its model, the digest of the files the layout reads, the options and versions."""
    digest = hashlib.sha256()
    for part in (f"format {FORMAT}", __version__, package_version("weasyprint"), model, files, options, ",".join(outputs)):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class CachedFile:
    """One file a cached build wrote, with what its report said."""

    name: str
    output: str
    sha256: str
    pages: int
    shrinks: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...]


SHRINK_FIELDS = {"card": str, "face": str, "title": str, "from_pt": (int, float), "to_pt": (int, float)}
"""A shrunk face as a record keeps it (``deck.layout.measure.Shrink``)."""


def _cached_file(found: object) -> CachedFile:
    """A file of a record read back, checked field by field (a ValueError for anything a build does not write)."""
    if not isinstance(found, dict) or set(found) != {f.name for f in fields(CachedFile)}:
        raise ValueError(found)
    name, output, sha256, pages = found["name"], found["output"], found["sha256"], found["pages"]
    shrinks, warnings = found["shrinks"], found["warnings"]
    if not plain_name(name) or not isinstance(output, str) or not isinstance(sha256, str) or type(pages) is not int or pages < 0:
        raise ValueError(found)
    if not isinstance(shrinks, list) or not all(_shrink(s) for s in shrinks):
        raise ValueError(shrinks)
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        raise ValueError(warnings)
    return CachedFile(name, output, sha256, pages, tuple(shrinks), tuple(warnings))


def _shrink(found: object) -> bool:
    if not isinstance(found, dict) or set(found) != set(SHRINK_FIELDS):
        return False
    return all(isinstance(found[k], kind) and type(found[k]) is not bool for k, kind in SHRINK_FIELDS.items())


@dataclass(frozen=True)
class BuildCache:
    """The cache of one output folder."""

    out_dir: Path

    @property
    def folder(self) -> Path:
        return self.out_dir / CACHE_FOLDER

    def _entry(self, slot: str) -> Path:
        """The slot's file: named by a hash, so that no id or code can make a path of it."""
        return self.folder / f"{hashlib.sha256(slot.encode('utf-8', 'surrogateescape')).hexdigest()[:32]}.json"

    def lookup(self, slot: str, key: str) -> tuple[CachedFile, ...] | None:
        """The files of the slot's last build when its key is ``key`` and every file is still as written; else None."""
        try:
            entry = json.loads(read_plain(self._entry(slot), ENTRY_LIMIT) or b"null")
            if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
                return None
            files = tuple(_cached_file(f) for f in entry["files"])
        except (ValueError, TypeError, KeyError, RecursionError):
            return None  # no entry, or one we cannot read (nested too deep, say): build again
        if all(sha256_plain(self.out_dir / f.name) == f.sha256 for f in files):
            return files
        return None

    def store(self, slot: str, key: str, files: Sequence[CachedFile]) -> None:
        """Record the files a build of the slot just wrote."""
        entry = {"format": FORMAT, "slot": slot, "key": key, "files": [asdict(f) for f in files]}
        write_atomic(self._entry(slot), json.dumps(entry, indent=1, ensure_ascii=False).encode("utf-8"))

    @property
    def reuse_folder(self) -> Path:
        """Where earlier builds' font subsets and instruction pages are kept (``deck.layout.reuse``)."""
        return self.folder / "reuse"

    def _hints_entry(self, namespace: str) -> Path:
        return self.folder / f"fit-{hashlib.sha256(namespace.encode()).hexdigest()[:32]}.json"

    def _stored_hints(self, namespace: str) -> dict[str, Any]:
        """Language -> its hints as stored for ``namespace``; empty when there are none or they cannot be read."""
        try:
            entry = json.loads(read_plain(self._hints_entry(namespace), ENTRY_LIMIT) or b"null")
        except (ValueError, RecursionError):
            return {}
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("namespace") != namespace:
            return {}
        languages = entry.get("languages")
        return dict(languages) if isinstance(languages, dict) else {}

    def fit_hints(self, namespace: str) -> dict[str, tuple[float, float]]:
        """The sizes that earlier builds' shrunk faces fitted at, for one layout ``namespace`` (files, size, options)."""
        try:
            return {
                str(digest): (float(sizes[0]), float(sizes[1]))
                for language in self._stored_hints(namespace).values()
                for digest, sizes in language.items()
            }
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError):
            return {}  # hints we cannot read (ArithmeticError: a number too large): every face starts at its own size

    def store_fit_hints(self, namespace: str, hints: Mapping[str, Mapping[str, tuple[float, float]]]) -> None:
        """Keep the shrunk faces of the languages just built (language -> hints), beside those of the others."""
        languages = self._stored_hints(namespace)
        languages.update({language: dict(sorted(found.items())) for language, found in hints.items()})
        entry = {"format": FORMAT, "namespace": namespace, "languages": languages}
        write_atomic(self._hints_entry(namespace), json.dumps(entry, indent=1, sort_keys=True).encode("utf-8"))

    def forget(self, slot: str) -> None:
        """Drop a slot's entry (before its files are replaced, so a failed write never looks cached). An entry that
        cannot be removed (a folder in its place) stays: it no longer matches the files written."""
        with contextlib.suppress(OSError):
            self._entry(slot).unlink(missing_ok=True)


def file_record(name: str, output: str, data: bytes, pages: int, shrinks: Iterable[object], warnings: Iterable[str]) -> CachedFile:
    """What the cache keeps of a file just written."""
    return CachedFile(
        name=name,
        output=output,
        sha256=hashlib.sha256(data).hexdigest(),
        pages=pages,
        shrinks=tuple(_plain(s) for s in shrinks),
        warnings=tuple(warnings),
    )


def _plain(value: object) -> dict[str, Any]:
    """A dataclass's fields as plain JSON values (text subclasses, like untranslated text, as plain text)."""
    return {f.name: (str(v) if isinstance(v := getattr(value, f.name), str) else v) for f in fields(value)}  # type: ignore[arg-type]


def options_text(values: Mapping[str, object]) -> str:
    """A stable text of the build options that change the PDFs."""
    return json.dumps({k: str(v) for k, v in sorted(values.items())}, sort_keys=True)
