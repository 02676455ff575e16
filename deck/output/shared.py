"""Embed once what the parts of a deck written in parts each embed: fonts, colour profiles and images.

Each part's PDF carries its own subset of every font it uses, its own ICC profiles (sRGB for the screen, the
press profile of a CMYK print) and its own copy of every image; joined (``deck.output.merge``), the deck would
carry one of each per part.
"""

from __future__ import annotations

import hashlib
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream

from deck.layout import subset

FONT_FILES = ("/FontFile2", "/FontFile3")
"""TrueType, and OpenType (``/Subtype /OpenType``, as WeasyPrint embeds CFF fonts): fontTools subsets both."""


def _resources(pdf: Pdf) -> list[Dictionary]:
    """Every distinct resource dictionary of the pages."""
    found: dict[tuple[int, int], Dictionary] = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        if isinstance(resources, Dictionary):
            found.setdefault(resources.objgen if resources.is_indirect else (id(resources), -1), resources)
    return list(found.values())


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
    """One program per font: the subsets the parts made of one font become one subset holding all their glyphs.

    The subsets keep every glyph at its own id (``deck.layout.subset``), so each part's text, widths and
    ToUnicode map stay right with the shared program. A program this build did not make (a font WeasyPrint
    embeds whole) is shared only with programs of the same bytes, by ``share_streams``.
    """
    groups: dict[tuple[str, int, bool, bool, str], list[tuple[Dictionary, subset.Origin]]] = {}
    for descriptor, key in _descriptors(pdf):
        origin = subset.origin_of(descriptor[key].read_bytes())
        if origin is not None:
            groups.setdefault((*origin.family(), key), []).append((descriptor, origin))
    for (*_, key), group in groups.items():
        program = subset.union_subset([origin for _, origin in group]) if len(group) > 1 else None
        if program is None:
            continue
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
