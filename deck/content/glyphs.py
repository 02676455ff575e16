"""Which characters the deck's vendored fonts can draw (a missing glyph must never print as a box)."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from deck.resources import FONTS


@cache
def covered(fonts: Path = FONTS) -> frozenset[int]:
    """Every code point that at least one vendored font has a glyph for."""
    points: set[int] = set()
    for path in sorted(fonts.rglob("*.ttf")):
        points.update(TTFont(str(path), lazy=True).getBestCmap())
    return frozenset(points)


def missing_characters(text: str) -> list[str]:
    """Characters of ``text`` that no vendored font covers (spaces and control characters excepted)."""
    cmap = covered()
    found = []
    for char in dict.fromkeys(text):
        if ord(char) in cmap or char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        found.append(char)
    return found


def describe(char: str) -> str:
    """``'☃' (U+2603 SNOWMAN)``."""
    return f"'{char}' (U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')})"
