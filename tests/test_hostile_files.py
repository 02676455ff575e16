"""Hostile files and a hostile system: links, FIFOs, devices, permissions, full disks, signals, other machines."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from click.testing import CliRunner

from deck.build import build
from deck.cli import main
from deck.output.cache import CACHE_FOLDER
from deck.output.write import JOURNAL, STAGE, recover

from .conftest import ctrl_c_reaches_it
from .test_hostile import RTL, time_bound

ROOT = Path(__file__).resolve().parent.parent
WERKVORM = "c/en/werkvormen/parking-lot.yaml"


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """A writable English copy of the small fixture at ./c, with the working folder beside it."""
    shutil.copytree(RTL, tmp_path / "c")
    shutil.rmtree(tmp_path / "c" / "ar")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, **env: str):
    return CliRunner(env=env or None).invoke(main, list(args))


def lines(result) -> list[str]:
    return result.stderr.strip().splitlines()


def _replace_with_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _link_to_dev_zero(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def _link_to_secret(path: Path) -> None:
    secret = path.parents[3] / "secret.yaml"
    secret.write_text("title: TOP-SECRET-LINE\n")
    path.unlink()
    path.symlink_to(secret)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_replace_with_fifo, f"{WERKVORM}: is not a regular file (a FIFO, device or socket); it is not read"),
        (_link_to_dev_zero, f"{WERKVORM}: is a link that leads outside the content folder; it is not read"),
        (_link_to_secret, f"{WERKVORM}: is a link that leads outside the content folder; it is not read"),
    ],
)
def test_fifos_devices_and_links_leading_out_are_content_errors_and_never_opened(here, make, message):
    make(here / WERKVORM)
    with time_bound(10):  # a guard against hanging, not a measurement
        result = run("validate", "--content", "c", "--no-fit")
    assert result.exit_code == 1
    assert lines(result) == [message, "1 problem found; nothing was written."]
    assert "TOP-SECRET" not in result.output + result.stderr


def test_a_language_folder_linked_outside_is_refused(here):
    outside = here / "elsewhere"
    shutil.move(here / "c" / "en", outside)
    (here / "c" / "en").symlink_to(outside)
    result = run("validate", "--content", "c", "--no-fit")
    assert result.exit_code == 1
    assert lines(result) == [
        "c/en: is a link that leads outside the content folder; it is not read",
        "1 problem found; nothing was written.",
    ]


def test_a_link_inside_the_content_is_followed(here):
    shutil.move(here / WERKVORM, here / "c" / "shared.yaml")
    (here / WERKVORM).symlink_to("../../shared.yaml")
    result = run("validate", "--content", "c", "--no-fit")
    assert result.exit_code == 0, result.stderr


def test_reads_stop_at_the_limit_counted_in_bytes_read_not_in_st_size(here, monkeypatch):
    from deck.content import source

    (here / WERKVORM).write_bytes(b"title: " + b"x" * 2_000_000 + b"\n")
    real_fstat = os.fstat

    class Lying:
        def __init__(self, real):
            self.st_mode, self.st_size = real.st_mode, 10  # a file that says it is tiny

    monkeypatch.setattr(source.os, "fstat", lambda fd: Lying(real_fstat(fd)))
    result = run("validate", "--content", "c", "--no-fit")
    assert result.exit_code == 1
    assert f"{WERKVORM}: file is 1,000,001 bytes; the limit is 1,000,000" in lines(result)


def test_an_unreadable_folder_is_a_one_line_error(here, monkeypatch):
    from deck.content import files as content_files

    real = os.scandir

    def scandir(path):
        if str(path).endswith("werkvormen"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(content_files.os, "scandir", scandir)
    result = run("validate", "--content", "c", "--no-fit")
    assert result.exit_code == 1
    assert lines(result) == ["c/en/werkvormen: cannot read this folder: Permission denied", "1 problem found; nothing was written."]


def test_a_deleted_working_folder_is_a_one_line_error(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", "import os, sys; os.rmdir(os.getcwd()); from deck.cli import main; sys.argv[1:] = ['validate']; main()"],
        cwd=gone,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr == "deck: the working folder no longer exists (deleted or moved); change into the project folder again\n"


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file and folder below ``folder`` (the build cache's entries included), with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>" for p in sorted(folder.rglob("*"))}


def _pdfs(folder: Path) -> dict[str, bytes]:
    """The PDFs in ``folder``, and any file a build left beside them (the cache keeps its own folder)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != CACHE_FOLDER}


