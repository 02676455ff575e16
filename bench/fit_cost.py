"""What fitting costs on a whole deck: layout alone, measuring, and the re-layout of faces that shrink.

Run:  .venv/bin/python bench/fit_cost.py [--content content] [--lang nl] [--size a6] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from deck.content.load import load_content
from deck.layout.cards import sequence
from deck.layout.fitting import fit_language
from deck.layout.geometry import resolve_size
from deck.layout.measure import measure
from deck.layout.render import Context, Page, layout, render_html
from deck.options import OUTPUTS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--lang", default="nl")
    parser.add_argument("--size", default="a6")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    content = load_content(args.content, [args.lang])
    geometry = resolve_size(args.size)
    deck = content.decks[args.lang]
    context = Context(deck, sequence(deck), Page.for_output(geometry, OUTPUTS["screen"]))
    fit_language(content, args.lang, geometry)  # warm up fonts and templates

    plain, measuring, fitting = [], [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        document = layout(render_html(context), content.folder)
        plain.append(time.perf_counter() - start)
        start = time.perf_counter()
        measure(document, context.page.margin)
        measuring.append(time.perf_counter() - start)
        start = time.perf_counter()
        fitted = fit_language(content, args.lang, geometry)
        fitting.append(time.perf_counter() - start)

    base, probe, total = statistics.median(plain), statistics.median(measuring), statistics.median(fitting)
    faces = len(fitted.fits)
    print(
        f"deck {content.deck_id}, language {args.lang}, size {geometry.name}: {faces} faces, {len(fitted.shrinks)} shrunk, {fitted.layouts} layouts"
    )
    print(f"layout of every face, no fitting:   {base:6.2f} s")
    print(f"measuring every face:               {probe:6.2f} s")
    print(f"fit (layout + measure + re-layouts): {total:6.2f} s")
    print(f"cost of fitting:                    {total - base:6.2f} s ({(total - base) / base:.0%} of one layout)")


if __name__ == "__main__":
    main()
