"""Read YAML files safely, remembering the line of every key and item."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import KeyPath, Problem

MAX_FILE_BYTES = 1_000_000
"""A content file larger than this is refused (a whole deck is about 50 kB)."""

PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
"""The only collection tags content may have: mappings and lists (scalars are checked by PyYAML's safe constructor)."""

MAX_NODES = 50_000
"""A content file with more YAML nodes than this is refused."""


@dataclass(frozen=True)
class Source:
    """A parsed YAML file: its data and the line of each key path."""

    path: Path
    name: str
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, key_path: KeyPath) -> int | None:
        """The line of ``key_path``, or of its nearest parent that has one."""
        path = tuple(key_path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def problem(self, key_path: KeyPath, message: str) -> Problem:
        """A problem located at ``key_path`` in this file."""
        return Problem(self.name, self.line(key_path), tuple(key_path), message)


class _Reader:
    """Turns a composed YAML node tree into plain data with positions."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.scalars = SafeConstructor()

    def read(self, node: Node, path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        self.lines.setdefault(path, node.start_mark.line + 1)
        if not isinstance(node, ScalarNode) and node.tag not in PLAIN_TAGS:
            self._add(
                node, path, f"YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed in content (content is plain data)"
            )
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.read(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        try:
            value = self.scalars.construct_object(node)
        except ConstructorError as exc:
            self._add(node, path, f"cannot read this value: {exc.problem}")
            return None
        if isinstance(value, (datetime.date, datetime.datetime)):
            return node.value  # dates stay text, as written
        return value

    def _mapping(self, node: MappingNode, path: KeyPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self._add(key_node, path, "expected a plain text key")
                continue
            key = str(key_node.value)
            if key in out:
                first = self.lines.get((*path, key))
                self._add(key_node, (*path, key), f"duplicate key (first given on line {first})")
                continue
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = self.read(value_node, (*path, key))
        return out

    def _add(self, node: Node, path: KeyPath, message: str) -> None:
        self.problems.append(Problem(self.name, node.start_mark.line + 1, path, message))


class _TooBig(Exception):
    pass


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors and aliases (no alias bombs)."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasUsed(event.start_mark.line + 1)
        if self.check_event(yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent):
            event = self.peek_event()
            if getattr(event, "anchor", None):
                raise _AliasUsed(event.start_mark.line + 1)
        return super().compose_node(parent, index)


class _AliasUsed(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def read_yaml(path: Path, name: str) -> tuple[Source | None, list[Problem]]:
    """Parse one YAML file; return its Source (None if unreadable) and any problems."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(name, None, (), f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(name, None, (), f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return None, [Problem(name, None, (), f"cannot read file: {exc.strerror}")]
    return parse_yaml(text, path, name)


def _unreadable_character(name: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow (a NUL byte, say), with its line."""
    line = text.count("\n", 0, exc.position) + 1
    return Problem(name, line, (), f"YAML cannot contain the character U+{exc.character:04X} (position {exc.position})")


def parse_yaml(text: str, path: Path, name: str) -> tuple[Source | None, list[Problem]]:
    """Parse YAML text; see ``read_yaml``."""
    try:
        loader = _NoAliasLoader(text)
    except yaml.reader.ReaderError as exc:
        return None, [_unreadable_character(name, text, exc)]
    try:
        node = loader.get_single_node()
    except _AliasUsed as exc:
        return None, [Problem(name, exc.line, (), "YAML anchors and aliases (&, *) are not allowed in content")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem:
            what += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
        return None, [Problem(name, line, (), f"YAML syntax error: {what}")]
    except yaml.reader.ReaderError as exc:
        return None, [_unreadable_character(name, text, exc)]
    except yaml.YAMLError as exc:
        return None, [Problem(name, None, (), f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(name, None, (), "YAML nested too deeply")]
    finally:
        loader.dispose()
    if node is None:
        return Source(path, name, None, {(): 1}), []
    reader = _Reader(name)
    try:
        data = reader.read(node, ())
    except _TooBig:
        return None, [Problem(name, None, (), f"more than {MAX_NODES:,} YAML values in one file")]
    except RecursionError:
        return None, [Problem(name, None, (), "YAML nested too deeply")]
    if data is None and reader.problems:
        return None, reader.problems
    return Source(path, name, data, reader.lines), reader.problems
