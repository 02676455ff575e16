"""Check content against itself, past what a schema can say: ids that must be unique or must exist, the texts
each language owes the structure, and the text itself (plain text, characters the fonts can draw)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from deck.colour import contrast_problem
from deck.content.glyphs import describe, missing_characters
from deck.content.placeholders import placeholder_problems
from deck.content.plaintext import text_problems
from deck.content.read import TEXTS_FILE, WERKVORMEN_DIR, LanguageSources
from deck.content.source import Source
from deck.content.units import Unit, leaves
from deck.content.validate import check_keys_match, check_unique
from deck.errors import Problem, shown


def check_texts(language: LanguageSources) -> list[Problem]:
    """Problems in the texts themselves: anything but plain text (see deck.content.plaintext), characters no vendored font can draw."""
    problems = []
    for source in [language.texts, *language.werkvormen.values()]:
        if source is None:
            continue
        for path, value in leaves(source.data):
            if not isinstance(value, str):
                continue
            problems += [source.problem(path, message) for message in text_problems(value)]
            problems += [
                source.problem(path, f"{describe(char)} is in none of the deck's fonts; it would print as an empty box")
                for char in missing_characters(value)
            ]
    return problems + placeholder_problems(language.texts)


def missing_problem(folder: Path, language: LanguageSources, unit: Unit) -> Problem:
    """The problem reported for a text a translation lacks, at its key's line when the file has the key."""
    source = language.texts if unit.file == TEXTS_FILE else language.werkvormen.get(Path(unit.file).stem)
    line = source.lines.get(unit.path) if source is not None else None
    path = shown(folder / language.code / unit.file)
    return Problem(path, line, unit.path, f"not translated yet (unit {unit.id}); translate it, or build with --allow-incomplete")


def _entries(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """(index, entry) for the mapping entries of the list at ``data[key]`` that have a text id."""
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict) and isinstance(item.get("id"), str)]


def _ids(data: Any, key: str) -> list[str]:
    return [entry["id"] for _, entry in _entries(data, key)]


def _step_ids(steps: Any) -> list[str]:
    ids: list[str] = []
    for step in steps if isinstance(steps, list) else []:
        if isinstance(step, dict) and isinstance(step.get("steps"), list):
            ids.extend(s for s in step["steps"] if isinstance(s, str))
        elif isinstance(step, str):
            ids.append(step)
    return ids


def _group_ids(steps: Any) -> list[str]:
    return [
        step["group"]
        for step in (steps if isinstance(steps, list) else [])
        if isinstance(step, dict) and isinstance(step.get("group"), str)
    ]


def _repeated(values: list[str]) -> list[str]:
    return sorted({value for value in values if values.count(value) > 1})


def check_structure(structure: Source) -> list[Problem]:
    """Cross-checks within deck.yaml that the schema cannot express; safe on partly invalid data."""
    data = structure.data
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    for key, what in (("stages", "stage"), ("dimensions", "dimension"), ("werkvormen", "werkvorm"), ("intro", "intro card")):
        items = data.get(key)
        if isinstance(items, list):
            problems += check_unique(structure, items, (key,), what)
    stages = _ids(data, "stages")
    dimensions = _ids(data, "dimensions")
    cells: dict[tuple[str, str], int] = {}
    for index, werkvorm in _entries(data, "werkvormen"):
        path = ("werkvormen", index)
        dimension, stage = werkvorm.get("dimension"), werkvorm.get("stage")
        if isinstance(dimension, str) and dimension not in dimensions:
            problems.append(
                structure.problem((*path, "dimension"), f"unknown dimension '{dimension}'; expected one of: {', '.join(dimensions)}")
            )
        if isinstance(stage, str) and stage not in stages:
            problems.append(structure.problem((*path, "stage"), f"unknown stage '{stage}'; expected one of: {', '.join(stages)}"))
        cell = (dimension, stage)
        if not (isinstance(dimension, str) and isinstance(stage, str)):
            pass  # the schema reports the wrong type
        elif cell in cells:
            first = data["werkvormen"][cells[cell]]["id"]
            problems.append(
                structure.problem(
                    path,
                    f"dimension '{dimension}' already has a werkvorm for stage '{stage}' ('{first}'); each dimension has one werkvorm per stage",
                )
            )
        else:
            cells[cell] = index
        for what, found in (("step", _step_ids(werkvorm.get("steps"))), ("step group", _group_ids(werkvorm.get("steps")))):
            for ident in _repeated(found):
                problems.append(structure.problem((*path, "steps"), f"duplicate {what} id '{ident}' in werkvorm '{werkvorm['id']}'"))
    for index, dimension in _entries(data, "dimensions"):
        for stage in stages:
            if (dimension["id"], stage) not in cells:
                problems.append(
                    structure.problem(("dimensions", index), f"dimension '{dimension['id']}' has no werkvorm for stage '{stage}'")
                )
    for index, dimension in _entries(data, "dimensions"):
        colour = dimension.get("colour")
        if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}", colour) and contrast_problem(colour):
            problems.append(structure.problem(("dimensions", index, "colour"), contrast_problem(colour)))
    for index, intro in _entries(data, "intro"):
        items = intro.get("items")
        for ident in _repeated(items if isinstance(items, list) else []):
            problems.append(structure.problem(("intro", index, "items"), f"duplicate item id '{ident}'"))
    return problems


