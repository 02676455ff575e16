"""Finish the screen PDF for PDF/UA-1: one tagged link annotation per link, spoken link texts, table header scope.

WeasyPrint writes the ``pdf/ua-1`` identification, the XMP metadata and the structure tree. What it
cannot produce from HTML is repaired here, on the written file, with pikepdf:

- it writes one link annotation per box inside an ``<a>`` (every span, every line), held by the
  structure element of that box (often a ``Span``); here each link keeps one annotation, covering
  all of its boxes, held by the link's own ``Link`` element (PDF/UA-1 7.18.5-1);
- its link ``/Contents`` is the target id (``werkvorm-speeddaten``); here it is what the link leads
  to, in the deck's language ("Kaart 9: Speeddaten") (7.18.5-2);
- its table header cells have no ``/Scope``; here they get ``/Row`` or ``/Column`` (7.5).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from deck.content.model import Deck
from deck.layout.cards import sequence

SETTINGS: Mapping[str, object] = {"pdf_variant": "pdf/ua-1"}
"""WeasyPrint's ``write_pdf`` options for the screen PDF: tagged, with the PDF/UA-1 identification and metadata."""

MIN_SIDE_PT = 0.5 * 72 / 25.4
"""An annotation narrower or lower than this (0.5 mm) is a leftover of a line break, not a link area."""


def link_texts(deck: Deck) -> dict[str, str]:
    """What a screen reader says for a link to each card: "Kaart 9: Speeddaten", by the card's anchor."""
    word = f"{deck.labels.card}"
    word = word[:1].upper() + word[1:]
    return {card.anchor: f"{word} {card.number}: {card.bookmark}" for card in sequence(deck)}


def finish_screen_pdf(pdf: bytes, deck: Deck) -> bytes:
    """The screen PDF with its links and tables tagged as PDF/UA-1 asks (see the module's docstring)."""
    with Pdf.open(io.BytesIO(pdf)) as document:
        finish_screen(document, deck)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue()


def finish_screen(document: Pdf, deck: Deck) -> None:
    """``finish_screen_pdf`` on an open PDF."""
    crop_to_trim(document)
    tree = StructTree.read(document)
    merge_links(document, tree, link_texts(deck))
    scope_headers(tree)


def crop_to_trim(document: Pdf) -> None:
    """Show each page at its trim: the one layout has bleed (for print), a screen shows the card as cut."""
    for page in document.pages:
        trim = page.obj.get("/TrimBox")
        if trim is not None:
            box = Array([float(v) for v in trim])
            page.obj.MediaBox = box
            page.obj.BleedBox = box
            page.obj.TrimBox = box


@dataclass
class StructTree:
    """The structure elements of a document, with each one's parent (pikepdf objects by object id)."""

    elements: list[Dictionary]
    parents: dict[tuple[int, int], Dictionary]

    @classmethod
    def read(cls, document: Pdf) -> StructTree:
        """Every structure element, in document (pre-)order."""
        elements: list[Dictionary] = []
        parents: dict[tuple[int, int], Dictionary] = {}
        root = document.Root.get("/StructTreeRoot")
        stack = [(kid, None) for kid in reversed(_kids(root))] if root is not None else []
        while stack:
            element, parent = stack.pop()
            if not _is_element(element):
                continue
            elements.append(element)
            if parent is not None:
                parents[element.objgen] = parent
            stack.extend((kid, element) for kid in reversed(_kids(element)))
        return cls(elements, parents)

    def ancestors(self, element: Dictionary) -> Iterator[Dictionary]:
        """The element's parents, nearest first."""
        while (parent := self.parents.get(element.objgen)) is not None:
            yield parent
            element = parent

    def link_of(self, element: Dictionary) -> Dictionary:
        """The outermost ``Link`` element holding ``element`` (the ``<a>``), or the element itself."""
        found = element if element.get("/S") == "/Link" else None
        for ancestor in self.ancestors(element):
            if ancestor.get("/S") == "/Link":
                found = ancestor
        return found if found is not None else element


