"""Read YAML files safely, remembering the line of every key and item."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from deck.errors import KeyPath, Problem

MAX_FILE_BYTES = 1_000_000
"""A content file larger than this is refused (a whole deck is about 50 kB)."""

PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
"""The only collection tags content may have: mappings and lists."""

CHECKED_SCALARS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
"""Plain scalars read as numbers, true/false or nothing; every other scalar (dates included) is read as the text written."""

MAX_NODES = 50_000
"""A content file with more YAML nodes than this is refused (duplicate keys and their values count too)."""

MAX_PROBLEMS = 200
"""Reading a file stops after this many problems: a few hundred lines say enough."""


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

    def __init__(self, name: str, tagged: dict[int, str]) -> None:
        self.name = name
        self.tagged = tagged
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.scalars = SafeConstructor()

    def read(self, node: Node, path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        self.lines.setdefault(path, node.start_mark.line + 1)
        tag = self.tagged.get(id(node))
        if tag is not None or (not isinstance(node, ScalarNode) and node.tag not in PLAIN_TAGS):
            shown_tag = (tag or node.tag).replace("tag:yaml.org,2002:", "!!")
            self._add(node, path, f"YAML tag {shown_tag} is not allowed in content (content is plain data)")
            self.count += _size(node)
            return str(node.value) if isinstance(node, ScalarNode) else None  # reported once, here
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.read(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.tag not in CHECKED_SCALARS:
            return str(node.value)  # text, and dates as written (the schema checks them)
        try:
            return self.scalars.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            self._add(node, path, f"cannot read the value {_clip(node.value)!r}; put text in quotes")
            return None

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
                self.count += _size(value_node)
                if self.count > MAX_NODES:
                    raise _TooBig
                continue
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = self.read(value_node, (*path, key))
        return out

    def _add(self, node: Node, path: KeyPath, message: str) -> None:
        self.problems.append(Problem(self.name, node.start_mark.line + 1, path, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooMany


def _size(node: Node) -> int:
    """How many YAML nodes ``node`` holds, itself included."""
    count, todo = 0, [node]
    while todo:
        item = todo.pop()
        count += 1
        if isinstance(item, SequenceNode):
            todo.extend(item.value)
        elif isinstance(item, MappingNode):
            todo.extend(n for pair in item.value for n in pair)
    return count


def _clip(value: str, most: int = 40) -> str:
    return value if len(value) <= most else value[: most - 3] + "..."


class _TooBig(Exception):
    pass


class _TooMany(Exception):
    pass


class _NoAliases:
    """Refuses anchors and aliases (no alias bombs) and notes every explicit tag, as a loader composes."""

    tagged: dict[int, str]
    keep: list[Node]

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            raise _AliasUsed(event.start_mark.line + 1)
        tag = None
        if self.check_event(yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            if getattr(event, "anchor", None):
                raise _AliasUsed(event.start_mark.line + 1)
            tag = event.tag
        node = super().compose_node(parent, index)  # type: ignore[misc]
        if tag is not None and node is not None:
            self.tagged[id(node)] = tag
            self.keep.append(node)  # ids stay unique while the node lives
        return node


class _NoAliasLoader(_NoAliases, yaml.SafeLoader):
    """PyYAML's own loader, in Python: its messages name what is wrong with a text that is not YAML."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.tagged, self.keep = {}, []


