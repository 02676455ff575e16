"""Join the PDFs of a deck written in parts into one PDF, as if it had been written in one go.

WeasyPrint writes each part with its own page tree, named destinations, bookmarks, fonts and (for the
screen) structure tree. Joined with pikepdf:

- the pages follow each other;
- links name their target (``/Dest (werkvorm-speeddaten)``), so a link to a card in another part works
  once the destinations of all parts are one name tree: a part is written with a stand-in for each anchor
  it links to but does not have, and the stand-ins are left out here; a link whose target no part has
  is dropped, with WeasyPrint's warning, as WeasyPrint drops it in a deck written at once;
- the structure elements of every part become children of one ``Document`` element, and the parent tree
  is numbered again as WeasyPrint numbers it: the pages first, then the annotations;
- the bookmarks are made again from the levels of the whole deck, so that a card's bookmark is found
  under its dimension's when the two are in different parts;
- what the parts repeat is embedded once (``deck.output.shared``): each font, colour profile and image.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import uuid
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from deck.layout.engine import Document
from deck.output.screen_pdf import drop_objrs, remove_annotations
from deck.output.shared import merge_font_dictionaries, share_fonts, share_streams
from deck.workers import give_back_memory

LOGGER = logging.getLogger("weasyprint")

PT_PER_PX = 0.75
GIVE_BACK_OVER = 32
"""A join of more parts (a deck of some hundred faces) first hands back the memory that fitting freed: a 243-card
deck peaks 10 to 20 MB lower."""
_XMP_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class PartPdf:
    """One part's PDF, with what joining it needs to know of its pages."""

    pdf: bytes
    anchors: frozenset[str]
    """The anchors on the part's own pages (its name tree also holds stand-ins for other parts' anchors)."""
    bookmarks: tuple[tuple[float, tuple[object, ...]], ...]
    """Each page's height (CSS px) and WeasyPrint bookmarks, to make the whole deck's outline."""


def join(parts: Sequence[PartPdf], finish: Callable[[Pdf], None] | None = None) -> bytes:
    """The parts' PDFs as one PDF (see the module's docstring), ``finish`` applied to it before it is saved.

    One part is open at a time beside the joined PDF: pikepdf holds about 1.6 kB for each object of an open
    PDF, and a tagged deck has a hundred objects a page.
    """
    if len(parts) > GIVE_BACK_OVER:
        give_back_memory()
    out = Pdf.open(io.BytesIO(parts[0].pdf))
    joined = _Joined(out, sum(len(part.bookmarks) for part in parts), "/StructTreeRoot" in out.Root)
    for index, part in enumerate(parts):
        if index == 0:
            joined.add(part, out, lambda item: item)
            continue
        source = Pdf.open(io.BytesIO(part.pdf))
        for kid in _document(source).K if joined.tagged else ():
            if "/P" in kid:
                del kid["/P"]  # so that copying a kid does not copy its old parents too
        with warnings.catch_warnings():  # that named destinations are not copied: they are, in ``add``
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)  # type: ignore[attr-defined]
            out.pages.extend(source.pages)
        joined.add(part, source, _copier(out, source))
        del source  # the copies read their stream data without it
    joined.close()
    _outline(out, [height_and_marks for part in parts for height_and_marks in part.bookmarks])
    _identify(out, parts)
    share_fonts(out)
    share_streams(out)
    merge_font_dictionaries(out)
    if finish is not None:
        finish(out)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


