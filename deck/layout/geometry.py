"""Print geometry as checked data: card sizes, bleed and safe zone from presets.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from deck.content.source import Source, read_yaml
from deck.errors import Problem, raise_if_any

PRESETS_FILE = Path(__file__).with_name("presets.yaml")
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*$")
_CUSTOM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[xX×]\s*(\d+(?:\.\d+)?)\s*(mm)?\s*$")
_MM_PER = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}


@dataclass(frozen=True)
class Geometry:
    """One card size with the bleed and safe zone that go with it (all in mm)."""

    name: str
    width: float
    height: float
    bleed: float
    safe: float

    @property
    def is_custom(self) -> bool:
        return "x" in self.name


@dataclass(frozen=True)
class Paper:
    """A sheet of paper for the office printer (mm)."""

    name: str
    width: float
    height: float


@dataclass(frozen=True)
class SheetRules:
    """How faces go on office paper (mm): the margin a printer cannot print, the smallest scale, gutters, marks."""

    printer_margin: float
    min_scale: float
    """A fraction: 0.9 for 90 %."""
    min_gain: float
    """A fraction: shrink the cards only when that puts this much more of them on a sheet (0.25 for 25 %)."""
    gutter: float
    mark_space: float
    mark_length: float


@dataclass(frozen=True)
class MarkRules:
    """Crop marks of the print output (mm): gap from the bleed, length, and how far the media box reaches beyond the trim."""

    offset: float
    length: float
    slug: float


@dataclass(frozen=True)
class Presets:
    sizes: dict[str, tuple[float, float]]
    bleed: float
    safe: float
    default_size: str
    papers: dict[str, Paper]
    default_paper: str
    sheets: SheetRules
    marks: MarkRules


def parse_length(value: object) -> float | None:
    """Millimetres in a length like '3mm' or '0.125in'; None when it is not one."""
    if not isinstance(value, str):
        return None
    match = _LENGTH.match(value)
    return round(float(match[1]) * _MM_PER[match[2]], 3) if match else None


def _value(source: Source, path: tuple[str, ...]) -> object:
    value = source.data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _length(source: Source, path: tuple[str, ...], problems: list[Problem], zero: bool = False) -> float:
    value = _value(source, path)
    mm = parse_length(value)
    if mm is None or mm < 0 or (mm == 0 and not zero):
        got = "nothing" if value is None else repr(value)
        kind = "length (0 or more)" if zero else "positive length"
        problems.append(source.problem(path, f"expected a {kind} with a unit (mm, cm, in or pt), like '105mm'; got {got}"))
        return 0.0
    return mm


def _table(source: Source, key: str, known: tuple[str, ...], problems: list[Problem]) -> bool:
    """Whether ``key`` holds a mapping (a problem when not), naming each unknown key in it."""
    table = source.data.get(key)
    if not isinstance(table, dict):
        problems.append(source.problem((key,), f"expected a mapping with {', '.join(known)}"))
        return False
    for unknown in sorted(set(table) - set(known), key=str):
        problems.append(source.problem((key, unknown), f"unknown key '{unknown}'; accepted keys: {', '.join(known)}"))
    return True


def _sheet_rules(source: Source, problems: list[Problem]) -> SheetRules:
    """The ``sheets`` table: printer margin, smallest scale (percent), gutter and cut marks."""
    if not _table(source, "sheets", ("printer_margin", "min_scale", "min_gain", "gutter", "mark_space", "mark_length"), problems):
        return SheetRules(0, 1, 0, 0, 1, 1)  # not used: the problem stops the load
    return SheetRules(
        _length(source, ("sheets", "printer_margin"), problems, zero=True),
        _percent(source, ("sheets", "min_scale"), 50, 100, problems),
        _percent(source, ("sheets", "min_gain"), 0, 400, problems),
        _length(source, ("sheets", "gutter"), problems, zero=True),
        _length(source, ("sheets", "mark_space"), problems),
        _length(source, ("sheets", "mark_length"), problems),
    )


def _percent(source: Source, path: tuple[str, ...], low: int, high: int, problems: list[Problem]) -> float:
    """A percentage from ``low`` to ``high`` at ``path``, as a fraction."""
    value = _value(source, path)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        problems.append(source.problem(path, f"expected a percentage from {low} to {high}, like 90; got {value!r}"))
        return 1.0
    return float(value) / 100


def _mark_rules(source: Source, bleed: float, problems: list[Problem]) -> MarkRules:
    """The ``marks`` table; the slug must hold the bleed, the gap and the marks."""
    if not _table(source, "marks", ("offset", "length", "slug"), problems):
        return MarkRules(1, 1, 1)  # not used: the problem stops the load
    rules = MarkRules(*(_length(source, ("marks", key), problems) for key in ("offset", "length", "slug")))
    if rules.slug and rules.slug < bleed + rules.offset + rules.length:
        need = round(bleed + rules.offset + rules.length, 3)
        problems.append(source.problem(("marks", "slug"), f"expected at least bleed + offset + length = {need:g}mm; got {rules.slug:g}mm"))
    return rules


@cache
def load_presets(path: Path = PRESETS_FILE) -> Presets:
    """Read and check the presets file; raise ContentError naming any bad key."""
    source, problems = read_yaml(path, str(path))
    raise_if_any(problems)
    assert source is not None
    if not isinstance(source.data, dict):
        raise_if_any([source.problem((), "expected a mapping with sizes, papers, bleed and safe")])
    sizes = _sizes(source, "sizes", problems)
    papers = {name: Paper(name, *size) for name, size in _sizes(source, "papers", problems).items()}
    bleed = _length(source, ("bleed",), problems)
    safe = _length(source, ("safe",), problems)
    for key, choices in (("default_size", sizes), ("default_paper", papers)):
        if source.data.get(key) not in choices:
            problems.append(source.problem((key,), f"expected one of: {', '.join(choices)}; got {source.data.get(key)!r}"))
    rules = _sheet_rules(source, problems)
    marks = _mark_rules(source, bleed, problems)
    raise_if_any(problems)
    return Presets(sizes, bleed, safe, source.data["default_size"], papers, source.data["default_paper"], rules, marks)


def _sizes(source: Source, key: str, problems: list[Problem]) -> dict[str, tuple[float, float]]:
    """The ``{name: {width, height}}`` mapping at ``key``, in mm."""
    table = source.data.get(key)
    if not isinstance(table, dict) or not table:
        problems.append(source.problem((key,), "expected a mapping of names to {width, height}"))
        return {}
    sizes = {}
    for name, size in table.items():
        if isinstance(size, dict):
            for unknown in sorted(set(size) - {"width", "height"}):
                problems.append(source.problem((key, name, unknown), f"unknown key '{unknown}'; accepted keys: width, height"))
        sizes[name] = (_length(source, (key, name, "width"), problems), _length(source, (key, name, "height"), problems))
    return sizes


def resolve_size(size: str | None, presets: Presets | None = None) -> Geometry:
    """The geometry for a preset name or a custom 'WxH' (mm); ValueError when neither."""
    presets = presets or load_presets()
    name = (size or presets.default_size).strip().lower()
    if name in presets.sizes:
        width, height = presets.sizes[name]
        return Geometry(name, width, height, presets.bleed, presets.safe)
    match = _CUSTOM.match(name)
    if not match:
        raise ValueError(f"unknown size '{size}'; use one of {', '.join(presets.sizes)} or WIDTHxHEIGHT in mm, like 80x120")
    width, height = float(match[1]), float(match[2])
    if not (30 <= width <= 300 and 30 <= height <= 420):
        raise ValueError(f"size '{size}' is out of range: width and height must be between 30 and 300 (width) / 420 (height) mm")
    return Geometry(f"{match[1]}x{match[2]}mm", width, height, presets.bleed, presets.safe)


def resolve_paper(name: str | None, presets: Presets | None = None) -> Paper:
    """The paper preset called ``name`` (the default when None); ValueError when unknown."""
    presets = presets or load_presets()
    key = (name or presets.default_paper).strip().lower()
    if key not in presets.papers:
        raise ValueError(f"unknown paper '{name}'; use one of {', '.join(presets.papers)}")
    return presets.papers[key]


def sheet_rules(printer_margin: float | None = None, presets: Presets | None = None) -> SheetRules:
    """The preset rules for office sheets, with the printer margin given on the command line when there is one."""
    rules = (presets or load_presets()).sheets
    return rules if printer_margin is None else replace(rules, printer_margin=printer_margin)
