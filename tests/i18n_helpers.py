"""Helpers of the translation tests: a content copy one folder below the test's own, PO files as a translator saves them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from deck.cli import main
from deck.translate.i18n import export_po

from .conftest import CONTENT


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "project" / "content"
    shutil.copytree(CONTENT, target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (symlinks not followed), path -> bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def po_with(content: Path, tmp_path: Path, unit: str, msgstr: str, code: str = "en", fuzzy: bool = False) -> Path:
    """The exported PO file of ``code`` with one entry changed, as a translator saves it."""
    po = export_po(content, code)
    entry = next(e for e in po if e.msgctxt == unit)
    entry.msgstr = msgstr
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    path = tmp_path / f"{code}.po"
    po.save(str(path))
    return path
