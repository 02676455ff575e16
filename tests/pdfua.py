"""Our own checks of some PDF/UA-1 rules, read with pikepdf the way veraPDF's PDF/UA-1 profile reads them.

veraPDF (Java) cannot be installed here; these functions implement the rules the screen PDF must pass,
each named by its veraPDF rule id. Every check returns a list of failures (empty when the rule holds).

- 5-1: the XMP metadata holds the PDF/UA identification, ``pdfuaid:part`` = 1.
- 7.1-8: the catalog has a Metadata stream (Type Metadata, Subtype XML); 7.1-9: it holds ``dc:title``;
  7.1-10: ViewerPreferences DisplayDocTitle is true.
- 7.1-1 / 7.1-2 / 7.1-3: every painted content item (text, path, image, shading, form) is either in
  marked content whose MCID belongs to a structure element of the tree, or in an Artifact; never both.
- 7.4.2-1: numbered headings in structure-tree order start at H1 and never go more than one level deeper.
- 7.5-1 / 7.5-2: every TD names its headers (Headers) and every name is the ID of a TH of its table;
  we also ask (stricter than veraPDF) that every TH has a Scope.
- 7.18.3-1: a page with annotations has Tabs S (tab order follows the structure).
- 7.18.5-1: every Link annotation's structure parent (StructParent in the ParentTree) is a Link element
  that holds the annotation (OBJR); 7.18.5-2: every Link annotation has a non-empty Contents.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}
PAINT = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"}
STANDARD = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct", "Private",
    "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody",
    "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu",
    "WT", "WP", "Figure", "Formula", "Form",
}  # fmt: skip


@dataclass
class Tree:
    """The structure tree in document order: elements, parents, and the MCIDs each page's elements hold."""

    pdf: pikepdf.Pdf
    elements: list[Dictionary] = field(default_factory=list)
    parents: dict[tuple[int, int], Dictionary] = field(default_factory=dict)
    mcids: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    """Page object id -> the MCIDs of that page in the order the tree holds them."""

    @classmethod
    def read(cls, pdf: pikepdf.Pdf) -> Tree:
        tree = cls(pdf)
        root = pdf.Root.StructTreeRoot
        tree.walk(root, None)
        return tree

    def walk(self, node: Dictionary, parent: Dictionary | None) -> None:
        kids = node.get("/K")
        items = list(kids) if isinstance(kids, Array) else ([] if kids is None else [kids])
        for kid in items:
            if isinstance(kid, int):
                self.mcids.setdefault(node.Pg.objgen, []).append(int(kid))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
                page = kid.get("/Pg", node.get("/Pg"))
                self.mcids.setdefault(page.objgen, []).append(int(kid.MCID))
            elif isinstance(kid, Dictionary) and "/S" in kid:
                self.elements.append(kid)
                self.parents[kid.objgen] = node
                self.walk(kid, kid)

    def standard_type(self, element: Dictionary) -> str:
        """The element's type through the RoleMap."""
        role_map = self.pdf.Root.StructTreeRoot.get("/RoleMap", Dictionary())
        kind = str(element.S)[1:]
        for _ in range(10):
            if kind in STANDARD:
                return kind
            mapped = role_map.get("/" + kind)
            if mapped is None:
                return kind
            kind = str(mapped)[1:]
        return kind

    def reachable(self) -> set[tuple[int, int]]:
        return {e.objgen for e in self.elements}


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    """The ParentTree's number tree, flattened: key -> value."""
    found: dict[int, object] = {}

    def read(node: Dictionary) -> None:
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums), 2):
                found[int(nums[i])] = nums[i + 1]
        for kid in node.get("/Kids", []):
            read(kid)

    read(pdf.Root.StructTreeRoot.ParentTree)
    return found


