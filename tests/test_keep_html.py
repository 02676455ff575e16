"""--keep-html: the kept HTML, laid out by bare WeasyPrint from another folder, gives the build's pages."""

from __future__ import annotations

import subprocess
import sys

import pypdfium2 as pdfium
from click.testing import CliRunner

from deck.cli import main

from .conftest import MINI


def _page_texts(pdf) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def test_kept_html_laid_out_by_bare_weasyprint_gives_the_same_pages(tmp_path):
    kept, out = tmp_path / "html", tmp_path / "dist"
    args = ["build", "--content", str(MINI), "--output", "print", "--out", str(out), "--keep-html", str(kept)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in kept.iterdir()) == ["mini-en.html", "styles"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    bare = [sys.executable, "-c", "import sys, weasyprint; weasyprint.HTML(sys.argv[1]).write_pdf(sys.argv[2])"]
    subprocess.run([*bare, str(kept / "mini-en.html"), str(elsewhere / "bare.pdf")], cwd=elsewhere, check=True, capture_output=True)
    assert _page_texts(elsewhere / "bare.pdf") == _page_texts(out / "mini-en-print.pdf")
