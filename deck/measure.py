"""Measure laid-out faces: does each face's content stay inside its safe area?"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from weasyprint import Document

PX_PER_MM = 96 / 25.4
FOOT_GAP_MM = 2.0
TOLERANCE_PX = 0.5


@dataclass(frozen=True)
class FaceFit:
    """How one face's content fits: ``overflow_mm`` > 0 means it does not."""

    page: int
    card: int
    face: str
    overflow_mm: float
    body_pt: float

    @property
    def fits(self) -> bool:
        return self.overflow_mm <= 0


def _walk(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _classes(box: object) -> set[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return set()
    return set((element.get("class") or "").split())


def measure(document: Document, margin_mm: float) -> list[FaceFit]:
    """One FaceFit per page: vertical overflow of ``.fit`` past the foot or the bottom margin,
    and horizontal overflow of any text past the side margins."""
    fits = []
    margin = margin_mm * PX_PER_MM
    for index, page in enumerate(document.pages):
        face = content = foot = None
        for box in _walk(page._page_box):
            classes = _classes(box)
            if "face" in classes and face is None:
                face = box
            elif "fit" in classes and content is None:
                content = box
            elif "foot" in classes and foot is None:
                foot = box
        if face is None or content is None:
            raise ValueError(f"page {index + 1} has no .face with a .fit element; check the templates")
        element = face.element
        limit = foot.position_y - FOOT_GAP_MM * PX_PER_MM if foot is not None else face.position_y + face.height - margin
        bottom = content.content_box_y() + content.height
        overflow = bottom - limit
        right_edge = face.position_x + face.width - margin
        left_edge = face.position_x + margin
        for box in _walk(face):
            if type(box).__name__ == "TextBox":
                overflow = max(overflow, box.position_x + box.width - right_edge, left_edge - box.position_x)
        fits.append(
            FaceFit(
                page=index + 1,
                card=int(element.get("data-card")),
                face=element.get("data-face"),
                overflow_mm=round(overflow / PX_PER_MM, 2) if overflow > TOLERANCE_PX else 0.0,
                body_pt=round(content.style["font_size"] * 0.75, 2),
            )
        )
    return fits
