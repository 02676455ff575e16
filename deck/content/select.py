"""A deck of your choice: ``--select`` picks werkvormen by dimension, stage or id; ``--blank`` adds blank cards.

The chosen ids go into every language's Deck, so the cards, their numbers (those of the whole deck) and
the build cache all follow from the Deck alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from deck.content.load import Content
from deck.content.model import Deck


class SelectionError(ValueError):
    """A ``--select`` that names something the deck does not have (a command-line mistake: exit 2)."""


PLURAL = {"dimension": "dimensions", "stage": "stages", "werkvorm": "werkvorm ids"}


def _known(key: str, ids: Sequence[str]) -> str:
    return f"known {PLURAL[key]}: {', '.join(ids)}"


def matching(deck: Deck, spec: str) -> set[str]:
    """The werkvorm ids one ``--select`` value names: ``dimension=ID,..``, ``stage=ID,..`` or ``ID,..``."""
    key, _, values = spec.rpartition("=")
    key = key.strip() or "werkvorm"
    fields = {"dimension": lambda w: w.dimension.id, "stage": lambda w: w.stage.id, "werkvorm": lambda w: w.id}
    if key not in fields:
        raise SelectionError(f"'{spec}': expected dimension=ID, stage=ID or werkvorm ids separated by commas")
    known = list(dict.fromkeys(fields[key](w) for w in deck.werkvormen))
    wanted = [value.strip() for value in values.split(",") if value.strip()]
    if not wanted:
        raise SelectionError(f"'{spec}' names no {key}; {_known(key, known)}")
    unknown = [value for value in wanted if value not in known]
    if unknown:
        raise SelectionError(f"unknown {key} {', '.join(repr(u) for u in unknown)}; {_known(key, known)}")
    return {w.id for w in deck.werkvormen if fields[key](w) in wanted}


def choose(deck: Deck, specs: Sequence[str]) -> frozenset[str]:
    """The werkvormen every ``--select`` value names (each further value narrows the choice)."""
    chosen = {w.id for w in deck.werkvormen}
    for spec in specs:
        chosen &= matching(deck, spec)
    if not chosen:
        raise SelectionError(f"{' and '.join(repr(s) for s in specs)} together choose no werkvorm")
    return frozenset(chosen)


def tailored(content: Content, specs: Sequence[str], blanks: int) -> Content:
    """The content with every language's deck reduced to the chosen werkvormen and given ``blanks`` blank cards."""
    if not specs and not blanks:
        return content
    source = content.decks.get(content.source_language) or next(iter(content.decks.values()))
    chosen = choose(source, specs) if specs else None
    return replace(content, decks={code: replace(deck, chosen=chosen, blanks=blanks) for code, deck in content.decks.items()})
