"""Load a content folder: read every file, validate it all, then build one Deck per language."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem, raise_if_any
from .model import Author, Credits, Deck, Dimension, Intro, IntroItem, Labels, Language, Stage, Step, StepGroup, Werkvorm
from .source import Source, read_yaml
from .validate import check_keys_match, check_schema, check_unique

STRUCTURE_FILE = "deck.yaml"
TEXTS_FILE = "deck.yaml"
WERKVORMEN_DIR = "werkvormen"
NOT_LANGUAGES = {"schema"}


@dataclass(frozen=True)
class LanguageSources:
    code: str
    texts: Source | None
    werkvormen: dict[str, Source]


@dataclass(frozen=True)
class Content:
    """A validated content folder: the deck id and one Deck per language."""

    folder: Path
    deck_id: str
    source_language: str
    decks: dict[str, Deck]


def shown(path: Path) -> str:
    """The path as a user would type it: relative to the working directory when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def load_content(folder: Path, languages: list[str] | None = None) -> Content:
    """Read, validate and model the content in ``folder``; raise ContentError listing every problem."""
    problems: list[Problem] = []
    structure_path = folder / STRUCTURE_FILE
    if not folder.is_dir():
        raise_if_any([Problem(shown(folder), None, (), "content folder not found")])
    if not structure_path.is_file():
        raise_if_any([Problem(shown(structure_path), None, (), "missing: every content folder needs a deck.yaml with its structure")])
    structure, found = read_yaml(structure_path, shown(structure_path))
    problems += found
    structure_ok = False
    if structure is not None:
        schema_problems = check_schema(structure, "deck")
        problems += schema_problems
        if not schema_problems:
            structure_problems = check_structure(structure)
            problems += structure_problems
            structure_ok = not structure_problems

    available = discover_languages(folder)
    wanted = languages or available
    for code in wanted:
        if code not in available:
            problems.append(Problem(shown(folder / code / TEXTS_FILE), None, (), f"no language '{code}' in this content (available: {', '.join(available) or 'none'})"))
    if structure_ok:
        source_language = structure.data["source_language"]
        if source_language not in available:
            problems.append(structure.problem(("source_language",), f"no folder '{source_language}/' with the source language's texts"))

    loaded = {code: read_language(folder, code, problems) for code in wanted if code in available}
    if structure_ok:
        for language in loaded.values():
            problems += check_language(structure, language)
    raise_if_any(problems)
    assert structure is not None
    decks = {code: build_deck(structure.data, language) for code, language in loaded.items()}
    return Content(folder, structure.data["id"], structure.data["source_language"], decks)


def discover_languages(folder: Path) -> list[str]:
    """Language codes: the sub-folders of ``folder`` that hold a deck.yaml."""
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name not in NOT_LANGUAGES and not p.name.startswith(".") and (p / TEXTS_FILE).is_file())


def read_language(folder: Path, code: str, problems: list[Problem]) -> LanguageSources:
    """Read and schema-check one language's files, adding what is wrong to ``problems``."""
    texts, found = read_yaml(folder / code / TEXTS_FILE, shown(folder / code / TEXTS_FILE))
    problems += found
    if texts is not None:
        problems += check_schema(texts, "texts")
    werkvormen: dict[str, Source] = {}
    for path in sorted((folder / code / WERKVORMEN_DIR).glob("*.yaml")):
        source, found = read_yaml(path, shown(path))
        problems += found
        if source is not None:
            schema_problems = check_schema(source, "werkvorm")
            problems += schema_problems
            if not schema_problems:
                werkvormen[path.stem] = source
    valid_texts = texts if texts is not None and not check_schema(texts, "texts") else None
    return LanguageSources(code, valid_texts, werkvormen)


def _step_ids(steps: list[Any]) -> list[str]:
    ids: list[str] = []
    for step in steps:
        ids.extend(step["steps"] if isinstance(step, dict) else [step])
    return ids


def _group_ids(steps: list[Any]) -> list[str]:
    return [step["group"] for step in steps if isinstance(step, dict)]


