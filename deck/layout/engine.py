"""WeasyPrint, imported through here by every module of the layout stack, without a costly library search.

WeasyPrint opens Pango, HarfBuzz and fontconfig with cffi, trying several names for each library
(Windows, macOS and Linux names). For every name that is not a file name cffi asks
``ctypes.util.find_library``, which on Linux runs ``ldconfig``, ``gcc`` and ``ld`` as subprocesses:
about 70 of them, a third of a second of CPU for each process that imports WeasyPrint. On Linux the
last names WeasyPrint tries are the libraries' sonames (``libpango-1.0.so.0``), which the dynamic
loader finds by itself in the same places, so the search is skipped while WeasyPrint is imported (and
done after all if a library cannot be opened without it). Elsewhere (macOS, Windows) ``find_library``
searches without subprocesses and is left alone.
"""

from __future__ import annotations

import ctypes.util
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout


@contextmanager
def _loader_finds_libraries() -> Iterator[None]:
    """On Linux, let cffi load libraries by soname only, without ``find_library``'s subprocesses."""
    if not sys.platform.startswith("linux"):
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


try:
    with _loader_finds_libraries(), redirect_stdout(io.StringIO()):  # WeasyPrint prints its own error first
        import weasyprint
except OSError:  # a library only find_library knows how to find: the slow way, with WeasyPrint's message
    import weasyprint
from weasyprint import CSS, HTML, Document, Page  # noqa: E402  (WeasyPrint is loaded above)
from weasyprint.pdf import fonts  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

__all__ = ["CSS", "HTML", "Document", "FontConfiguration", "Page", "URLFetcher", "fonts", "weasyprint"]


def empty_document() -> Document:
    """A document of no pages, for a deck whose every part an earlier build made."""
    return Document([], weasyprint.document.DocumentMetadata(), None, None, {}, None)
