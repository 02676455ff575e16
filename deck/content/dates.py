"""Dates a deck carries: the edition date in deck.yaml and SOURCE_DATE_EPOCH, both real and in range."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from contextlib import contextmanager

from deck.content.source import Source
from deck.errors import ContentError, Problem

FIRST_YEAR = 1980
"""The earliest date a PDF and its font timestamps can carry portably (ZIP and font formats start near here)."""
LAST_YEAR = 2099
EARLIEST = int(datetime.datetime(FIRST_YEAR, 1, 1, tzinfo=datetime.UTC).timestamp())
LATEST = int(datetime.datetime(LAST_YEAR, 12, 31, 23, 59, 59, tzinfo=datetime.UTC).timestamp())


def date_problems(structure: Source) -> list[Problem]:
    """The deck's ``date`` must be a real calendar date between 1980 and 2099 (the schema checks its form)."""
    data = structure.data
    value = data.get("date") if isinstance(data, dict) else None
    if not isinstance(value, str) or len(value) != 10:
        return []
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return [structure.problem(("date",), f"'{value}' is not a date in the calendar; expected a date like '2026-11-28'")]
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return [structure.problem(("date",), f"expected a date between {FIRST_YEAR} and {LAST_YEAR}, got '{value}'")]
    return []


def environment_epoch() -> int | None:
    """SOURCE_DATE_EPOCH when set: whole seconds since 1970 within the dates a deck may carry; else None."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12 or not EARLIEST <= int(raw) <= LATEST:
        shown = raw if len(raw) <= 20 else raw[:17] + "..."
        raise ContentError(
            [
                Problem(
                    "SOURCE_DATE_EPOCH",
                    None,
                    (),
                    f"expected whole seconds since 1970 for a date between {FIRST_YEAR} and {LAST_YEAR} "
                    f"({EARLIEST}..{LATEST}), got '{shown}'",
                )
            ]
        )
    return int(raw)


DEFAULT_EPOCH = 315532800
"""1980-01-01: the date of a deck that gives none (as reproducible zip and wheel builds use)."""


def source_epoch(deck_date: str | None) -> int:
    """The build's timestamp: SOURCE_DATE_EPOCH when set, else the deck's date, else 1980-01-01."""
    epoch = environment_epoch()
    if epoch is not None:
        return epoch
    if deck_date:
        return int(datetime.datetime.fromisoformat(deck_date).replace(tzinfo=datetime.UTC).timestamp())
    return DEFAULT_EPOCH


def w3c_date(epoch: int) -> str:
    """``2026-11-28T00:00:00Z``: the form PDF metadata takes."""
    return datetime.datetime.fromtimestamp(epoch, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@contextmanager
def reproducible(epoch: int) -> Iterator[None]:
    """Make every timestamp written while the block runs (fonts included) the given one."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
