"""A face's text as blocks, the places where it may continue on another card.

A block is one sentence of a unit (a paragraph, a step, an intro item) or one overview row. A face is
cut between units where it can, and between the sentences of a unit only when one unit is too long.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from deck.content.model import Intro, Werkvorm
from deck.content.units import Untranslated

HEADED = ("what", "when", "how", "yields")
"""Sections that print a heading (the label of the same name)."""


@dataclass(frozen=True)
class Block:
    """One unit of a face's flowing text; ``index`` is its place among the face's blocks."""

    index: int
    section: str
    unit: int = 0
    """Which paragraph, step, item or row of the face this block belongs to."""
    part: int = 0
    """Which sentence of its unit (0: the unit starts here)."""
    text: str = ""
    title: str = ""
    """An intro item's term, or a step group's heading printed above the step."""
    number: int = 0
    """A step's number (steps keep their numbers on a continuation card)."""
    id: str = ""
    row: Any = None
    """An overview row."""


@dataclass(frozen=True)
class Section:
    """Consecutive blocks of one section, as a template prints them."""

    name: str
    blocks: tuple[Block, ...]

    @property
    def headed(self) -> bool:
        return self.name in HEADED

    @property
    def units(self) -> list[tuple[Block, ...]]:
        """The blocks grouped by paragraph, step, item or row."""
        found: list[tuple[Block, ...]] = []
        for block in self.blocks:
            if found and found[-1][0].unit == block.unit:
                found[-1] = (*found[-1], block)
            else:
                found.append((block,))
        return found


def paragraphs(text: str) -> list[str]:
    """Split text on blank lines into paragraphs with single spaces (an untranslated text stays marked)."""
    found = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    if isinstance(text, Untranslated):
        return [Untranslated(p, text.source_language) for p in found]
    return found


SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph (an untranslated text stays marked)."""
    found = [s for s in SENTENCE_END.split(text) if s]
    if isinstance(text, Untranslated):
        return [Untranslated(s, text.source_language) for s in found]
    return found or [text]


LONG_WORD = 24
"""Longer last words are left to break as any word does (a URL, say)."""


def break_long_words(text: str) -> Markup:
    """The text with each word longer than any line can hold marked, so that only such a word breaks without a hyphen."""
    words = str(text).split(" ")
    marked = [Markup('<span class="long-word">{}</span>').format(w) if len(w) > LONG_WORD else Markup("{}").format(w) for w in words]
    inner = Markup(" ").join(marked)
    if isinstance(text, Untranslated):
        return Markup('<span class="untranslated" lang="{}">{}</span>').format(text.source_language, inner)
    return inner


def keep_last_word(text: str) -> Markup:
    """The text with its last word kept whole (never hyphenated), so that no line holds only the tail of a word."""
    head, _, last = str(text).rpartition(" ")
    if len(last) > LONG_WORD or any(unicodedata.bidirectional(c) in ("R", "AL") for c in last):
        # a word that may need breaking anywhere to fit a line; or right-to-left text, whose punctuation
        # a separate span would set apart from its word
        return Markup("{}").format(text)
    # The space before the last word goes inside its span: WeasyPrint 70 takes a text that ends in a space
    # (before an inline element) and fits only without that space as a line too long, and hyphenates its
    # first word ("Deelne-" alone on a line). Inside the span, the space still breaks the line and is dropped.
    inner = Markup('{}<span class="whole">{}{}</span>').format(head, " " if head else "", last)
    if isinstance(text, Untranslated):
        return Markup('<span class="untranslated" lang="{}">{}</span>').format(text.source_language, inner)
    return inner


def _numbered(items: list[tuple[str, dict[str, Any]]]) -> tuple[Block, ...]:
    """Number the units and split each unit's text into sentence blocks."""
    blocks: list[Block] = []
    for unit, (section, fields) in enumerate(items):
        parts = sentences(fields["text"]) if fields.get("text") else [fields.get("text", "")]
        for part, text in enumerate(parts):
            extra = fields if part == 0 else {k: v for k, v in fields.items() if k not in ("title",)}
            blocks.append(Block(len(blocks), section, unit, part, **{**extra, "text": text}))
    return tuple(blocks)


def werkvorm_front(werkvorm: Werkvorm) -> tuple[Block, ...]:
    """What and when, paragraph by paragraph."""
    items = [("what", {"text": p}) for p in paragraphs(werkvorm.what)]
    items += [("when", {"text": p}) for p in paragraphs(werkvorm.when)]
    return _numbered(items)


def werkvorm_back(werkvorm: Werkvorm) -> tuple[Block, ...]:
    """How, step by step (a group's heading rides with its first step), then what it yields."""
    items: list[tuple[str, dict[str, Any]]] = []
    number = 0
    for group in werkvorm.how:
        for position, step in enumerate(group.steps):
            number += 1
            heading = group.heading if position == 0 and group.heading else ""
            items.append(("how", {"text": step.text, "title": heading, "number": number, "id": step.id}))
    items += [("yields", {"text": p}) for p in paragraphs(werkvorm.yields)]
    return _numbered(items)


def intro_blocks(intro: Intro) -> tuple[Block, ...]:
    items = [("lead", {"text": p}) for p in paragraphs(intro.text)]
    items += [("items", {"title": item.title, "text": item.text, "id": item.id}) for item in intro.items]
    return _numbered(items)


def text_blocks(text: str) -> tuple[Block, ...]:
    return _numbered([("text", {"text": p}) for p in paragraphs(text)])


def row_blocks(rows: tuple[Any, ...]) -> tuple[Block, ...]:
    return _numbered([("rows", {"row": row}) for row in rows])


def sections(blocks: tuple[Block, ...], start: int = 0, stop: int | None = None) -> list[Section]:
    """The blocks from ``start`` to ``stop``, grouped into consecutive sections."""
    found: list[Section] = []
    for block in blocks[start:stop]:
        if found and found[-1].name == block.section:
            found[-1] = Section(block.section, (*found[-1].blocks, block))
        else:
            found.append(Section(block.section, (block,)))
    return found
