"""Write a language folder: new files in canonical form, existing files edited in place.

An edit touches only the texts that change: comments, key order and the style of every other scalar stay
as the maintainer wrote them (ruamel.yaml round-trip), and a file with nothing to change is not written.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from deck.content.source import MAX_FILE_BYTES
from deck.content.units import TEXTS_FILE, Unit
from deck.errors import Problem, raise_if_any, shown
from deck.output.write import write_atomic
from deck.translate.language_codes import check_writable
from deck.translate.state import STATE_FILE, Record

SCHEMA_LINES = {
    TEXTS_FILE: "# yaml-language-server: $schema=../schema/texts.schema.json",
    "werkvorm": "# yaml-language-server: $schema=../../schema/werkvorm.schema.json",
}
STATE_HEADER = (
    "# What each translation was made from: unit id -> fingerprint and text of its source at the time.\n"
    "# Written by `deck i18n import` and `deck i18n accept`; `deck i18n status` compares it with the source.\n"
)


def _scalar(value: Any) -> str:
    """A YAML scalar: JSON's double-quoted strings are valid YAML."""
    return json.dumps("" if value is None else value, ensure_ascii=False)


def _key(key: str) -> str:
    """A YAML mapping key: plain when it is a simple word or id, quoted otherwise (an orphan may be anything)."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _comment(text: str, source_language: str) -> str:
    flat = " ".join(str(text).split())
    return f"# {source_language}: {flat}"


def render_language_file(
    schema_line: str, source: dict[str, Unit], values: Mapping[str, Any], source_language: str, meta: dict[str, Any] | None = None
) -> str:
    """One language file in canonical form: the source's keys in the source's order, each text preceded
    by the source text as a comment; texts the translation has for other keys (orphans) come last."""
    tree: dict[str, Any] = {}
    for unit in source.values():
        node = tree
        for key in unit.path[:-1]:
            node = node.setdefault(key, {})
        node[unit.path[-1]] = unit
    for unit_id, value in values.items():
        if unit_id not in source:
            node = tree
            for key in value.path[:-1]:
                node = node.setdefault(key, {})
                if not isinstance(node, dict):
                    break
            else:
                node.setdefault(value.path[-1], value)
    out = [schema_line]
    for key, value in (meta or {}).items():
        out.append(f"{key}: {_scalar(value)}")

    def emit(node: dict[str, Any], depth: int) -> None:
        pad = "  " * depth
        for key, child in node.items():
            if isinstance(child, dict):
                out.append(f"{pad}{_key(key)}:")
                emit(child, depth + 1)
                continue
            unit_id = child.id
            if unit_id in source:
                out.append(pad + _comment(source[unit_id].text, source_language))
            have = values.get(unit_id)
            out.append(f"{pad}{_key(key)}: {_scalar(have.text if have is not None else '')}")

    emit(tree, 0)
    return "\n".join(out) + "\n"


def _by_file(source: dict[str, Unit]) -> dict[str, dict[str, Unit]]:
    by_file: dict[str, dict[str, Unit]] = {}
    for unit in source.values():
        by_file.setdefault(unit.file, {})[unit.id] = unit
    return by_file


def new_language(folder: Path, source: dict[str, Unit], source_language: str, meta: dict[str, Any]) -> dict[Path, bytes]:
    """Every file of a new language folder, every unit present and empty."""
    files = {}
    for file, units in _by_file(source).items():
        schema_line = SCHEMA_LINES[TEXTS_FILE] if file == TEXTS_FILE else SCHEMA_LINES["werkvorm"]
        text = render_language_file(schema_line, units, {}, source_language, meta if file == TEXTS_FILE else None)
        files[folder / file] = text.encode("utf-8")
    return files


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a text
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _styled(old: Any, text: str) -> Any:
    """``text`` in the scalar style of the value it replaces (folded stays folded, quoted stays quoted)."""
    for style in (FoldedScalarString, LiteralScalarString, DoubleQuotedScalarString, SingleQuotedScalarString):
        if isinstance(old, style):
            return style(text)
    return text


def _place(node: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set ``node[key]``; a new key goes after the keys that come before it in ``order`` (the source's)."""
    if key in node:
        node[key] = value
        return
    before = set(order[: order.index(key)]) if key in order else set(order)
    position = max((i + 1 for i, existing in enumerate(node) if existing in before), default=0)
    node.insert(position, key, value)


