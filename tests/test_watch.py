"""`deck watch` as a user runs it: a process that rebuilds on save, reports errors and keeps the last good PDF."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pypdfium2 as pdfium

from .conftest import RTL, ctrl_c_reaches_it

WAIT_S = 90.0
"""An upper bound for one rebuild on a busy machine; the test waits for events, it does not time them."""


def _wait_for(predicate, what: str, log: Path) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen; the watch printed:\n{log.read_text() if log.exists() else '(no log)'}")


def _text(pdf: Path) -> str:
    document = pdfium.PdfDocument(pdf.read_bytes())
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_watch_rebuilds_on_save_keeps_the_last_good_pdf_on_error_and_stops_on_ctrl_c(mini_copy, tmp_path):
    out, previews, log = tmp_path / "dist", tmp_path / "preview", tmp_path / "watch.log"
    pdf = out / "mini-en-screen.pdf"
    werkvorm = mini_copy / "en" / "werkvormen" / "check-in-round.yaml"
    command = [sys.executable, "-m", "deck", "watch", "--content", str(mini_copy), "--out", str(out), "--preview", str(previews)]
    with log.open("w") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, cwd=tmp_path, preexec_fn=ctrl_c_reaches_it)
    try:
        _wait_for(lambda: "watching" in log.read_text(), "the first build", log)
        assert "Check-in round" in _text(pdf)
        first_previews = {path: path.stat().st_mtime_ns for path in previews.rglob("*.png")}
        assert first_previews

        werkvorm.write_text(werkvorm.read_text().replace("title: Check-in round", "title: Check-in circle"))
        _wait_for(lambda: pdf.exists() and "Check-in circle" in _text(pdf), "the rebuild after a save", log)
        _wait_for(lambda: "faces changed" in log.read_text().split("changed: check-in-round.yaml")[-1], "the previews", log)
        rewritten = [path for path, mtime in first_previews.items() if path.stat().st_mtime_ns != mtime]
        assert 0 < len(rewritten) < len(first_previews), "only the faces that look different are written again"

        good = pdf.read_bytes()
        werkvorm.write_text(werkvorm.read_text().replace("title:", "titel:"))
        _wait_for(lambda: "the last good PDF is kept" in log.read_text(), "the error report", log)
        assert "check-in-round.yaml:1: titel: unknown key 'titel'" in log.read_text()
        assert pdf.read_bytes() == good
        assert process.poll() is None, "an error does not end the watch"
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=WAIT_S)
    assert code == 0
    assert "Traceback" not in log.read_text()
    assert not [name for name in os.listdir(out) if name.endswith(".tmp")], "no temporary file is left behind"


def test_watch_refuses_a_content_folder_that_is_not_there(tmp_path):
    from click.testing import CliRunner

    from deck.cli import main

    result = CliRunner().invoke(main, ["watch", "--content", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert f"Invalid value for --content: {tmp_path / 'missing'} is not a folder" in result.output


def test_a_template_of_ones_own_added_between_builds_of_one_process_is_used_and_cached_as_such(tmp_path):
    """``deck watch`` builds again and again in one process: a template of one's own added after a build (Jinja had
    found the project's) is used by the next build, and the build cache keeps what that build made."""
    from deck.build import Options, build
    from deck.options import Theme
    from deck.resources import TEMPLATES

    ours = tmp_path / "templates"
    ours.mkdir()
    options = Options(jobs=1, theme=Theme(templates=ours))
    out = tmp_path / "out"
    (first,) = build(RTL, out, ["en"], ["screen"], options)
    assert "COVERMARK" not in _text(first.path)
    cover = (TEMPLATES / "faces" / "cover.html.j2").read_text(encoding="utf-8")
    (ours / "faces").mkdir()
    (ours / "faces" / "cover.html.j2").write_text(cover.replace("</h1>", " COVERMARK</h1>", 1), encoding="utf-8")
    (again,) = build(RTL, out, ["en"], ["screen"], options)
    assert "COVERMARK" in _text(again.path)
    (kept,) = build(RTL, out, ["en"], ["screen"], options)  # from the cache: what the build made with the new template
    assert kept.unchanged and "COVERMARK" in _text(kept.path)