def identification_and_metadata(pdf: pikepdf.Pdf) -> list[str]:
    """Rules 5-1, 7.1-8, 7.1-9 and 7.1-10."""
    failures = []
    metadata = pdf.Root.get("/Metadata")
    if not isinstance(metadata, pikepdf.Stream) or metadata.get("/Type") != "/Metadata" or metadata.get("/Subtype") != "/XML":
        return ["7.1-8: the catalog has no Metadata stream of Type Metadata, Subtype XML"]
    xmp = ET.fromstring(metadata.read_bytes())
    parts = [d.get(f"{{{NS['pdfuaid']}}}part") for d in xmp.iter(f"{{{NS['rdf']}}}Description")]
    parts += [e.text for e in xmp.iter(f"{{{NS['pdfuaid']}}}part")]
    if "1" not in parts:
        failures.append(f"5-1: no pdfuaid:part = 1 in the XMP metadata (found {parts})")
    titles = [li.text for title in xmp.iter(f"{{{NS['dc']}}}title") for li in title.iter(f"{{{NS['rdf']}}}li") if li.text]
    if not titles:
        failures.append("7.1-9: the XMP metadata has no dc:title")
    preferences = pdf.Root.get("/ViewerPreferences", Dictionary())
    if preferences.get("/DisplayDocTitle") is not True:
        failures.append("7.1-10: ViewerPreferences DisplayDocTitle is not true")
    return failures


def links_tagged(pdf: pikepdf.Pdf) -> list[str]:
    """Rules 7.18.3-1, 7.18.5-1 and 7.18.5-2, for every Link annotation that is shown."""
    tree = Tree.read(pdf)
    parents = parent_tree(pdf)
    reachable = tree.reachable()
    failures = []
    for number, page in enumerate(pdf.pages, start=1):
        if page.obj.get("/Annots") and page.obj.get("/Tabs") != "/S":
            failures.append(f"7.18.3-1: page {number} has annotations but no Tabs /S")
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link" or int(annotation.get("/F", 0)) & 2:
                continue
            where = f"page {number}, link to {annotation.get('/Dest') or annotation.get('/A', {}).get('/URI')}"
            holder = parents.get(int(annotation.get("/StructParent", -1)))
            if not isinstance(holder, Dictionary) or holder.objgen not in reachable:
                failures.append(f"7.18.5-1: {where}: no structure parent in the tree")
            elif tree.standard_type(holder) != "Link":
                failures.append(f"7.18.5-1: {where}: held by {holder.S}, not Link")
            elif not any(
                isinstance(k, Dictionary) and k.get("/Type") == "/OBJR" and k.Obj.objgen == annotation.objgen for k in _kids(holder)
            ):
                failures.append(f"7.18.5-1: {where}: its Link element does not hold it (no OBJR)")
            if not str(annotation.get("/Contents", "")).strip():
                failures.append(f"7.18.5-2: {where}: no Contents")
    return failures


def _kids(element: Dictionary) -> list:
    kids = element.get("/K")
    return list(kids) if isinstance(kids, Array) else ([] if kids is None else [kids])


def tables(pdf: pikepdf.Pdf) -> list[str]:
    """Rules 7.5-1 and 7.5-2 (every TD has headers, all of them known), and a Scope on every TH."""
    tree = Tree.read(pdf)
    failures = []
    for table in (e for e in tree.elements if tree.standard_type(e) == "Table"):
        cells = list(_descendants(table, tree))
        ids = {str(c.ID) for c in cells if tree.standard_type(c) == "TH" and "/ID" in c}
        for cell in cells:
            attributes = _attributes(cell)
            if tree.standard_type(cell) == "TH" and "/Scope" not in attributes:
                failures.append(f"7.5: a TH ({cell.get('/ID')}) has no Scope")
            if tree.standard_type(cell) == "TD":
                headers = [str(h) for h in attributes.get("/Headers", [])]
                if not headers:
                    failures.append("7.5-1: a TD has no connected header")
                elif unknown := [h for h in headers if h not in ids]:
                    failures.append(f"7.5-2: a TD names unknown headers {unknown}")
    return failures


def _descendants(element: Dictionary, tree: Tree) -> Iterator[Dictionary]:
    for kid in _kids(element):
        if isinstance(kid, Dictionary) and "/S" in kid:
            yield kid
            if tree.standard_type(kid) != "Table":
                yield from _descendants(kid, tree)


def _attributes(element: Dictionary) -> Dictionary:
    """The element's Table attributes (A may be one dictionary or an array of them)."""
    found = element.get("/A")
    for item in found if isinstance(found, Array) else [found]:
        if isinstance(item, Dictionary) and item.get("/O") == "/Table":
            return item
    return Dictionary()


def headings(pdf: pikepdf.Pdf) -> list[str]:
    """Rule 7.4.2-1, as veraPDF's hasCorrectNestingLevel: level n after level m fails when n > m + 1 (m starts at 0)."""
    tree = Tree.read(pdf)
    failures, last = [], 0
    for element in tree.elements:
        kind = tree.standard_type(element)
        if len(kind) == 2 and kind[0] == "H" and kind[1].isdigit():
            level = int(kind[1])
            if level > last + 1:
                failures.append(f"7.4.2-1: H{level} follows H{last}" if last else f"7.4.2-1: the first heading is H{level}")
            last = level
    return failures


