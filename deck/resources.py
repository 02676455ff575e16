"""Where the deck's own files are: templates, styles (with fonts), the bundled LISO example.

An installed wheel carries them inside the package (``deck/templates``, ``deck/styles``,
``deck/examples/liso``; pyproject.toml maps the repository's top-level folders there).
A source checkout, and the editable install that ``make deck`` makes, keeps them at the
top of the repository. Every other module asks this one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
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


def files_digest(roots: Iterable[Path]) -> str:
    """SHA-256 over the relative name and bytes of every file below each root (a file root counts as itself)."""
    digest = hashlib.sha256()
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        digest.update(f"root {root.name}\n".encode())
        for path in files:
            digest.update(f"{path.relative_to(root) if path != root else path.name}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
