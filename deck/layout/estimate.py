"""Estimate, before any layout, how many cards each face's text needs: refuse hopeless faces and oversized decks at once.

WeasyPrint lays out text that overflows its face onto as many pages as it takes, which for a face of
90,000 characters is minutes of work before the fitting can say "does not fit". The estimate counts the
characters each face prints and gives each the area of an average glyph at the minimum text size. It is
deliberately generous (narrow glyphs, tight lines, the whole card as room), so a face it refuses could
never fit; a face it lets through is laid out and fitted as usual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from deck.errors import ContentError, Problem, shown
from deck.layout.render import Context, FaceKey

MAX_CONTINUATIONS = 3
"""Extra cards a face's text may continue on; text that would need more is a content error."""

GLYPH_WIDTH_EM = 0.45
"""Width of an average character, spaces included (Latin text in the deck's sans averages about 0.5 em)."""
LINE_HEIGHT_EM = 1.2
"""Height of a line (the deck's body text uses about 1.35)."""

MAX_EXTRA_CARDS = 40
"""Cards' worth of text beyond one card per face that one language may hold in all (at the minimum size): the
overflow WeasyPrint must lay out before fitting can shrink or continue it. Faces that fit cost what the deck's
size costs (bounded by the 200-werkvorm limit); this bounds what text too long for its faces adds to that."""

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class FaceEstimate:
    """How much room one face's text needs, in cards, at the minimum text size."""

    card: str
    """The card as printed: 6, or 6a for a continuation card."""
    face: str
    characters: int
    cards: float

    @property
    def key(self) -> FaceKey:
        return (self.card, self.face)


class _FaceText(HTMLParser):
    """Collects the printed characters of each face (``data-card``/``data-face`` sections) of a deck's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.counts: dict[FaceKey, int] = {}
        self.current: FaceKey | None = None
        self.depth = 0
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self.current is None and tag == "section" and found.get("data-card") and found.get("data-face"):
            self.current = (found["data-card"] or "", found["data-face"] or "")
            self.counts.setdefault(self.current, 0)
            self.depth = 0
        if self.current is not None and tag not in _VOID:
            self.depth += 1
        if tag in ("style", "script"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self.skip = max(0, self.skip - 1)
        if self.current is not None and tag not in _VOID:
            self.depth -= 1
            if self.depth == 0:
                self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None and not self.skip:
            self.counts[self.current] += len(" ".join(data.split()))


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def face_characters(html: str) -> dict[FaceKey, int]:
    """The number of printed characters on each face of the deck's HTML."""
    parser = _FaceText()
    parser.feed(html)
    parser.close()
    return parser.counts


def estimate_faces(html: str, context: Context, min_pt: float) -> list[FaceEstimate]:
    """Cards each face needs at ``min_pt``: characters x glyph area, over the card's whole area."""
    glyph_mm2 = (GLYPH_WIDTH_EM * min_pt / PT_PER_MM) * (LINE_HEIGHT_EM * min_pt / PT_PER_MM)
    card_mm2 = context.page.width * context.page.height
    return [FaceEstimate(card, face, count, count * glyph_mm2 / card_mm2) for (card, face), count in sorted(face_characters(html).items())]


def refuse_hopeless(html: str, context: Context, min_pt: float, folder: Path) -> list[FaceEstimate]:
    """Raise a ContentError for every face whose text needs more than 1 + MAX_CONTINUATIONS cards, or when the
    faces together overflow by more than MAX_EXTRA_CARDS cards; return the estimates otherwise."""
    estimates = estimate_faces(html, context, min_pt)
    language = context.deck.language.code
    problems = [
        Problem(
            _file_of(context, folder, face.card),
            None,
            (),
            f"card {face.card} ({_title(context, face.card)}), {face.face}: its text ({face.characters:,} characters) would need "
            f"at least {math.ceil(face.cards)} cards even at {min_pt:g} pt; a face may continue on at most {MAX_CONTINUATIONS} more. "
            "Shorten the text.",
        )
        for face in estimates
        if face.cards > 1 + MAX_CONTINUATIONS
    ]
    extra = sum(max(0.0, face.cards - 1) for face in estimates)
    if not problems and extra > MAX_EXTRA_CARDS:
        problems.append(
            Problem(
                shown(folder / language / "deck.yaml"),
                None,
                (),
                f"the texts in '{language}' overflow their faces by at least {math.ceil(extra)} cards' worth in all; "
                f"the limit is {MAX_EXTRA_CARDS}. Shorten the longest texts.",
            )
        )
    if problems:
        raise ContentError(problems)
    return estimates


def _title(context: Context, number: str) -> str:
    title = next((card.bookmark for card in context.cards if card.label == str(number)), "")
    return title if len(title) <= 50 else title[:47] + "..."


def _file_of(context: Context, folder: Path, number: str) -> str:
    """The file holding most of a card's text: a werkvorm's own file, else the language's deck.yaml."""
    card = next((card for card in context.cards if card.label == str(number)), None)
    werkvorm = getattr(card, "werkvorm", None)
    language = context.deck.language.code
    if werkvorm is not None:
        return shown(folder / language / "werkvormen" / f"{werkvorm.id}.yaml")
    return shown(folder / language / "deck.yaml")
