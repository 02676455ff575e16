"""Decks at the documented limits, written as content folders: the worst cases a build must finish (or refuse) quickly.

Run as a script to write them: ``python -m tests.big_decks OUT`` writes OUT/wide and OUT/stages.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from deck.content.schema import MAX_STEPS, MAX_TEXT, TEXTS

WORDS = [
    "the",
    "group",
    "agrees",
    "on",
    "a",
    "short",
    "signal",
    "that",
    "stops",
    "the",
    "meeting",
    "for",
    "a",
    "moment",
    "so",
    "that",
    "everyone",
    "can",
    "breathe",
]


def long_text(length: int = MAX_TEXT, seed: int = 0) -> str:
    """Ordinary words (so that lines break) up to ``length`` characters."""
    out: list[str] = []
    size, index = 0, seed
    while True:
        word = WORDS[index % len(WORDS)]
        if size + len(word) + 1 > length:
            return " ".join(out)
        out.append(word)
        size += len(word) + 1
        index += 7


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_NoAliases, width=1_000_000, allow_unicode=True)


def _labels() -> dict[str, str]:
    keys = TEXTS["properties"]["labels"]["required"]
    labels = {key: key.replace("_", " ").capitalize() for key in keys}
    labels["sibling"] = "{dimension} exercise {stage}"
    return labels


def write_deck(folder: Path, dimensions: int, stages: int, steps: int = MAX_STEPS, text: int = MAX_TEXT, name: int = MAX_TEXT) -> Path:
    """A deck of ``dimensions`` x ``stages`` werkvormen, each with ``steps`` steps of ``text`` characters; titles, stage
    names and headings of ``name`` characters (the sibling label's parts get half of that)."""
    werkvormen = folder / "en" / "werkvormen"
    werkvormen.mkdir(parents=True)
    dims = [f"d{i}" for i in range(dimensions)]
    stgs = [f"s{i}" for i in range(stages)]
    step_ids = [f"step{i}" for i in range(steps)]
    structure = {
        "id": "big",
        "source_language": "en",
        "stages": [{"id": s} for s in stgs],
        "dimensions": [{"id": d, "colour": "#2a6f97"} for d in dims],
        "werkvormen": [{"id": f"{d}-{s}", "dimension": d, "stage": s, "steps": step_ids} for d in dims for s in stgs],
    }
    texts = {
        "language": "en",
        "name": "English",
        "title": "Big deck",
        "cover": long_text(text, 1),
        "labels": _labels(),
        "credits": "Written to test the limits.",
        "stages": {s: {"name": long_text(name, 2), "heading": long_text(name, 3), "link": long_text(name // 2 - 20, 4)} for s in stgs},
        "dimensions": {
            d: {"name": long_text(name // 2 - 20, 5), "statement": long_text(text, 6), "opposite": long_text(text, 7)} for d in dims
        },
    }
    (folder / "deck.yaml").write_text(_dump(structure), encoding="utf-8")
    (folder / "en" / "deck.yaml").write_text(_dump(texts), encoding="utf-8")
    for d in dims:
        for s in stgs:
            body = {
                "title": long_text(name, 8),
                "what": long_text(text, 9),
                "when": long_text(text, 10),
                "how": {"steps": {step: long_text(text, i) for i, step in enumerate(step_ids)}},
                "yield": long_text(text, 11),
            }
            (werkvormen / f"{d}-{s}.yaml").write_text(_dump(body), encoding="utf-8")
    return folder


def wide_deck(folder: Path) -> Path:
    """20 werkvormen (5 dimensions x 4 stages), each with 30 steps of 3,000 characters: about 2 MB."""
    return write_deck(folder, 5, 4)


def many_stages_deck(folder: Path) -> Path:
    """One dimension with 20 stages, every text at its limit."""
    return write_deck(folder, 1, 20)


if __name__ == "__main__":
    target = Path(sys.argv[1])
    wide_deck(target / "wide")
    many_stages_deck(target / "stages")