def check_language(structure: Source, language: LanguageSources, is_source: bool = True) -> list[Problem]:
    """Cross-checks between one language's texts and the deck structure; safe on partly invalid data.

    A translation's texts for ids the source no longer has are orphans: ``deck i18n status`` lists them,
    and they are not errors here.
    """
    data = structure.data
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    texts = language.texts
    if texts is not None:
        if texts.data["language"] != language.code:
            problems.append(texts.problem(("language",), f"expected '{language.code}' (the folder's name), got '{texts.data['language']}'"))
        if not is_source:
            return problems + check_translation_werkvormen(structure, language)
        problems += check_keys_match(texts, ("stages",), texts.data["stages"], _ids(data, "stages"), "stage")
        problems += check_keys_match(texts, ("dimensions",), texts.data["dimensions"], _ids(data, "dimensions"), "dimension")
        intro_texts = texts.data.get("intro", {})
        problems += check_keys_match(texts, ("intro",), intro_texts, _ids(data, "intro"), "intro card")
        for _, intro in _entries(data, "intro"):
            given = intro_texts.get(intro["id"])
            items = intro.get("items")
            if isinstance(given, dict) and isinstance(items, list):
                problems += check_keys_match(texts, ("intro", intro["id"], "items"), given.get("items", {}), items, "item")
    werkvorm_ids = _ids(data, "werkvormen")
    folder = structure.path.parent / language.code / WERKVORMEN_DIR
    for index, werkvorm in _entries(data, "werkvormen"):
        source = language.werkvormen.get(werkvorm["id"])
        path = folder / f"{werkvorm['id']}.yaml"
        if source is None:
            if not path.exists():
                where = f"{structure.name}:{structure.line(('werkvormen', index))}"
                problems.append(Problem(shown(path), None, (), f"missing: werkvorm '{werkvorm['id']}' ({where}) needs its texts here"))
            continue
        how = source.data["how"]
        if is_source:
            problems += check_keys_match(source, ("how", "steps"), how["steps"], _step_ids(werkvorm.get("steps")), "step")
            problems += check_keys_match(source, ("how", "groups"), how.get("groups", {}), _group_ids(werkvorm.get("steps")), "step group")
    for ident, source in language.werkvormen.items():
        if ident not in werkvorm_ids and is_source:
            problems.append(
                source.problem((), f"no werkvorm '{ident}' in {structure.name}; expected one of: {', '.join(dict.fromkeys(werkvorm_ids))}")
            )
    return problems


def check_translation_werkvormen(structure: Source, language: LanguageSources) -> list[Problem]:
    """A translation's werkvorm files must belong to werkvormen of the structure."""
    werkvorm_ids = _ids(structure.data, "werkvormen")
    return [
        source.problem((), f"no werkvorm '{ident}' in {structure.name}; expected one of: {', '.join(dict.fromkeys(werkvorm_ids))}")
        for ident, source in language.werkvormen.items()
        if ident not in werkvorm_ids
    ]
