"""Check a content folder's files before any is read: readable folders, plain files, no links leading out."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from deck.content.source import inside, read_yaml
from deck.errors import Problem
from deck.errors import shown as shown_resolved

SKIPPED = {"schema"}


def shown(path: Path) -> str:
    """A path as the user would type it, its last part not followed (a link is named, not where it leads)."""
    return str(Path(shown_resolved(path.parent)) / path.name)


"""Folders of the content that hold no YAML the deck reads."""


def scan_content(folder: Path) -> list[Problem]:
    """Problems with the content's files as files: every folder readable, every YAML file a regular file inside ``folder``.

    Only names and file types are looked at (lstat and stat); no file is opened, so a FIFO or a device cannot hang the check.
    """
    problems: list[Problem] = []
    for entry in _entries(folder, problems):
        _check_entry(folder, entry, problems, depth=1)
    return problems


def _entries(folder: Path, problems: list[Problem]) -> list[Path]:
    """The visible entries of ``folder``, or a problem saying why it cannot be listed."""
    try:
        with os.scandir(folder) as found:
            return sorted(Path(entry.path) for entry in found if not entry.name.startswith("."))
    except OSError as exc:
        problems.append(Problem(shown(folder), None, (), f"cannot read this folder: {exc.strerror or exc}"))
        return []


def _check_entry(root: Path, path: Path, problems: list[Problem], depth: int) -> None:
    """Check one entry; folders are followed down to the werkvormen/ of a language (depth 2)."""
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            if not inside(path, root):
                if path.suffix == ".yaml" or depth == 1 or path.name == "werkvormen":
                    problems.append(Problem(shown(path), None, (), "is a link that leads outside the content folder; it is not read"))
                return
            mode = os.stat(path).st_mode
    except OSError as exc:
        problems.append(Problem(shown(path), None, (), f"cannot read: {exc.strerror or exc}"))
        return
    if stat.S_ISDIR(mode):
        if depth <= 2 and path.name not in SKIPPED:
            for entry in _entries(path, problems):
                _check_entry(root, entry, problems, depth + 1)
    elif path.suffix == ".yaml" and not stat.S_ISREG(mode):
        problems.append(Problem(shown(path), None, (), "is not a regular file (a FIFO, device or socket); it is not read"))


RECORD_FILE = "translated-from.yaml"
"""Per translation: unit id -> what its source was when it was translated (written by deck i18n)."""


def record_problems(folder: Path, code: str) -> list[Problem]:
    """A translation's ``translated-from.yaml``, when present, must be readable YAML mapping unit ids to records
    (the shape only: deck.translate.state reads the records themselves)."""
    path = folder / code / RECORD_FILE
    if not path.exists():
        return []
    source, problems = read_yaml(path, shown(path), folder)
    if source is None or source.data is None:
        return problems
    if not isinstance(source.data, dict):
        return [*problems, source.problem((), "expected a mapping of unit id -> record (written by deck i18n)")]
    return problems + [
        source.problem((key,), "expected a record {hash: <16 hex digits>, source: <text>}; written by `deck i18n import`")
        for key, value in source.data.items()
        if not (isinstance(value, str) or (isinstance(value, dict) and isinstance(value.get("hash"), str)))
    ]
