"""PNG previews of built PDFs: one image per face, and contact sheets (PDFium, no system tools)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from deck.output.write import write_atomic

GAP_PX = 16
BACKGROUND = "#8a9096"


def face_images(pdf_path: Path, dpi: float = 110, pages: Sequence[int] | None = None) -> list[Image.Image]:
    """Render pages of a PDF (1-based numbers; all when None) to images at ``dpi``."""
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        wanted = pages or range(1, len(document) + 1)
        return [document[number - 1].render(scale=dpi / 72).to_pil().convert("RGB") for number in wanted]
    finally:
        document.close()


def contact_sheet(images: Sequence[Image.Image], columns: int) -> Image.Image:
    """Images in a grid, in order, on a neutral background."""
    width = max(image.width for image in images)
    height = max(image.height for image in images)
    rows = -(-len(images) // columns)
    sheet = Image.new("RGB", (columns * (width + GAP_PX) + GAP_PX, rows * (height + GAP_PX) + GAP_PX), BACKGROUND)
    for index, image in enumerate(images):
        row, column = divmod(index, columns)
        sheet.paste(image, (GAP_PX + column * (width + GAP_PX), GAP_PX + row * (height + GAP_PX)))
    return sheet


def save_png(image: Image.Image, path: Path) -> None:
    """Write ``image`` as a PNG whole or not at all: Ctrl-C while it is written leaves the earlier image."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    write_atomic(path, buffer.getvalue())


FACE_PNG = re.compile(r"card-\d{2,}-(front|back)\.png")
"""What ``face_png_name`` gives, and nothing else."""


def face_png_name(index: int) -> str:
    """The PNG name of a page of a one-face-per-page PDF (0-based): ``card-01-front.png``, ``card-01-back.png``, …"""
    return f"card-{index // 2 + 1:02d}-{'front' if index % 2 == 0 else 'back'}.png"


def write_previews(pdf_path: Path, out_dir: Path, dpi: float = 110, columns: int = 8) -> tuple[list[Path], Path]:
    """Write ``face-NN-front.png`` / ``face-NN-back.png`` per page and ``contact.png``; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    images = face_images(pdf_path, dpi)
    paths = []
    for index, image in enumerate(images):
        path = out_dir / face_png_name(index)
        save_png(image, path)
        paths.append(path)
    contact = out_dir / "contact.png"
    save_png(contact_sheet([image.resize((image.width // 2, image.height // 2)) for image in images], columns), contact)
    return paths, contact