def _kids(element: Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _is_element(item: object) -> bool:
    return isinstance(item, Dictionary) and "/S" in item


def _objr_annotations(element: Dictionary) -> list[Dictionary]:
    return [kid.Obj for kid in _kids(element) if isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR"]


def merge_links(document: Pdf, tree: StructTree, texts: Mapping[str, str]) -> None:
    """One annotation per link, held by the link's ``Link`` element, with a spoken ``/Contents``."""
    groups: dict[tuple[int, int], tuple[Dictionary, list[Dictionary]]] = {}
    for element in tree.elements:
        annotations = [a for a in _objr_annotations(element) if a.get("/Subtype") == "/Link"]
        if annotations:
            link = tree.link_of(element)
            groups.setdefault(link.objgen, (link, []))[1].extend(annotations)
    moved = {a.objgen for _, annotations in groups.values() for a in annotations}
    dropped: set[tuple[int, int]] = set()
    for link, annotations in groups.values():
        kept = annotations[0]
        kept.Rect = Array(_union([a.Rect for a in annotations]))
        kept.Contents = String(_spoken(kept, texts))
        dropped.update(a.objgen for a in annotations[1:])
        _hold_only(link, kept, document)
    for element in tree.elements:
        if element.objgen in groups:
            continue
        drop_objrs(element, moved)
        if element.get("/S") == "/Link" and any(a.get("/S") == "/Link" for a in tree.ancestors(element)):
            element.S = Name.Span  # a box inside a link is not a link of its own
    remove_annotations(document, dropped)


def _union(rects: list[Array]) -> list[float]:
    """The smallest rectangle holding every rectangle that is not degenerate (all of them if all are)."""
    boxes = [sorted_rect(r) for r in rects]
    real = [b for b in boxes if b[2] - b[0] >= MIN_SIDE_PT and b[3] - b[1] >= MIN_SIDE_PT] or boxes
    return [min(b[0] for b in real), min(b[1] for b in real), max(b[2] for b in real), max(b[3] for b in real)]


def sorted_rect(rect: Array) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of a PDF rectangle written in any corner order."""
    x1, y1, x2, y2 = (float(v) for v in rect)
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _spoken(annotation: Dictionary, texts: Mapping[str, str]) -> str:
    """The link's text for a screen reader: the target card for an internal link, else its address."""
    target = annotation.get("/Dest")
    if target is None and "/A" in annotation:
        action = annotation.A
        target = action.get("/URI") if action.get("/S") == "/URI" else action.get("/D")
    name = str(target) if isinstance(target, (String, Name)) else ""
    return texts.get(name.lstrip("/"), name.lstrip("/"))


def _hold_only(link: Dictionary, annotation: Dictionary, document: Pdf) -> None:
    """Make ``link`` the structure parent of ``annotation``: its object reference first among the kids."""
    kids = [kid for kid in _kids(link) if not (isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR")]
    objr = document.make_indirect(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=_page_of(annotation, link)))
    link.K = Array([objr, *kids])
    parent_tree = document.Root.StructTreeRoot.ParentTree
    nums = parent_tree.Nums
    key = int(annotation.StructParent)
    for index in range(0, len(nums), 2):
        if int(nums[index]) == key:
            nums[index + 1] = link
            return


def _page_of(annotation: Dictionary, link: Dictionary) -> Dictionary:
    page = annotation.get("/P")
    return page if page is not None else link.Pg


def drop_objrs(element: Dictionary, annotations: set[tuple[int, int]]) -> None:
    """Remove the object references to the given annotations from the element's kids."""
    kids = _kids(element)
    keep = [kid for kid in kids if not (isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR" and kid.Obj.objgen in annotations)]
    if len(keep) != len(kids):
        element.K = Array(keep)


def remove_annotations(document: Pdf, dropped: set[tuple[int, int]]) -> None:
    """Take the dropped annotations off their pages and out of the parent tree (of a tagged PDF)."""
    gone: set[int] = set()
    for page in document.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        gone.update(int(a.StructParent) for a in annots if a.objgen in dropped and "/StructParent" in a)
        page.obj.Annots = Array([a for a in annots if a.objgen not in dropped])
    if "/StructTreeRoot" not in document.Root:
        return
    nums = document.Root.StructTreeRoot.ParentTree.Nums
    kept = [(nums[i], nums[i + 1]) for i in range(0, len(nums), 2) if int(nums[i]) not in gone]
    document.Root.StructTreeRoot.ParentTree.Nums = Array([item for pair in kept for item in pair])


def scope_headers(tree: StructTree) -> None:
    """Give every ``TH`` a ``/Scope``: ``/Row`` when a cell of its own row names it as header, else ``/Column``."""
    for element in tree.elements:
        if element.get("/S") != "/TH":
            continue
        row = tree.parents.get(element.objgen)
        ident = element.get("/ID")
        in_row = row is not None and ident is not None and any(_names_header(cell, ident) for cell in _kids(row) if _is_element(cell))
        attributes = element.get("/A")
        if not isinstance(attributes, Dictionary):
            attributes = Dictionary(O=Name.Table)
            element.A = attributes
        attributes.Scope = Name.Row if in_row else Name.Column


def _names_header(cell: Dictionary, ident: object) -> bool:
    attributes = cell.get("/A")
    headers = attributes.get("/Headers") if isinstance(attributes, Dictionary) else None
    return headers is not None and any(str(h) == str(ident) for h in headers)
