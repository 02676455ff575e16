"""The build cache and parallel languages as a user meets them: a second build with no change writes nothing,
an edit rebuilds one language, and --jobs changes nothing in what is written or said."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from deck.cli import main

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
