"""Where the deck's own files are: templates, styles (with fonts), the bundled LISO example.

An installed wheel carries them inside the package (``deck/templates``, ``deck/styles``,
``deck/examples/liso``; pyproject.toml maps the repository's top-level folders there).
A source checkout, and the editable install that ``make deck`` makes, keeps them at the
top of the repository. Every other module asks this one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def _located(installed: str, checkout: str) -> Path:
    """The folder as installed inside the package, else as in the source checkout."""
    inside = PACKAGE / installed
    return inside if inside.is_dir() else CHECKOUT / checkout


TEMPLATES = _located("templates", "templates")
STYLES = _located("styles", "styles")
FONTS = STYLES / "fonts"
EXAMPLES = {"liso": _located("examples/liso", "content")}
"""Bundled decks ``deck new --from`` can copy, by name."""


def files_digest(roots: Iterable[Path], skip: Iterable[Path] = ()) -> str:
    """SHA-256 over the relative name and bytes of every file below each root (a file root counts as itself), but for
    those in the folders of ``skip`` (an output folder inside one's own templates folder, say)."""
    digest = hashlib.sha256()
    skipped = [folder.resolve() for folder in skip]
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        inside = [folder for folder in skipped if folder.is_relative_to(root.resolve())]
        files = [path for path in files if not any(path.resolve().is_relative_to(folder) for folder in inside)]
        digest.update(f"root {root.name}\n".encode())
        for path in files:
            digest.update(f"{path.relative_to(root) if path != root else path.name}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def stylesheet_files(path: Path, limit: int = 256) -> list[Path]:
    """A stylesheet and the local files it names (``url()``, ``@import``, through imported sheets too): what a layout
    reads of it, without the rest of its folder (which may hold the content, the output, a whole project)."""
    import tinycss2

    found: list[Path] = []
    todo = [path.resolve()]  # resolved as the files it names are: a sheet that imports itself is read once
    while todo and len(found) < limit:
        current = todo.pop(0)
        if current in found or not current.is_file():
            continue
        found.append(current)
        if current.suffix.lower() != ".css":
            continue
        try:
            text = current.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for name in _named(tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=True)):
            if name and ":" not in name.split("/")[0] and not name.startswith("#"):  # a relative name, not a URL
                todo.append((current.parent / name.split("#")[0].split("?")[0]).resolve())
    return found


def _named(tokens: Iterable[object]) -> Iterator[str]:
    """Every ``url()`` and ``@import`` string among CSS tokens, nested blocks included (without recursion: a sheet
    may nest its blocks deeper than Python recurses)."""
    stack = [iter(tokens)]
    while stack:
        token = next(stack[-1], None)
        if token is None:
            stack.pop()
            continue
        kind = getattr(token, "type", "")
        if kind == "url":
            yield str(getattr(token, "value", ""))
        elif kind == "function" and getattr(token, "lower_name", "") == "url":
            yield from (str(arg.value) for arg in getattr(token, "arguments", []) if getattr(arg, "type", "") == "string")
        elif kind == "at-rule" and getattr(token, "lower_at_keyword", "") == "import":
            yield from (str(arg.value) for arg in getattr(token, "prelude", []) if getattr(arg, "type", "") == "string")
        for nested in ("prelude", "content", "arguments"):
            inner = getattr(token, nested, None)
            if isinstance(inner, list):
                stack.append(iter(inner))
