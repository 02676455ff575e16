"""Check parsed content against the schema and against itself, collecting every problem."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from deck.content.schema import SCHEMAS
from deck.content.source import Source
from deck.errors import Problem

_VALIDATORS = {name: Draft202012Validator(schema) for name, schema in SCHEMAS.items()}

_TYPE_NAMES = {
    str: "text",
    bool: "true/false",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "a mapping",
    type(None): "nothing",
}


def check_schema(source: Source, schema_name: str) -> list[Problem]:
    """Every way ``source`` breaks the named schema, as problems with lines."""
    if source.data is None:
        return [source.problem((), f"the file is empty; expected {SCHEMAS[schema_name]['title']}")]
    problems = []
    for error in _VALIDATORS[schema_name].iter_errors(source.data):
        problems.extend(_explain(source, error))
    return problems


def _explain(source: Source, error: ValidationError) -> Iterator[Problem]:
    """Translate one jsonschema error into plain problems."""
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    expected = schema.get("title", "a valid value")
    kind = error.validator
    if kind == "required":
        for key in error.validator_value:
            if isinstance(error.instance, dict) and key not in error.instance:
                sub = schema.get("properties", {}).get(key, {})
                yield Problem(source.name, source.line(path), (*path, key), f"missing key; expected {sub.get('title', 'a value')}")
    elif kind == "additionalProperties" and schema.get("additionalProperties") is False:
        allowed = list(schema.get("properties", {}))
        for key in error.instance:
            if key not in allowed:
                yield source.problem((*path, key), _unknown_key(key, allowed))
    elif kind == "propertyNames":
        yield source.problem(path, f"'{error.instance}' is not a valid id (expected lowercase letters, digits and hyphens)")
    elif kind == "type":
        yield source.problem(path, f"expected {expected}, got {_describe(error.instance)}")
    elif kind == "pattern":
        if schema.get("title") == "text":
            yield source.problem(path, "expected text, got an empty text")
        else:
            yield source.problem(path, f"expected {expected}, got {error.instance!r}")
    elif kind == "maxLength":
        yield source.problem(path, f"expected at most {error.validator_value:,} characters, got {len(error.instance):,}")
    elif kind in ("maxItems", "maxProperties"):
        yield source.problem(path, f"expected at most {error.validator_value:,} entries, got {len(error.instance):,}")
    elif kind in ("minItems", "minProperties"):
        yield source.problem(path, f"expected {expected} with at least one entry, got none")
    elif kind == "enum":
        choices = ", ".join(repr(c) for c in error.validator_value)
        yield source.problem(path, f"expected one of {choices}, got {_describe(error.instance)}")
    else:
        yield source.problem(path, f"expected {expected}: {error.message}")


SYNONYMS = {
    "cards": "werkvormen",
    "activities": "werkvormen",
    "methods": "werkvormen",
    "phases": "stages",
    "columns": "stages",
    "rows": "dimensions",
}
"""Words a new user may try for a key the deck names otherwise."""


def _unknown_key(key: str, allowed: list[str]) -> str:
    message = f"unknown key '{key}'; accepted keys: {', '.join(allowed)}"
    close = difflib.get_close_matches(str(key).lower(), allowed, n=1, cutoff=0.75)
    synonym = SYNONYMS.get(str(key).lower())
    guess = close[0] if close else synonym if synonym in allowed else None
    return f"{message} (did you mean '{guess}'?)" if guess else message


def _describe(value: Any) -> str:
    name = _TYPE_NAMES.get(type(value), type(value).__name__)
    if (isinstance(value, (str, int, float, bool)) and not isinstance(value, bool)) or value is None:
        shown = repr(value) if value is not None else ""
        return f"{name} {shown}".strip() if len(shown) < 40 else name
    return name


def check_unique(source: Source, items: list[Any], path: tuple[str | int, ...], what: str) -> list[Problem]:
    """A problem for each item whose ``id`` repeats an earlier one."""
    problems = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        ident = item["id"]
        if ident in seen:
            problems.append(source.problem((*path, index, "id"), f"duplicate {what} id '{ident}' (also {path[-1]}[{seen[ident]}])"))
        else:
            seen[ident] = index
    return problems


def check_keys_match(source: Source, path: tuple[str | int, ...], given: Any, expected: list[str], what: str) -> list[Problem]:
    """Problems for ids missing from, or unknown in, the mapping at ``path``."""
    if not isinstance(given, dict):
        return []
    problems = [source.problem(path, f"missing {what} '{key}'") for key in expected if key not in given]
    for key in given:
        if key not in expected:
            known = ", ".join(expected) or "none"
            problems.append(source.problem((*path, key), f"unknown {what} '{key}'; expected one of: {known}"))
    return problems
