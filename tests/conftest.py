from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

from deck.build import Options, build
from deck.content.load import load_content

from .pdfinfo import PdfInfo

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
RTL = Path(__file__).resolve().parent / "fixtures" / "rtl"


@dataclass(frozen=True)
class Built:
    """A deck built once for the whole test run (shared by every xdist worker): its folder, files and notes."""

    folder: Path
    files: tuple[tuple[str, str], ...]
    """(file name, output) of every file written, in the build's order."""
    notes: tuple[str, ...]
    """What the build told ``on_note``."""

    def paths(self, output: str) -> dict[str, Path]:
        """Language -> the file of one output (names are ``<deck>-<language>-...``)."""
        return {name.split("-")[1]: self.folder / name for name, kind in self.files if kind == output}


def _content_digest(folder: Path) -> str:
    """A hash of every file below ``folder``: two copies of the same content share their builds."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _shared_root(tmp_path_factory) -> Path:
    """The base temporary folder every xdist worker of this run shares (each worker's own is one below it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


BuildOnce = Callable[..., Built]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> BuildOnce:
    """``built(content, languages, outputs, options)``: the deck built once per test run, across workers.

    Only for tests that read the PDFs; a test of the build itself (cache, errors, signals) builds on its own.
    """
    root = _shared_root(tmp_path_factory) / "built"
    root.mkdir(exist_ok=True)

    def get(
        content: Path, languages: Sequence[str] | None = None, outputs: Sequence[str] | None = None, options: Options | None = None
    ) -> Built:
        asked = repr((list(languages) if languages else None, list(outputs) if outputs else None, options or Options()))
        key = hashlib.sha256(f"{_content_digest(content)}\n{asked}".encode()).hexdigest()[:16]
        folder, record = root / key, root / f"{key}.json"
        with FileLock(root / f"{key}.lock"):
            if not record.exists():
                shutil.rmtree(folder, ignore_errors=True)  # left by a build that failed
                notes: list[str] = []
                written = build(content, folder, languages=languages, outputs=outputs, options=options, on_note=notes.append)
                files = [(w.path.name, w.output) for w in written]
                record.write_text(json.dumps({"files": files, "notes": notes}), encoding="utf-8")
        data = json.loads(record.read_text(encoding="utf-8"))
        return Built(folder, tuple(tuple(f) for f in data["files"]), tuple(data["notes"]))

    return get


@pytest.fixture(scope="session")
def liso_content():
    return load_content(CONTENT)


@pytest.fixture(scope="session")
def liso_nl_built(built) -> Built:
    """The default Dutch deck, every default output."""
    return built(CONTENT, ["nl"])


@pytest.fixture(scope="session")
def liso_nl(liso_nl_built) -> dict[str, PdfInfo]:
    """The default Dutch deck, built once for the session: {'print': ..., 'screen': ...}."""
    return {output: PdfInfo(liso_nl_built.folder / name) for name, output in liso_nl_built.files}


@pytest.fixture(scope="session")
def liso_nl_fitted(liso_content):
    """The default Dutch deck fitted at A6, laid out once for the tests that read its fits or its pages (in the
    ``size-a6`` group, so that one worker lays it out)."""
    from deck.layout.fitting import fit_language
    from deck.layout.geometry import resolve_size

    return fit_language(liso_content, "nl", resolve_size("a6"))


@pytest.fixture(scope="session")
def liso_screens(built) -> Built:
    """The default deck's Dutch and English screen PDFs (with the scan sheets, built in the same run)."""
    return liso_screen_at(built, "a6")


def liso_screen_at(built: BuildOnce, size: str) -> Built:
    """The default deck's Dutch and English screen PDFs at one size; at A6 the same build as ``liso_screens``."""
    if size == "a6":
        return built(CONTENT, ["nl", "en"], ["screen", "scan"])
    return built(CONTENT, ["nl", "en"], ["screen"], Options(size=size))


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the default content, for tests that break it."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


SLOW_FIRST = (
    "size-poker",
    "wheel",
    "size-bridge",
    "size-a7",
    "size-square",
    "test_a_large_decks_overview_continues_by_rows",
    "test_text_too_long_for_the_card_fails_the_build_and_writes_nothing",
    "size-tarot",
    "size-80x120",
    "size-a6",
    "test_a_build_killed_midway_keeps_the_earlier_pdf",
    "test_two_builds_give_identical_bytes",
    "test_a_real_signal_while_files_are_written_leaves_all_old_or_all_new_files",
)
"""Tests and xdist groups that take longest, longest first: `--dist loadgroup` hands out work in collection order,
so these start first and the short tests fill in around them instead of one long pole running alone at the end."""


def _group_suffix(item: pytest.Item, group: str) -> None:
    """Give an ``xdist_group`` test the ``@group`` suffix that ``--dist loadgroup`` groups by.

    pytest-xdist 3.8 writes the suffix into ``item._nodeid``, which pytest 9.2 no longer reads (its node ids are
    structured, ``item._id``), so the groups were silently ignored (pytest-dev/pytest-xdist#1386); this does it again.
    """
    suffixed = f"{item.nodeid.removesuffix('@' + group)}@{group}"
    if item.nodeid != suffixed and hasattr(item, "_id"):
        from _pytest.nodeid import NodeId

        item._id = NodeId.parse(suffixed)
    assert item.nodeid == suffixed, item.nodeid


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Tune each test process's collector as a build tunes its own (``deck.workers``): what collection loaded (modules,
    test items) is frozen out of every later collection, and young objects are collected less often. The tests'
    PDF reading allocates much that lives as long as a test; with the defaults, collection took 20 of 300 s of CPU."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, *gc.get_threshold()[1:])


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the slow tests and groups first (after pytest's own ordering by fixture; the sort is stable)."""
    if config.getoption("loadgroup", False):  # set on the xdist workers under --dist loadgroup
        for item in items:
            if (group := item.get_closest_marker("xdist_group")) is not None:
                _group_suffix(item, str(group.args[0]))

    def rank(item: pytest.Item) -> int:
        group = item.get_closest_marker("xdist_group")
        for name in (group.args[0] if group else None, getattr(item, "originalname", item.name)):
            if name in SLOW_FIRST:
                return SLOW_FIRST.index(name)
        return len(SLOW_FIRST)

    items.sort(key=rank)


def ctrl_c_reaches_it() -> None:
    """``preexec_fn`` of a child that a test stops with SIGINT: Ctrl-C acts as in a terminal, also when the tests run
    where SIGINT is ignored (a shell's background job), which a child would inherit."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
