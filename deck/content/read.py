"""Read a content folder's files: the languages it has, and each language's texts (a translation completed from
the source), every file checked against its schema as it is read."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from deck.content.source import Source, read_yaml
from deck.content.units import Unit, fill_missing, units_of, werkvorm_file
from deck.content.validate import check_schema
from deck.errors import Problem, shown

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
