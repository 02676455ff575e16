"""Dates a deck carries: the edition date in deck.yaml and SOURCE_DATE_EPOCH, both real and in range."""

from __future__ import annotations

import datetime
import os

from .errors import ContentError, Problem
from .source import Source

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
