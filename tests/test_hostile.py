"""Hostile and broken input: the build reads only its own files, writes only whole files, and explains every failure."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from deck.build import Options, build
from deck.cli import main
from deck.content.load import load_content
from deck.errors import ContentError, RenderError
from deck.options import Theme
from deck.output.write import write_atomic

from .conftest import CONTENT
from .pdfinfo import PdfInfo

RTL = Path(__file__).resolve().parent / "fixtures" / "rtl"


@contextmanager
def time_bound(seconds: int):
    """Fail instead of hanging: a safety bound for input that must be refused at once, not a speed measurement."""

    def expired(signum, frame):
        raise AssertionError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def small(tmp_path) -> Path:
    """A writable copy of the small right-to-left fixture, English only."""
    target = tmp_path / "deck"
    shutil.copytree(RTL, target)
    shutil.rmtree(target / "ar")
    return target


# --- Fuzzing: damaged content ends in a PDF or a content error, never in another exception ---

LEAVES = st.sampled_from([0, 1.5, True, None, [], {}, ["x"], {"a": "b"}, "", "   "])


def _paths(data, prefix=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*prefix, index)
            yield from _paths(value, (*prefix, index))


def _set(data, path, value):
    for key in path[:-1]:
        data = data[key]
    if value is _REMOVE:
        del data[path[-1]]
    else:
        data[path[-1]] = value


_REMOVE = object()


@st.composite
def damage(draw):
    """A file of the small deck, and what to do to it."""
    files = ["deck.yaml", "en/deck.yaml", "en/werkvormen/parking-lot.yaml", "en/werkvormen/pause-button.yaml"]
    file = draw(st.sampled_from(files))
    kind = draw(st.sampled_from(["type", "remove", "unicode", "truncate", "bytes"]))
    return file, kind, draw(st.integers(0, 10_000)), draw(LEAVES), draw(st.text(max_size=40)), draw(st.binary(max_size=20))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damage())
@example(("deck.yaml", "bytes", 0, 0, "", b"\x00"))  # found by this test: a NUL byte once raised a ReaderError
@example(("deck.yaml", "unicode", 1002, 0, "\x00", b""))  # found by this test: a NUL in a name that becomes a path
def test_damaged_content_gives_a_pdf_or_a_content_error(tmp_path_factory, case):
    file, kind, pick, leaf, text, noise = case
    folder = tmp_path_factory.mktemp("fuzz") / "deck"
    shutil.copytree(RTL, folder)
    shutil.rmtree(folder / "ar")
    path = folder / file
    raw = path.read_bytes()
    if kind in ("truncate", "bytes"):
        cut = pick % (len(raw) + 1)
        path.write_bytes(raw[:cut] + (noise if kind == "bytes" else b"") + (raw[cut:] if kind == "bytes" else b""))
    else:
        data = yaml.safe_load(raw)
        paths = list(_paths(data))
        target = paths[pick % len(paths)]
        _set(data, target, {"type": leaf, "remove": _REMOVE, "unicode": text}[kind])
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = folder.parent / "out"
    try:
        written = build(folder, out, outputs=["screen"])
    except (ContentError, RenderError) as error:
        assert str(error)
        assert not out.exists() or list(out.iterdir()) == []
    else:
        assert PdfInfo(written[0].path).pages


# --- Reads only what it should ---


def test_content_cannot_carry_markup_links_or_images(small):
    path = small / "en/werkvormen/parking-lot.yaml"
    texts = yaml.safe_load(path.read_text())
    texts["what"] = 'See <img src="file:///etc/passwd"> here.'
    texts["when"] = "See [the file](../../secret.txt)."
    path.write_text(yaml.safe_dump(texts))
    with pytest.raises(ContentError) as error:
        load_content(small)
    messages = sorted(f"{'.'.join(p.key_path)}: {p.message}" for p in error.value.problems)
    assert messages == [
        "what: HTML tags, links and images are not allowed in card text (found '<img src=\"file:///etc/passwd\">'); cards print plain text",
        "when: HTML tags, links and images are not allowed in card text (found '[the file](../../secret.txt)'); cards print plain text",
    ]
    assert all(p.file.endswith("en/werkvormen/parking-lot.yaml") for p in error.value.problems)


def test_plain_text_that_looks_like_code_prints_as_it_is(small, tmp_path):
    path = small / "en/werkvormen/parking-lot.yaml"
    texts = yaml.safe_load(path.read_text())
    texts["what"] = "Groups of < 7 & more > 3 people; a & b; file:///etc/passwd is just text."
    path.write_text(yaml.safe_dump(texts))
    pdf = PdfInfo(build(small, tmp_path / "out", outputs=["screen"])[0].path)
    assert "Groups of < 7 & more > 3 people; a & b; file:///etc/passwd is just text." in pdf.texts[6]


def test_the_renderer_reads_no_outside_file_and_opens_no_connection(small, tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE")
    style = tmp_path / "theme" / "mine.css"
    style.parent.mkdir()
    style.write_text(
        f".overview {{ background: url({secret.as_uri()}); }}\n"
        ".cover { background: url(file:///etc/passwd); }\n"
        ".credits { background: url(http://127.0.0.1:9/x.png); }\n"
        f"@import url({secret.as_uri()});\n"
    )
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    written = build(small, tmp_path / "out", outputs=["screen"], options=Options(theme=Theme(stylesheet=style)))
    pdf = PdfInfo(written[0].path)
    assert attempts == []
    assert not any("TOP-SECRET-LINE" in text or "root:" in text for text in pdf.texts)
    warnings = " ".join(written[0].warnings)
    assert "refused to read /etc/passwd: outside the content, templates and styles folders" in warnings
    assert "refused to fetch http://127.0.0.1:9/x.png: only the deck's own files may be used" in warnings
    assert f"refused to read {secret}" in warnings
    with pytest.raises(RenderError, match="--strict: the build has warnings"):
        build(small, tmp_path / "strict", outputs=["screen"], options=Options(theme=Theme(stylesheet=style), strict=True))
    assert not (tmp_path / "strict").exists()


def test_yaml_is_data_only(small):
    (small / "en/deck.yaml").write_text("!!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(ContentError) as error:
        load_content(small)
    assert str(error.value).endswith(
        "en/deck.yaml:1: YAML tag !!python/object/apply:os.system is not allowed in content (content is plain data)"
    )
    (small / "en/deck.yaml").write_text("title: !!python/name:os.system\n")
    with pytest.raises(ContentError) as error:
        load_content(small)
    assert "en/deck.yaml:1: title: YAML tag !!python/name:os.system is not allowed in content (content is plain data)" in str(error.value)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (lambda: "title: " + "x" * 20_000_000 + "\n", "file is 20,000,008 bytes; the limit is 1,000,000"),
        (
            lambda: 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n',
            "YAML anchors and aliases (&, *) are not allowed in content",
        ),
        (lambda: "title: " + "[" * 5000 + "]" * 5000 + "\n", "YAML nested too deeply"),
        (lambda: "\n".join(f"k{i}: v" for i in range(60_000)) + "\n", "more than 50,000 YAML values in one file"),
    ],
)
def test_oversized_and_pathological_yaml_is_refused_at_once(small, payload, message):
    (small / "en/werkvormen/parking-lot.yaml").write_text(payload())
    with time_bound(20), pytest.raises(ContentError) as error:
        load_content(small)
    assert message in str(error.value)


def test_thousands_of_steps_are_refused_with_the_limit(small):
    path = small / "deck.yaml"
    data = yaml.safe_load(path.read_text())
    data["werkvormen"][0]["steps"] = [f"step-{i}" for i in range(3000)]
    path.write_text(yaml.safe_dump(data))
    with time_bound(20), pytest.raises(ContentError) as error:
        load_content(small)
    assert "deck.yaml:" in str(error.value) and "werkvormen[0].steps: expected at most 30 entries, got 3,000" in str(error.value)


def test_a_very_long_text_and_a_word_without_breaks_fail_fast_or_fit(small, tmp_path):
    path = small / "en/werkvormen/parking-lot.yaml"
    texts = yaml.safe_load(path.read_text())
    texts["title"] = "Parking" + "x" * 150
    texts["what"] = "A" + "b" * 600
    path.write_text(yaml.safe_dump(texts))
    with time_bound(60):
        written = build(small, tmp_path / "ok", outputs=["screen"])
    assert len(PdfInfo(written[0].path).pages) == 16  # the scan card included
    texts["when"] = " ".join(["Far too long for any card."] * 110)
    path.write_text(yaml.safe_dump(texts))
    from deck.layout.fitting import fit_language
    from deck.layout.geometry import resolve_size

    with time_bound(60), pytest.raises(RenderError) as error:
        fit_language(load_content(small), "en", resolve_size("a6"))
    assert "card 4 (Parking" in str(error.value) and "even at the minimum size of 7 pt" in str(error.value)


# --- Writes only whole files ---


def test_an_interrupted_write_leaves_the_earlier_file_and_no_partial_one(tmp_path, monkeypatch):
    target = tmp_path / "deck.pdf"
    target.write_bytes(b"earlier good PDF")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"new PDF" * 1000)
    assert target.read_bytes() == b"earlier good PDF"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pdf"]


def _wait_for_workers(pid: int) -> None:
    """Return once the build ``pid`` has forked its language workers (it lays the languages out then)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not children.exists():  # no /proc here: a while in, as on a slow machine
            time.sleep(2)
            return
        if children.read_text().split():
            time.sleep(0.3)
            return
        time.sleep(0.02)
    raise AssertionError("the build started no worker within a minute")


