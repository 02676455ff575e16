"""The build cache and parallel languages as a user meets them: a second build with no change writes nothing,
an edit rebuilds one language, and --jobs changes nothing in what is written or said."""

from __future__ import annotations

import os
import re
import shutil
import signal
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from deck.cli import main

from .conftest import ROOT
from .pdfinfo import PdfInfo

RTL = Path(__file__).resolve().parent / "fixtures" / "rtl"


def _build(content, out, *extra):
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out), "--output", "screen", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def _done(output: str, verb: str) -> list[str]:
    """The files a build's report says it wrote ('wrote') or left as they were ('unchanged')."""
    return [line.split()[1].rsplit("/", 1)[-1] for line in output.splitlines() if line.startswith(f"{verb} ")]


def _stamps(out):
    return {path.name: path.stat().st_mtime_ns for path in out.glob("*.pdf")}


@pytest.fixture
def rtl_copy(tmp_path) -> Path:
    """A writable copy of the small two-language fixture (English source, Arabic translation)."""
    target = tmp_path / "rtl"
    shutil.copytree(RTL, target)
    return target


def test_unchanged_languages_are_not_built_again(rtl_copy, tmp_path):
    out = tmp_path / "dist"
    first = _build(rtl_copy, out)
    assert _done(first, "wrote") == ["rtl-en-screen.pdf", "rtl-ar-screen.pdf"] and not _done(first, "unchanged")
    stamps, data = _stamps(out), {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    assert sorted(stamps) == ["rtl-ar-screen.pdf", "rtl-en-screen.pdf"]

    again = _build(rtl_copy, out)
    assert f"unchanged {out / 'rtl-en-screen.pdf'} (16 pages)" in again
    assert _done(again, "unchanged") == ["rtl-en-screen.pdf", "rtl-ar-screen.pdf"] and not _done(again, "wrote")
    assert _stamps(out) == stamps

    werkvorm = rtl_copy / "en" / "werkvormen" / "parking-lot.yaml"
    werkvorm.write_text(werkvorm.read_text(encoding="utf-8").replace("title: Parking lot", "title: Parking place"), encoding="utf-8")
    edited = _build(rtl_copy, out)
    assert _done(edited, "wrote") == ["rtl-en-screen.pdf"] and _done(edited, "unchanged") == ["rtl-ar-screen.pdf"]
    assert "werkvormen.parking-lot.title" in edited  # the Arabic title is now stale, and the cached build still says so
    assert (out / "rtl-ar-screen.pdf").stat().st_mtime_ns == stamps["rtl-ar-screen.pdf"]
    assert (out / "rtl-en-screen.pdf").read_bytes() != data["rtl-en-screen.pdf"]

    # A PDF changed or deleted behind the cache's back is built again; --no-cache builds everything.
    (out / "rtl-ar-screen.pdf").write_bytes(b"%PDF-1.7 something else")
    assert _done(_build(rtl_copy, out), "wrote") == ["rtl-ar-screen.pdf"]
    assert (out / "rtl-ar-screen.pdf").read_bytes() == data["rtl-ar-screen.pdf"]
    forced = _build(rtl_copy, out, "--no-cache")
    assert _done(forced, "wrote") == ["rtl-en-screen.pdf", "rtl-ar-screen.pdf"]


def test_other_options_are_other_cache_entries(rtl_copy, tmp_path):
    out = tmp_path / "dist"
    _build(rtl_copy, out, "--lang", "en")
    assert _done(_build(rtl_copy, out, "--lang", "en", "--min-size", "8"), "wrote") == ["rtl-en-screen.pdf"]
    assert _done(_build(rtl_copy, out, "--lang", "en", "--min-size", "8"), "unchanged") == ["rtl-en-screen.pdf"]


def test_languages_built_in_parallel_give_the_same_files_and_report_in_the_same_order(tmp_path):
    reports, files = {}, {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        reports[jobs] = _build(RTL, out, "--jobs", jobs, "--output", "print").replace(str(out), "OUT")
        files[jobs] = {path.name: path.read_bytes() for path in out.glob("*.pdf")}
    assert reports["1"] == reports["2"]
    assert _done(reports["2"], "wrote") == ["rtl-en-screen.pdf", "rtl-en-print.pdf", "rtl-ar-screen.pdf", "rtl-ar-print.pdf"]
    assert files["1"] == files["2"]


def test_a_rebuild_lays_out_only_the_parts_an_edit_changed_and_a_shrunk_face_at_its_size_at_once(mini_copy, tmp_path, monkeypatch):
    """Per-card reuse: the cache keeps each part of the deck (``deck.layout.parts.PART_CARDS`` cards) made, and the size
    each shrunk face fitted at. After an edit to one card, the rebuild lays out only the part of that card, and the
    parts whose faces show what changed (the overview lists the titles); after an edit to the other face of a shrunk
    face's card, it lays that part out once, the shrunk face at the size it fits at. Each time the PDF is the PDF of a
    build without the cache, byte for byte."""
    import yaml

    from deck.build import Options, build
    from deck.layout import fitting

    layouts: list[int] = []
    original = fitting.layout
    monkeypatch.setattr(fitting, "layout", lambda html, *args, **kw: layouts.append(html.count("<section")) or original(html, *args, **kw))
    werkvorm = mini_copy / "en/werkvormen/parking-lot.yaml"
    texts = yaml.safe_load(werkvorm.read_text(encoding="utf-8"))
    texts["what"] = " ".join(["A parking lot keeps side topics safe until the end of the meeting."] * 24)
    werkvorm.write_text(yaml.safe_dump(texts), encoding="utf-8")
    out, options = tmp_path / "out", Options(jobs=1)
    first = build(mini_copy, out, outputs=["screen"], options=options)
    faces = first[0].pages
    assert [str(s) for s in first[0].shrinks] and sum(layouts) > faces  # the face shrank, step by step

    def rebuilt() -> list[int]:
        layouts.clear()
        again = build(mini_copy, out, outputs=["screen"], options=options)
        assert [str(s) for s in again[0].shrinks] == [str(s) for s in first[0].shrinks]
        done = list(layouts)
        fresh = build(mini_copy, tmp_path / "fresh", outputs=["screen"], options=Options(jobs=1, cache=False))
        assert again[0].path.read_bytes() == fresh[0].path.read_bytes()
        return done

    other = mini_copy / "en/werkvormen/check-in-round.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("title: Check-in round", "title: Check-in"), encoding="utf-8")
    title_edit = rebuilt()
    assert 0 < sum(title_edit) <= faces // 2 and max(title_edit) <= 4, (title_edit, faces)  # the card's part, the overview's
    texts["yield"] = "A group that parks what it cannot settle now."
    werkvorm.write_text(yaml.safe_dump(texts), encoding="utf-8")
    assert rebuilt() == [4]  # one layout of the card's part (two cards): the shrunk face starts at the size it fits at


def test_a_damaged_fit_hint_is_not_used(mini_copy, tmp_path):
    """A cache whose hints are sizes no face starts at changes nothing in the PDF (one that cannot be read is no hint)."""
    import json

    from deck.build import Options, build

    out = tmp_path / "out"
    build(mini_copy, out, outputs=["screen"], options=Options(jobs=1))
    (hints,) = (out / ".deck-cache").glob("fit-*.json")
    entry = json.loads(hints.read_text(encoding="utf-8"))
    from deck.content.load import load_content
    from deck.layout.fit import face_digest
    from deck.layout.fitting import fit_language
    from deck.layout.geometry import resolve_size

    faces = fit_language(load_content(mini_copy), "en", resolve_size("a6")).faces
    entry["languages"]["en"] = {face_digest(html): [500, -3] for html in faces.values()}
    hints.write_text(json.dumps(entry), encoding="utf-8")
    werkvorm = mini_copy / "en/werkvormen/check-in-round.yaml"
    werkvorm.write_text(werkvorm.read_text(encoding="utf-8").replace("title: Check-in round", "title: Check-in"), encoding="utf-8")
    again = build(mini_copy, out, outputs=["screen"], options=Options(jobs=1))
    fresh = build(mini_copy, tmp_path / "fresh", outputs=["screen"], options=Options(jobs=1, cache=False))
    assert again[0].path.read_bytes() == fresh[0].path.read_bytes()


def test_hints_with_a_number_too_large_or_nested_too_deep_are_no_hints(tmp_path):
    """The hints file is read as no hints, not as a traceback, when a size is an integer too large for a float or the
    JSON is nested deeper than the parser goes."""
    import json

    from deck.output.cache import FORMAT, BuildCache

    cache = BuildCache(tmp_path / "out")
    cache.store_fit_hints("ns", {"en": {"face": (9.0, 8.5)}})
    assert cache.fit_hints("ns") == {"face": (9.0, 8.5)}
    (stored,) = cache.folder.glob("fit-*.json")
    stored.write_text(json.dumps({"format": FORMAT, "namespace": "ns", "languages": {"en": {"face": [10**400, 8.5]}}}), encoding="utf-8")
    assert cache.fit_hints("ns") == {}
    stored.write_text("[" * 200_000, encoding="utf-8")
    assert cache.fit_hints("ns") == {}


def test_a_language_fitted_again_for_another_languages_card_lays_out_only_what_the_card_changes(rtl_copy, tmp_path, monkeypatch):
    """English continues a long text on a card of its own; Arabic, which has room, must get that card too and is
    fitted again: its pages from the first fit are kept but for the faces the new card changes, and it is rendered
    once, with the cards both agree on. In one process or two, the files are the same."""
    import yaml

    from deck.build import Options, build
    from deck.layout import fitting
    from deck.output import language

    werkvorm = rtl_copy / "en/werkvormen/parking-lot.yaml"
    texts = yaml.safe_load(werkvorm.read_text(encoding="utf-8"))
    texts["what"] = " ".join(["A parking lot keeps side topics safe until the end of the meeting."] * 40)
    werkvorm.write_text(yaml.safe_dump(texts), encoding="utf-8")
    arabic: list[list[int]] = []  # for each fit of Arabic, the faces of each layout
    original, fit_language = fitting.layout, language.fit_language

    def counting(html, *args, **kwargs):
        if 'lang="ar"' in html:
            arabic[-1].append(html.count("<section"))
        return original(html, *args, **kwargs)

    def fitting_language(content, lang, *args, **kwargs):
        if lang == "ar":
            arabic.append([])
        return fit_language(content, lang, *args, **kwargs)

    monkeypatch.setattr(fitting, "layout", counting)
    monkeypatch.setattr(language, "fit_language", fitting_language)
    rendered: list[str] = []
    render = language.plan_language
    monkeypatch.setattr(language, "plan_language", lambda content, lang, *a: rendered.append(lang) or render(content, lang, *a))
    notes: list[str] = []
    one = build(rtl_copy, tmp_path / "one", outputs=["screen"], options=Options(jobs=1, cache=False), on_note=notes.append)
    assert sorted(rendered) == ["ar", "en"]  # each rendered once, with the cards both agree on
    assert any(re.fullmatch(r"card \d+ \(Parking lot\) continues on card \d+a at a6", note) for note in notes), notes
    faces = len(PdfInfo(next(w.path for w in one if "-ar-" in w.path.name)).reader.pages)
    assert len(arabic) == 2 and sum(arabic[0]) == faces - 2 and 1 <= sum(arabic[1]) <= 6, (arabic, faces)  # the new card's part
    monkeypatch.setattr(fitting, "layout", original)
    two = build(rtl_copy, tmp_path / "two", outputs=["screen"], options=Options(jobs=2, cache=False))
    assert [w.path.read_bytes() for w in one] == [w.path.read_bytes() for w in two]


def _pid_or_fail(item: str) -> tuple[str, int]:
    if item == "bad":
        raise ValueError("card 3 does not fit")
    return item, os.getpid()


def test_each_languages_work_runs_in_the_same_worker_every_round_and_a_workers_error_comes_back():
    from deck.workers import Workers

    with Workers(_pid_or_fail, ["nl", "en", "de"], jobs=2) as workers:
        first = dict(workers.map(["nl", "en", "de"], key=str))
        second = workers.map(["de", "nl"], key=str)
        with pytest.raises(ValueError, match="card 3 does not fit"):
            workers.map(["nl", "bad"], key=lambda item: "en")
    assert second == [("de", first["de"]), ("nl", first["nl"])]
    assert len(set(first.values())) == 2 and os.getpid() not in first.values()
    with Workers(_pid_or_fail, ["nl", "en"], jobs=1) as workers:
        assert workers.map(["en"], key=str) == [("en", os.getpid())]


def test_a_rebuild_after_an_edit_takes_font_subsets_and_instruction_pages_from_the_earlier_build(rtl_copy, tmp_path, monkeypatch):
    """Per-card reuse: an edit to one card's text subsets again only the fonts whose glyphs changed and lays out no
    instruction page; the files are those of a build without the cache, also when the kept results are damaged."""
    from deck.build import Options, build
    from deck.layout import subset
    from deck.output import outputs

    made = {"subsets": 0, "instructions": 0}
    original_subset, original_layout = subset.subset_font, outputs.layout
    monkeypatch.setattr(subset, "subset_font", lambda *a: made.__setitem__("subsets", made["subsets"] + 1) or original_subset(*a))
    monkeypatch.setattr(outputs, "layout", lambda *a: made.__setitem__("instructions", made["instructions"] + 1) or original_layout(*a))
    werkvorm = rtl_copy / "en/werkvormen/parking-lot.yaml"
    out = tmp_path / "out"

    def rebuild(title: str, compare: bool = True) -> dict[str, int]:
        """Build with ``title`` for the parking lot, and check the sheets against a build without the cache."""
        werkvorm.write_text(werkvorm.read_text(encoding="utf-8").replace("title: Parking lot", f"title: {title}", 1), encoding="utf-8")
        made.update(subsets=0, instructions=0)
        written = build(rtl_copy, out, ["en"], ["sheets"], Options(jobs=1))
        counts = dict(made)
        if compare:
            fresh = build(rtl_copy, tmp_path / title, ["en"], ["sheets"], Options(jobs=1, cache=False))
            assert written[0].path.read_bytes() == fresh[0].path.read_bytes()
        werkvorm.write_text(werkvorm.read_text(encoding="utf-8").replace(f"title: {title}", "title: Parking lot", 1), encoding="utf-8")
        return counts

    cold = rebuild("Parking lot", compare=False)
    assert cold["subsets"] >= 2 and cold["instructions"] == 1
    assert rebuild("Parking lots") == {"subsets": 0, "instructions": 0}  # no new glyph
    structure = rtl_copy / "deck.yaml"
    structure.write_text(structure.read_text(encoding="utf-8") + "date: 2026-01-02\n", encoding="utf-8")
    assert rebuild("Parking lots") == cold  # every font subset and page is dated with the deck's date
    entries = sorted((out / ".deck-cache" / "reuse").iterdir())
    for entry in entries[1:]:
        entry.write_bytes(entry.read_bytes()[:-1] + b"!")
    outside = tmp_path / "outside"  # a link planted in the cache is neither read nor touched
    outside.write_bytes(entries[0].read_bytes())
    entries[0].unlink()
    entries[0].symlink_to(outside)
    before = outside.stat().st_mtime_ns
    assert rebuild("Parking lot") == cold
    assert outside.stat().st_mtime_ns == before


def _killed(item: str) -> str:
    if item == "nl":
        os.kill(os.getpid(), signal.SIGKILL)
    return item


class _Unreadable(Exception):
    def __init__(self, first: str, second: str) -> None:  # pickles, but cannot be rebuilt from its args
        super().__init__(f"{first} {second}")


def _unreadable(item: str) -> str:
    raise _Unreadable("card", item)


@pytest.mark.parametrize("keys", [["nl", "en"], ["nl", "en", "de"]])  # with three, nl's worker still holds de's work
def test_a_worker_killed_midway_fails_the_build_with_a_message(keys):
    from deck.errors import RenderError
    from deck.workers import Workers

    message = r"a worker process of the build ended without an answer \(killed, or out of memory\?\); try again with --jobs 1"
    with pytest.raises(RenderError, match=message), Workers(_killed, keys, jobs=2) as workers:
        workers.map(keys, key=str)
    with pytest.raises(RenderError, match="a worker process of the build failed: TypeError"), Workers(_unreadable, keys, jobs=2) as workers:
        workers.map(keys, key=str)


def test_languages_fitted_one_after_another_do_not_all_keep_a_large_decks_layout(monkeypatch):
    """With --jobs 1 every language is fitted in one process. A build fits in parts and keeps no pages; a fit without
    outputs (``deck validate``) keeps a small deck's layout for a second fit with other cards, but not a large one's
    (here: any deck, by a lower limit), so that every language's pages are not held at once."""
    from deck.build import Options
    from deck.content.load import load_content
    from deck.layout.geometry import resolve_size
    from deck.output import language

    kept: list[int] = []
    original = language.fit_language
    monkeypatch.setattr(language, "fit_language", lambda *a, **k: kept.append(len(language._LAST)) or original(*a, **k))
    content, geometry = load_content(RTL), resolve_size("a6")
    language.check_fit(content, geometry, Options(jobs=1))
    assert kept == [0, 1]  # Arabic is fitted while the English layout is kept
    kept.clear()
    monkeypatch.setattr(language, "KEEP_FACES", 4)
    language.check_fit(content, geometry, Options(jobs=1))
    assert kept == [0, 0]


def test_the_reuse_cache_keeps_its_newest_entries_and_never_follows_a_link_out_of_the_output_folder(tmp_path):
    from deck.layout.reuse import KEPT, store

    out = tmp_path / "out"
    folder = out / ".deck-cache" / "reuse"
    folder.mkdir(parents=True)
    for number in range(KEPT + 8):
        entry = folder / f"{number:064x}"
        entry.write_bytes(b"old")
        os.utime(entry, ns=(number, number))
    (folder / "notes.txt").write_text("mine")
    store(out, folder, [(frozenset({f"{0:064x}"}), {"f" * 64: b"new"})])
    names = {path.name for path in folder.iterdir()}
    assert len(names) == KEPT + 1 and "notes.txt" in names and "f" * 64 in names and f"{0:064x}" in names  # used: recent again
    assert f"{1:064x}" not in names and f"{9:064x}" not in names and f"{10:064x}" in names  # the nine oldest went
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for number in range(KEPT + 8):
        (elsewhere / f"{number:064x}").write_bytes(b"someone's")
    shutil.rmtree(out / ".deck-cache")
    (out / ".deck-cache").symlink_to(elsewhere)
    store(out, folder, [(frozenset(), {"e" * 64: b"new"})])
    assert sorted(path.name for path in elsewhere.iterdir()) == [f"{number:064x}" for number in range(KEPT + 8)]


def test_the_reuse_cache_keeps_no_more_bytes_than_its_limit(tmp_path, monkeypatch):
    from deck.layout import reuse

    out = tmp_path / "out"
    folder = out / ".deck-cache" / "reuse"
    folder.mkdir(parents=True)
    for number in range(10):
        entry = folder / f"{number:064x}"
        entry.write_bytes(b"x" * 1000)
        os.utime(entry, ns=(number, number))
    monkeypatch.setattr(reuse, "KEPT_BYTES", 5000)
    reuse.store(out, folder, [(frozenset(), {"f" * 64: b"y" * 968})])  # 1000 bytes with its digest
    assert sorted(path.name for path in folder.iterdir()) == [*(f"{number:064x}" for number in range(6, 10)), "f" * 64]


def test_a_font_in_the_content_folder_changed_builds_again(mini_copy, tmp_path):
    """A stylesheet may name a font (or an image) in the content folder: when that file changes, the language is
    built again, every part of it, as a build without the cache builds it; a file in the output folder or a hidden
    one does not count."""
    from deck.build import Options, build
    from deck.options import Theme

    fonts = ROOT / "styles" / "fonts" / "noto"
    (mini_copy / "fonts").mkdir()
    shutil.copy(fonts / "NotoSerif-Regular.ttf", mini_copy / "fonts" / "Brand.ttf")
    (mini_copy / "theme").mkdir()
    stylesheet = mini_copy / "theme" / "brand.css"
    stylesheet.write_text('@font-face { font-family: "Brand"; src: url(../fonts/Brand.ttf); }\n.title { font-family: "Brand"; }\n')
    out, options = mini_copy / "out", Options(jobs=1, theme=Theme(stylesheet=stylesheet))
    build(mini_copy, out, outputs=["screen"], options=options)
    (mini_copy / ".notes").write_text("mine")
    assert build(mini_copy, out, outputs=["screen"], options=options)[0].unchanged  # the output folder is in there
    shutil.copy(fonts / "NotoSans-Bold.ttf", mini_copy / "fonts" / "Brand.ttf")
    again = build(mini_copy, out, outputs=["screen"], options=options)
    fresh = build(mini_copy, tmp_path / "fresh", outputs=["screen"], options=replace(options, cache=False))
    assert not again[0].unchanged and again[0].path.read_bytes() == fresh[0].path.read_bytes()


def test_a_continuation_card_another_language_needed_goes_when_it_no_longer_needs_it(rtl_copy, tmp_path):
    """English needs a continuation card, so Arabic has it too; once the English text is short again, a rebuild
    (Arabic's texts unchanged) gives both languages the cards of a build without the cache."""
    import yaml

    from deck.build import Options, build

    werkvorm = rtl_copy / "en/werkvormen/parking-lot.yaml"
    original = werkvorm.read_text(encoding="utf-8")
    texts = yaml.safe_load(original)
    texts["what"] = " ".join(["A parking lot keeps side topics safe until the end of the meeting."] * 40)
    out, options = tmp_path / "out", Options(jobs=1)
    build(rtl_copy, out, outputs=["screen"], options=options)
    werkvorm.write_text(yaml.safe_dump(texts), encoding="utf-8")
    longer = build(rtl_copy, out, outputs=["screen"], options=options)
    werkvorm.write_text(original, encoding="utf-8")
    notes: list[str] = []
    again = build(rtl_copy, out, outputs=["screen"], options=options, on_note=notes.append)
    fresh = build(rtl_copy, tmp_path / "fresh", outputs=["screen"], options=Options(jobs=1, cache=False))
    assert [w.pages for w in again] == [w.pages for w in fresh] < [w.pages for w in longer]
    assert [w.path.read_bytes() for w in again] == [w.path.read_bytes() for w in fresh]
    assert not any("continues" in note for note in notes)


def test_an_output_folder_beside_ones_own_stylesheet_does_not_change_the_cache_key_but_a_file_it_names_does(tmp_path):
    """The cache counts one's own stylesheet and the files it names, not the rest of its folder, which may hold the
    content and the output folder (a project folder): a second build says unchanged; an image it names changed, not."""
    from deck.build import Options, build
    from deck.options import Theme
    from deck.resources import stylesheet_files

    project = tmp_path / "project"
    shutil.copytree(RTL, project / "c")
    (project / "img").mkdir()
    (project / "img" / "bg.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="red"/></svg>'
    )
    (project / "my.css").write_text('.face { background: url("img/bg.svg") no-repeat; }\n')
    assert stylesheet_files(project / "my.css") == [project / "my.css", (project / "img" / "bg.svg").resolve()]
    options = Options(jobs=1, theme=Theme(stylesheet=project / "my.css"))
    (first,) = build(project / "c", project / "dist", ["en"], ["screen"], options)
    (again,) = build(project / "c", project / "dist", ["en"], ["screen"], options)
    assert not first.unchanged and again.unchanged
    (project / "img" / "bg.svg").write_text((project / "img" / "bg.svg").read_text().replace("red", "blue"))
    (changed,) = build(project / "c", project / "dist", ["en"], ["screen"], options)
    assert not changed.unchanged
