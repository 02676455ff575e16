"""What builds cost, as ratios measured in one run (the machine may be shared: compare within a run).

    .venv/bin/python bench/build_cost.py [--repeat 3] [--large 40x5]

Each figure is the median of --repeat runs of a real command in a fresh process, its CPU time (user +
system, worker processes included) or wall time read from the operating system (os.wait4), and
its peak memory (max RSS). Every command is printed as it is run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import make_deck  # noqa: E402

DECK = [sys.executable, "-m", "deck"]
BARE = [sys.executable, "-c", "import sys, weasyprint; weasyprint.HTML(sys.argv[1]).write_pdf(sys.argv[2])"]


@dataclass(frozen=True)
class Run:
    cpu: float
    wall: float
    rss_mb: float


def run(command: Sequence[str], cwd: Path = ROOT) -> Run:
    """Run one command to its end; its CPU time, wall time and peak memory."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(map(str, command))}\n{process.stderr.read().decode() if process.stderr else ''}")
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def median(command: Sequence[str], repeat: int, before: Callable[[], None] | None = None, cwd: Path = ROOT) -> Run:
    """The median run of ``repeat`` (``before`` runs ahead of each, untimed)."""
    print("  $", " ".join(str(part) for part in command), flush=True)
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(run(command, cwd))
    return Run(*(statistics.median(getattr(r, name) for r in runs) for name in ("cpu", "wall", "rss_mb")))


def figure(name: str, value: float, limit: str) -> None:
    print(f"{name}: {value:.2f} (target {limit})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", default="40x5", help="Dimensions x stages of the large synthetic deck.")
    args = parser.parse_args()
    repeat = args.repeat
    tmp = Path(tempfile.mkdtemp(prefix="deck-bench-"))
    try:
        bench(tmp, repeat, args.large)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench(tmp: Path, repeat: int, large: str) -> None:
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    out, html = tmp / "out", tmp / "html"
    fresh = lambda: shutil.rmtree(out, ignore_errors=True)  # noqa: E731

    print("1. One output against bare WeasyPrint on the same final HTML")
    keep = [*DECK, "build", "--content", str(content), "--lang", "nl", "--no-cache", "--out", str(out), "--keep-html", str(html)]
    print_only = median([*keep, "--output", "print"], repeat, fresh)
    bare = median([*BARE, str(html / "liso-nl.html"), str(tmp / "bare.pdf")], repeat)
    figure("deck build --lang nl --output print / bare WeasyPrint (CPU)", print_only.cpu / bare.cpu, "<= 1.15")
    four = median(keep, repeat, fresh)
    figure("deck build --lang nl (four outputs) / bare WeasyPrint (CPU)", four.cpu / bare.cpu, "<= 1.5")

    print("2. Languages in parallel")
    both = [*DECK, "build", "--content", str(content), "--no-cache", "--out", str(out)]
    one = median([*both, "--jobs", "1"], repeat, fresh)
    two = median([*both, "--jobs", "2"], repeat, fresh)
    figure("nl and en, --jobs 1 / --jobs 2 (wall)", one.wall / two.wall, ">= 1.6 on an idle 2-core machine")

    print("3. The build cache")
    cached = [*DECK, "build", "--content", str(content), "--out", str(out), "--jobs", "1"]
    cold = median(cached, repeat, fresh)
    run(cached)
    warm = median(cached, repeat)
    figure("rebuild with no change / cold build (CPU)", warm.cpu / cold.cpu, "<= 0.10")
    werkvorm = content / "nl" / "werkvormen" / "brainstormen.yaml"
    original = werkvorm.read_text(encoding="utf-8")
    flip = iter(range(10**6))

    def edit() -> None:
        werkvorm.write_text(original.replace("title: Brainstormen", f"title: Brainstormen {next(flip)}"), encoding="utf-8")

    edited = median(cached, repeat, edit)
    figure("rebuild after editing one Dutch werkvorm / cold build (CPU)", edited.cpu / cold.cpu, "<= 0.50")
    poker = [*cached, "--size", "poker"]  # where many faces are cut into continuation cards
    werkvorm.write_text(original, encoding="utf-8")
    cold_poker = median(poker, repeat, fresh)
    edited_poker = median(poker, repeat, edit)
    werkvorm.write_text(original, encoding="utf-8")
    figure("the same at poker size / cold build at poker size (CPU)", edited_poker.cpu / cold_poker.cpu, "-")

    print("4. Large decks")
    dimensions, stages = (int(n) for n in large.split("x"))
    small_deck, large_deck = tmp / "small", tmp / "large"
    make_deck(small_deck, 2, 5, intro=False)  # 15 cards
    make_deck(large_deck, dimensions, stages, intro=False)
    small_cards, large_cards = 2 * 5 + 2 + 3, dimensions * stages + dimensions + 3
    command = [*DECK, "build", "--no-cache", "--out", str(out), "--content"]
    small = median([*command, str(small_deck)], repeat, fresh)
    big = median([*command, str(large_deck)], 1, fresh)
    print(
        f"  {small_cards} cards: {small.cpu / small_cards * 1000:.0f} ms CPU per card; {large_cards} cards: {big.cpu / large_cards * 1000:.0f} ms"
    )
    figure(f"per-card CPU, {large_cards} cards / {small_cards} cards", (big.cpu / large_cards) / (small.cpu / small_cards), "<= 1.15")
    figure(f"peak RSS of the {large_cards}-card build (MB)", big.rss_mb, "<= 300")

    print("5. Start-up")
    validate = median([*DECK, "validate", "--content", str(content), "--no-fit"], repeat)
    figure("deck validate --no-fit (CPU seconds)", validate.cpu, "< 0.6")
    version = median([*DECK, "--version"], repeat)
    figure("deck --version (CPU seconds)", version.cpu, "-")


if __name__ == "__main__":
    main()
