"""Embed once what the parts of a deck written in parts each embed: fonts, colour profiles and images.

Each part's PDF carries a note of the glyphs it uses of each font (``deck.layout.subset.deferring``), its own
font dictionaries, its own ICC profiles (sRGB for the screen, the press profile of a CMYK print) and its own copy
of every image; joined (``deck.output.merge``), each font becomes one subset and one dictionary, and each profile
and image one copy, as in a PDF WeasyPrint writes at once.
"""

from __future__ import annotations

import hashlib
import re
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream

from deck.layout import subset

FONT_FILES = ("/FontFile2", "/FontFile3")
"""TrueType, and OpenType (``/Subtype /OpenType``, as WeasyPrint embeds CFF fonts): fontTools subsets both."""


def _resources(pdf: Pdf) -> list[Dictionary]:
    """Every distinct resource dictionary of the pages, and of the forms they draw (an opacity group, say), in order."""
    found: dict[tuple[int, int], Dictionary] = {}

    def add(resources: object) -> None:
        if not isinstance(resources, Dictionary):
            return
        key = resources.objgen if resources.is_indirect else (id(resources), -1)
        if key in found:
            return
        found[key] = resources
        for xobject in resources.get("/XObject", {}).values():
            if isinstance(xobject, Stream) and xobject.get("/Subtype") == "/Form":
                add(xobject.get("/Resources"))

    for page in pdf.pages:
        add(page.obj.get("/Resources"))
    return list(found.values())


def font_programs(pdf: Pdf) -> list[Stream]:
    """Every embedded font program of the pages' fonts (each once)."""
    return [descriptor[key] for descriptor, key in _descriptors(pdf)]


def _descriptors(pdf: Pdf) -> list[tuple[Dictionary, str]]:
    """Every font descriptor with an embedded program, and the key the program is under."""
    found: dict[tuple[int, int], tuple[Dictionary, str]] = {}
    for resources in _resources(pdf):
        for font in resources.get("/Font", {}).values():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            key = next((key for key in FONT_FILES if descriptor is not None and key in descriptor), None)
            if key is not None and (key == "/FontFile2" or descriptor[key].get("/Subtype") == "/OpenType"):
                found.setdefault(descriptor.objgen, (descriptor, key))
    return list(found.values())


def share_fonts(pdf: Pdf) -> None:
    """One program per font: the notes the parts embed in place of subsets (``deck.layout.subset.deferring``)
    become one subset of each font holding the glyphs of every part.

    The subsets keep every glyph at its own id, so each part's text, widths and ToUnicode map stay right with the
    shared program. A font that is not deferred (a variable or colour font) keeps the subset each part made; the
    ones of the same bytes are shared by ``share_streams``.
    """
    groups: dict[tuple[str, int, bool, bool, str], list[tuple[Dictionary, subset.Origin]]] = {}
    for descriptor, key in _descriptors(pdf):
        origin = subset.Origin.read(descriptor[key].read_bytes())
        if origin is not None:
            groups.setdefault((*origin.family(), key), []).append((descriptor, origin))
    for (font, *_, key), group in groups.items():
        program = subset.union_subset([origin for _, origin in group])
        if program is None:  # fontTools cannot cut this font: embed it whole
            program = subset.program(font)
        if program is None:
            raise RuntimeError(f"font program {font} is neither read by this build nor in the reuse cache")
        extra = {"Length1": len(program)} if key == "/FontFile2" else {"Subtype": Name.OpenType}
        shared = pdf.make_stream(zlib.compress(program), Dictionary(Filter=Name.FlateDecode, **extra))
        for descriptor, _ in group:
            descriptor[key] = shared


def share_streams(pdf: Pdf) -> None:
    """One copy of each font program, ICC profile and image that several parts embed byte for byte the same."""
    same: dict[bytes, Stream] = {}

    def shared(stream: pikepdf.Object) -> pikepdf.Object:
        if not isinstance(stream, Stream) or not stream.is_indirect:
            return stream
        described = Dictionary({key: value for key, value in stream.items() if key != "/Length"})
        return same.setdefault(hashlib.sha256(stream.read_raw_bytes()).digest() + described.unparse(), stream)

    for descriptor, key in _descriptors(pdf):
        descriptor[key] = shared(descriptor[key])
    for resources in _resources(pdf):
        for space in resources.get("/ColorSpace", {}).values():
            if isinstance(space, Array) and len(space) == 2 and space[0] == Name.ICCBased:
                space[1] = shared(space[1])
        xobjects = resources.get("/XObject", {})
        for name, xobject in list(xobjects.items()):
            if isinstance(xobject, Stream) and xobject.get("/Subtype") == "/Image":
                xobjects[name] = shared(xobject)
    for intent in pdf.Root.get("/OutputIntents", ()):
        if "/DestOutputProfile" in intent:
            intent.DestOutputProfile = shared(intent.DestOutputProfile)


