"""The translation workflow: start a language, export and import gettext PO files, and report status.

Dutch (the deck's source language) is the source; every other language folder translates it, unit by
unit. Each language keeps, in ``translated-from.yaml``, a fingerprint of the source text each unit was
translated from, so that a changed source marks its translations stale.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib

from .cards import anchor_of_werkvorm, card_numbers
from .content import Content, load_content
from .errors import Problem, raise_if_any, shown
from .glyphs import describe, missing_characters
from .schema import SCHEMAS
from .source import read_yaml
from .units import META_KEYS, TEXTS_FILE, WERKVORMEN_DIR, Unit, is_blank, source_hash, units_of
from .write import write_atomic

STATE_FILE = "translated-from.yaml"
RTL_LANGUAGES = {"ar", "arc", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"}


@dataclass(frozen=True)
class UnitStatus:
    unit: str
    file: str
    state: str  # translated, missing, stale or orphaned
    detail: str = ""


@dataclass(frozen=True)
class LanguageStatus:
    code: str
    units: tuple[UnitStatus, ...]
    overflows: tuple[str, ...] = ()
    glyphs: tuple[str, ...] = ()

    def count(self, state: str) -> int:
        return sum(1 for unit in self.units if unit.state == state)

    @property
    def problems(self) -> tuple[UnitStatus, ...]:
        return tuple(unit for unit in self.units if unit.state != "translated")


@dataclass(frozen=True)
class Translation:
    """A translation as it is on disk, next to the source units it translates."""

    folder: Path  # the language folder
    code: str
    source_language: str
    source: dict[str, Unit]
    values: dict[str, Unit]  # what the translation has, unit id -> unit (values as written, maybe blank)
    meta: dict[str, Any]
    hashes: dict[str, str]


def source_units(content_dir: Path) -> tuple[Content, dict[str, Unit]]:
    """The validated source language and its units."""
    content = load_content(content_dir, languages=[_source_language(content_dir)])
    deck_dir = content_dir / content.source_language
    texts, _ = read_yaml(deck_dir / TEXTS_FILE, shown(deck_dir / TEXTS_FILE))
    werkvormen = {}
    for path in sorted((deck_dir / WERKVORMEN_DIR).glob("*.yaml")):
        data, _ = read_yaml(path, shown(path))
        werkvormen[path.stem] = data.data if data is not None else {}
    return content, units_of(texts.data if texts is not None else {}, werkvormen)


def _source_language(content_dir: Path) -> str:
    structure, problems = read_yaml(content_dir / "deck.yaml", shown(content_dir / "deck.yaml"))
    raise_if_any(problems)
    language = structure.data.get("source_language") if structure is not None and isinstance(structure.data, dict) else None
    if not isinstance(language, str):
        raise_if_any(
            [Problem(shown(content_dir / "deck.yaml"), None, ("source_language",), "missing key; expected a language code like 'nl'")]
        )
    return language


def read_translation(content_dir: Path, code: str) -> Translation:
    """A language folder's texts as written, without completing or validating them."""
    content, source = source_units(content_dir)
    folder = content_dir / code
    if code == content.source_language:
        raise_if_any([Problem(shown(folder), None, (), f"'{code}' is the source language; translations are made from it")])
    if not (folder / TEXTS_FILE).is_file():
        raise_if_any([Problem(shown(folder / TEXTS_FILE), None, (), f"no language '{code}' yet; start it with: deck i18n init {code}")])
    problems: list[Problem] = []
    texts, found = read_yaml(folder / TEXTS_FILE, shown(folder / TEXTS_FILE))
    problems += found
    werkvormen = {}
    for path in sorted((folder / WERKVORMEN_DIR).glob("*.yaml")):
        data, found = read_yaml(path, shown(path))
        problems += found
        werkvormen[path.stem] = data.data if data is not None and isinstance(data.data, dict) else {}
    state, found = read_yaml(folder / STATE_FILE, shown(folder / STATE_FILE)) if (folder / STATE_FILE).exists() else (None, [])
    problems += found
    raise_if_any(problems)
    texts_data = texts.data if texts is not None and isinstance(texts.data, dict) else {}
    hashes = {str(k): str(v) for k, v in (state.data or {}).items()} if state is not None and isinstance(state.data, dict) else {}
    meta = {key: texts_data[key] for key in META_KEYS if key in texts_data}
    return Translation(folder, code, content.source_language, source, units_of(texts_data, werkvormen), meta, hashes)