@pytest.fixture
def earlier(here, built) -> Path:
    """An output folder with an earlier build's four PDFs of the English deck (a copy of the one build of the run)."""
    shutil.copytree(built(here / "c").folder, here / "out")
    (here / "c" / "deck.yaml").write_text((here / "c" / "deck.yaml").read_text() + "date: 2026-01-02\n")  # the next build differs
    return here / "out"


def test_a_full_disk_leaves_the_output_folder_byte_identical(earlier, monkeypatch):
    from deck.output import write

    before = _snapshot(earlier)
    written, real_write = [], os.write

    def write_until_full(fd, data):
        if len(written) == 2:  # the first files fit; then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(len(data))
        return real_write(fd, data)

    monkeypatch.setattr(write.os, "write", write_until_full)
    result = run("build", "--content", "c", "--out", "out")
    assert result.exit_code == 1
    assert lines(result) == ["deck: out/rtl-en-sheets-a4.pdf: No space left on device"]
    assert _snapshot(earlier) == before


def test_a_read_only_output_folder_is_a_one_line_error(earlier, monkeypatch):
    from deck.output import write

    before = _snapshot(earlier)

    def read_only(path, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(write.Path, "mkdir", lambda self, *a, **k: read_only(self) if self.name == STAGE else None)
    result = run("build", "--content", "c", "--out", "out")
    assert result.exit_code == 1
    assert lines(result) == [f"deck: out/{STAGE}: Read-only file system"]
    assert _snapshot(earlier) == before


KILL_BETWEEN_RENAMES = textwrap.dedent(
    """
    import os, signal, sys
    from deck.output import write
    from deck.cli import main
    real, count = os.replace, [0]
    def replace(a, b):
        real(a, b)
        if str(b).endswith(".pdf"):
            count[0] += 1
            if count[0] == 2:
                os.kill(os.getpid(), signal.SIGKILL)
    write.os.replace = replace
    sys.argv[1:] = ["build", "--content", "c", "--out", "out"]
    main()
    """
)


def test_a_build_killed_between_renames_is_finished_by_the_next_run(earlier):
    old = _pdfs(earlier)
    result = subprocess.run([sys.executable, "-c", KILL_BETWEEN_RENAMES], cwd=earlier.parent, capture_output=True)
    assert result.returncode == -signal.SIGKILL
    assert (earlier / JOURNAL).exists()  # committed, half moved in
    recover(earlier)  # what the next build does first
    new = _pdfs(earlier)
    assert sorted(new) == sorted(old) and all(new[name] != old[name] for name in old)  # every file new, none left behind


SLOWED = textwrap.dedent(
    """
    import os, sys, threading, time
    from deck.output import write
    from deck.cli import main
    moment = sys.argv.pop(1)
    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()  # as deck watch's watcher: a second thread
    real_write, real_replace = write._write_synced, os.replace
    def write_slowly(path, data):  # each staged PDF takes a while: a signal lands among them
        real_write(path, data)
        if moment == "staging" and path.suffix == ".pdf":
            time.sleep(0.15)
    def replace_slowly(a, b):  # each PDF moved in takes a while: a signal lands among the renames
        real_replace(a, b)
        if moment == "moving" and str(b).endswith(".pdf") and write.STAGE not in str(b):
            time.sleep(0.15)
    real_sync = write._sync_folder
    def sync_slowly(folder):  # and so does the sync right after the commit: a signal lands there too
        real_sync(folder)
        if moment == "moving" and (folder / write.JOURNAL).exists():
            time.sleep(0.15)
    write._write_synced, write.os.replace, write._sync_folder = write_slowly, replace_slowly, sync_slowly
    sys.argv[1:] = ["build", "--content", "c", "--out", "out"]
    main()
    """
)


def _signal_when(process: subprocess.Popen, ready, signum: int) -> None:
    """Send ``signum`` to a running build as soon as ``ready()`` holds; fail if the build ends first."""
    deadline = time.monotonic() + 60
    while not ready():
        assert process.poll() is None, "the build ended before the moment the signal was meant for"
        assert time.monotonic() < deadline, "the moment the signal was meant for never came"
        time.sleep(0.002)
    process.send_signal(signum)
    process.wait(60)


@pytest.mark.parametrize(
    ("signum", "moment"),
    [
        (signal.SIGINT, "staging"),
        (signal.SIGTERM, "staging"),
        (signal.SIGKILL, "staging"),
        (signal.SIGINT, "moving"),
        (signal.SIGTERM, "moving"),
    ],
)
def test_a_real_signal_while_files_are_written_leaves_all_old_or_all_new_files(earlier, built, signum, moment):
    """A signal from outside lands while the new PDFs are staged (before the commit: the old files stay) or while
    they are moved in (Ctrl-C and SIGTERM wait for the renames: every file is new); SIGKILL after the commit is
    ``test_a_build_killed_between_renames_is_finished_by_the_next_run``. Never a traceback."""
    old = _pdfs(earlier)
    new = _pdfs(built(earlier.parent / "c").folder)  # the edited deck, built once for the run
    assert old.keys() == new.keys() and all(old[name] != new[name] for name in old)
    process = subprocess.Popen(
        [sys.executable, "-c", SLOWED, moment], cwd=earlier.parent, preexec_fn=ctrl_c_reaches_it, stderr=subprocess.PIPE
    )
    if moment == "staging":
        _signal_when(process, lambda: any((earlier / STAGE).glob("*.pdf")), signum)
    else:
        _signal_when(process, lambda: (earlier / JOURNAL).exists(), signum)
    stderr = process.stderr.read().decode() if process.stderr else ""
    assert process.returncode != 0 and "Traceback" not in stderr, stderr
    if signum == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
        recover(earlier)  # what the next build does first
    assert not (earlier / STAGE).exists() and not (earlier / JOURNAL).exists()
    assert _pdfs(earlier) == (old if moment == "staging" else new)


def _link_targets(path: Path) -> dict[int, list[int]]:
    """Per page: the pages its links go to, as PDFium reads them."""
    document = pdfium.PdfDocument(str(path))
    found = {}
    for index in range(len(document)):
        page, position, link, targets = document[index], ctypes.c_int(0), pdfium_c.FPDF_LINK(), []
        while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
            dest = pdfium_c.FPDFLink_GetDest(document.raw, link)
            targets.append(pdfium_c.FPDFDest_GetDestPageIndex(document.raw, dest))
        found[index] = targets
    return found


def test_ids_that_end_like_another_cards_anchor_link_to_the_right_card(here):
    folder = here / "c"
    (folder / "deck.yaml").write_text((folder / "deck.yaml").read_text().replace("pause-button", "parking-lot-back"))
    (folder / "en/werkvormen/pause-button.yaml").rename(folder / "en/werkvormen/parking-lot-back.yaml")
    written = build(folder, here / "out", outputs=["screen"])
    targets = _link_targets(written[0].path)
    # pages: 2 overview, 4 divider focus, 6 parking-lot (7 its back), 8 divider care, 10 parking-lot-back (11 its back)
    assert set(targets[2]) == {4, 6, 8, 10}  # with anchors werkvorm-parking-lot-back and werkvorm-parking-lot + -back, page 7
    assert set(targets[8]) == {10}
    assert set(targets[11]) == {2, 8}


def test_font_subsetting_is_the_same_with_or_without_harfbuzz(here, monkeypatch):
    from weasyprint.pdf import fonts

    class NewHarfBuzz:
        """The machine's HarfBuzz, claiming the version subsetting needs (4.1)."""

        def __getattr__(self, name):
            if name == "hb_version_atleast":
                return lambda *version: version == (4, 1, 0) or real_harfbuzz.hb_version_atleast(*version)
            return getattr(real_harfbuzz, name)

    real_harfbuzz = fonts.harfbuzz

    first = build(here / "c", here / "a", outputs=["print"])[0].path.read_bytes()
    harfbuzz_calls = []
    monkeypatch.setattr(fonts, "harfbuzz_subset", object())  # as on a machine with libharfbuzz-subset
    monkeypatch.setattr(fonts, "harfbuzz", NewHarfBuzz())
    monkeypatch.setattr(fonts.Font, "_harfbuzz_subset", lambda self, *args: harfbuzz_calls.append(self.family))
    second = build(here / "c", here / "b", outputs=["print"])[0].path.read_bytes()
    assert harfbuzz_calls == []
    assert first == second


def test_a_pipe_or_a_link_loop_in_the_content_folder_neither_blocks_nor_counts(mini_copy, tmp_path):
    """The cache hashes the content folder's files other than its texts (a font a stylesheet names): a named pipe
    there would block a read for ever, and a link back to the folder would never end; neither is read."""
    from deck.build import Options

    (mini_copy / "images").mkdir()
    os.mkfifo(mini_copy / "images" / "pipe.png")
    (mini_copy / "images" / "loop").symlink_to(mini_copy / "images")
    with time_bound(120):
        first = build(mini_copy, tmp_path / "out", outputs=["screen"], options=Options(jobs=1))
        again = build(mini_copy, tmp_path / "out", outputs=["screen"], options=Options(jobs=1))
    assert first[0].path.exists() and again[0].unchanged


@pytest.mark.parametrize("payload", ["[]", "5", '"text"', "[" * 200_000, "{"], ids=["list", "number", "text", "deep", "cut short"])
def test_what_a_build_keeps_in_its_output_folder_is_read_as_nothing_when_damaged(tmp_path, payload):
    """The record of a build's files, the cut faces it noted and the journal of a write are read back by the next build;
    damaged, each is read as nothing (the build builds again, nothing is moved), never as a traceback."""
    from deck.build import NOTE, PIECES, cached_notes
    from deck.output.cache import BuildCache, CachedFile

    cache = BuildCache(tmp_path / "out")
    cache.store("slot", "key", [])
    assert cache.lookup("slot", "key") == ()
    (record,) = (tmp_path / "out" / CACHE_FOLDER).glob("*.json")
    record.write_text(payload, encoding="utf-8")
    assert cache.lookup("slot", "key") is None

    noted = CachedFile("deck-en-screen.pdf", "screen", "0" * 64, 2, (), (NOTE + "card 5 continues on card 5a", NOTE + PIECES + payload))
    assert cached_notes([noted]) == (["card 5 continues on card 5a"], {})

    folder = tmp_path / "written"
    (folder / STAGE).mkdir(parents=True)
    (folder / STAGE / "deck-en-screen.pdf").write_bytes(b"%PDF- new")
    (folder / "deck-en-screen.pdf").write_bytes(b"%PDF- old")
    (folder / JOURNAL).write_text(payload, encoding="utf-8")
    recover(folder)
    assert (folder / "deck-en-screen.pdf").read_bytes() == b"%PDF- old"


def test_links_where_deck_keeps_its_cache_or_stages_its_files_are_not_followed(tmp_path):
    """A link in the output folder named like the cache folder is not used (said once; nothing is read or written
    through it); one named like the staging folder fails the build with one line, before anything moves through it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "rtl-en-screen.pdf").write_bytes(b"not deck's")
    out = tmp_path / "out"
    out.mkdir()
    args = ["build", "--content", str(RTL), "--lang", "en", "--output", "screen", "--out", str(out)]
    (out / CACHE_FOLDER).symlink_to(outside, target_is_directory=True)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.splitlines()[0]
        == f"{out / CACHE_FOLDER} is a link: the build cache is not used (deck reads and writes nothing through it)"
    )
    assert sorted(p.name for p in outside.iterdir()) == ["rtl-en-screen.pdf"]
    written = (out / "rtl-en-screen.pdf").read_bytes()

    (out / CACHE_FOLDER).unlink()
    (out / JOURNAL).write_text('["rtl-en-screen.pdf"]', encoding="utf-8")  # a write left committed, as a killed build leaves it
    (out / STAGE).symlink_to(outside, target_is_directory=True)
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, result.stderr) == (1, f"deck: {out / STAGE}: a link where deck stages the files it writes; remove it\n")
    assert (outside / "rtl-en-screen.pdf").read_bytes() == b"not deck's" and (out / "rtl-en-screen.pdf").read_bytes() == written


def test_the_output_folders_files_are_read_only_as_plain_files_of_their_own(tmp_path):
    """What a build reads back from its output folder (its record of the files, the files' sums, the fit hints, the
    journal) is read only from plain files in that folder: a pipe does not block, a link is not followed, a record's
    file name cannot lead elsewhere, and a record field of the wrong type is no record."""
    import hashlib
    import json

    from deck.output.cache import BuildCache
    from deck.output.write import read_plain, sha256_plain

    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not deck's")
    out = tmp_path / "out"
    cache = BuildCache(out)
    (out / "deck-en-screen.pdf").parent.mkdir(parents=True)
    (out / "deck-en-screen.pdf").write_bytes(b"%PDF- deck's")
    good = {"name": "deck-en-screen.pdf", "output": "screen", "sha256": hashlib.sha256(b"%PDF- deck's").hexdigest(), "pages": 2}
    good |= {"shrinks": [{"card": "5", "face": "front", "title": "T", "from_pt": 9, "to_pt": 8.5}], "warnings": ["w"]}
    cache.store("slot", "key", [])
    (record,) = cache.folder.glob("*.json")

    def with_file(**changed: object) -> tuple | None:
        record.write_text(json.dumps({"format": 1, "slot": "slot", "key": "key", "files": [good | changed]}), encoding="utf-8")
        return cache.lookup("slot", "key")

    assert with_file() is not None
    named_outside = {"name": str(outside), "sha256": hashlib.sha256(b"not deck's").hexdigest()}
    for damage in [named_outside, {"name": "../outside.txt"}, {"shrinks": [1]}, {"shrinks": [{"x": 1}]}, {"warnings": [1]}]:
        assert with_file(**damage) is None, damage
    for wrong in [{"output": ["a"]}, {"pages": "many"}, {"pages": -1}, {"name": ".deck-journal"}]:
        assert with_file(**wrong) is None, wrong
    pipe, link = tmp_path / "pipe", tmp_path / "link"
    os.mkfifo(pipe)
    link.symlink_to(outside)
    with time_bound(20):
        assert read_plain(pipe, 100) is None and sha256_plain(pipe) is None
        assert read_plain(link, 100) is None and sha256_plain(link) is None
        assert read_plain(tmp_path, 100) is None and read_plain(outside, 5) is None  # a folder; a file over the limit
        assert read_plain(outside, 100) == b"not deck's"
        record.unlink()
        os.mkfifo(record)
        assert cache.lookup("slot", "key") is None
        (out / JOURNAL).symlink_to(outside)
        (out / STAGE).mkdir()
        (out / STAGE / "deck-en-screen.pdf").write_bytes(b"staged")
        recover(out)  # a link is no journal: nothing was committed
    assert (out / "deck-en-screen.pdf").read_bytes() == b"%PDF- deck's" and outside.read_bytes() == b"not deck's"
    assert not (out / JOURNAL).exists() and not (out / STAGE).exists()


def test_a_build_whose_cache_cannot_be_kept_says_so_and_keeps_its_pdfs(tmp_path):
    """The PDFs are written before the cache is kept: a cache that cannot be kept (a file where its folder goes) is said
    in one line; the build succeeds. Staging folders nested too deep to remove are one line too, and nothing moves."""
    out = tmp_path / "out"
    args = ["build", "--content", str(RTL), "--lang", "en", "--output", "screen", "--out", str(out)]
    (out / CACHE_FOLDER).mkdir(parents=True)
    (out / CACHE_FOLDER / "reuse").write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"{out / CACHE_FOLDER / 'reuse'}: File exists: the build cache is not kept (the PDFs are written)" in result.stdout.splitlines()
    written = (out / "rtl-en-screen.pdf").read_bytes()
    (out / STAGE).mkdir()
    folders = [os.open(out / STAGE, os.O_RDONLY)]
    try:
        for _ in range(1500):  # deeper than a path may be written at once, so made (and removed) one level at a time
            os.mkdir("a", dir_fd=folders[-1])
            folders.append(os.open("a", os.O_RDONLY, dir_fd=folders[-1]))
        with time_bound(60):
            result = CliRunner().invoke(main, [*args, "--no-cache"])
        assert (result.exit_code, result.stderr) == (1, f"deck: {out / STAGE}: nested too deep for deck to remove; remove it by hand\n")
        assert (out / "rtl-en-screen.pdf").read_bytes() == written
    finally:
        while len(folders) > 1:
            os.close(folders.pop())
            os.rmdir("a", dir_fd=folders[-1])
        os.close(folders.pop())


def test_watch_says_an_output_folder_it_cannot_write_and_keeps_watching(tmp_path, monkeypatch):
    """An OS error while writing (a full disk, a read-only folder) is one line under watch, which goes on watching."""
    import errno

    from deck import watch
    from deck.build import Options

    said: list[str] = []
    watcher = watch.Watcher(RTL, tmp_path / "out", ["en"], Options(), said.append, lambda written: None)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out" / "rtl-en-screen.pdf"))

    monkeypatch.setattr(watch, "build", full)
    assert watcher.rebuild() is False
    assert said == [f"deck: {tmp_path / 'out' / 'rtl-en-screen.pdf'}: No space left on device\nNo PDF was written."]
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "rtl-en-screen.pdf").write_bytes(b"%PDF- an earlier build's")
    assert watcher.rebuild() is False
    assert said[-1] == f"deck: {tmp_path / 'out' / 'rtl-en-screen.pdf'}: No space left on device\nThe last good PDF is kept."


def test_a_kept_instruction_page_that_does_not_open_is_made_again():
    """The sheets' instruction page is kept with what WeasyPrint said; one whose PDF does not open is no page."""
    import io

    import pikepdf

    from deck.output.outputs import _instructions_entry

    assert _instructions_entry(b'["said"]\n%PDF-garbage') is None
    buffer = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(buffer)
    assert _instructions_entry(b'["said"]\n' + buffer.getvalue()) == (["said"], buffer.getvalue())


def _deep_sheet(folder: Path) -> str:
    (folder / "deep.css").write_text(".a { b: " + "(" * 20000 + ")" * 20000 + " }")
    return "deep.css"


def _fifo_sheet(folder: Path) -> str:
    os.mkfifo(folder / "fifo.css")
    return "fifo.css"


def _sheet_importing_a_fifo(folder: Path) -> str:
    os.mkfifo(folder / "fifo.css")
    (folder / "imp.css").write_text('@import "fifo.css";\n')
    return "imp.css"


@pytest.mark.parametrize(
    ("make", "code", "said"),
    [
        (
            _deep_sheet,
            1,
            ["deep.css: cannot read the stylesheet: its blocks are nested too deeply", "The build failed; nothing was written."],
        ),
        (_fifo_sheet, 1, ["fifo.css: cannot read the stylesheet: not a regular file", "The build failed; nothing was written."]),
        (
            _sheet_importing_a_fifo,
            0,
            ["warning: imp.css: Failed to load stylesheet at {fifo} : ValueError: refused to read {path}: not a regular file"],
        ),
    ],
)
def test_ones_own_stylesheet_nested_too_deeply_a_fifo_or_importing_one_is_a_line_not_a_traceback_or_a_hang(here, make, code, said):
    sheet = make(here)
    with time_bound(60):  # a guard against hanging, not a measurement
        result = run(
            "build", "--content", "c", "--output", "screen", "--out", "out", "--jobs", "1", "--stylesheet", sheet
        )  # no worker to wait for
    assert result.exit_code == code, result.output + result.stderr
    fifo = here / "fifo.css"
    assert lines(result) == [line.format(fifo=fifo.as_uri(), path=fifo) for line in said]
    assert (here / "out").exists() == (code == 0)
