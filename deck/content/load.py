"""Load a content folder: read every file, validate it all, then build one Deck per language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from deck.colour import contrast_problem
from deck.content import labels as built_in_labels
from deck.content.dates import date_problems
from deck.content.files import record_problems, scan_content
from deck.content.glyphs import describe, missing_characters
from deck.content.model import Author, Credits, Deck, Dimension, Intro, IntroItem, Labels, Language, Stage, Step, StepGroup, Werkvorm
from deck.content.placeholders import placeholder_problems
from deck.content.plaintext import structure_text_problems, text_problems
from deck.content.source import Source, read_yaml
from deck.content.translation_checks import check_placeholders
from deck.content.units import Unit, fill_missing, leaves, units_of, werkvorm_file
from deck.content.validate import check_keys_match, check_schema, check_unique
from deck.errors import Problem, raise_if_any, shown

STRUCTURE_FILE = "deck.yaml"
TEXTS_FILE = "deck.yaml"
WERKVORMEN_DIR = "werkvormen"
NOT_LANGUAGES = {"schema"}


@dataclass(frozen=True)
class LanguageSources:
    """One language's files as read; for a translation, completed from the source (see ``missing``)."""

    code: str
    texts: Source | None
    werkvormen: dict[str, Source]
    missing: tuple[Unit, ...] = ()


@dataclass(frozen=True)
class Content:
    """A validated content folder: the deck id and one Deck per language."""

    folder: Path
    deck_id: str
    source_language: str
    decks: dict[str, Deck]
    missing: dict[str, tuple[Unit, ...]] = field(default_factory=dict)
    """Per translation: the units it lacks, shown in the source language (only with allow_incomplete)."""
    total_units: int = 0
    """How many units the source language has (what a translation must translate)."""


def load_content(folder: Path, languages: list[str] | None = None, allow_incomplete: bool = False) -> Content:
    """Read, validate and model the content in ``folder``; raise ContentError listing every problem.

    A translation that lacks texts is refused, naming each missing unit, unless ``allow_incomplete``:
    then the source language's text stands in, marked as untranslated.
    """
    problems: list[Problem] = []
    structure_path = folder / STRUCTURE_FILE
    if not folder.is_dir():
        raise_if_any([Problem(shown(folder), None, (), "content folder not found")])
    raise_if_any(scan_content(folder))
    if not structure_path.is_file():
        raise_if_any([Problem(shown(structure_path), None, (), "missing: every content folder needs a deck.yaml with its structure")])
    structure, found = read_yaml(structure_path, shown(structure_path), folder)
    problems += found
    structure_ok = False
    if structure is not None:
        structure_problems = check_schema(structure, "deck") + check_structure(structure)
        structure_problems += structure_text_problems(structure) + date_problems(structure)
        problems += structure_problems
        structure_ok = not structure_problems

    available = discover_languages(folder)
    wanted = languages or available
    for code in wanted:
        if code not in available:
            problems.append(
                Problem(
                    shown(folder / code / TEXTS_FILE),
                    None,
                    (),
                    f"no language '{code}' in this content (available: {', '.join(available) or 'none'})",
                )
            )
    source_language = structure.data.get("source_language") if structure is not None and isinstance(structure.data, dict) else None
    if isinstance(source_language, str) and source_language not in available:
        problems.append(structure.problem(("source_language",), f"no folder '{source_language}/' with the source language's texts"))

    loaded: dict[str, LanguageSources] = {}
    if isinstance(source_language, str) and source_language in available:
        original = read_language(folder, source_language, problems)
        if source_language in wanted:
            loaded[source_language] = original
        for code in wanted:
            if code in available and code != source_language:
                loaded[code] = read_completed_translation(folder, code, original, problems)
                problems += record_problems(folder, code)
                pairs = [
                    (original.texts, loaded[code].texts),
                    *((s, loaded[code].werkvormen.get(i)) for i, s in original.werkvormen.items()),
                ]
                problems += check_placeholders(pairs, source_language)
    source_ok = True
    if structure is not None:
        for language in loaded.values():
            found = check_language(structure, language, is_source=language.code == source_language)
            problems += found
            source_ok &= not (found and language.code == source_language)
    for language in loaded.values():
        problems += check_texts(language)
        problems += built_in_labels.check(language.texts, language.code)
    # Units a translation lacks are measured against a sound source only: a broken source is reported alone.
    missing = {code: language.missing for code, language in loaded.items() if language.missing and source_ok}
    if not allow_incomplete:
        for code, units in missing.items():
            problems += [missing_problem(folder, loaded[code], unit) for unit in units]
    raise_if_any(problems)
    assert structure is not None and structure_ok
    decks = {code: build_deck(structure.data, language) for code, language in loaded.items()}
    total = len(units_of(original.texts.data, {k: v.data for k, v in original.werkvormen.items()})) if loaded else 0
    return Content(folder, structure.data["id"], structure.data["source_language"], decks, missing, total)


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


def discover_languages(folder: Path) -> list[str]:
    """Language codes: the sub-folders of ``folder`` that hold a deck.yaml."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.is_dir() and p.name not in NOT_LANGUAGES and not p.name.startswith(".") and (p / TEXTS_FILE).is_file()
    )


def read_language(folder: Path, code: str, problems: list[Problem]) -> LanguageSources:
    """Read and schema-check one language's files, adding what is wrong to ``problems``."""
    texts, found = read_yaml(folder / code / TEXTS_FILE, shown(folder / code / TEXTS_FILE), folder)
    problems += found
    texts_problems = check_schema(texts, "texts") if texts is not None else []
    problems += texts_problems
    werkvormen: dict[str, Source] = {}
    for path in sorted((folder / code / WERKVORMEN_DIR).glob("*.yaml")):
        source, found = read_yaml(path, shown(path), folder)
        problems += found
        if source is not None:
            schema_problems = check_schema(source, "werkvorm")
            problems += schema_problems
            if not schema_problems:
                werkvormen[path.stem] = source
    return LanguageSources(code, None if texts_problems else texts, werkvormen)


