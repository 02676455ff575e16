"""What card text may hold: a positive rule, applied to every text and name that reaches a card.

Text may hold letters, marks, digits, punctuation, symbols, spaces, tabs and line breaks, and the few
invisible format characters that scripts need (soft hyphen, zero-width joiners, direction marks).
It may not hold control characters, and no markup: no HTML tag, comment or autolink (``<`` followed by
a letter, ``/``, ``!`` or ``?``), no Markdown link or image, inline or reference style.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from deck.content.source import Source
from deck.errors import KeyPath, Problem

ALLOWED_CATEGORIES = ("L", "M", "N", "P", "S", "Zs")
"""Unicode general categories (or their first letter) a text may use."""

ALLOWED_FORMAT = {"\t", "\n", "\u00ad", "\u061c", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060"}
"""Tab, line break, and format characters scripts need: soft hyphen, zero-width space and joiners, direction marks."""

MARKUP = re.compile(
    r"<(?:[A-Za-z!?]|/[A-Za-z])[^<>\n]{0,200}>?"  # an HTML tag, end tag, comment, declaration or <http://...> autolink
    r"|!?\[[^\]\n]{0,200}\]\s?(?:\([^)\n]{0,200}\)?|\[[^\]\n]{0,200}\]?)"  # [text](url), ![alt](src), [text][ref]
    r"|^[ \t]{0,3}\[[^\]\n]{1,200}\]:[^\n]{0,200}",  # [ref]: url (a reference definition)
    re.MULTILINE,
)
"""Markup where plain text belongs: mistakes, or attacks."""

URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
"""An address as the credits print it: the characters of a URL, nothing else."""


def _allowed(char: str) -> bool:
    return char in ALLOWED_FORMAT or unicodedata.category(char).startswith(ALLOWED_CATEGORIES)


def text_problems(value: str) -> list[str]:
    """What is wrong with ``value`` as card text (empty when it is plain text)."""
    problems = []
    refused = sorted({char for char in value if not _allowed(char)})
    control = [char for char in refused if unicodedata.category(char) == "Cc"]
    if control:
        problems.append(f"control character U+{ord(control[0]):04X}; text may hold newlines and tabs only")
    others = [char for char in refused if char not in control]
    if others:
        shown = ", ".join(_describe(char) for char in others[:5])
        problems.append(
            f"{shown} cannot be printed: card text may hold letters, digits, punctuation, symbols, spaces, tabs and line breaks"
        )
    markup = MARKUP.search(value)
    if markup:
        found = markup.group(0) if len(markup.group(0)) <= 60 else markup.group(0)[:57] + "..."
        problems.append(f"HTML tags, links and images are not allowed in card text (found {found!r}); cards print plain text")
    return problems


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip()


def strings(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every text in ``data`` with its key path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*path, index))


def structure_text_problems(structure: Source) -> list[Problem]:
    """The names the structure prints (credits: funder, project, authors, institutions) follow the text rule; the url is an address."""
    credits = structure.data.get("credits") if isinstance(structure.data, dict) else None
    problems = []
    for path, value in strings(credits, ("credits",)):
        if path == ("credits", "url"):
            if not URL.fullmatch(value):
                problems.append(structure.problem(path, "expected an address like https://example.org/page, with no spaces or markup"))
            continue
        problems += [structure.problem(path, message) for message in text_problems(value)]
    return problems
