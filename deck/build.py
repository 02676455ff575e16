"""Build a deck: load → validate → model → lay out → write, one stage after the other.

Everything up to the cache lookup is light; the layout stack (WeasyPrint) is imported only when some
language has to be laid out (``deck.output.language``), so that a rebuild the cache answers costs little.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from deck.content.dates import source_epoch
from deck.content.languages import load_languages
from deck.content.load import Content
from deck.content.select import tailored
from deck.errors import RenderError
from deck.layout.geometry import Geometry, Paper, load_presets, resolve_paper, resolve_size, sheet_rules
from deck.layout.measure import Shrink
from deck.layout.reuse import Taken, plain_folder, store
from deck.layout.scan_card import with_scan_card
from deck.layout.sheets import sheet_summary
from deck.options import DEFAULT_OUTPUTS, Options
from deck.output.cache import CACHE_FOLDER, BuildCache, CachedFile, build_key, file_record, options_text, package_version
from deck.output.names import output_name
from deck.output.write import sha256_plain, write_all
from deck.resources import files_digest
from deck.translate.state import translation_warnings

if TYPE_CHECKING:
    from deck.layout.continuation import Attempt
    from deck.output.outputs import Planned


@dataclass(frozen=True)
class Written:
    path: Path
    output: str
    pages: int
    shrinks: tuple[Shrink, ...] = ()
    warnings: tuple[str, ...] = ()
    summary: str | None = None
    unchanged: bool = False
    """The file was already there from a build with the same inputs, so nothing was written."""


def cache_slot(content: Content, language: str, geometry: Geometry, paper: Paper, outputs: Sequence[str]) -> str:
    """The name under which the cache keeps one language's build: what the files are, not what they hold."""
    return f"{content.deck_id}-{language}-{geometry.name}-{paper.name}-{'+'.join(outputs)}"


TEXT_SUFFIXES = frozenset({".yaml", ".yml", ".po", ".pot", ".mo"})
"""The content's texts, which the model carries: any other file in the content folder may be read by a layout."""


def layout_files(options: Options, content_dir: Path, out_dir: Path) -> str:
    """The digest of every file a layout reads besides the texts: deck's own code (a changed layout rule is a
    changed PDF, even within a version), the templates, styles and fonts, the user's own, the CMYK profile, and the
    files in the content folder a stylesheet or template may name (``content_assets``)."""
    code = Path(__file__).resolve().parent  # the whole deck package, every stage
    roots = [code, *options.theme.read, *([options.cmyk_profile] if options.cmyk_profile else [])]
    assets = hashlib.sha256()
    content = content_dir.resolve()
    for path in content_assets(content, out_dir.resolve()):
        found = sha256_plain(path) or "unreadable"  # unreadable: no layout reads it either
        assets.update(f"{path.relative_to(content)}\n{found}\n".encode())
    return files_digest(roots, skip=[out_dir]) + assets.hexdigest()


def content_assets(content: Path, out: Path) -> list[Path]:
    """The plain files in the content folder other than its texts (images, fonts): neither hidden, nor links, nor
    pipes or devices (which would block a read), nor in the output folder."""
    found = []
    for folder, folders, names in os.walk(content):  # links to folders are not followed
        here = Path(folder)
        folders[:] = sorted(name for name in folders if not name.startswith(".") and here / name != out)
        for name in sorted(names):
            path = here / name
            if not name.startswith(".") and path.suffix.lower() not in TEXT_SUFFIXES and _plain_file(path):
                found.append(path)
    return found


def _plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def fit_namespace(geometry: Geometry, options: Options, files: str) -> str:
    """What a face's layout depends on besides its HTML: the files the layout reads, the card size, the fitting options."""
    return build_key("fit", files, options_text({"geometry": geometry, "min_pt": options.min_pt, "theme": options.theme}), [])


def reuse_namespace(options: Options, files: str) -> str:
    """What every result an earlier build lends (``deck.layout.reuse``) depends on: deck's code, the files, and the
    versions of what writes them (WeasyPrint's in ``build_key``; fontTools subsets the fonts, pydyf writes the PDF)."""
    versions = {name: package_version(name) for name in ("fonttools", "pydyf")}
    return build_key("reuse", files, options_text({"theme": options.theme, **versions}), [])


