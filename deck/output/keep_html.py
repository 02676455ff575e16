"""``--keep-html DIR``: the final HTML of each layout, with the styles and fonts beside it, so that anyone can
lay out exactly what the build laid out with bare WeasyPrint (``weasyprint DIR/liso-nl.html out.pdf``) or
another engine, and compare."""

from __future__ import annotations

import shutil
from pathlib import Path

from deck.output.write import write_atomic
from deck.resources import STYLES

STYLESHEET_LINK = '<link rel="stylesheet" href="styles/deck.css">'


def keep_html(folder: Path, name: str, html: str) -> Path:
    """Write ``name`` into ``folder`` with a link to a copy of the deck's stylesheet and fonts; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    styles = folder / "styles"
    if not styles.exists():
        shutil.copytree(STYLES, styles, ignore=shutil.ignore_patterns("__pycache__"))
    path = folder / name
    write_atomic(path, html.replace("</head>", f"{STYLESHEET_LINK}\n</head>", 1).encode("utf-8"))
    return path
