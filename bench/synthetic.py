"""A synthetic deck of any shape, made from the LISO deck's own Dutch texts (same lengths, same words).

    .venv/bin/python bench/synthetic.py OUT_DIR --dimensions 40 --stages 5

gives 40 x 5 = 200 werkvormen: with --no-intro 243 cards (cover, overview, 40 dividers, 200 werkvormen,
credits). The werkvormen cycle through the ten LISO werkvormen's texts, each titled apart.
"""

from __future__ import annotations

import argparse
import copy
import shutil
from itertools import cycle
from pathlib import Path

import yaml

CONTENT = Path(__file__).resolve().parent.parent / "content"
COLOURS = ("#1d6a8a", "#b5462f", "#6b4c9a", "#2f7d4f", "#9a6216")


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def make_deck(out: Path, dimensions: int, stages: int, intro: bool = True) -> int:
    """Write a Dutch-only deck of ``dimensions`` x ``stages`` werkvormen into ``out``; return its werkvorm count."""
    structure, texts = _read(CONTENT / "deck.yaml"), _read(CONTENT / "nl" / "deck.yaml")
    samples = [(w, _read(CONTENT / "nl" / "werkvormen" / f"{w['id']}.yaml")) for w in structure["werkvormen"]]
    dimension_texts = list(texts["dimensions"].values())
    stage_texts = list(texts["stages"].values())
    if out.exists():
        shutil.rmtree(out)
    structure["stages"] = [{"id": f"fase-{s + 1}"} for s in range(stages)]
    structure["dimensions"] = [{"id": f"dimensie-{d + 1}", "colour": COLOURS[d % len(COLOURS)]} for d in range(dimensions)]
    texts["stages"] = {f"fase-{s + 1}": {k: f"{v} {s + 1}" for k, v in stage_texts[s % len(stage_texts)].items()} for s in range(stages)}
    texts["dimensions"] = {
        f"dimensie-{d + 1}": {**dimension_texts[d % len(dimension_texts)], "name": f"Dimensie {d + 1}"} for d in range(dimensions)
    }
    if not intro:
        structure["intro"] = []
        texts.pop("intro", None)
    werkvormen, source = [], cycle(samples)
    for d in range(dimensions):
        for s in range(stages):
            shape, words = copy.deepcopy(next(source))
            ident = f"werkvorm-{d + 1}-{s + 1}"
            werkvormen.append({**shape, "id": ident, "dimension": f"dimensie-{d + 1}", "stage": f"fase-{s + 1}"})
            words["title"] = f"{words['title']} {d + 1}.{s + 1}"
            _write(out / "nl" / "werkvormen" / f"{ident}.yaml", words)
    structure["werkvormen"] = werkvormen
    _write(out / "deck.yaml", structure)
    _write(out / "nl" / "deck.yaml", texts)
    return len(werkvormen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--dimensions", type=int, default=40)
    parser.add_argument("--stages", type=int, default=5)
    parser.add_argument("--no-intro", action="store_true", help="Leave out the two intro cards.")
    args = parser.parse_args()
    count = make_deck(args.out, args.dimensions, args.stages, intro=not args.no_intro)
    print(f"wrote {args.out}: {count} werkvormen")


if __name__ == "__main__":
    main()
