"""Read what the tests check out of a built PDF (with pypdf, never by matching bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdf

MM = 72 / 25.4


def mm(points: float) -> float:
    return round(float(points) / MM, 2)


def box_mm(box: pypdf.generic.RectangleObject) -> tuple[float, float, float, float]:
    """(left, bottom, width, height) in mm."""
    return (mm(box.left), mm(box.bottom), mm(box.width), mm(box.height))


@dataclass
class Link:
    page: int  # 0-based page the link is on
    target: int  # 0-based page it points at
    name: str


class PdfInfo:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.reader = pypdf.PdfReader(str(path))
        self.pages = self.reader.pages
        self._texts: list[str] | None = None

    @property
    def texts(self) -> list[str]:
        if self._texts is None:
            self._texts = [" ".join(page.extract_text().split()) for page in self.pages]
        return self._texts

    def destinations(self) -> dict[str, int]:
        """Named destination -> 0-based page number."""
        return {name: self.reader.get_destination_page_number(dest) for name, dest in self.reader.named_destinations.items()}

    def links(self) -> list[Link]:
        dests = self.destinations()
        found = []
        for index, page in enumerate(self.pages):
            for annot in page.get("/Annots", []) or []:
                annot = annot.get_object()
                if annot.get("/Subtype") != "/Link":
                    continue
                dest = annot.get("/Dest")
                if dest is None and "/A" in annot:
                    dest = annot["/A"].get("/D")
                if isinstance(dest, str):
                    found.append(Link(index, dests[dest], dest))
                elif dest is not None:
                    found.append(Link(index, self.reader.get_page_number(dest[0].get_object()), "<explicit>"))
        return found

    def external_links(self) -> list[str]:
        urls = []
        for page in self.pages:
            for annot in page.get("/Annots", []) or []:
                action = annot.get_object().get("/A")
                if action is not None and action.get("/S") == "/URI":
                    urls.append(str(action["/URI"]))
        return urls

    def fonts(self) -> dict[str, bool]:
        """Base font name (subset prefix removed) -> whether the font program is embedded."""
        fonts: dict[str, bool] = {}
        for page in self.pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in font:
                    descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                name = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
                fonts[name] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        return fonts

    def outline(self) -> list[tuple[int, str, int]]:
        """(level, title, 0-based page) for every bookmark, in order."""
        items: list[tuple[int, str, int]] = []

        def walk(nodes: list, level: int) -> None:
            for node in nodes:
                if isinstance(node, list):
                    walk(node, level + 1)
                else:
                    items.append((level, node.title, self.reader.get_destination_page_number(node)))

        walk(self.reader.outline, 1)
        return items