def check_structure(structure: Source) -> list[Problem]:
    """Cross-checks within deck.yaml that the schema cannot express."""
    data = structure.data
    problems: list[Problem] = []
    for key, what in (("stages", "stage"), ("dimensions", "dimension"), ("werkvormen", "werkvorm"), ("intro", "intro card")):
        problems += check_unique(structure, data.get(key, []), (key,), what)
    stages = [s["id"] for s in data["stages"]]
    dimensions = [d["id"] for d in data["dimensions"]]
    cells: dict[tuple[str, str], int] = {}
    for index, werkvorm in enumerate(data["werkvormen"]):
        path = ("werkvormen", index)
        if werkvorm["dimension"] not in dimensions:
            problems.append(structure.problem((*path, "dimension"), f"unknown dimension '{werkvorm['dimension']}'; expected one of: {', '.join(dimensions)}"))
        if werkvorm["stage"] not in stages:
            problems.append(structure.problem((*path, "stage"), f"unknown stage '{werkvorm['stage']}'; expected one of: {', '.join(stages)}"))
        cell = (werkvorm["dimension"], werkvorm["stage"])
        if cell in cells:
            first = data["werkvormen"][cells[cell]]["id"]
            problems.append(structure.problem(path, f"dimension '{cell[0]}' already has a werkvorm for stage '{cell[1]}' ('{first}'); each dimension has one werkvorm per stage"))
        else:
            cells[cell] = index
        for what, found in (("step", _step_ids(werkvorm["steps"])), ("step group", _group_ids(werkvorm["steps"]))):
            repeated = sorted({s for s in found if found.count(s) > 1})
            for ident in repeated:
                problems.append(structure.problem((*path, "steps"), f"duplicate {what} id '{ident}' in werkvorm '{werkvorm['id']}'"))
    for d_index, dimension in enumerate(data["dimensions"]):
        for stage in stages:
            if (dimension["id"], stage) not in cells:
                problems.append(structure.problem(("dimensions", d_index), f"dimension '{dimension['id']}' has no werkvorm for stage '{stage}'"))
    for i_index, intro in enumerate(data.get("intro", [])):
        items = intro.get("items", [])
        for ident in sorted({i for i in items if items.count(i) > 1}):
            problems.append(structure.problem(("intro", i_index, "items"), f"duplicate item id '{ident}'"))
    return problems


def check_language(structure: Source, language: LanguageSources) -> list[Problem]:
    """Cross-checks between one language's texts and the deck structure."""
    data = structure.data
    problems: list[Problem] = []
    texts = language.texts
    if texts is not None:
        if texts.data["language"] != language.code:
            problems.append(texts.problem(("language",), f"expected '{language.code}' (the folder's name), got '{texts.data['language']}'"))
        problems += check_keys_match(texts, ("stages",), texts.data["stages"], [s["id"] for s in data["stages"]], "stage")
        problems += check_keys_match(texts, ("dimensions",), texts.data["dimensions"], [d["id"] for d in data["dimensions"]], "dimension")
        intro_cards = data.get("intro", [])
        problems += check_keys_match(texts, ("intro",), texts.data.get("intro", {}), [i["id"] for i in intro_cards], "intro card")
        for intro in intro_cards:
            given = texts.data.get("intro", {}).get(intro["id"])
            if isinstance(given, dict):
                problems += check_keys_match(texts, ("intro", intro["id"], "items"), given.get("items", {}), intro.get("items", []), "item")
    werkvorm_ids = [w["id"] for w in data["werkvormen"]]
    folder = structure.path.parent / language.code / WERKVORMEN_DIR
    for index, werkvorm in enumerate(data["werkvormen"]):
        source = language.werkvormen.get(werkvorm["id"])
        path = folder / f"{werkvorm['id']}.yaml"
        if source is None:
            if not path.exists():
                problems.append(Problem(shown(path), None, (), f"missing: werkvorm '{werkvorm['id']}' ({structure.name}:{structure.line(('werkvormen', index))}) needs its texts here"))
            continue
        how = source.data["how"]
        problems += check_keys_match(source, ("how", "steps"), how["steps"], _step_ids(werkvorm["steps"]), "step")
        problems += check_keys_match(source, ("how", "groups"), how.get("groups", {}), _group_ids(werkvorm["steps"]), "step group")
    for ident, source in language.werkvormen.items():
        if ident not in werkvorm_ids:
            problems.append(source.problem((), f"no werkvorm '{ident}' in {structure.name}; expected one of: {', '.join(werkvorm_ids)}"))
    return problems


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
    labels = dict(texts["labels"])
    labels["yields"] = labels.pop("yield")
    facts = structure.get("credits", {})
    credits = Credits(
        text=texts["credits"],
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
    )
