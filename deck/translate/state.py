"""Where a translation stands: its texts as written, what each was translated from, and each unit's state.

Each language keeps, in ``translated-from.yaml``, a record per unit: a fingerprint of the source text it
was translated from, that text itself (so a PO editor can show what changed), and whether a translator
marked it for review (fuzzy). A record that is a bare fingerprint (older files) is still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deck.content.consistency import check_texts
from deck.content.load import Content, load_content
from deck.content.placeholders import placeholder_mismatch
from deck.content.read import LanguageSources
from deck.content.schema import MAX_TEXT
from deck.content.source import Source, read_yaml
from deck.content.units import META_KEYS, TEXTS_FILE, WERKVORMEN_DIR, Unit, is_blank, source_hash, units_of
from deck.errors import Problem, raise_if_any, shown
from deck.translate.language_codes import language_folder

STATE_FILE = "translated-from.yaml"
HASH = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class Record:
    """What a unit's translation was made from."""

    hash: str
    source: str | None = None  # the source text itself, when known
    fuzzy: bool = False  # imported still marked fuzzy: a translator must review it


@dataclass(frozen=True)
class UnitStatus:
    unit: str
    file: str
    state: str  # translated, missing, stale, invalid or orphaned
    detail: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Translation:
    """A translation as it is on disk, next to the source units it translates."""

    folder: Path  # the language folder
    code: str
    source_language: str
    source: dict[str, Unit]
    values: dict[str, Unit]  # what the translation has, unit id -> unit (values as written, maybe blank)
    meta: dict[str, Any]
    records: dict[str, Record]
    lines: dict[str, int]  # unit id -> line of its text in its file


def source_language_of(content_dir: Path) -> str:
    """The deck's source language, from deck.yaml."""
    structure, problems = read_yaml(content_dir / "deck.yaml", shown(content_dir / "deck.yaml"))
    raise_if_any(problems)
    language = structure.data.get("source_language") if structure is not None and isinstance(structure.data, dict) else None
    if not isinstance(language, str):
        raise_if_any(
            [Problem(shown(content_dir / "deck.yaml"), None, ("source_language",), "missing key; expected a language code like 'nl'")]
        )
    return language


def source_units(content_dir: Path) -> tuple[Content, dict[str, Unit]]:
    """The validated source language and its units."""
    content = load_content(content_dir, languages=[source_language_of(content_dir)])
    deck_dir = content_dir / content.source_language
    texts, _ = read_yaml(deck_dir / TEXTS_FILE, shown(deck_dir / TEXTS_FILE))
    werkvormen = {}
    for path in sorted((deck_dir / WERKVORMEN_DIR).glob("*.yaml")):
        data, _ = read_yaml(path, shown(path))
        werkvormen[path.stem] = data.data if data is not None else {}
    return content, units_of(texts.data if texts is not None else {}, werkvormen)


def translation_languages(content_dir: Path) -> list[str]:
    """Every language folder except the source language's."""
    source = source_language_of(content_dir)
    return sorted(p.name for p in content_dir.iterdir() if p.is_dir() and (p / TEXTS_FILE).is_file() and p.name != source)


def read_records(source: Source | None) -> tuple[dict[str, Record], list[Problem]]:
    """The records of a translated-from.yaml: unit id -> fingerprint (old form) or {hash, source, fuzzy}."""
    if source is None or source.data is None:
        return {}, []
    if not isinstance(source.data, dict):
        return {}, [source.problem((), "expected a mapping of unit id -> record")]
    records, problems = {}, []
    for unit_id, value in source.data.items():
        if isinstance(value, str) and HASH.fullmatch(value):
            records[unit_id] = Record(value)
        elif (
            isinstance(value, dict)
            and set(value) <= {"hash", "source", "fuzzy"}
            and isinstance(value.get("hash"), str)
            and HASH.fullmatch(value["hash"])
            and isinstance(value.get("source"), (str, type(None)))
            and isinstance(value.get("fuzzy", False), bool)
        ):
            records[unit_id] = Record(value["hash"], value.get("source"), value.get("fuzzy", False))
        else:
            problems.append(
                source.problem((unit_id,), "expected a record {hash: <16 hex digits>, source: <text>}; written by `deck i18n import`")
            )
    return records, problems


def _read_files(folder: Path) -> tuple[Source | None, dict[str, Source | None], list[Problem]]:
    problems: list[Problem] = []
    texts, found = read_yaml(folder / TEXTS_FILE, shown(folder / TEXTS_FILE))
    problems += found
    werkvormen = {}
    for path in sorted((folder / WERKVORMEN_DIR).glob("*.yaml")):
        werkvormen[path.stem], found = read_yaml(path, shown(path))
        problems += found
    return texts, werkvormen, problems


