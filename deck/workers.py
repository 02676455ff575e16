"""How a build's work runs: languages in worker processes, results in the order asked, and a collector
tuned for layout.

WeasyPrint lays out in one thread, so languages build in parallel only in separate processes. The
workers are forked, so they start with every module (WeasyPrint, fonts) already loaded and read the
work from memory instead of having it pickled; only the results travel back.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

_WORK: tuple[Callable[[object], object], Sequence[object]] | None = None
"""The function and items of the map under way, inherited by the forked workers."""


GC_THRESHOLD = 50_000
"""Allocations between young-generation collections while a deck is laid out (Python's default is 700).

A layout allocates millions of objects that all live until the PDF is written; with the default, the
collector walks them again and again (about a fifth of a build's CPU). Memory stays about the same,
since almost nothing a layout makes is garbage before the end."""


@contextmanager
def collector_tuned() -> Iterator[None]:
    """Collect less often while the block runs; the previous thresholds come back after it."""
    before = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _run(index: int) -> object:
    assert _WORK is not None
    function, items = _WORK
    return function(items[index])


def run_all(function: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """``[function(item) for item in items]``, in up to ``jobs`` processes; the first exception is raised again."""
    global _WORK
    if jobs <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _WORK = (function, items)  # type: ignore[assignment]
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=context) as pool:
            return list(pool.map(_run, range(len(items))))  # type: ignore[arg-type]
    finally:
        _WORK = None