def unit_states(translation: Translation) -> list[UnitStatus]:
    """Translated, missing, stale or orphaned: one status per unit, source order first, orphans last."""
    states = []
    for unit_id, unit in translation.source.items():
        have = translation.values.get(unit_id)
        recorded = translation.hashes.get(unit_id)
        if have is None or is_blank(have.text):
            states.append(UnitStatus(unit_id, unit.file, "missing"))
        elif recorded is None:
            states.append(UnitStatus(unit_id, unit.file, "stale", f"no record of the {translation.source_language} text it was made from"))
        elif recorded != source_hash(unit.text):
            states.append(
                UnitStatus(unit_id, unit.file, "stale", f"the {translation.source_language} text changed after it was translated")
            )
        else:
            states.append(UnitStatus(unit_id, unit.file, "translated"))
    for unit_id, unit in translation.values.items():
        if unit_id not in translation.source:
            states.append(UnitStatus(unit_id, unit.file, "orphaned", f"no such unit in {translation.source_language}"))
    return states


def status(content_dir: Path, code: str, check_fit: bool = True) -> LanguageStatus:
    """Everything a translator needs to know about one language."""
    translation = read_translation(content_dir, code)
    units = unit_states(translation)
    glyphs = tuple(
        f"{code}/{unit.file}: {unit.id}: {describe(char)} is in none of the deck's fonts"
        for unit in translation.values.values()
        if isinstance(unit.text, str)
        for char in missing_characters(unit.text)
    )
    overflows: tuple[str, ...] = ()
    if check_fit:
        from .build import fit_language
        from .errors import ContentError, RenderError
        from .geometry import resolve_size

        try:
            content = load_content(content_dir, [code], allow_incomplete=True)
            fit_language(content, code, resolve_size(None))
        except RenderError as error:
            overflows = tuple(str(error).splitlines())
        except ContentError as error:
            overflows = tuple(f"cannot lay out: {problem}" for problem in error.problems)
    return LanguageStatus(code, tuple(units), overflows, glyphs)


def translation_languages(content_dir: Path) -> list[str]:
    """Every language folder except the source language's."""
    source = _source_language(content_dir)
    return sorted(p.name for p in content_dir.iterdir() if p.is_dir() and (p / TEXTS_FILE).is_file() and p.name != source)


def accept(content_dir: Path, code: str, unit_ids: list[str], all_stale: bool = False) -> list[str]:
    """Confirm translations as still right for the current source text; returns the units confirmed."""
    translation = read_translation(content_dir, code)
    states = {s.unit: s for s in unit_states(translation)}
    chosen = [s.unit for s in states.values() if s.state == "stale"] if all_stale else list(unit_ids)
    problems = []
    for unit_id in chosen:
        state = states.get(unit_id)
        if state is None or state.state == "orphaned":
            problems.append(Problem(shown(translation.folder), None, (), f"no unit '{unit_id}' in {translation.source_language}"))
        elif state.state == "missing":
            problems.append(Problem(shown(translation.folder / state.file), None, (), f"{unit_id}: not translated yet; nothing to accept"))
    raise_if_any(problems)
    hashes = dict(translation.hashes)
    for unit_id in chosen:
        hashes[unit_id] = source_hash(translation.source[unit_id].text)
    write_state(translation.folder, hashes, translation.source)
    return chosen