class _Joined:
    """The structure and destinations of the parts joined so far."""

    def __init__(self, out: Pdf, pages: int, tagged: bool) -> None:
        self.out, self.pages, self.tagged = out, pages, tagged
        self.page_nums: list[pikepdf.Object] = []
        self.annotation_nums: list[pikepdf.Object] = []
        self.document_kids: list[pikepdf.Object] = []
        self.dests: dict[str, pikepdf.Object] = {}

    def add(self, part: PartPdf, source: Pdf, copy: Callable[[pikepdf.Object], pikepdf.Object]) -> None:
        """Take the structure and destinations of ``part`` (``source``), whose pages were added last."""
        own = len(source.pages)
        pages = [self.out.pages[len(self.out.pages) - own + number].obj for number in range(own)]
        if self.tagged:
            nums = source.Root.StructTreeRoot.ParentTree.Nums
            entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            for number, page in enumerate(pages):
                page.StructParents = len(self.page_nums)
                self.page_nums.append(copy(entries[number]))
            renumbered: dict[int, int] = {}
            for key in sorted(key for key in entries if key >= own):
                renumbered[key] = self.pages + len(self.annotation_nums)
                self.annotation_nums.append(copy(entries[key]))
            for annotation in (annotation for page in pages for annotation in page.get("/Annots", ())):
                if "/StructParent" in annotation:
                    annotation.StructParent = renumbered[int(annotation.StructParent)]
            self.document_kids.extend(copy(kid) for kid in _document(source).K)
        names = source.Root.get("/Names", {}).get("/Dests", {}).get("/Names", ())
        for i in range(0, len(names), 2):
            name = str(names[i])
            if name in part.anchors and name not in self.dests:
                self.dests[name] = copy(names[i + 1])

    def close(self) -> None:
        """Write the joined structure tree, parent tree and destinations into the joined PDF."""
        if self.tagged:
            document = _document(self.out)
            for kid in self.document_kids:
                kid.P = document
            document.K = Array(self.document_kids)
            numbered = enumerate([*self.page_nums, *self.annotation_nums])
            self.out.Root.StructTreeRoot.ParentTree.Nums = Array([item for number, value in numbered for item in (number, value)])
        if self.dests:
            names = Array([item for name in sorted(self.dests) for item in (String(name), self.dests[name])])
            self.out.Root.Names.Dests = self.out.make_indirect(Dictionary(Names=names))
        self._drop_dangling_links()

    def _drop_dangling_links(self) -> None:
        """Take off every link to a target no part has (it led to a stand-in), as WeasyPrint does, saying so: off its
        page, out of the parent tree and out of the structure element that held it."""
        missing: set[str] = set()
        dropped: set[tuple[int, int]] = set()
        for page in self.out.pages:
            for annotation in page.obj.get("/Annots", ()):
                target = annotation.get("/Dest")
                if not isinstance(target, String) or str(target) in self.dests:
                    continue
                missing.add(str(target))
                dropped.add(annotation.objgen)
                if self.tagged and "/StructParent" in annotation:
                    drop_objrs(self.annotation_nums[int(annotation.StructParent) - self.pages], {annotation.objgen})
        if dropped:
            remove_annotations(self.out, dropped)
        for name in sorted(missing):
            LOGGER.error("No anchor #%s for internal URI reference", name)


def _copier(out: Pdf, source: Pdf) -> Callable[[pikepdf.Object], pikepdf.Object]:
    """Copies objects of ``source`` into ``out``; the pages they refer to are the pages already copied."""

    def copy(item: pikepdf.Object) -> pikepdf.Object:
        return out.copy_foreign(item if item.is_indirect else source.make_indirect(item))

    return copy


def _identify(out: Pdf, parts: Sequence[PartPdf]) -> None:
    """Derive the XMP DocumentID of a PDF/X from every part, not only from the first, whose metadata it keeps."""
    metadata = out.Root.get("/Metadata")
    if metadata is None:
        return
    xmp = metadata.read_bytes()
    digest = hashlib.sha256(b"".join(hashlib.sha256(part.pdf).digest() for part in parts)).digest()
    ident = f"xmp.did:{uuid.UUID(bytes=digest[:16], version=4)}".encode()
    changed = _XMP_DOCUMENT_ID.sub(ident, xmp)
    if changed != xmp:
        metadata.write(changed)


def _document(pdf: Pdf) -> Dictionary:
    """The ``Document`` structure element WeasyPrint puts every other element under."""
    return pdf.Root.StructTreeRoot.K[0]


def _outline(pdf: Pdf, pages: list[tuple[float, tuple[object, ...]]]) -> None:
    """Make the bookmarks again, from every page's, as WeasyPrint makes them for one document."""
    stand_in = SimpleNamespace(pages=[SimpleNamespace(height=height, bookmarks=list(marks)) for height, marks in pages])
    tree = Document.make_bookmark_tree(stand_in, PT_PER_PX, transform_pages=True)  # type: ignore[arg-type]
    if "/Outlines" in pdf.Root:
        del pdf.Root["/Outlines"]
    if not tree:
        return
    root = pdf.make_indirect(Dictionary(Type=Name.Outlines))
    count = _add_items(pdf, tree, root)
    root.Count = count
    pdf.Root.Outlines = root


def _add_items(pdf: Pdf, subtrees: list, parent: Dictionary) -> int:
    """Add outline items under ``parent`` as WeasyPrint's ``add_outlines`` does; the number of open items."""
    count = len(subtrees)
    items = []
    for title, (page, x, y), children, state in subtrees:
        item = pdf.make_indirect(Dictionary(Title=String(title), Dest=Array([pdf.pages[page].obj, Name.XYZ, x, y, 0]), Parent=parent))
        shown = _add_items(pdf, children, item)
        item.Count = -shown if state == "closed" else shown
        if state != "closed":
            count += shown
        if items:
            item.Prev = items[-1]
            items[-1].Next = item
        items.append(item)
    if items:
        parent.First, parent.Last = items[0], items[-1]
    return count
