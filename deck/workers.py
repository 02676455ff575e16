"""How a build's work runs: languages in worker processes, results in the order asked, and a collector
tuned for layout.

WeasyPrint lays out in one thread, so languages build in parallel only in separate processes. The
workers are forked, so they start with every module (WeasyPrint, fonts) already loaded and with the
content in memory; only the work items (a language and its cuts) and the results travel. A worker
lives for the whole build, so that a language fitted again with other cuts reuses its last layout.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

from deck.errors import RenderError

T = TypeVar("T")
R = TypeVar("R")

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


def give_back_memory() -> None:
    """Collect, and hand the memory freed back to the system (glibc keeps it otherwise): before a step that needs
    much, so that the process's peak is not what an earlier step freed plus what this one takes."""
    gc.collect()
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)  # glibc; elsewhere there is nothing to do


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


class Workers(Generic[T, R]):
    """Up to ``jobs`` forked processes that live as long as the ``with`` block: each key's work always runs in
    the same process, so that it may keep what it learnt about that key (a language's last layout) for the
    next round. With one job, or one key, the work runs in this process.

    ``function`` and everything it reaches are inherited by the fork; only the items and the results are
    pickled. The first exception a worker raises is raised again here.
    """

    def __init__(self, function: Callable[[T], R], keys: Sequence[str], jobs: int) -> None:
        self.function = function
        count = min(jobs, len(keys)) if "fork" in multiprocessing.get_all_start_methods() else 1
        self.slot = {key: index % max(1, count) for index, key in enumerate(keys)}
        self.count = count
        self.processes: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []

    def __enter__(self) -> Workers[T, R]:
        if self.count > 1:
            context = multiprocessing.get_context("fork")
            try:
                for _ in range(self.count):
                    ours, theirs = context.Pipe()
                    process = context.Process(target=_serve, args=(theirs, self.function), daemon=True)
                    process.start()
                    theirs.close()
                    self.processes.append((process, ours))
            except BaseException:
                self.__exit__(RuntimeError)
                raise
        return self

    def __exit__(self, error: type[BaseException] | None, *rest: object) -> None:
        if error is not None:  # interrupted (a signal, Ctrl-C) or failed: work still under way is not wanted
            for process, _ in self.processes:
                process.terminate()
        for _, connection in self.processes:
            with suppress(OSError):
                connection.send(None)
            connection.close()
        for process, _ in self.processes:
            process.join(timeout=5)
            if process.is_alive():  # a worker that does not stop
                process.kill()
                process.join()
        self.processes = []

    def map(self, items: Sequence[T], key: Callable[[T], str]) -> list[R]:
        """``[function(item) for item in items]``, each item in the process of its key."""
        if not self.processes:
            return [self.function(item) for item in items]
        connections = [self.processes[self.slot[key(item)]][1] for item in items]
        answers = []
        try:
            for connection, item in zip(connections, items, strict=True):
                connection.send(item)
            for connection in connections:  # a process answers its items in the order it got them
                answers.append(connection.recv())
        except (EOFError, OSError):  # the pipe closed, or was reset: the process is gone
            raise RenderError(
                "a worker process of the build ended without an answer (killed, or out of memory?); try again with --jobs 1"
            ) from None
        except Exception as error:  # an answer that cannot be read back (an exception pickled but not rebuilt)
            raise RenderError(f"a worker process of the build failed: {type(error).__name__}: {error}") from None
        for ok, value in answers:  # every answer read first: the next map starts clean
            if not ok:
                raise value
        return [value for _, value in answers]


def _serve(connection: Connection, function: Callable[[object], object]) -> None:
    """A worker: run ``function`` on each item received, send back (True, result) or (False, exception)."""
    while True:
        try:
            item = connection.recv()
        except EOFError:
            return
        if item is None:
            return
        try:
            answer: tuple[bool, object] = (True, function(item))
        except Exception as error:
            answer = (False, error)
        try:
            connection.send(answer)
        except Exception:  # a result or exception that cannot be pickled: its text, as a failed build
            value = answer[1]
            connection.send((False, RenderError(f"{value}" if isinstance(value, RenderError) else f"{type(value).__name__}: {value}")))