EDIT_THE_STYLESHEET_BETWEEN_BUILDS = """
import sys
from pathlib import Path
from deck.build import Options, build
from deck.resources import STYLES
content, out = Path(sys.argv[1]), Path(sys.argv[2])
build(content, out, ["en"], ["screen"], Options(jobs=1))
with (STYLES / "deck.css").open("a", encoding="utf-8") as css:
    css.write('\\n.title::after { content: " CSSMARK"; }\\n')
(written,) = build(content, out, ["en"], ["screen"], Options(jobs=1))
print(written.unchanged)
"""


def test_an_edit_to_the_projects_stylesheet_between_builds_of_one_process_is_used(tmp_path):
    """The same for ``styles/deck.css``, which each process parses once: a copy of the package, so that the project's
    own stylesheet is not touched."""
    import shutil

    from deck.resources import CHECKOUT, PACKAGE, STYLES, TEMPLATES

    for folder in (PACKAGE, STYLES, TEMPLATES):
        shutil.copytree(folder, tmp_path / "copy" / folder.relative_to(CHECKOUT), ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "copy")}
    script = [sys.executable, "-c", EDIT_THE_STYLESHEET_BETWEEN_BUILDS, str(RTL), str(tmp_path / "out")]
    result = subprocess.run(script, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    assert "CSSMARK" in _text(tmp_path / "out" / "rtl-en-screen.pdf")


@contextlib.contextmanager
def _watching(content: Path, out: Path, said: list[str], first_build: bool = True):
    """A watch of ``content`` (English) run in a thread, as a test drives it: stopped and joined after the block."""
    from deck import watch
    from deck.build import Options

    watcher = watch.Watcher(content, out, ["en"], Options(jobs=1), said.append, lambda written: None)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, kwargs={"stop": stop}, daemon=True)
    thread.start()
    try:
        if first_build:
            _wait_for(lambda: any(line.startswith("watching") for line in said), "the first build", out / "none")
        yield
    finally:
        stop.set()
        thread.join(30)


def _rtl_copy(tmp_path: Path) -> Path:
    import shutil

    content = tmp_path / "c"
    shutil.copytree(RTL, content)
    return content


def _retitle(content: Path, title: str) -> None:
    werkvorm = content / "en" / "werkvormen" / "parking-lot.yaml"
    text = werkvorm.read_text(encoding="utf-8")
    werkvorm.write_text(text.replace("title: Parking lot", f"title: {title}", 1), encoding="utf-8")


def test_a_save_during_the_first_build_is_built(tmp_path, monkeypatch):
    """The folders are watched before the first build: a file saved while it runs is built after it."""

    from deck import watch

    content, out = _rtl_copy(tmp_path), tmp_path / "out"
    real, calls = watch.build, []

    def build_then_save(*args, **kwargs):
        written = real(*args, **kwargs)
        if not calls:
            _retitle(content, "Saved meanwhile")
        calls.append(1)
        return written

    monkeypatch.setattr(watch, "build", build_then_save)
    said: list[str] = []
    with _watching(content, out, said, first_build=False):
        _wait_for(lambda: (out / "rtl-en-screen.pdf").exists() and "Saved meanwhile" in _text(out / "rtl-en-screen.pdf"), "the save", out)
    assert said[1] == "changed: parking-lot.yaml", said


def test_a_content_folder_replaced_while_watched_is_watched_again(tmp_path):
    """A content folder deleted and made again (or moved away and back) is watched again, and built when it is back."""
    import shutil

    content, out = _rtl_copy(tmp_path), tmp_path / "out"
    said: list[str] = []
    with _watching(content, out, said):
        shutil.copytree(content, tmp_path / "copy")
        shutil.rmtree(content)
        _wait_for(lambda: "1 problem found; the last good PDF is kept." in said, "the build without the folder", tmp_path / "none")
        assert said[1] == f"changed: {content} (gone)", said
        assert said[2].endswith("c: content folder not found"), said
        shutil.copytree(tmp_path / "copy", content)
        _wait_for(lambda: f"changed: {content} (back)" in said, "the folder back", tmp_path / "none")
        _retitle(content, "Edited after")
        _wait_for(lambda: "Edited after" in _text(out / "rtl-en-screen.pdf"), "the build of an edit", tmp_path / "none")
        shutil.rmtree(content)  # deleted and made again at once: the system may give it the same inode
        shutil.copytree(tmp_path / "copy", content)
        _wait_for(lambda: f"changed: {content} (replaced)" in said, "the folder replaced", tmp_path / "none")
        _retitle(content, "Edited again")
        _wait_for(lambda: "Edited again" in _text(out / "rtl-en-screen.pdf"), "the build of an edit", tmp_path / "none")


