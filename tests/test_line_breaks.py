"""Line breaks as a reader sees them in the screen PDFs (PDFium's text, line by line): no line holds only
the head of a hyphenated word when the whole word would have fitted on it."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from .conftest import liso_screen_at

LANGUAGES = ("nl", "en")
SIZES = ("a6", "a7")
LINE_END_HYPHENS = "-\u00ad\ufffe\x02"
"""A hyphen at a line end: as drawn, as a soft hyphen, and as PDFium marks one it recognised
(U+FFFE in get_text_range, 0x02 from FPDFText_GetUnicode)."""


@dataclass
class Char:
    text: str
    left: float
    right: float


@dataclass
class Line:
    chars: list[Char]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars).strip()

    @property
    def right(self) -> float:
        return max(c.right for c in self.chars if not c.text.isspace())

    def words(self) -> list[list[Char]]:
        """The line's words, each as its characters (a generated space separates them)."""
        words: list[list[Char]] = [[]]
        for char in self.chars:
            if char.text.isspace():
                words.append([])
            else:
                words[-1].append(char)
        return [word for word in words if word]


def page_lines(page: pdfium.PdfPage) -> list[Line]:
    """The page's text lines in reading order: characters drawn on one baseline (within 2 pt) form a line."""
    textpage = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    lines: list[Line] = []
    baseline = None
    for index in range(raw.FPDFText_CountChars(textpage)):
        text = chr(raw.FPDFText_GetUnicode(textpage, index))
        if text in "\r\n":
            continue
        if text.isspace():
            if lines:
                lines[-1].chars.append(Char(" ", 0.0, 0.0))
            continue
        raw.FPDFText_GetCharOrigin(textpage, index, x, y)
        raw.FPDFText_GetCharBox(textpage, index, left, right, bottom, top)
        if baseline is None or abs(y.value - baseline) > 2:
            lines.append(Line([]))
        baseline = y.value
        lines[-1].chars.append(Char(text, left.value, right.value))
    return [line for line in lines if line.text]


def lone_heads(document: pdfium.PdfDocument) -> list[tuple[int, str, str]]:
    """Lines holding a single word fragment that ends in a hyphen (a step number before it aside) while
    the whole word would have fitted: the head and the tail together are no wider than the next line."""
    found = []
    for index in range(len(document)):
        for line, after in pairwise(page_lines(document[index])):
            words = line.words()
            if words and "".join(c.text for c in words[0]).isdigit():
                words = words[1:]  # the step's number
            if len(words) != 1 or words[0][-1].text not in LINE_END_HYPHENS or not after.words():
                continue
            head = [c for c in words[0] if c.text not in LINE_END_HYPHENS]
            if not head:
                continue
            tail = after.words()[0]
            whole_width = (head[-1].right - head[0].left) + (tail[-1].right - tail[0].left)
            if head[0].left + whole_width <= after.right + 0.5:
                found.append((index, line.text, after.text))
    return found


@pytest.fixture(scope="module", params=[pytest.param(size, marks=pytest.mark.xdist_group(f"size-{size}")) for size in SIZES])
def screens(request, built) -> dict[str, Path]:
    """The Dutch and English screen PDFs at one size, built once for the run (shared with tests/test_sizes.py)."""
    return liso_screen_at(built, request.param).paths("screen")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_line_holds_only_the_head_of_a_word_that_fits(screens, language):
    """E.g. 'Deelne-' alone on a line above 'mers gaan in subgroepen ...' (a text ending in a space before
    an inline element, as the whole last word's span, was taken by WeasyPrint 70 as a line too long)."""
    document = pdfium.PdfDocument(str(screens[language]))
    assert not lone_heads(document)


def test_the_lines_are_read_as_drawn(screens):
    """The check above sees lines: a step's number comes first on its line, a hyphenated word is split."""
    document = pdfium.PdfDocument(str(screens["nl"]))
    texts = [line.text for index in range(len(document)) for line in page_lines(document[index])]
    assert any(text.startswith("1 Stel vast waarvoor") for text in texts)
    assert any(text[-1] in LINE_END_HYPHENS for text in texts)
