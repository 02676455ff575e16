"""What the command line does about failures outside the content: OS errors, a vanished working folder, odd numbers."""

from __future__ import annotations

import math
import os
import signal
import sys
import threading
from typing import Any

import click


def os_error_line(error: OSError) -> str:
    """One line naming the path and what the system said, like ``cannot write dist/x.pdf: No space left on device``."""
    paths = [p for p in (error.filename, error.filename2) if p is not None]
    where = " -> ".join(os.fsdecode(p) for p in paths) if paths else "a file"
    reason = error.strerror or str(error) or type(error).__name__
    return f"deck: {where}: {reason}"


class GuardedGroup(click.Group):
    """A command group whose commands end with one line and exit 1 on an OS error, never with a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            os.getcwd()
        except OSError:
            click.echo("deck: the working folder no longer exists (deleted or moved); change into the project folder again", err=True)
            sys.exit(1)
        try:
            return super().invoke(ctx)
        except OSError as error:
            click.echo(os_error_line(error), err=True)
            sys.exit(1)


class FiniteFloatRange(click.FloatRange):
    """A float within a range, refusing NaN and infinity (which compare false with every bound)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = click.FLOAT.convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number; expected a size in pt between {self.min:g} and {self.max:g}.", param, ctx)
        return super().convert(number, param, ctx)


def stop_cleanly(signum: int, frame: object) -> None:
    """SIGTERM ends the command like Ctrl-C does: cleanly, with no partial file left behind."""
    raise SystemExit(128 + signum)


def stop_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit (exit 143), from the main thread; called before the slow imports when it can be."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop_cleanly)
