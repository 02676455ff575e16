"""Problems found in content, reported as ``path:line: key.path: message``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

KeyPath = tuple[str | int, ...]


def format_key_path(path: KeyPath) -> str:
    """Render ``("how", "steps", 3)`` as ``how.steps[3]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as precisely as known."""

    file: str
    line: int | None
    key_path: KeyPath
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        keys = format_key_path(self.key_path)
        return f"{where}: {keys}: {self.message}" if keys else f"{where}: {self.message}"


class ContentError(Exception):
    """The content cannot be built; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(sorted(set(problems), key=_sort_key))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[ContentError], tuple[tuple[Problem, ...]]]:
        """Raised in a worker process, it arrives whole in the build's process."""
        return (ContentError, (self.problems,))


class RenderError(Exception):
    """The content is valid but a card cannot be rendered correctly."""


def _sort_key(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.file, problem.line or 0, format_key_path(problem.key_path), problem.message)


def raise_if_any(problems: Iterable[Problem]) -> None:
    """Raise a ContentError when ``problems`` is not empty."""
    found = list(problems)
    if found:
        raise ContentError(found)


def shown(path: Path) -> str:
    """A path as a user would type it: relative to the working directory when below it, else absolute."""
    if "\0" in str(path):  # a name no file can have (a NUL from the content): shown as written, never resolved
        return str(path).replace("\0", "\\0")
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())