def test_a_build_killed_midway_keeps_the_earlier_pdf(tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    earlier = out / "liso-nl-print.pdf"
    earlier.write_bytes(b"%PDF earlier good build")
    process = subprocess.Popen(
        [sys.executable, "-m", "deck", "build", "--content", str(CONTENT), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_for_workers(process.pid)  # the languages are being laid out, long before the first file is written
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert earlier.read_bytes() == b"%PDF earlier good build"
    assert [p.name for p in out.iterdir()] == ["liso-nl-print.pdf"]


def test_two_builds_give_identical_bytes(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build(RTL, tmp_path / "a", options=Options(pdfx=True))
    time.sleep(1.1)
    second = build(RTL, tmp_path / "b", options=Options(pdfx=True))
    assert len(first) == 8
    for a, b in zip(first, second, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes(), a.path.name
    assert PdfInfo(first[0].path).reader.metadata["/CreationDate"].startswith("D:1980")


def test_source_date_epoch_sets_the_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    written = build(RTL, tmp_path, languages=["en"], outputs=["print"], options=Options(pdfx=True))
    assert PdfInfo(written[0].path).reader.metadata["/CreationDate"].startswith("D:20260101")


# --- Explains every failure ---


def test_a_template_mistake_names_the_template_file_and_line(small, tmp_path):
    templates = tmp_path / "templates"
    (templates / "faces").mkdir(parents=True)
    (templates / "faces" / "credits.html.j2").write_text('<section class="face">\n<p>{{ card.nothing_here }}</p>\n</section>\n')
    result = CliRunner().invoke(main, ["build", "--content", str(small), "--templates", str(templates), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[0]
        == f"{templates / 'faces' / 'credits.html.j2'}:2: template error: 'deck.layout.cards.CreditsCard object' has no attribute 'nothing_here'"
    )
    (templates / "faces" / "credits.html.j2").write_text("{% if %}\n")
    result = CliRunner().invoke(main, ["build", "--content", str(small), "--templates", str(templates), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"{templates / 'faces' / 'credits.html.j2'}:1: template syntax error:")
    assert "Traceback" not in result.output + result.stderr
    assert not (tmp_path / "o").exists()


def test_css_mistakes_are_warnings_with_their_file_and_strict_fails(small, tmp_path):
    style = tmp_path / "mine.css"
    style.write_text(".face {\n  colr: red;\n}\n")
    runner = CliRunner()
    result = runner.invoke(
        main, ["build", "--content", str(small), "--stylesheet", str(style), "--output", "screen", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 0
    assert f"warning: {style}: Ignored `colr: red` at 2:3, unknown property." in result.stderr
    strict = ["build", "--content", str(small), "--stylesheet", str(style), "--strict", "--output", "screen", "--out", str(tmp_path / "s")]
    result = runner.invoke(main, strict)
    assert result.exit_code == 1
    assert not (tmp_path / "s").exists()


def test_the_fetcher_reads_allowed_files_whose_path_needs_escaping(tmp_path):
    """A project in a folder with a space (or other escaped characters) must still load its own fonts."""
    from deck.layout.render import LocalFetcher

    root = tmp_path / "my decks ü"
    root.mkdir()
    (root / "font file.txt").write_text("inside")
    fetcher = LocalFetcher((root,))
    response = fetcher.fetch((root / "font file.txt").as_uri())
    try:
        assert response.read() == b"inside"
    finally:
        response.close()
    with pytest.raises(ValueError, match="outside the content, templates and styles folders"):
        fetcher.fetch((tmp_path / "elsewhere.txt").as_uri())
    with pytest.raises(ValueError, match="outside the content"):
        fetcher.fetch((root / ".." / "elsewhere.txt").as_uri())


def test_a_font_that_cannot_be_loaded_fails_the_build(small, tmp_path):
    style = tmp_path / "fonts.css"
    style.write_text('@font-face { font-family: "Deck Sans"; src: url(missing.ttf); }\n')
    with pytest.raises(RenderError, match="The deck's fonts could not be loaded"):
        build(small, tmp_path / "out", outputs=["screen"], options=Options(theme=Theme(stylesheet=style)))
    assert not (tmp_path / "out").exists()