def cache_key(
    content: Content, language: str, geometry: Geometry, paper: Paper, outputs: Sequence[str], options: Options, files: str
) -> str:
    """Everything one language's PDFs are made from, hashed (see deck.output.cache); ``files`` is ``layout_files``."""
    deck = content.decks[language]
    missing = ",".join(unit.id for unit in content.missing.get(language, ()))
    settings = {
        "geometry": geometry,
        "paper": paper,
        "min_pt": options.min_pt,
        "continue_cards": options.continue_cards,
        "marks": options.marks,
        "pdfx": options.pdfx,
        "theme": options.theme,
        "sheets": (options.true_size, options.flip, options.back_offset, sheet_rules(options.printer_margin), load_presets().marks),
        "epoch": source_epoch(deck.date),
        "copies": options.copies,
    }
    return build_key(f"{deck!r}\nmissing {missing}", files, options_text(settings), outputs)


def reused(
    out_dir: Path, files: Sequence[CachedFile], warnings: Sequence[str], summaries: Mapping[str, str | None] | None = None
) -> list[Written]:
    """The report of a cached language: its files as they are, with today's translation warnings."""
    return [
        Written(
            out_dir / f.name,
            f.output,
            f.pages,
            tuple(Shrink(**s) for s in f.shrinks),
            tuple(dict.fromkeys([*(warnings if index == 0 else []), *(w for w in f.warnings if not w.startswith(NOTE))])),
            unchanged=True,
            summary=(summaries or {}).get(f.output),
        )
        for index, f in enumerate(files)
    ]


NOTE = "note: "
"""Continuation notes ride in the cache's warnings of a language's first file, marked with this prefix."""


def with_notes(records: list[CachedFile], notes: Sequence[str], floor: Mapping[str, int]) -> list[CachedFile]:
    """The cache records, with the build's continuation notes and its cut faces kept with the first."""
    if not records:
        return records
    first = records[0]
    extra = (*(NOTE + n for n in notes), NOTE + PIECES + json.dumps(dict(floor), sort_keys=True))
    return [replace(first, warnings=(*first.warnings, *extra)), *records[1:]]


PIECES = "pieces "


def cached_notes(files: Sequence[CachedFile]) -> tuple[list[str], dict[str, int]]:
    """The continuation notes and the cut faces of a cached build (none, when the record of them cannot be read:
    then every language is fitted again if the cards turn out to differ)."""
    kept = [w[len(NOTE) :] for f in files for w in f.warnings if w.startswith(NOTE)]
    floor = next((_pieces(n[len(PIECES) :]) for n in kept if n.startswith(PIECES)), {})
    return [n for n in kept if not n.startswith(PIECES)], floor


def _pieces(text: str) -> dict[str, int]:
    """The cut faces a cached build recorded ("anchor|face": pieces), or none."""
    try:
        found = json.loads(text)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(found, dict) or not all(isinstance(k, str) and type(v) is int for k, v in found.items()):
        return {}
    return found


def output_cache(out_dir: Path, options: Options) -> tuple[BuildCache | None, list[str]]:
    """The output folder's build cache and what to say of it: none with ``--no-cache``, with ``--keep-html`` (kept HTML
    needs a layout), or when a link leads its folder elsewhere (nothing is read or written through it)."""
    if not options.cache or options.keep_html is not None:
        return None, []
    cache = BuildCache(out_dir)
    if not plain_folder(out_dir, cache.folder):
        return None, [f"{cache.folder} is a link: the build cache is not used (deck reads and writes nothing through it)"]
    return cache, []


