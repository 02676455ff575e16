"""Where the deck's own files are: templates, styles (with fonts), the bundled LISO example.

An installed wheel carries them inside the package (``deck/templates``, ``deck/styles``,
``deck/examples/liso``; pyproject.toml maps the repository's top-level folders there).
A source checkout, and the editable install that ``make deck`` makes, keeps them at the
top of the repository. Every other module asks this one.
"""

from __future__ import annotations

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