def test_every_kind_of_image_and_font_a_stylesheet_may_name_is_watched():
    from deck.watch import _ignored

    for name in ("bg.jpeg", "bg.jpg", "bg.gif", "bg.webp", "bg.tiff", "bg.png", "bg.svg", "Font.ttc", "Font.woff2", "deck.yaml"):
        assert not _ignored(f"/c/{name}", []), name
    for name in (".deck.yaml.swp", "deck.yaml~", "notes.txt", "4913"):
        assert _ignored(f"/c/{name}", []), name


def test_previews_of_faces_a_deck_no_longer_has_are_removed(tmp_path):
    import pikepdf

    from deck.watch import FacePreviews

    def pdf(pages: int) -> Path:
        path = tmp_path / f"{pages}.pdf"
        with pikepdf.new() as document:
            for _ in range(pages):
                document.add_blank_page(page_size=(100, 140))
            document.save(path)
        return path

    previews = FacePreviews(tmp_path / "previews", dpi=20)
    assert len(previews.update(pdf(6))) == 6
    assert previews.update(pdf(4)) == []  # the same faces: nothing written again
    assert len(previews.update(pdf(6))) == 2
    (tmp_path / "previews" / "notes.png").write_bytes(b"not deck's")
    assert len(FacePreviews(tmp_path / "previews", dpi=20).update(pdf(4))) == 4  # a later watch: those an earlier one left go
    (tmp_path / "previews" / "notes.png").unlink()
    assert sorted(p.name for p in (tmp_path / "previews").iterdir()) == [
        "card-01-back.png",
        "card-01-front.png",
        "card-02-back.png",
        "card-02-front.png",
    ]


def test_the_watch_says_the_builds_notes_and_sigterm_ends_it_with_143_and_no_message_of_the_watcher_library(tmp_path):
    log = tmp_path / "watch.log"
    command = [
        sys.executable,
        "-m",
        "deck",
        "watch",
        "--content",
        str(RTL),
        "--lang",
        "en",
        "--size",
        "poker",
        "--out",
        str(tmp_path / "out"),
    ]
    with log.open("w") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        _wait_for(lambda: "watching" in log.read_text(), "the first build", log)
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 128 + signal.SIGTERM
    finally:
        process.kill()
    assert "KeyboardInterrupt" not in log.read_text() and "Traceback" not in log.read_text()
    assert "the network scan card needs a card of A6 or larger; left out at poker" in log.read_text()  # as deck build says


def test_a_preview_folder_inside_the_content_folder_is_refused(tmp_path):
    from click.testing import CliRunner

    from deck.cli import main

    content = _rtl_copy(tmp_path)
    result = CliRunner().invoke(main, ["watch", "--content", str(content), "--preview", str(content / "preview")])
    assert result.exit_code == 2
    assert f"Error: Invalid value for --preview: {content / 'preview'} is inside the content folder" in result.stderr
    assert not (content / "preview").exists()


def test_a_content_folder_given_as_a_link_is_followed_when_the_link_is_pointed_elsewhere(tmp_path):
    import shutil

    first = _rtl_copy(tmp_path)
    second = tmp_path / "c2"
    shutil.copytree(first, second)
    _retitle(second, "The other folder")
    link = tmp_path / "content"
    link.symlink_to(first)
    out = tmp_path / "out"
    said: list[str] = []
    with _watching(link, out, said):
        (tmp_path / "new").symlink_to(second)
        (tmp_path / "new").replace(link)
        _wait_for(lambda: "The other folder" in _text(out / "rtl-en-screen.pdf"), "the build of the other folder", tmp_path / "none")
    assert f"changed: {link} (replaced)" in said, said