def build(
    content_dir: Path,
    out_dir: Path,
    languages: Sequence[str] | None = None,
    outputs: Sequence[str] | None = None,
    options: Options | None = None,
    on_written: Callable[[Written], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> list[Written]:
    """Build every requested language and output; nothing is written unless everything renders.

    ``on_note`` hears, before anything is written, each language skipped as incomplete (a warning)
    and each card whose text continues on a continuation card.
    """
    options = options or Options()
    geometry = resolve_size(options.size)
    paper = resolve_paper(options.paper)
    outputs = list(outputs or DEFAULT_OUTPUTS)
    content, skipped = load_languages(content_dir, languages, options.allow_incomplete, options.strict)
    content = tailored(content, options.select, options.blank)
    content, scan_notes = with_scan_card(content, geometry)
    cache, cache_notes = output_cache(out_dir, options)
    kept: dict[str, list[Written]] = {}
    notes: list[str] = []
    floor: dict[str, int] = {}
    slots: dict[str, tuple[str, str]] = {}
    files = layout_files(options, content_dir, out_dir) if cache else ""  # hashed once for every language
    for language in content.decks:
        slot = cache_slot(content, language, geometry, paper, outputs)
        key = cache_key(content, language, geometry, paper, outputs, options, files)
        found = cache.lookup(slot, key) if cache else None
        if found is not None:
            summaries = {name: sheet_summary(name, geometry, paper, options) for name in outputs}
            kept[language] = reused(out_dir, found, translation_warnings(content, language), summaries)
            notes, floor = cached_notes(found)
        slots[language] = (slot, key)
    planned: dict[str, list[Planned]] = {}
    learnt: dict[str, dict[str, tuple[float, float]]] = {}
    made: list[Taken] = []
    namespace = fit_namespace(geometry, options, files) if cache else ""
    if len(kept) < len(content.decks):
        from deck.layout.continuation import pieces  # the layout stack: only when something is laid out
        from deck.layout.render import forget_changed
        from deck.output.language import settle_languages

        forget_changed(options.theme)  # an earlier build of this process (deck watch) may have read older files

        hints = cache.fit_hints(namespace) if cache else {}
        reuse_from: tuple[Path | None, str] = (None, "")
        if cache and plain_folder(out_dir, cache.reuse_folder):  # a link there: nothing is read through it
            reuse_from = (cache.reuse_folder, reuse_namespace(options, files))

        def settle_all(languages: list[str]) -> dict[str, Attempt]:
            return settle_languages(content, languages, geometry, paper, out_dir, outputs, options, hints, reuse_from)

        settled = settle_all([language for language in content.decks if language not in kept])
        if kept and pieces(next(iter(settled.values())).cuts) != floor:  # the cards changed, or another language's
            kept, settled = {}, settle_all(list(content.decks))  # may need one: every language again
        planned = {language: result.planned for language, result in settled.items()}
        made = [result.reused for result in settled.values()]
        learnt = {language: result.hints for language, result in settled.items()}
        first = next(iter(settled.values()))
        notes, floor = [str(c) for c in first.continued], pieces(first.cuts)
    for note in [*skipped, *scan_notes, *cache_notes, *notes]:
        if on_note:
            on_note(note)
    new = [plan for plans in planned.values() for plan in plans]
    unloaded = sorted({w for plan in new for w in plan.warnings if "Font-face " in w and "cannot be loaded" in w})
    if unloaded:  # the cards would silently be set in some system font
        raise RenderError("\n".join(["The deck's fonts could not be loaded, so nothing was written:", *unloaded]))
    if options.strict:
        warned = [f"{plan.path.name}: {warning}" for plan in [*new, *(w for ws in kept.values() for w in ws)] for warning in plan.warnings]
        if warned:
            raise RenderError("\n".join(["--strict: the build has warnings, and --strict makes each an error:", *warned]))
    # Every file or none (deck.output.write). A cache entry counts only while each file's sha256 matches it, so an
    # entry left from before a failed or killed write never makes a file look cached.
    write_all(out_dir, {plan.path.name: plan.pdf for plan in new})
    try:  # the PDFs are written: a cache that cannot be kept (a file where its folder goes, say) is said, not a failure
        for language, plans in planned.items():
            if cache:
                slot, key = slots[language]
                today = set(translation_warnings(content, language))  # said again, as they are then, when the files are kept
                records = [
                    file_record(p.path.name, p.output, p.pdf, p.pages, p.shrinks, [w for w in p.warnings if w not in today]) for p in plans
                ]
                cache.store(slot, key, with_notes(records, notes, floor))
        if cache and learnt:
            cache.store_fit_hints(namespace, learnt)
        if cache and made:
            store(out_dir, cache.reuse_folder, made)
    except OSError as error:
        if on_note:
            where = os.fsdecode(error.filename) if error.filename is not None else str(out_dir / CACHE_FOLDER)
            on_note(f"{where}: {error.strerror or error}: the build cache is not kept (the PDFs are written)")
    results: list[Written] = []
    for language in content.decks:
        results += kept.get(language) or [
            Written(p.path, p.output, p.pages, p.shrinks, p.warnings, summary=p.summary) for p in planned[language]
        ]
    for result in results:
        if on_written:
            on_written(result)
    return results


__all__ = ["Options", "RenderError", "Written", "build", "output_name"]