@dataclass
class Painted:
    """One painted content item: its operator, and the marked content around it (outermost first)."""

    page: int
    operator: str
    marks: tuple[tuple[str, int | None], ...]


def painted(pdf: pikepdf.Pdf) -> Iterator[Painted]:
    """Every painting operator (and every start of marked content) of every page, forms included, with the marked content it sits in."""
    for number, page in enumerate(pdf.pages, start=1):
        yield from _painted(page.obj, number, (), set())


def _painted(holder: Dictionary, number: int, outer: tuple, seen: set) -> Iterator[Painted]:
    stack: list[tuple[str, int | None]] = list(outer)
    xobjects = holder.get("/Resources", Dictionary()).get("/XObject", Dictionary())
    for instruction in pikepdf.parse_content_stream(holder):
        operator = str(instruction.operator)
        operands = instruction.operands if not isinstance(instruction, pikepdf.ContentStreamInlineImage) else []
        if operator in ("BMC", "BDC"):
            properties = operands[1] if operator == "BDC" and len(operands) > 1 else None
            mcid = int(properties.MCID) if isinstance(properties, Dictionary) and "/MCID" in properties else None
            stack.append((str(operands[0])[1:], mcid))
            yield Painted(number, operator, tuple(stack))
        elif operator == "EMC":
            stack.pop()
        elif operator == "Do" and xobjects.get(operands[0], Dictionary()).get("/Subtype") == "/Form":
            form = xobjects[operands[0]]  # what a form paints is checked inside it, with the marks around the Do
            if form.objgen not in seen:
                yield from _painted(form, number, tuple(stack), seen | {form.objgen})
        elif operator in PAINT:
            yield Painted(number, operator, tuple(stack))


def content_tagged(pdf: pikepdf.Pdf) -> list[str]:
    """Rules 7.1-1, 7.1-2 and 7.1-3: all painted content tagged (MCID of an element in the tree) or artifact."""
    tree = Tree.read(pdf)
    parents = parent_tree(pdf)
    reachable = tree.reachable()
    failures = []
    for item in painted(pdf):
        if item.operator in ("BMC", "BDC"):
            continue
        tags = [tag for tag, _ in item.marks]
        ids = [mcid for _, mcid in item.marks if mcid is not None]
        page = pdf.pages[item.page - 1].obj
        if "Artifact" in tags and ids:
            failures.append(f"7.1-1/2: page {item.page}: {item.operator} is both artifact and tagged content ({tags})")
        elif "Artifact" in tags:
            continue
        elif not ids:
            failures.append(f"7.1-3: page {item.page}: {item.operator} is neither tagged nor artifact")
        else:
            elements = parents.get(int(page.get("/StructParents", -1)))
            mcid = ids[-1]
            holder = elements[mcid] if isinstance(elements, Array) and mcid < len(elements) else None
            if not isinstance(holder, Dictionary) or holder.objgen not in reachable:
                failures.append(f"7.1-3: page {item.page}: MCID {mcid} belongs to no element of the structure tree")
    return failures


def reading_order(pdf: pikepdf.Pdf) -> list[str]:
    """Tag order is paint order: on every page the tree holds the MCIDs in the order the page paints them."""
    tree = Tree.read(pdf)
    failures = []
    for number, page in enumerate(pdf.pages, start=1):
        held = tree.mcids.get(page.obj.objgen, [])
        marked = (item for item in _painted(page.obj, number, (), set()) if item.operator == "BDC")
        paint = list(dict.fromkeys(mcid for item in marked for _, mcid in item.marks if mcid is not None))
        if held != paint:
            failures.append(f"page {number}: the tags hold MCIDs {held}, the page paints them in the order {paint}")
    return failures


def all_rules(pdf: pikepdf.Pdf) -> dict[str, list[str]]:
    """Every check, by name."""
    return {
        "identification and metadata": identification_and_metadata(pdf),
        "links": links_tagged(pdf),
        "tables": tables(pdf),
        "headings": headings(pdf),
        "content tagged or artifact": content_tagged(pdf),
        "reading order": reading_order(pdf),
    }
