"""Gettext PO files of a translation: export every unit for a PO editor, import what a translator did.

The PO file never chooses a path: the language comes from the command line, or must be one of the
content's translations, and every file written is checked to stay inside the content folder.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

import polib

from deck.content.dates import source_epoch
from deck.content.load import Content
from deck.content.placeholders import placeholders
from deck.content.schema import SCHEMAS
from deck.content.units import TEXTS_FILE, Unit, is_blank, source_hash
from deck.errors import Problem, raise_if_any, shown
from deck.layout.cards import anchor_of_werkvorm, card_numbers
from deck.translate.language_codes import is_language_code
from deck.translate.language_files import edited_records, edited_texts, write_files
from deck.translate.state import (
    Record,
    Translation,
    read_translation,
    source_units,
    text_problems,
    translation_languages,
    unit_states,
)

MAX_PO_BYTES = 10_000_000
"""A PO file larger than this is refused before it is parsed (a whole deck's PO file is about 100 kB)."""


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


def _po_date(content: Content) -> str:
    stamp = datetime.datetime.fromtimestamp(source_epoch(content.decks[content.source_language].date), datetime.UTC)
    return stamp.strftime("%Y-%m-%d %H:%M+0000")


def _finished(translation: Translation) -> dict[str, str]:
    """The texts of a translation that are done: translated from the current source and valid."""
    return {s.unit: str(translation.values[s.unit].text) for s in unit_states(translation) if s.state == "translated"}


def export_po(content_dir: Path, code: str, reference: str | None = None) -> polib.POFile:
    """A PO file of every unit: msgctxt = unit id, msgid = source text, msgstr = translation (fuzzy when
    stale, with the source text it was translated from as the previous msgid). With ``reference``, each
    unit that language has finished carries it as a translator comment."""
    translation = read_translation(content_dir, code)
    content, _ = source_units(content_dir)
    cards = _roles(content)
    states = {s.unit: s for s in unit_states(translation)}
    shown_beside = _finished(read_translation(content_dir, reference)) if reference else {}
    po = polib.POFile(wrapwidth=0)
    po.header = f"Translation of the deck '{content.deck_id}' from {translation.source_language} into {code}.\nMade by `deck i18n export`."
    po.metadata = {
        "Project-Id-Version": f"{content.deck_id}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": _po_date(content),
        "PO-Revision-Date": _po_date(content),
        "Last-Translator": "",
        "Language-Team": str(translation.meta.get("name") or code),
        "Language": code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "X-Source-Language": translation.source_language,
    }
    for unit_id, unit in translation.source.items():
        have = translation.values.get(unit_id)
        entry = polib.POEntry(
            msgctxt=unit_id,
            msgid=str(unit.text),
            msgstr="" if have is None or is_blank(have.text) else str(have.text),
            comment=describe_unit(unit, cards),
            tcomment=f"{reference}: {shown_beside[unit_id]}" if unit_id in shown_beside else "",
            occurrences=[(f"{code}/{unit.file}", "")],
        )
        if placeholders(str(unit.text)):
            entry.flags.append("python-brace-format")
        if states[unit_id].state in ("stale", "invalid") and entry.msgstr:
            entry.flags.append("fuzzy")
            record = translation.records.get(unit_id)
            if record is not None and record.source is not None and record.source != unit.text:
                entry.previous_msgctxt, entry.previous_msgid = unit_id, record.source
        po.append(entry)
    return po


@dataclass(frozen=True)
class Imported:
    """What an import did."""

    code: str
    folder: Path
    changed: int  # units whose text or record changed
    unchanged: int  # units the PO file translates as the content already has them
    written: tuple[Path, ...]


def read_po(po_path: Path) -> polib.POFile:
    """A PO file, read with a bound on its size."""
    try:
        with po_path.open("rb") as handle:
            data = handle.read(MAX_PO_BYTES + 1)
    except OSError as exc:
        raise_if_any([Problem(shown(po_path), None, (), f"cannot read file: {exc.strerror}")])
    if len(data) > MAX_PO_BYTES:
        raise_if_any([Problem(shown(po_path), None, (), f"PO file larger than {MAX_PO_BYTES:,} bytes; a deck's PO file is far smaller")])
    try:
        text = data.decode("utf-8")
        if "\n" not in text or os.path.exists(text):  # polib would take such a text as the path of another file
            raise ValueError("no PO entries")
        return polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise_if_any([Problem(shown(po_path), None, (), f"not a readable PO file: {exc}")])
    raise AssertionError("unreachable")


def import_language(content_dir: Path, po: polib.POFile, po_path: Path, code: str | None) -> str:
    """The language to import into: ``code`` (from the command line), which the PO header's Language, when
    given, must agree with; without ``code``, the header's Language if it is one of the content's translations."""
    header = po.metadata.get("Language", "").strip()
    said = header.replace("_", "-")
    if code is not None:
        if header and said.lower() != code.lower():
            raise_if_any([Problem(shown(po_path), 1, (), f"the PO header says Language {header[:60]!r}, not '{code}'")])
        return code
    known = translation_languages(content_dir)
    if not header:
        raise_if_any([Problem(shown(po_path), 1, (), "the PO header has no Language; give the code: deck i18n import CODE FILE.po")])
    if not is_language_code(said) or said not in known:
        raise_if_any(
            [
                Problem(
                    shown(po_path),
                    1,
                    (),
                    f"the PO header's Language {header[:60]!r} is not a language of this content (known: {', '.join(known) or 'none'}); "
                    "give the code: deck i18n import CODE FILE.po",
                )
            ]
        )
    return said


def _record_for(entry: polib.POEntry, old: Record | None, current_source: str) -> Record:
    """The record an imported entry leaves: what it was translated from; a fuzzy entry stays to be reviewed."""
    if not entry.fuzzy:
        return Record(source_hash(entry.msgid), entry.msgid)
    if old is not None and (old.fuzzy or old.hash != source_hash(current_source)):
        return old  # already stale: keep its record as it is
    made_from = entry.previous_msgid or (old.source if old is not None else None) or entry.msgid
    return Record(old.hash if old is not None else source_hash(made_from), old.source if old is not None else made_from, True)


def import_po(content_dir: Path, po_path: Path, code: str | None = None) -> Imported:
    """Write the translations of a PO file into a language's content, editing only the units that change.

    Each imported unit records the source text it was translated from (the PO's msgid); entries marked
    fuzzy are imported but stay stale; empty entries leave the content as it is. Nothing is written
    unless every entry is sound.
    """
    po = read_po(po_path)
    translation = read_translation(content_dir, import_language(content_dir, po, po_path, code))
    name = shown(po_path)
    texts: dict[str, str] = {}
    records: dict[str, Record | None] = {}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    unchanged = 0
    for entry in po:
        unit_id = entry.msgctxt or ""
        source = translation.source.get(unit_id)
        if entry.obsolete:
            continue
        if unit_id in seen:
            problems.append(Problem(name, entry.linenum, (unit_id,), f"the same unit again (msgctxt first on line {seen[unit_id]})"))
            continue
        seen[unit_id] = entry.linenum
        if source is None:
            what = f"unknown unit '{unit_id[:80]}' (msgctxt)" if unit_id else "an entry without msgctxt (the unit id)"
            problems.append(Problem(name, entry.linenum, (), f"{what}; it is not in {translation.source_language}"))
            continue
        if not entry.msgstr.strip():
            continue
        found = text_problems(unit_id, entry.msgstr, str(source.text), translation.source_language, name, entry.linenum)
        if found:
            problems += found
            continue
        have = translation.values.get(unit_id)
        old = translation.records.get(unit_id)
        record = _record_for(entry, old, str(source.text))
        if have is not None and have.text == entry.msgstr and record == old:
            unchanged += 1
            continue
        if have is None or have.text != entry.msgstr:
            texts[unit_id] = entry.msgstr
        if record != old:
            records[unit_id] = record
    raise_if_any(problems)
    files = edited_texts(translation.folder, translation.source, texts, translation.source_language)
    files |= edited_records(translation.folder, translation.source, records)
    written = write_files(content_dir, files)
    return Imported(translation.code, translation.folder, len(set(texts) | set(records)), unchanged, tuple(written))