def write_state(folder: Path, hashes: dict[str, str], source: dict[str, Unit]) -> None:
    """Write translated-from.yaml: unit id -> fingerprint of the source text it was translated from."""
    lines = [
        "# What each translation was made from: unit id -> fingerprint of its source text at the time.",
        "# Written by `deck i18n import` and `deck i18n accept`; `deck i18n status` compares it with the source.",
    ]
    ordered = [u for u in source if u in hashes] + sorted(u for u in hashes if u not in source)
    lines += [f"{json.dumps(unit_id)}: {json.dumps(hashes[unit_id])}" for unit_id in ordered]
    write_atomic(folder / STATE_FILE, ("\n".join(lines) + "\n").encode("utf-8"))


def _scalar(value: Any) -> str:
    """A YAML scalar: JSON's double-quoted strings are valid YAML."""
    return json.dumps("" if value is None else value, ensure_ascii=False)


def _key(key: str) -> str:
    """A YAML mapping key: plain when it is a simple word or id, quoted otherwise (an orphan may be anything)."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _comment(text: str, source_language: str) -> str:
    flat = " ".join(str(text).split())
    return f"# {source_language}: {flat}"


def render_language_file(
    schema_line: str, source: dict[str, Unit], values: dict[str, Any], source_language: str, meta: dict[str, Any] | None = None
) -> str:
    """One language file in canonical form: the source's keys in the source's order, each text preceded
    by the source text as a comment; texts the translation has for other keys (orphans) come last."""
    tree: dict[str, Any] = {}
    for unit in source.values():
        node = tree
        for key in unit.path[:-1]:
            node = node.setdefault(key, {})
        node[unit.path[-1]] = unit
    for unit_id, value in values.items():
        if unit_id not in source:
            node = tree
            for key in value.path[:-1]:
                node = node.setdefault(key, {})
                if not isinstance(node, dict):
                    break
            else:
                node.setdefault(value.path[-1], value)
    out = [schema_line]
    for key, value in (meta or {}).items():
        out.append(f"{key}: {_scalar(value)}")

    def emit(node: dict[str, Any], depth: int) -> None:
        pad = "  " * depth
        for key, child in node.items():
            if isinstance(child, dict):
                out.append(f"{pad}{_key(key)}:")
                emit(child, depth + 1)
                continue
            unit_id = child.id
            if unit_id in source:
                out.append(pad + _comment(source[unit_id].text, source_language))
            have = values.get(unit_id)
            out.append(f"{pad}{_key(key)}: {_scalar(have.text if have is not None else '')}")

    emit(tree, 0)
    return "\n".join(out) + "\n"


SCHEMA_LINES = {
    TEXTS_FILE: "# yaml-language-server: $schema=../schema/texts.schema.json",
    "werkvorm": "# yaml-language-server: $schema=../../schema/werkvorm.schema.json",
}


def write_language(
    folder: Path, source: dict[str, Unit], values: dict[str, Unit], source_language: str, meta: dict[str, Any]
) -> list[Path]:
    """Write every file of a language folder from unit values (canonical form)."""
    by_file: dict[str, dict[str, Unit]] = {}
    for unit in source.values():
        by_file.setdefault(unit.file, {})[unit.id] = unit
    written = []
    for file, units in by_file.items():
        mine = {k: v for k, v in values.items() if v.file == file}
        schema_line = SCHEMA_LINES[TEXTS_FILE] if file == TEXTS_FILE else SCHEMA_LINES["werkvorm"]
        text = render_language_file(schema_line, units, mine, source_language, meta if file == TEXTS_FILE else None)
        path = folder / file
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    return written


def init(content_dir: Path, code: str, name: str | None = None, direction: str | None = None) -> list[Path]:
    """Create a language folder with every unit present and empty."""
    _, source = source_units(content_dir)
    folder = content_dir / code
    if folder.exists():
        raise_if_any([Problem(shown(folder), None, (), "already exists; use `deck i18n status` to see what it lacks")])
    meta = {"language": code, "name": name or code, "direction": direction or ("rtl" if code.split("-")[0] in RTL_LANGUAGES else "ltr")}
    return write_language(folder, source, {}, _source_language(content_dir), meta)


def _roles(content: Content) -> dict[str, str]:
    """Context for translators, per werkvorm id: its title and card number."""
    deck = content.decks[content.source_language]
    numbers = card_numbers(deck)
    return {w.id: f"{w.title} (card {numbers[anchor_of_werkvorm(w)]})" for w in deck.werkvormen}


def describe_unit(unit: Unit, cards: dict[str, str]) -> str:
    """What a unit is, for the translator comment of a PO entry."""
    if unit.file == TEXTS_FILE:
        schema = SCHEMAS["texts"]
        for key in unit.path:
            props = schema.get("properties") or {}
            schema = props.get(key) or schema.get("additionalProperties") or {}
        return f"Deck text: {schema.get('description', '')}".strip()
    werkvorm = unit.id.split(".")[1]
    role = {"title": "title", "what": "section 'what it is'", "when": "section 'when to use it'", "yield": "section 'what it yields'"}
    if unit.path[:2] == ("how", "steps"):
        what = "a step of 'how it works'"
    elif unit.path[:2] == ("how", "groups"):
        what = "heading of a group of steps"
    else:
        what = role.get(unit.path[0], unit.path[0])
    return f"Werkvorm {cards.get(werkvorm, werkvorm)}: {what}"


def export_po(content_dir: Path, code: str) -> polib.POFile:
    """A PO file of every unit: msgctxt = unit id, msgid = source text, msgstr = translation (fuzzy when stale)."""
    translation = read_translation(content_dir, code)
    content, _ = source_units(content_dir)
    cards = _roles(content)
    states = {s.unit: s for s in unit_states(translation)}
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"{content.deck_id}",
        "Language": code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "X-Source-Language": translation.source_language,
    }
    for unit_id, unit in translation.source.items():
        have = translation.values.get(unit_id)
        state = states[unit_id].state
        entry = polib.POEntry(
            msgctxt=unit_id,
            msgid=str(unit.text),
            msgstr="" if have is None or is_blank(have.text) else str(have.text),
            comment=describe_unit(unit, cards),
            occurrences=[(f"{code}/{unit.file}", "")],
        )
        if state == "stale":
            entry.flags.append("fuzzy")
        po.append(entry)
    return po


def import_po(content_dir: Path, po_path: Path) -> tuple[str, int]:
    """Write the translations of a PO file into its language's content; returns (language, units imported).

    Each imported unit records the source text it was translated from (the PO's msgid); entries marked
    fuzzy are imported but stay stale; empty entries leave the content as it is.
    """
    try:
        po = polib.pofile(str(po_path), wrapwidth=0)
    except (OSError, ValueError) as exc:
        raise_if_any([Problem(shown(po_path), None, (), f"not a readable PO file: {exc}")])
    code = po.metadata.get("Language", "").strip()
    if not code:
        raise_if_any([Problem(shown(po_path), None, (), "the PO header has no Language; expected e.g. 'Language: en'")])
    translation = read_translation(content_dir, code)
    values = dict(translation.values)
    hashes = dict(translation.hashes)
    problems, imported = [], 0
    for entry in po:
        unit_id = entry.msgctxt or ""
        source = translation.source.get(unit_id)
        if source is None:
            problems.append(
                Problem(
                    shown(po_path), entry.linenum, (), f"unknown unit '{unit_id}' (msgctxt); it is not in {translation.source_language}"
                )
            )
            continue
        if not entry.msgstr.strip() or entry.obsolete:
            continue
        values[unit_id] = Unit(unit_id, source.file, source.path, entry.msgstr)
        if entry.fuzzy:
            hashes.pop(unit_id, None)
        else:
            hashes[unit_id] = source_hash(entry.msgid)
        imported += 1
    raise_if_any(problems)
    write_language(translation.folder, translation.source, values, translation.source_language, translation.meta)
    write_state(translation.folder, hashes, translation.source)
    return code, imported