def _unit_lines(texts: Source | None, werkvormen: dict[str, Source | None], units: dict[str, Unit]) -> dict[str, int]:
    sources = {TEXTS_FILE: texts, **{f"{WERKVORMEN_DIR}/{k}.yaml": v for k, v in werkvormen.items()}}
    lines = {}
    for unit in units.values():
        source = sources.get(unit.file)
        if source is not None and unit.path in source.lines:
            lines[unit.id] = source.lines[unit.path]
    return lines


def read_translation(content_dir: Path, code: str) -> Translation:
    """A language folder's texts as written, without completing or validating them."""
    folder = language_folder(content_dir, code)
    content, source = source_units(content_dir)
    if code == content.source_language:
        raise_if_any([Problem(shown(folder), None, (), f"'{code}' is the source language; translations are made from it")])
    if not (folder / TEXTS_FILE).is_file():
        raise_if_any([Problem(shown(folder / TEXTS_FILE), None, (), f"no language '{code}' yet; start it with: deck i18n init {code}")])
    texts, werkvormen, problems = _read_files(folder)
    state, found = read_yaml(folder / STATE_FILE, shown(folder / STATE_FILE)) if (folder / STATE_FILE).exists() else (None, [])
    problems += found
    records, found = read_records(state)
    raise_if_any(problems + found)
    texts_data = texts.data if texts is not None and isinstance(texts.data, dict) else {}
    werkvorm_data = {k: v.data if v is not None and isinstance(v.data, dict) else {} for k, v in werkvormen.items()}
    meta = {key: texts_data[key] for key in META_KEYS if key in texts_data}
    values = units_of(texts_data, werkvorm_data)
    return Translation(folder, code, content.source_language, source, values, meta, records, _unit_lines(texts, werkvormen, values))


def text_problems(unit_id: str, text: Any, source_text: str, source_language: str, name: str, line: int | None) -> list[Problem]:
    """What is wrong with ``text`` as the translation of unit ``unit_id`` (located at ``name:line``):
    not text, too long, placeholders unlike the source's, or anything the content check refuses in card text."""
    where = (unit_id,)
    if not isinstance(text, str):
        return [Problem(name, line, where, f"expected text, got {type(text).__name__}")]
    if len(text) > MAX_TEXT:
        return [Problem(name, line, where, f"text of {len(text):,} characters; the limit is {MAX_TEXT:,}")]
    problems = []
    mismatch = placeholder_mismatch(source_text, text, source_language)
    if mismatch is not None:
        problems.append(Problem(name, line, where, mismatch))
    one = Source(Path(name), name, {unit_id: text}, {where: line} if line is not None else {})
    return problems + check_texts(LanguageSources("", one, {}))


def _state_of(translation: Translation, unit_id: str, unit: Unit) -> UnitStatus:
    have = translation.values.get(unit_id)
    record = translation.records.get(unit_id)
    line = translation.lines.get(unit_id)
    source_language = translation.source_language
    if have is None or is_blank(have.text):
        return UnitStatus(unit_id, unit.file, "missing", line=line)
    problems = text_problems(unit_id, have.text, unit.text, source_language, "", line)
    if problems:
        return UnitStatus(unit_id, unit.file, "invalid", "; ".join(p.message for p in problems), line)
    if record is None:
        return UnitStatus(unit_id, unit.file, "stale", f"no record of the {source_language} text it was made from", line)
    if record.fuzzy:
        return UnitStatus(unit_id, unit.file, "stale", "imported marked fuzzy: it needs review", line)
    if record.hash != source_hash(unit.text):
        return UnitStatus(unit_id, unit.file, "stale", f"the {source_language} text changed after it was translated", line)
    return UnitStatus(unit_id, unit.file, "translated", line=line)


def unit_states(translation: Translation) -> list[UnitStatus]:
    """Translated, missing, stale, invalid or orphaned: one status per unit, source order first, orphans last."""
    states = [_state_of(translation, unit_id, unit) for unit_id, unit in translation.source.items()]
    for unit_id, unit in translation.values.items():
        if unit_id not in translation.source:
            states.append(
                UnitStatus(unit_id, unit.file, "orphaned", f"no such unit in {translation.source_language}", translation.lines.get(unit_id))
            )
    return states


def translation_warnings(content: Content, language: str) -> list[str]:
    """What a build of a translation should tell: units shown untranslated, and stale units."""
    if language == content.source_language:
        return []
    warnings = []
    missing = content.missing.get(language, ())
    if missing:
        warnings.append(
            f"{language}: {units(len(missing))} not translated yet and shown in {content.source_language}, marked: "
            + ", ".join(unit.id for unit in missing)
        )
    stale = [s.unit for s in unit_states(read_translation(content.folder, language)) if s.state == "stale"]
    if stale:
        warnings.append(f"{language}: {units(len(stale))} stale (their {content.source_language} text changed): " + ", ".join(stale))
    return warnings


def units(count: int) -> str:
    """'1 unit is', '2 units are'."""
    return f"{count} unit is" if count == 1 else f"{count} units are"
