"""Measure laid-out faces: does each face's content stay inside its safe area?"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deck.layout.engine import Document

PX_PER_MM = 96 / 25.4
FOOT_GAP_MM = 2.0
TOLERANCE_PX = 0.5


@dataclass(frozen=True)
class FaceFit:
    """How one face's content fits: ``overflow_mm`` > 0 means it does not."""

    page: int
    card: str
    face: str
    overflow_mm: float
    body_pt: float
    content_mm: float = 0.0
    """Height of the face's content (all of it, also what runs past the page)."""
    shared: bool = False
    """Whether the face's page also holds text that ran over from an earlier face."""

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


def _face_key(box: object) -> tuple[str, str]:
    element = box.element  # type: ignore[attr-defined]
    return element.get("data-card"), element.get("data-face")


def measure(document: Document, margin_mm: float) -> list[FaceFit]:
    """One FaceFit per face, in page order.

    A face's ``.fit`` box must end above its ``.foot`` (or the bottom margin) and its text must stay
    within the box's width. Content too long for its page is continued by WeasyPrint on the next
    pages; those fragments count as overflow of the face they belong to.
    """
    margin = margin_mm * PX_PER_MM
    overflow: dict[tuple[str, str], float] = {}
    height: dict[tuple[str, str], float] = {}
    found: dict[tuple[str, str], FaceFit] = {}
    shared: set[int] = set()
    for index, page in enumerate(document.pages):
        boxes = list(_walk(page._page_box))
        feet = {_face_key(b): b for b in boxes if "foot" in _classes(b)}
        faces = {_face_key(b): b for b in boxes if "face" in _classes(b)}
        new_face = None
        for box in boxes:
            if "fit" not in _classes(box):
                continue
            key = _face_key(box)
            left, right = box.content_box_x(), box.content_box_x() + box.width
            sideways = max(
                [0.0] + [max(b.position_x + b.width - right, left - b.position_x) for b in _walk(box) if type(b).__name__ == "TextBox"]
            )
            if key in found:  # a fragment continued from an earlier page (or a second .fit box of the face)
                if found[key].page != index + 1:
                    shared.add(index)
                overflow[key] += box.height + max(0.0, sideways)
                height[key] += box.height
                continue
            foot = feet.get(key)
            face = faces[key]
            limit = foot.position_y - FOOT_GAP_MM * PX_PER_MM if foot is not None else face.position_y + face.height - margin
            overflow[key] = max(box.content_box_y() + box.height - limit, sideways)
            height[key] = box.height
            found[key] = FaceFit(index + 1, key[0], key[1], 0.0, round(box.style["font_size"] * 0.75, 2))
            new_face = key
        if new_face is None and not any("fit" in _classes(b) for b in boxes):
            raise ValueError(f"page {index + 1} has no .fit element; check the templates")
    return [
        FaceFit(
            fit.page,
            fit.card,
            fit.face,
            round(overflow[key] / PX_PER_MM, 2) if overflow[key] > TOLERANCE_PX else 0.0,
            fit.body_pt,
            round(height[key] / PX_PER_MM, 2),
            fit.page - 1 in shared,
        )
        for key, fit in found.items()
    ]


@dataclass(frozen=True)
class Blocks:
    """Where a face's blocks end on its page, and where its text may end: what cutting the face needs
    (``deck.layout.continuation``), kept for a face that does not fit when its page is not."""

    bottoms: dict[int, float]
    """The bottom (px) of each block (``data-blk``) the page shows."""
    foot_top: float | None
    """The top (px) of the face's foot (its back-links), if it has one."""
    face_bottom: float | None
    """The bottom (px) of the face."""

    def limit(self, margin_mm: float) -> float:
        """How low (px) the face's text may reach: above its foot, or inside the bottom margin."""
        if self.foot_top is not None:
            return self.foot_top - FOOT_GAP_MM * PX_PER_MM
        if self.face_bottom is not None:
            return self.face_bottom - margin_mm * PX_PER_MM
        return 0.0


def page_blocks(page: object, key: tuple[str, str]) -> Blocks:
    """The blocks of face ``key`` on its laid-out page: its own only, not those of a face before it whose text ran
    over onto the page (which are numbered as that face's blocks)."""
    bottoms: dict[int, float] = {}
    face_box = next((b for b in _walk(page._page_box) if "face" in _classes(b) and _face_key(b) == key), None)  # type: ignore[attr-defined]
    foot = None
    for box in _walk(face_box) if face_box is not None else ():
        element = getattr(box, "element", None)
        if element is None or getattr(box, "element_tag", None) is None:
            continue
        if foot is None and "foot" in (element.get("class") or "").split():
            foot = box
        index = element.get("data-blk")
        if index is not None and hasattr(box, "position_y"):
            bottom = box.position_y + box.margin_height()  # type: ignore[attr-defined]
            bottoms[int(index)] = max(bottoms.get(int(index), 0.0), bottom)
    return Blocks(
        bottoms,
        foot.position_y if foot is not None else None,  # type: ignore[attr-defined]
        face_box.position_y + face_box.height if face_box is not None else None,  # type: ignore[attr-defined]
    )


@dataclass(frozen=True)
class Shrink:
    """A face whose body text was made smaller so that it fits."""

    card: str
    face: str
    title: str
    from_pt: float
    to_pt: float

    def __str__(self) -> str:
        return f"card {self.card} {self.face} ({self.title}): text {self.from_pt:g} pt → {self.to_pt:g} pt"