def read_completed_translation(folder: Path, code: str, original: LanguageSources, problems: list[Problem]) -> LanguageSources:
    """Read a translation, completing every text it lacks from ``original`` (marked Untranslated), then
    schema-check the result. The units it lacked are returned in ``missing``."""
    if original.texts is None:
        return LanguageSources(code, None, {})
    source_language = original.code
    source_units = units_of(original.texts.data, {k: v.data for k, v in original.werkvormen.items()})
    missing: list[tuple[str, tuple[str, ...]]] = []

    def complete(source: Source, raw: Source | None, path: Path, file: str, schema: str) -> Source | None:
        merged, lacking = fill_missing(source.data, raw.data if raw is not None else None, source_language)
        missing.extend((file, key_path) for key_path in lacking)
        result = replace(raw, data=merged) if raw is not None else Source(path, shown(path), merged, {(): 1})
        schema_problems = check_schema(result, schema)
        problems.extend(schema_problems)
        return None if schema_problems else result

    texts_path = folder / code / TEXTS_FILE
    texts, found = read_yaml(texts_path, shown(texts_path), folder)
    problems += found
    completed_texts = complete(original.texts, texts, texts_path, TEXTS_FILE, "texts") if texts is not None else None
    werkvormen: dict[str, Source] = {}
    for ident, source in original.werkvormen.items():
        path = folder / code / WERKVORMEN_DIR / f"{ident}.yaml"
        raw, found = read_yaml(path, shown(path), folder) if path.exists() else (None, [])
        problems += found
        if found:
            continue
        done = complete(source, raw, path, werkvorm_file(ident), "werkvorm")
        if done is not None:
            werkvormen[ident] = done
    for path in sorted((folder / code / WERKVORMEN_DIR).glob("*.yaml")):
        if path.stem not in original.werkvormen:
            extra, found = read_yaml(path, shown(path), folder)
            problems += found
            if extra is not None:
                werkvormen[path.stem] = extra
    by_place = {(unit.file, unit.path): unit for unit in source_units.values()}
    return LanguageSources(code, completed_texts, werkvormen, tuple(by_place[place] for place in missing if place in by_place))


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


def build_deck(structure: dict[str, Any], language: LanguageSources) -> Deck:
    """Join validated structure and texts into one language's Deck."""
    assert language.texts is not None
    texts = language.texts.data
    stages = {s["id"]: Stage(s["id"], **texts["stages"][s["id"]]) for s in structure["stages"]}
    dimensions = {d["id"]: Dimension(d["id"], d["colour"], **texts["dimensions"][d["id"]]) for d in structure["dimensions"]}
    werkvormen = tuple(
        build_werkvorm(w, language.werkvormen[w["id"]].data, dimensions[w["dimension"]], stages[w["stage"]])
        for d in dimensions
        for s in stages
        for w in structure["werkvormen"]
        if (w["dimension"], w["stage"]) == (d, s)
    )
    intro_texts = texts.get("intro", {})
    intro = tuple(
        Intro(
            i["id"],
            intro_texts[i["id"]]["title"],
            intro_texts[i["id"]].get("subtitle"),
            intro_texts[i["id"]]["text"],
            tuple(IntroItem(item, **intro_texts[i["id"]]["items"][item]) for item in i.get("items", [])),
        )
        for i in structure.get("intro", [])
    )
    labels = built_in_labels.complete(language.code, texts.get("labels"))
    labels["yields"] = labels.pop("yield")
    facts = structure.get("credits", {})
    credits = Credits(
        text=texts.get("credits"),
        funder=facts.get("funder"),
        project=facts.get("project"),
        url=facts.get("url"),
        authors=tuple(Author(a["name"], a.get("institution")) for a in facts.get("authors", [])),
    )
    return Deck(
        id=structure["id"],
        language=Language(language.code, texts["name"], texts.get("direction", "ltr")),
        source_language=structure["source_language"],
        title=texts["title"],
        cover=texts["cover"],
        labels=Labels(**labels),
        intro=intro,
        overview_intro=texts.get("overview_intro"),
        stages=tuple(stages.values()),
        dimensions=tuple(dimensions.values()),
        werkvormen=werkvormen,
        credits=credits,
        date=structure.get("date"),
    )


def build_werkvorm(structure: dict[str, Any], texts: dict[str, Any], dimension: Dimension, stage: Stage) -> Werkvorm:
    """One werkvorm from its structure entry and its texts."""
    steps = texts["how"]["steps"]
    groups = texts["how"].get("groups", {})
    how: list[StepGroup] = []
    loose: list[Step] = []
    for entry in structure["steps"]:
        if isinstance(entry, dict):
            if loose:
                how.append(StepGroup(None, None, tuple(loose)))
                loose = []
            how.append(StepGroup(entry["group"], groups[entry["group"]], tuple(Step(s, steps[s]) for s in entry["steps"])))
        else:
            loose.append(Step(entry, steps[entry]))
    if loose:
        how.append(StepGroup(None, None, tuple(loose)))
    return Werkvorm(
        id=structure["id"],
        dimension=dimension,
        stage=stage,
        title=texts["title"],
        what=texts["what"],
        when=texts["when"],
        how=tuple(how),
        yields=texts["yield"],
        url=structure.get("url"),
    )
