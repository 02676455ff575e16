"""Time writing a tagged PDF with and without deck's workaround for pydyf's page references.

    .venv/bin/python bench/page_references.py [--dimensions 40]

Lays a synthetic deck out once (see synthetic.py), then writes its tagged PDF with the workaround
(deck's default) and with pydyf's own property; prints both times and whether the bytes are the same.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

import pydyf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_deck

from deck.content.dates import reproducible
from deck.content.load import load_content
from deck.layout import upstream
from deck.layout.fitting import fit_language
from deck.layout.geometry import resolve_size


def tagged(document) -> tuple[float, bytes]:
    """Seconds of CPU to write the tagged PDF, and its bytes."""
    buffer = io.BytesIO()
    start = time.process_time()
    with reproducible(315532800):
        document.write_pdf(buffer, pdf_tags=True)
    return time.process_time() - start, buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dimensions", type=int, default=40, help="Dimensions of 5 werkvormen each.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        make_deck(Path(tmp) / "deck", args.dimensions, 5, intro=False)
        content = load_content(Path(tmp) / "deck")
        document = fit_language(content, "nl", resolve_size("a6"), strict=False).document
    kept, with_workaround = tagged(document)
    pydyf.PDF.page_references = upstream._ORIGINAL_PAGE_REFERENCES
    rebuilt, without = tagged(document)
    upstream.apply()
    print(f"{len(document.pages)} pages: tagged PDF in {kept:.2f} s with the workaround, {rebuilt:.2f} s without")
    print("byte-identical" if with_workaround == without else "the PDFs differ")


if __name__ == "__main__":
    main()