if getattr(yaml, "__with_libyaml__", False):
    from yaml.cyaml import CParser

    class _QuickLoader(_NoAliases, Composer, CParser, SafeConstructor, Resolver):  # type: ignore[misc]
        """The same composer over LibYAML's scanner and parser (about nine times faster); used for texts that are
        YAML, the Python loader giving the message for one that is not."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self.tagged, self.keep = {}, []

    LOADERS: tuple[type, ...] = (_QuickLoader, _NoAliasLoader)
else:  # pragma: no cover - PyYAML built without LibYAML
    LOADERS = (_NoAliasLoader,)


class _AliasUsed(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def read_yaml(path: Path, name: str, root: Path | None = None) -> tuple[Source | None, list[Problem]]:
    """Parse one YAML file; return its Source (None if unreadable) and any problems.

    The file must be a regular file inside ``root`` (default: the folder it is listed in), after following
    links; FIFOs, devices and links that lead out are refused without being opened.
    """
    try:
        raw = read_bounded(path, root if root is not None else path.absolute().parent, MAX_FILE_BYTES)
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(name, None, (), f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except Refused as exc:
        return None, [Problem(name, None, (), str(exc))]
    except OSError as exc:
        return None, [Problem(name, None, (), f"cannot read file: {exc.strerror or exc}")]
    return parse_yaml(text, path, name)


class Refused(Exception):
    """A content file that is not read: outside the content, not a regular file, or too large."""


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every link followed, lies in ``root`` (links followed too)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def read_bounded(path: Path, root: Path, limit: int) -> bytes:
    """The bytes of a regular file inside ``root``, at most ``limit`` of them (counted as read, not from st_size)."""
    if not inside(path, root):
        raise Refused("is a link to a file outside the content folder; content files must be inside it")
    with opened_regular(os.path.realpath(path)) as fd:
        return read_limited(fd, limit)


@contextlib.contextmanager
def opened_regular(path: str | Path) -> Iterator[int]:
    """A descriptor of ``path`` while it is a regular file, opened without following a link in its last place and
    without waiting on a pipe; Refused for anything else (an OSError when it cannot be opened)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = os.fstat(fd).st_mode
        if not stat.S_ISREG(kind):
            raise Refused(f"is {_kind(kind)}, not a regular file; content files must be plain files")
        yield fd
    finally:
        os.close(fd)


def read_limited(fd: int, limit: int) -> bytes:
    """What an open file holds, at most ``limit`` bytes counted as read (not from st_size); Refused beyond."""
    chunks, total = [], 0
    while total <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise Refused(f"file is {max(total, os.fstat(fd).st_size):,} bytes; the limit is {limit:,}")
    return b"".join(chunks)


def _kind(mode: int) -> str:
    """A file type in words."""
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a folder" if stat.S_ISDIR(mode) else "a special file"


def _unreadable_character(name: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow (a NUL byte, say), with its line."""
    line = text.count("\n", 0, exc.position) + 1
    return Problem(name, line, (), f"YAML cannot contain the character U+{exc.character:04X} (position {exc.position})")


_PYTHON_ONLY = re.compile(rf"{yaml.reader.Reader.NON_PRINTABLE.pattern}|\t|[|>][-+0-9]*#")
"""What LibYAML reads where PyYAML refuses it (characters YAML forbids, tabs as space, a block scalar's indicator
followed by a comment): such a text goes to PyYAML's own parser, so that what is refused does not depend on the
installation."""

_COMPOSED: OrderedDict[str, tuple[Node | None, dict[int, str]]] = OrderedDict()
"""YAML texts composed in this process (a content file is read by several stages of one command)."""
KEPT_TEXTS = 256


def _compose(text: str) -> tuple[Node | None, dict[int, str]]:
    """The node tree of a YAML text and its explicitly tagged nodes (by id); composed once per text.

    Only trees that composed are kept; the nodes stay alive with them, so their ids stay unique.
    Raises what the loader raises for a text that is not YAML."""
    if text in _COMPOSED:
        _COMPOSED.move_to_end(text)
        return _COMPOSED[text]
    loaders = LOADERS if not _PYTHON_ONLY.search(text) else LOADERS[-1:]
    for loader_class in loaders:
        loader = loader_class(text)
        try:
            composed = _COMPOSED[text] = (loader.get_single_node(), loader.tagged)
            break
        except (yaml.YAMLError, RecursionError, UnicodeError):
            if loader_class is loaders[-1]:
                raise
        finally:
            loader.dispose()
    if len(_COMPOSED) > KEPT_TEXTS:
        _COMPOSED.popitem(last=False)
    return composed


def parse_yaml(text: str, path: Path, name: str) -> tuple[Source | None, list[Problem]]:
    """Parse YAML text; see ``read_yaml``."""
    try:
        node, tagged = _compose(text)
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
    if node is None:
        return Source(path, name, None, {(): 1}), []
    reader = _Reader(name, tagged)
    try:
        data = reader.read(node, ())
    except _TooBig:
        return None, [Problem(name, None, (), f"more than {MAX_NODES:,} YAML values in one file")]
    except _TooMany:
        return None, [*reader.problems, Problem(name, None, (), f"stopped reading after {MAX_PROBLEMS} problems")]
    except RecursionError:
        return None, [Problem(name, None, (), "YAML nested too deeply")]
    if data is None and reader.problems:
        return None, reader.problems
    return Source(path, name, data, reader.lines), reader.problems
