"""Paths a translation workflow may touch: the PO header and language codes never choose one; no symlink leads out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deck.translate.i18n import export_po

from .i18n_helpers import content, po_with, run, snapshot

__all__ = ["content"]


def po_saying(tmp_path: Path, content: Path, language: str) -> Path:
    """A valid English PO file whose header names ``language``."""
    po = export_po(content, "en")
    po.metadata["Language"] = language
    path = tmp_path / "attack.po"
    po.save(str(path))
    return path


@pytest.mark.parametrize("language", [".", "../../victim", "ABSOLUTE", "en/../..", "nl", "../en"])
def test_the_po_header_never_chooses_a_path(content, tmp_path, language):
    victim = tmp_path / "victim"
    victim.mkdir()
    language = str(tmp_path / "elsewhere") if language == "ABSOLUTE" else language
    po_path = po_saying(tmp_path, content, language)
    before = snapshot(tmp_path)
    result = run("i18n", "import", "--content", str(content), str(po_path))
    assert result.exit_code == 1, result.output
    assert "is not a language of this content (known: en); give the code: deck i18n import CODE FILE.po" in result.stderr
    result = run("i18n", "import", "--content", str(content), "en", str(po_path))  # the command line says en, the header not
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{po_path}:1: the PO header says Language {language[:60]!r}, not 'en'")
    assert snapshot(tmp_path) == before and not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("i18n", "status", "/etc"),
        ("i18n", "status", "en\n"),
        ("i18n", "status", "xx"),
        ("i18n", "accept", "/tmp/x", "--all"),
        ("i18n", "export", "../en"),
        ("i18n", "import", "../../victim", "PO"),
        ("i18n", "import", "--lang", "nl", "PO"),
        ("i18n", "init", "../de"),
        ("build", "--lang", "xx"),
        ("build", "--lang", "en\n"),
    ],
)
def test_a_bad_language_code_is_a_command_line_error(content, tmp_path, args):
    po_path = tmp_path / "en.po"
    export_po(content, "en").save(str(po_path))
    args = tuple(str(po_path) if a == "PO" else a for a in args)
    before = snapshot(tmp_path)
    result = (
        run(*args[:2], "--content", str(content), *args[2:]) if args[0] == "i18n" else run(args[0], "--content", str(content), *args[1:])
    )
    assert result.exit_code == 2, result.output
    known = "known languages: en, nl" if args[0] == "build" else "known languages: en"
    assert result.stderr.rstrip().endswith(known) or "init" in args, result.stderr
    assert snapshot(tmp_path) == before


def test_status_of_a_path_names_the_known_languages(content):
    result = run("i18n", "status", "--content", str(content), "/etc")
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[-1]
        == "Error: Invalid value for CODE: '/etc' is not a language code like 'de' or 'pt-BR'; known languages: en"
    )
    result = run("build", "--content", str(content), "--lang", "xx")
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for --lang: no language 'xx' in this content; known languages: en, nl"


def test_import_never_writes_through_a_symlink_out_of_the_content(content, tmp_path):
    po_path = po_with(content, tmp_path, "labels.what", "What it is about")
    outside = tmp_path / "outside"
    shutil.copytree(content / "en", outside)
    shutil.rmtree(content / "en")
    (content / "en").symlink_to(outside, target_is_directory=True)
    before = snapshot(tmp_path)
    result = run("i18n", "import", "--content", str(content), "en", str(po_path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{outside}: leads outside the content folder (a symlink?); a language folder must be inside it"
    assert snapshot(tmp_path) == before


def test_import_never_writes_through_a_symlinked_file(content, tmp_path):
    po_path = po_with(content, tmp_path, "werkvormen.brainstormen.title", "Brainstorm")  # exported before the link is made
    secret = tmp_path / "secret.yaml"
    target = content / "en/werkvormen/brainstormen.yaml"
    secret.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(secret)
    before = snapshot(tmp_path)
    result = run("i18n", "import", "--content", str(content), "en", str(po_path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{target}: is a link that leads outside the content folder; it is not read",  # found before anything is read
        "1 problem found; nothing was written.",
    ]
    assert snapshot(tmp_path) == before
