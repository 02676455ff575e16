"""The workaround for pydyf's page references: same bytes, and no rebuild per structure element."""

from __future__ import annotations

import io

import pydyf

from deck.content.dates import reproducible
from deck.content.load import load_content
from deck.layout import upstream
from deck.layout.fitting import fit_language
from deck.layout.geometry import resolve_size

from .conftest import MINI


def _tagged_pdf(document) -> bytes:
    buffer = io.BytesIO()
    with reproducible(315532800):
        document.write_pdf(buffer, pdf_tags=True)
    return buffer.getvalue()


def test_cached_page_references_give_the_same_pdf_and_are_built_once_per_page(monkeypatch):
    content = load_content(MINI)
    document = fit_language(content, content.source_language, resolve_size("poker")).document
    patched = _tagged_pdf(document)

    calls = 0
    original = upstream._ORIGINAL_PAGE_REFERENCES.fget

    def counting(pdf):
        nonlocal calls
        calls += 1
        return original(pdf)

    monkeypatch.setattr(upstream, "_ORIGINAL_PAGE_REFERENCES", property(counting))
    again = _tagged_pdf(document)
    cached_calls = calls

    calls = 0
    monkeypatch.setattr(pydyf.PDF, "page_references", property(counting))
    unpatched = _tagged_pdf(document)

    assert patched == again == unpatched
    assert cached_calls <= len(document.pages) + 1 < calls
