"""Load a content folder: read every file, validate it all, then build one Deck per language.

The stages are modules of their own: ``read`` (files, each against its schema), ``consistency`` (the content
against itself), ``assemble`` (the model); ``load_content`` runs them in that order and raises every problem
found before anything is modelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from deck.content import labels as built_in_labels
from deck.content.assemble import build_deck
from deck.content.consistency import check_language, check_structure, check_texts, missing_problem
from deck.content.dates import date_problems
from deck.content.files import record_problems, scan_content
from deck.content.model import Deck
from deck.content.plaintext import structure_text_problems
from deck.content.read import (
    STRUCTURE_FILE,
    TEXTS_FILE,
    LanguageSources,
    discover_languages,
    read_completed_translation,
    read_language,
    read_yaml,
)
from deck.content.translation_checks import check_placeholders
from deck.content.units import Unit, units_of
from deck.content.validate import check_schema
from deck.errors import Problem, raise_if_any, shown


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