def _key_orders(units: dict[str, Unit]) -> dict[tuple[str, ...], list[str]]:
    """For each mapping of a file (by key path), its keys in source order."""
    orders: dict[tuple[str, ...], list[str]] = {}
    for unit in units.values():
        for depth in range(len(unit.path)):
            keys = orders.setdefault(unit.path[:depth], [])
            if unit.path[depth] not in keys:
                keys.append(unit.path[depth])
    return orders


def _set_text(data: CommentedMap, unit: Unit, text: str, orders: dict[tuple[str, ...], list[str]]) -> None:
    node = data
    for depth, key in enumerate(unit.path[:-1]):
        if not isinstance(node.get(key), CommentedMap):
            _place(node, key, CommentedMap(), orders.get(unit.path[:depth], []))
        node = node[key]
    _place(node, unit.path[-1], _styled(node.get(unit.path[-1]), text), orders.get(unit.path[:-1], []))


def _read_existing(folder: Path, path: Path) -> str | None:
    """The text of a file about to be edited, None when there is none; refused when it leads outside
    ``folder`` (a symlink), is not a regular file, or is too large."""
    if not path.exists() and not path.is_symlink():
        return None
    check_writable(folder, [path])
    problem = None
    if not path.is_file():
        problem = "not a regular file; a language file must be one"
    else:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            problem = f"file larger than {MAX_FILE_BYTES:,} bytes"
        else:
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError as exc:
                problem = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
    raise_if_any([Problem(shown(path), None, (), problem)])
    return None


def edited_texts(folder: Path, source: dict[str, Unit], changes: dict[str, str], source_language: str) -> dict[Path, bytes]:
    """The new bytes of each language file that ``changes`` (unit id -> text) touches; others are left out."""
    by_file = _by_file(source)
    touched = sorted({source[unit_id].file for unit_id in changes})
    files = {}
    yaml = _yaml()
    for file in touched:
        path = folder / file
        original = _read_existing(folder, path)
        if original is None:
            original = render_language_file(SCHEMA_LINES["werkvorm"], by_file[file], {}, source_language)
        data = yaml.load(original)
        if not isinstance(data, CommentedMap):
            raise_if_any([Problem(shown(path), None, (), "expected a mapping of texts; fix the file, then import again")])
        orders = _key_orders(by_file[file])
        for unit_id, text in changes.items():
            if source[unit_id].file == file:
                _set_text(data, source[unit_id], text, orders)
        out = io.StringIO()
        yaml.dump(data, out)
        if not path.is_file() or out.getvalue() != original:
            files[path] = out.getvalue().encode("utf-8")
    return files


def _record_node(record: Record) -> CommentedMap:
    node = CommentedMap([("hash", record.hash), ("source", record.source)])
    if record.fuzzy:
        node["fuzzy"] = True
    return node


def edited_records(folder: Path, source: dict[str, Unit], changes: dict[str, Record | None]) -> dict[Path, bytes]:
    """The new bytes of translated-from.yaml with ``changes`` (unit id -> record, None to drop it); empty when unchanged."""
    path = folder / STATE_FILE
    original = _read_existing(folder, path)
    original = STATE_HEADER if original is None else original
    yaml = _yaml()
    data, prefix = yaml.load(original), ""
    if data is None:  # only comments so far: keep them above the records
        data, prefix = CommentedMap(), original
    order = list(source)
    for unit_id, record in changes.items():
        if record is None:
            data.pop(unit_id, None)
        else:
            _place(data, unit_id, _record_node(record), order)
    out = io.StringIO()
    if data:
        yaml.dump(data, out)
    text = prefix + out.getvalue()
    return {path: text.encode("utf-8")} if text != original else {}


def write_files(content_dir: Path, files: dict[Path, bytes]) -> list[Path]:
    """Write each file whole, after checking that none leads outside the content folder."""
    check_writable(content_dir, list(files))
    for path, data in files.items():
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise_if_any([Problem(shown(path), None, (), f"cannot write the file: {exc.strerror or exc}")])
    return list(files)
