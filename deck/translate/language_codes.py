"""Language codes as the tool accepts them, and the language folders they name inside a content folder.

A language code chooses a folder to read and write, so it is checked before it is used: a full match of
a BCP 47-like pattern (``nl``, ``pt-BR``), at most ``MAX_CODE`` characters, and the folder it names must
stay inside the content folder once every symlink is resolved.
"""

from __future__ import annotations

import re
from pathlib import Path

from deck.errors import Problem, raise_if_any, shown

CODE_PATTERN = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,4}")
"""A language code: 'nl', 'pt-BR', 'sr-Latn-RS' (matched whole with ``fullmatch``, never with ``$``)."""

MAX_CODE = 35
"""Characters in a language code (BCP 47 tags in real use are far shorter)."""


def is_language_code(code: object) -> bool:
    """Whether ``code`` is a well-formed language code (whole string, bounded length)."""
    return isinstance(code, str) and len(code) <= MAX_CODE and CODE_PATTERN.fullmatch(code) is not None


def code_problem(code: str) -> str | None:
    """Why ``code`` is not a usable language code, or None when it is."""
    if is_language_code(code):
        return None
    return f"{code[:60]!r} is not a language code like 'de' or 'pt-BR'"


def inside(folder: Path, path: Path) -> bool:
    """Whether ``path``, every symlink resolved, is ``folder`` or below it (``folder`` resolved too)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def language_folder(content_dir: Path, code: str) -> Path:
    """The folder of language ``code`` in ``content_dir``; a ContentError when the code is malformed or
    the folder (through a symlink, say) leads outside the content folder."""
    problem = code_problem(code)
    if problem is not None:
        raise_if_any([Problem(shown(content_dir), None, (), problem)])
    folder = content_dir / code
    if not inside(content_dir, folder) or folder.resolve() == content_dir.resolve():
        raise_if_any(
            [Problem(shown(folder), None, (), "leads outside the content folder (a symlink?); a language folder must be inside it")]
        )
    return folder


def check_writable(content_dir: Path, paths: list[Path]) -> None:
    """Refuse, before anything is written, any path that resolves outside ``content_dir``."""
    outside = [path for path in paths if not inside(content_dir, path)]
    raise_if_any(Problem(shown(path), None, (), "leads outside the content folder (a symlink?)") for path in outside)
