"""``deck new``: write a starter deck (or a copy of a bundled example) into a new or empty folder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from deck.content import labels
from deck.content.schema import write_json_schemas
from deck.resources import EXAMPLES
from deck.starter_texts import STRUCTURE, TEXTS

LANGUAGES = tuple(TEXTS)
"""Languages the starter deck is written in."""

SCHEMA_DIR = "schema"


class NotEmpty(ValueError):
    """The target folder exists and holds something: deck new never writes over a user's files."""


def deck_id(folder: Path) -> str:
    """An id for the deck from its folder's name: 'My Deck' -> 'my-deck'."""
    slug = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")
    return slug or "my-deck"


def check_target(folder: Path) -> None:
    """Refuse a folder that exists and is not empty, or a path that is a file."""
    if folder.is_symlink():
        raise NotEmpty(f"{folder} is a symbolic link; give a new or empty folder")
    if folder.exists() and not folder.is_dir():
        raise NotEmpty(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise NotEmpty(f"{folder} is not empty; deck new writes only into a new or empty folder")


def write_new(folder: Path, language: str = "en", example: str | None = None) -> list[Path]:
    """Write the starter deck (or copy the bundled ``example``) into ``folder``; return the files written.

    On any failure, what was written is removed again, so the folder is as it was."""
    check_target(folder)
    existed = folder.is_dir()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if example is not None:
            shutil.copytree(EXAMPLES[example], folder, dirs_exist_ok=True)
            return sorted(p for p in folder.rglob("*") if p.is_file())
        return _write_starter(folder, language)
    except BaseException:
        if existed:
            for child in folder.iterdir():
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        else:
            shutil.rmtree(folder, ignore_errors=True)
        raise


def _dump(data: dict[str, Any]) -> str:
    """Block-style YAML, one key per line (so any label line can be deleted), a blank line between sections."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    return re.sub(r"\n(?=[a-z_]+:\n|title:)", "\n\n", text)


def _write(path: Path, header: list[str], data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(header) + "\n" + _dump(data), encoding="utf-8")
    return path


def structure(ident: str, language: str) -> dict[str, Any]:
    """The starter deck's deck.yaml: ids, order and colours."""
    return {
        "id": ident,
        "source_language": language,
        "stages": [{"id": stage} for stage in STRUCTURE["stages"]],
        "dimensions": [{"id": d, "colour": colour} for d, colour in STRUCTURE["dimensions"].items()],
        "werkvormen": [{"id": w, "dimension": d, "stage": s, "steps": steps} for w, d, s, steps in STRUCTURE["werkvormen"]],
        "credits": {"authors": [TEXTS[language]["author"]]},
    }


def language_texts(language: str) -> dict[str, Any]:
    """The starter deck's <lang>/deck.yaml: every deck-level text and every label."""
    t = TEXTS[language]
    return {
        "language": language,
        "name": t["name"],
        "direction": "ltr",
        "title": t["title"],
        "cover": t["cover"],
        "labels": labels.complete(language, {}),
        "credits": t["credits"],
        "stages": t["stages"],
        "dimensions": t["dimensions"],
    }


def werkvorm_texts(texts: dict[str, Any]) -> dict[str, Any]:
    """One werkvorm's file: title, what, when, how (steps and groups), yield."""
    how = {"steps": texts["steps"], **({"groups": texts["groups"]} if "groups" in texts else {})}
    return {"title": texts["title"], "what": texts["what"], "when": texts["when"], "how": how, "yield": texts["yield"]}


def _write_starter(folder: Path, language: str) -> list[Path]:
    written = write_json_schemas(folder / SCHEMA_DIR)
    written.append(
        _write(
            folder / "deck.yaml",
            [
                f"# yaml-language-server: $schema={SCHEMA_DIR}/deck.schema.json",
                f"# The structure of the deck: ids, order and colours. Its texts are in {language}/deck.yaml",
                f"# and {language}/werkvormen/<id>.yaml. Build it with: deck build --content {folder.name}",
            ],
            structure(deck_id(folder), language),
        )
    )
    written.append(
        _write(
            folder / language / "deck.yaml",
            [
                f"# yaml-language-server: $schema=../{SCHEMA_DIR}/texts.schema.json",
                "# The deck's texts. Every label under 'labels' is built in: change one to override it, or delete",
                "# the line to use the built-in text. 'credits' is optional: without it there is no credits card.",
            ],
            language_texts(language),
        )
    )
    for ident, texts in TEXTS[language]["werkvormen"].items():
        written.append(
            _write(
                folder / language / "werkvormen" / f"{ident}.yaml",
                [f"# yaml-language-server: $schema=../../{SCHEMA_DIR}/werkvorm.schema.json"],
                werkvorm_texts(texts),
            )
        )
    return written
