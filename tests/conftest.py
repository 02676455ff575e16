from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deck.build import build
from deck.content.load import load_content

from .pdfinfo import PdfInfo

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="session")
def liso_content():
    return load_content(CONTENT)


@pytest.fixture(scope="session")
def liso_nl(tmp_path_factory) -> dict[str, PdfInfo]:
    """The default Dutch deck, built once for the session: {'print': ..., 'screen': ...}."""
    out = tmp_path_factory.mktemp("dist")
    written = build(CONTENT, out, languages=["nl"])
    return {w.output: PdfInfo(w.path) for w in written}


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
