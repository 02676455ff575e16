"""The translation workflow: start a language, report its status, confirm stale units.

Dutch (the deck's source language) is the source; every other language folder translates it, unit by
unit. Reading a translation and its records is ``translation_state``; PO files are ``po_files``; writing
language files is ``language_files``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deck.content.load import load_content
from deck.content.units import source_hash
from deck.errors import ContentError, Problem, RenderError, raise_if_any, shown
from deck.layout.geometry import resolve_size
from deck.translate.language_codes import language_folder
from deck.translate.language_files import edited_records, new_language, write_files
from deck.translate.po_files import Imported, export_po, import_po
from deck.translate.state import (
    Record,
    UnitStatus,
    read_translation,
    source_units,
    translation_languages,
    unit_states,
)

RTL_LANGUAGES = {"ar", "arc", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"}
STATES = ("translated", "missing", "stale", "invalid", "orphaned")


@dataclass(frozen=True)
class LanguageStatus:
    code: str
    units: tuple[UnitStatus, ...]
    overflows: tuple[str, ...] = ()

    def count(self, state: str) -> int:
        return sum(1 for unit in self.units if unit.state == state)

    @property
    def problems(self) -> tuple[UnitStatus, ...]:
        return tuple(unit for unit in self.units if unit.state != "translated")

    @property
    def failed(self) -> bool:
        """Whether ``status --strict`` fails: anything but translated units that fit."""
        return bool(self.overflows or any(unit.state != "translated" and unit.state != "orphaned" for unit in self.units))


def status(content_dir: Path, code: str, check_fit: bool = True) -> LanguageStatus:
    """Everything a translator needs to know about one language."""
    units = tuple(unit_states(read_translation(content_dir, code)))
    overflows: tuple[str, ...] = ()
    if check_fit and not any(unit.state == "invalid" for unit in units):  # an invalid text is reported once, above
        from deck.layout.fitting import fit_language  # the layout stack, only when a layout is asked for

        try:
            content = load_content(content_dir, [code], allow_incomplete=True)
            fit_language(content, code, resolve_size(None))
        except RenderError as error:
            overflows = tuple(str(error).splitlines())
        except ContentError as error:
            overflows = tuple(f"cannot lay out: {problem}" for problem in error.problems)
    return LanguageStatus(code, units, overflows)


def accept(content_dir: Path, code: str, unit_ids: list[str], all_stale: bool = False) -> list[str]:
    """Confirm translations as still right for the current source text; returns the units confirmed."""
    translation = read_translation(content_dir, code)
    states = {s.unit: s for s in unit_states(translation)}
    chosen = [s.unit for s in states.values() if s.state == "stale"] if all_stale else list(unit_ids)
    problems = []
    for unit_id in chosen:
        state = states.get(unit_id)
        if state is None or state.state == "orphaned":
            problems.append(Problem(shown(translation.folder), None, (), f"no unit '{unit_id[:80]}' in {translation.source_language}"))
        elif state.state == "missing":
            problems.append(Problem(shown(translation.folder / state.file), None, (), f"{unit_id}: not translated yet; nothing to accept"))
        elif state.state == "invalid":
            problems.append(Problem(shown(translation.folder / state.file), state.line, (unit_id,), f"{state.detail}; fix it first"))
    raise_if_any(problems)
    changes: dict[str, Record | None] = {}
    for unit_id in chosen:
        text = str(translation.source[unit_id].text)
        changes[unit_id] = Record(source_hash(text), text)
    write_files(content_dir, edited_records(translation.folder, translation.source, changes))
    return chosen


def init(content_dir: Path, code: str, name: str | None = None, direction: str | None = None) -> list[Path]:
    """Create a language folder with every unit present and empty."""
    folder = language_folder(content_dir, code)
    content, source = source_units(content_dir)
    if folder.exists() or folder.is_symlink():
        raise_if_any([Problem(shown(folder), None, (), "already exists; use `deck i18n status` to see what it lacks")])
    meta = {"language": code, "name": name or code, "direction": direction or ("rtl" if code.split("-")[0] in RTL_LANGUAGES else "ltr")}
    return write_files(content_dir, new_language(folder, source, content.source_language, meta))


__all__ = [
    "STATES",
    "Imported",
    "LanguageStatus",
    "accept",
    "export_po",
    "import_po",
    "init",
    "read_translation",
    "status",
    "translation_languages",
    "unit_states",
]