_BFCHARS = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


def merge_font_dictionaries(pdf: Pdf) -> None:
    """One font dictionary per font: the ones the parts made of a font sharing one program (``share_fonts``) become one,
    with the widths and ToUnicode entries of them all, as WeasyPrint writes the dictionary of a deck written at once."""
    groups: dict[tuple[str, tuple[int, int]], list[Dictionary]] = {}
    seen: set[tuple[int, int]] = set()
    for resources in _resources(pdf):
        for name, font in resources.get("/Font", {}).items():
            if font.objgen not in seen and (program := _mergeable(font)) is not None:
                seen.add(font.objgen)
                groups.setdefault((str(name), program), []).append(font)
    merged: dict[tuple[int, int], Dictionary] = {}
    for fonts in groups.values():
        if len(fonts) > 1:
            one = _merged(pdf, fonts)
            merged.update((font.objgen, one) for font in fonts)
    for resources in _resources(pdf):
        table = resources.get("/Font", {})
        for name, font in list(table.items()):
            if font.objgen in merged:
                table[name] = merged[font.objgen]


def _mergeable(font: Dictionary) -> tuple[int, int] | None:
    """The program of a Type 0 font WeasyPrint wrote with an Identity encoding, widths and a ToUnicode map; None for
    any other font."""
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H" or "/ToUnicode" not in font or not font.is_indirect:
        return None
    descendant = font.DescendantFonts[0]
    descriptor = descendant.get("/FontDescriptor")
    if descriptor is None or "/CIDSet" in descriptor or not isinstance(descendant.get("/W"), Array):
        return None
    program = next((descriptor[key] for key in FONT_FILES if key in descriptor), None)
    return program.objgen if program is not None and program.is_indirect else None


def _merged(pdf: Pdf, fonts: list[Dictionary]) -> Dictionary:
    """The first of ``fonts`` made to hold the widths and ToUnicode entries of every one (``_mergeable`` fonts of one
    program)."""
    widths: dict[int, object] = {}
    to_unicode: dict[int, bytes] = {}
    for font in fonts:
        for gid, width in _widths(font.DescendantFonts[0].W).items():
            widths.setdefault(gid, width)
        for section in _BFCHARS.findall(font.ToUnicode.read_bytes()):
            for gid, text in _BFCHAR.findall(section):
                to_unicode.setdefault(int(gid, 16), text)
    first = fonts[0]
    descendant = first.DescendantFonts[0]
    descendant.W = _width_array(widths)
    descriptor = descendant.FontDescriptor
    bbox = [*descriptor.FontBBox]
    bbox[2] = max((float(w) for w in widths.values()), default=0)  # as WeasyPrint: the widest glyph used
    descriptor.FontBBox = Array(bbox)
    fixed = len(widths) > 1 and len({float(w) for w in widths.values()}) == 1
    descriptor.Flags = (int(descriptor.Flags) & ~1) | (1 if fixed else 0)
    first.ToUnicode = pdf.make_stream(_to_unicode(to_unicode))
    return first


def _widths(array: Array) -> dict[int, object]:
    """The widths of a ``/W`` array, by glyph: ``c [w1 w2 …]`` and ``c_first c_last w`` entries."""
    items, found, i = list(array), {}, 0
    while i < len(items):
        start = int(items[i])
        if isinstance(items[i + 1], Array):
            found.update((start + n, width) for n, width in enumerate(items[i + 1]))
            i += 2
        else:
            found.update((gid, items[i + 2]) for gid in range(start, int(items[i + 1]) + 1))
            i += 3
    return found


def _width_array(widths: dict[int, object]) -> Array:
    """A ``/W`` array as WeasyPrint writes it: each run of consecutive glyphs as ``first [w …]``."""
    out: list[object] = []
    for gid in sorted(widths):
        if gid - 1 not in widths:
            out.extend((gid, Array()))
        out[-1].append(widths[gid])  # type: ignore[attr-defined]
    return Array(out)


def _to_unicode(entries: dict[int, bytes]) -> bytes:
    """A ToUnicode CMap as WeasyPrint writes it, with ``entries`` (glyph -> UTF-16BE hex) in batches of 100."""
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo",
        b"<< /Registry (Adobe)",
        b"/Ordering (UCS)",
        b"/Supplement 0",
        b">> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    items = list(entries.items())
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines.extend(f"<{gid:04x}> <".encode() + text + b">" for gid, text in batch)
        lines.append(b"endbfchar")
    lines.extend([b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"])
    return b"\n".join(lines)
