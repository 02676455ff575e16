"""A deck is fitted and written in parts (deck.layout.parts, deck.output.merge): what viewers, screen readers and
print shops get must not depend on where the parts end. Here decks written in parts of other sizes, and in one part
(as WeasyPrint writes a document at once, its fonts cut at the join), are compared."""

from __future__ import annotations

import ctypes
import hashlib
import io
import json
import re
import shutil
import weakref
from dataclasses import replace
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml

from deck.build import Options, build
from deck.layout import parts
from deck.options import OUTPUTS, Theme
from deck.output import language, merge
from deck.output import parts as written_parts

from . import pdfua
from .conftest import CONTENT, MINI, ROOT
from .icc import write_cmyk_profile
from .pdfscan import rgb_uses

Seen = tuple[list[tuple[str, str, list[tuple[tuple[int, ...], int]]]], list[tuple[int, str, int]]]


def seen(path: Path) -> Seen:
    """What a viewer shows of a PDF, read through PDFium: each page's pixels (a digest), its text as search finds
    it, and its links (rectangle in whole points, target page); and the bookmarks (level, title, page)."""
    document = pdfium.PdfDocument(str(path))
    pages = []
    for index in range(len(document)):
        page = document[index]
        pixels = hashlib.sha256(page.render(scale=0.4).to_pil().tobytes()).hexdigest()
        text = page.get_textpage().get_text_range()
        position, link, links = ctypes.c_int(0), pdfium_c.FPDF_LINK(), []
        while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
            rect = pdfium_c.FS_RECTF()
            assert pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect))
            target = pdfium_c.FPDFDest_GetDestPageIndex(document.raw, pdfium_c.FPDFLink_GetDest(document.raw, link))
            links.append((tuple(round(v) for v in (rect.left, rect.bottom, rect.right, rect.top)), target))
        pages.append((pixels, text, sorted(links)))
    bookmarks = [(item.level, item.get_title(), item.get_dest().get_index()) for item in document.get_toc()]
    return pages, bookmarks


def fonts_by_name(path: Path) -> dict[str, int]:
    """How many font dictionaries each font of a PDF has (by base font name, subset tag removed)."""
    found: dict[str, set[tuple[int, int]]] = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                found.setdefault(str(font.BaseFont).split("+")[-1], set()).add(font.objgen)
    return {name: len(dictionaries) for name, dictionaries in found.items()}


def font_programs(path: Path) -> dict[str, int]:
    """How many font programs each font of a PDF embeds (by base font name, subset tag removed)."""
    found: dict[str, set[tuple[int, int]]] = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font).FontDescriptor
                found.setdefault(str(font.BaseFont).split("+")[-1], set()).add(descriptor.FontFile2.objgen)
    return {name: len(programs) for name, programs in found.items()}


def real_fonts(path: Path) -> None:
    """Every font program a PDF embeds is a font (fontTools reads it), never the note a part embeds in its place; and
    each ToUnicode map holds the entries it says it holds, none for the glyph .notdef."""
    from fontTools.ttLib import TTFont

    from deck.layout import subset

    with pikepdf.open(path) as pdf:
        programs = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and ("/Length1" in o or o.get("/Subtype") == "/OpenType")]
        assert programs
        for program in programs:
            data = program.read_bytes()
            assert subset.NOTE not in data and len(TTFont(io.BytesIO(data)).getGlyphOrder()) > 1
        fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font" and "/ToUnicode" in o]
        for font in fonts:
            cmap = font.ToUnicode.read_bytes()
            for count, section in re.findall(rb"(\d+) beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
                entries = re.findall(rb"<([0-9a-f]+)> <([0-9a-f]+)>", section)
                assert len(entries) == int(count) and b"0000" not in {glyph for glyph, _ in entries}


@pytest.fixture
def in_parts(monkeypatch):
    """Every deck is fitted in parts of ``cards`` cards (one part: as many as it has); the joins are counted."""
    joins: list[int] = []
    original = merge.join

    def counted(written, finish=None):
        joins.append(len(written))
        return original(written, finish)

    def parts_of(cards: int) -> list[int]:
        monkeypatch.setattr(parts, "PART_CARDS", cards)
        monkeypatch.setattr("deck.output.outputs.join", counted)
        return joins

    return parts_of


ONE_PART = 10_000


def test_the_default_deck_written_in_other_parts_shows_what_it_shows_in_its_own(in_parts, built, tmp_path):
    """Dutch and English, every default output, in parts of 6 cards and in the parts every build makes: the same pages,
    text, links and bookmarks in PDFium, each font embedded once, and a screen PDF that passes every PDF/UA check,
    though each part was written with its own page tree, names, tags and fonts."""
    joins = in_parts(6)
    written = build(CONTENT, tmp_path, ["nl", "en"], ["screen", "print", "sheets", "foldover"], Options(jobs=1, cache=False))
    assert (
        joins and min(joins) >= 3
    )  # parts of 6 card numbers: the bookmarks of cards 6 and 8 are in another part than their dimension's (5)
    assert all(not w.warnings for w in written), [w.warnings for w in written]  # no anchor missing from a part
    dutch, english = built(CONTENT, ["nl"]), built(CONTENT, ["nl", "en"], ["screen", "scan"])
    at_once = {("nl", output): dutch.paths(output)["nl"] for output in ("screen", "print", "sheets", "foldover")}
    at_once["en", "screen"] = english.paths("screen")["en"]  # no other test builds English print or sheets
    compared = 0
    for w in written:
        reference = at_once.get((w.path.name.split("-")[1], w.output))
        if reference is not None:
            assert seen(w.path) == seen(reference), w.path.name
            if not OUTPUTS[w.output].imposed:  # sheets hold the print PDF's pages, fonts and all, as forms
                assert font_programs(w.path) == font_programs(reference), "each font is embedded once, as written at once"
                assert fonts_by_name(w.path) == fonts_by_name(reference), "one font dictionary per font"
            real_fonts(w.path)
            compared += 1
        if w.output == "screen":
            with pikepdf.open(w.path) as pdf:
                assert {rule: found for rule, found in pdfua.all_rules(pdf).items() if found} == {}
    assert compared == 5


def _mini_with_a_face_cut(tmp_path: Path) -> Path:
    """A copy of the mini deck whose parking lot's "what" does not fit on its card at A6: it continues on card 5a."""
    content = tmp_path / "mini"
    shutil.copytree(MINI, content)
    werkvorm = content / "en/werkvormen/parking-lot.yaml"
    texts = yaml.safe_load(werkvorm.read_text(encoding="utf-8"))
    texts["what"] = " ".join(["A parking lot keeps side topics safe until the end of the meeting."] * 44)
    werkvorm.write_text(yaml.safe_dump(texts), encoding="utf-8")
    return content


def test_a_face_cut_in_a_deck_written_in_parts_gives_the_cards_of_a_deck_written_at_once(in_parts, tmp_path, monkeypatch):
    """A face that does not fit is continued on a card of its own: its part is fitted again, keeping the pages
    of the faces the cut does not change, and the pages of parts written are let go (collected after every
    ``COLLECT_FACES``). The cards are those of the deck written in one part."""
    content = _mini_with_a_face_cut(tmp_path)
    notes: list[str] = []
    in_parts(ONE_PART)
    at_once = build(content, tmp_path / "whole", outputs=["screen", "print"], options=Options(jobs=1, cache=False), on_note=notes.append)

    joins = in_parts(1)
    joins.clear()
    alive: list[list[weakref.ref]] = []
    writer = language.part_writer

    class Watched:
        def __init__(self, finish):
            self.finish, self.known, self.failed = finish, finish.known, finish.failed

        def __call__(self, fitted, *args):
            held = sum(page() is not None for earlier in alive for page in earlier)
            assert held < parts.COLLECT_FACES, f"{held} pages of earlier parts are still alive"
            alive.append([weakref.ref(page) for page in fitted.document.pages])
            return self.finish(fitted, *args)

    def watching(*args):
        return Watched(writer(*args))

    monkeypatch.setattr(language, "part_writer", watching)
    kept: list[int] = []  # for each part fitted again: how many of its pages it kept
    fit = parts.fit

    def fitting(context, lay_out, min_pt, what, faces, previous=None, hints=None):
        fitted = fit(context, lay_out, min_pt, what, faces, previous, hints)
        if previous is not None:
            kept.append(len({id(page) for page in previous.document.pages} & {id(page) for page in fitted.document.pages}))
        return fitted

    monkeypatch.setattr(parts, "fit", fitting)
    in_parts_notes: list[str] = []
    written = build(
        content, tmp_path / "parts", outputs=["screen", "print"], options=Options(jobs=1, cache=False), on_note=in_parts_notes.append
    )
    assert in_parts_notes == notes and any("continues on card" in note for note in notes), notes
    assert len(alive) > 3 and joins and min(joins) > 3
    assert kept and kept[0] > 0, "the part that did not fit is fitted again around the pages the cut does not change"
    for one, other in zip(at_once, written, strict=True):
        assert seen(one.path) == seen(other.path), one.path.name


def test_a_cmyk_pdfx_print_written_in_parts_has_no_rgb_and_the_same_bytes_every_time(in_parts, tmp_path):
    joins = in_parts(6)
    profile = write_cmyk_profile(tmp_path / "press.icc", "Test press")
    options = Options(pdfx=True, cmyk_profile=profile, marks=True, cache=False)
    first, again = (build(MINI, tmp_path / name, outputs=["print"], options=options)[0].path for name in ("a", "b"))
    assert joins == [3, 3]  # each print joined from three parts
    assert first.read_bytes() == again.read_bytes()
    with pikepdf.open(first) as pdf:
        assert rgb_uses(pdf) == []
        assert pdf.Root.OutputIntents[0].DestOutputProfile.N == 4
        profiles = [pdf.Root.OutputIntents[0].DestOutputProfile] + [
            space[1]
            for page in pdf.pages
            for space in page.obj.Resources.get("/ColorSpace", {}).values()
            if isinstance(space, pikepdf.Array) and space[0] == "/ICCBased"
        ]
        assert len(profiles) > 3  # the output intent's, and each page's colour space
        assert len({p.objgen for p in profiles}) == len({p.read_raw_bytes() for p in profiles}), "a profile embedded twice"
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "PDF/X-4" in xmp and re.search(r"xmp\.did:[0-9a-f-]{36}", xmp)


def test_a_link_to_an_id_the_deck_does_not_have_is_dropped_with_a_warning_as_when_written_at_once(in_parts, tmp_path):
    """A part links to the cards of other parts through stand-in anchors; a link whose target no part has (here in a
    template of one's own) is dropped at the join, link annotation, parent tree entry and all, and WeasyPrint's
    warning is given, as WeasyPrint does for a deck written at once."""
    templates = tmp_path / "templates" / "faces"
    templates.mkdir(parents=True)
    original = (ROOT / "templates" / "faces" / "werkvorm.html.j2").read_text(encoding="utf-8")
    kicker = '<p class="kicker">{{ w.dimension.name }}'
    assert kicker in original
    (templates / "werkvorm.html.j2").write_text(original.replace(kicker, kicker + ' <a href="#nowhere">?</a>'), encoding="utf-8")
    options = Options(jobs=1, cache=False, theme=Theme(templates=tmp_path / "templates"))
    in_parts(ONE_PART)
    at_once = build(MINI, tmp_path / "whole", outputs=["screen", "print"], options=options)
    joins = in_parts(3)
    joins.clear()
    written = build(MINI, tmp_path / "parts", outputs=["screen", "print"], options=options)
    assert joins and min(joins) >= 3
    for one, other in zip(at_once, written, strict=True):
        assert "No anchor #nowhere for internal URI reference" in one.warnings
        assert "No anchor #nowhere for internal URI reference" in other.warnings
        assert seen(one.path) == seen(other.path), one.path.name
    with pikepdf.open(written[0].path) as pdf:
        assert {rule: found for rule, found in pdfua.all_rules(pdf).items() if found} == {}


def test_a_rebuild_after_an_edit_makes_only_the_parts_that_changed_and_cuts_no_font_again(tmp_path, monkeypatch):
    """After an edit to one card's text, a rebuild lays out and writes only that card's part, takes the others from
    ``<out>/.deck-cache/reuse`` (``deck.layout.reuse``), and cuts no font again when the edit brings no new glyph: the
    subsets of the join are kept too. Its PDFs are a build's without the cache, byte for byte."""
    from deck.layout import fitting, subset

    content = tmp_path / "mini"
    shutil.copytree(MINI, content)
    layouts: list[int] = []
    made: list[int] = []
    lay_out, cut = fitting.layout, subset.subset_font
    monkeypatch.setattr(fitting, "layout", lambda html, *a, **k: layouts.append(html.count("<section")) or lay_out(html, *a, **k))
    monkeypatch.setattr(subset, "subset_font", lambda *args: made.append(1) or cut(*args))
    outputs = ["screen", "print", "sheets"]
    cold = build(content, tmp_path / "out", outputs=outputs, options=Options(jobs=1))
    assert made and sum(layouts) == cold[0].pages
    werkvorm = content / "en/werkvormen/parking-lot.yaml"
    werkvorm.write_text(werkvorm.read_text(encoding="utf-8").replace("Do it together.", "Do it all together."), encoding="utf-8")
    layouts.clear()
    made.clear()
    again = build(content, tmp_path / "out", outputs=outputs, options=Options(jobs=1))
    assert layouts == [2 * parts.PART_CARDS] and made == []
    fresh = build(content, tmp_path / "fresh", outputs=outputs, options=Options(jobs=1, cache=False))
    assert [w.path.read_bytes() for w in again] == [w.path.read_bytes() for w in fresh]


def test_a_kept_part_that_is_not_what_the_cache_wrote_is_made_again(tmp_path, monkeypatch):
    """Entries of the reuse cache are checked by their digest; a part entry whose digest is right but whose contents
    are not what a build writes (another format, cut short, lengths that do not add up, a face that did not fit, not
    JSON, PDFs that are not PDFs) is laid out again, and the PDFs are a build's without the cache."""
    from deck.layout import fitting

    content = tmp_path / "mini"
    shutil.copytree(MINI, content)
    out = tmp_path / "out"
    build(content, out, outputs=["screen"], options=Options(jobs=1))
    entries = [path for path in (out / ".deck-cache" / "reuse").iterdir() if path.read_bytes()[32:33] == b"{"]
    assert len(entries) > 3  # the parts, each a JSON header and its PDFs
    damages = [
        lambda data: data.replace(b'"format":1', b'"format":2', 1),
        lambda data: data[: len(data) // 2],
        lambda data: data.replace(b'"length":', b'"length":1', 1),
        lambda data: re.sub(rb'("fits":\[\["[^"]*","[^"]*",)[-0-9.]+', rb"\g<1>2.5", data, count=1),
        lambda data: b"[]\n" + data.partition(b"\n")[2],
        lambda data: data.partition(b"\n")[0] + b"\n" + b"x" * len(data.partition(b"\n")[2]),  # not PDFs, of the right lengths
        lambda data: b"[" * 200_000 + b"\n" + data.partition(b"\n")[2],  # too deep for the JSON parser
        lambda data: re.sub(rb'("fits":\[\["[^"]*","[^"]*",)[-0-9.]+', rb"\g<1>" + b"9" * 400, data, count=1),  # too large a number
    ]
    for number, path in enumerate(entries):
        data = path.read_bytes()[32:]
        damaged = damages[number % len(damages)](data)
        assert damaged != data
        path.write_bytes(hashlib.sha256(damaged).digest() + damaged)
    layouts: list[int] = []
    lay_out = fitting.layout
    monkeypatch.setattr(fitting, "layout", lambda html, *a, **k: layouts.append(html.count("<section")) or lay_out(html, *a, **k))
    werkvorm = content / "en/werkvormen/parking-lot.yaml"  # so that the build is not answered by the build cache
    werkvorm.write_text(werkvorm.read_text(encoding="utf-8").replace("Do it together.", "Do it all together."), encoding="utf-8")
    again = build(content, out, outputs=["screen"], options=Options(jobs=1))
    assert sum(layouts) == again[0].pages  # every part laid out again
    fresh = build(content, tmp_path / "fresh", outputs=["screen"], options=Options(jobs=1, cache=False))
    assert again[0].path.read_bytes() == fresh[0].path.read_bytes()


def test_a_rebuild_cuts_a_face_an_earlier_build_cut_without_laying_it_out_again(tmp_path, monkeypatch):
    """A part with a face that does not fit is kept with where that face's blocks end: after an edit to another card,
    the rebuild cuts the face as before and takes its part and its continuation card from the cache, laying out
    neither. A kept entry of such a part that is not what a build writes is laid out again. Each time the PDFs are
    those of a build without the cache, byte for byte."""
    from deck.layout import fitting

    content = _mini_with_a_face_cut(tmp_path)
    out, outputs = tmp_path / "out", ["screen", "print"]
    notes: list[str] = []
    build(content, out, outputs=outputs, options=Options(jobs=1), on_note=notes.append)
    (cut,) = [re.fullmatch(r"card (\d+) \(Parking lot\) continues on card (\d+a) at a6", note) for note in notes if "continues" in note]
    assert cut is not None, notes
    laid_out: list[str] = []
    lay_out = fitting.layout
    monkeypatch.setattr(
        fitting,
        "layout",
        lambda html, *a, **k: laid_out.extend(re.findall(r'data-card="([^"]+)" data-face=', html)) or lay_out(html, *a, **k),
    )
    other = content / "en/werkvormen/check-in-round.yaml"

    def rebuilt(title: str) -> set[str]:
        laid_out.clear()
        other.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", other.read_text(encoding="utf-8")), encoding="utf-8")
        again_notes: list[str] = []
        again = build(content, out, outputs=outputs, options=Options(jobs=1), on_note=again_notes.append)
        done = set(laid_out)
        fresh = build(content, tmp_path / title, outputs=outputs, options=Options(jobs=1, cache=False))
        assert [w.path.read_bytes() for w in again] == [w.path.read_bytes() for w in fresh]
        assert [n for n in again_notes if "continues" in n] == [n for n in notes if "continues" in n]
        return done

    assert laid_out == []
    assert not rebuilt("Check-in") & {cut[1], cut[2]}  # neither the card cut nor its continuation card
    (path,) = [path for path in (out / ".deck-cache" / "reuse").iterdir() if b'"failed":[' in path.read_bytes()[32:].partition(b"\n")[0]]
    data = path.read_bytes()[32:]  # the part that did not fit, as the first round of fitting found it
    order = tuple((card, face) for card, face, *_ in json.loads(data.partition(b"\n")[0])["fits"])
    wanted = written_parts.kinds(outputs, Options())
    kept = written_parts._read_entry(data, order, wanted)
    assert kept is not None and kept.made is None and set(kept.failed) == {(cut[1], "front")}, kept
    damages = [
        data.replace(b'"failed":[', b'"failed":[["1","front",[],null,null],', 1),  # a face that fits
        re.sub(rb'"failed":\[.*\]\]', b'"failed":[]', data),  # no blocks
        data + b"%PDF",  # more than the header
        data.replace(b'"failed":[["', b'"failed":[[1,"', 1),  # a card that is not text
        re.sub(rb'(?<="failed":\[\[")[^"]*', b"99", data),  # another face
        re.sub(rb'(?<="failed":\[\[)(.*?\[\[)\d+', rb"\g<1>true", data, count=1),  # a block that is not a number
        data.replace(b'"pdfs":[]', b'"pdfs":[{}]', 1),  # PDFs beside
        re.sub(rb'(?<="failed":\[\[)("[^"]*","[^"]*",)\[.*?\]\],', rb"\g<1>[],", data, count=1),  # a face with no blocks
        re.sub(rb'(?<="failed":\[\[)(.*?\[\[\d+,)[-0-9.e]+', rb"\g<1>" + b"9" * 400, data, count=1),  # too large a number
        re.sub(rb'(?<="failed":\[\[)(.*?\[\[)\d+', rb"\g<1>-1", data, count=1),  # a block numbered below 0
    ]
    for damaged in damages:
        assert damaged != data
        assert written_parts._read_entry(damaged, order, wanted) is None, damaged[:300]
    path.write_bytes(hashlib.sha256(damages[0]).digest() + damages[0])
    assert cut[1] in rebuilt("Check-in round")  # the part is laid out again, and cut as before


def test_a_kept_part_whose_pdf_was_altered_with_its_digest_gives_the_build_without_the_cache(tmp_path):
    """A kept part whose PDF opens, with a page per face, but whose structure was altered (its digest made again to
    match) cannot be joined: the language is built again without the cache, and the PDF is that build's."""
    content = tmp_path / "mini"
    shutil.copytree(MINI, content)
    out = tmp_path / "out"
    build(content, out, outputs=["screen"], options=Options(jobs=1))
    kept = [p for p in (out / ".deck-cache" / "reuse").iterdir() if b'"pdfs":[{' in p.read_bytes()[32:].partition(b"\n")[0]]
    assert len(kept) > 3  # every part; the rebuild takes those whose cards the edit does not change
    for path in kept:
        head, _, body = path.read_bytes()[32:].partition(b"\n")
        header = json.loads(head)
        with pikepdf.open(io.BytesIO(body)) as pdf:  # the screen PDF, the only one of a screen build
            pdf.Root.StructTreeRoot = 5
            altered = io.BytesIO()
            pdf.save(altered)
        header["pdfs"][0]["length"] = len(altered.getvalue())
        data = json.dumps(header, separators=(",", ":")).encode() + b"\n" + altered.getvalue()
        path.write_bytes(hashlib.sha256(data).digest() + data)
    werkvorm = content / "en/werkvormen/check-in-round.yaml"
    werkvorm.write_text(werkvorm.read_text(encoding="utf-8").replace("title: Check-in round", "title: Check-in"), encoding="utf-8")
    again = build(content, out, outputs=["screen"], options=Options(jobs=1))
    fresh = build(content, tmp_path / "fresh", outputs=["screen"], options=Options(jobs=1, cache=False))
    assert again[0].path.read_bytes() == fresh[0].path.read_bytes()


def test_a_part_taken_from_the_cache_says_what_weasyprint_said_as_a_build_without_the_cache(tmp_path, monkeypatch):
    """What WeasyPrint said while a part (or the sheets' instruction page) was laid out is said again when it is taken
    from the cache; it names files from the working folder, so a build from another folder says it as a build
    without the cache does."""
    content = tmp_path / "mini"
    shutil.copytree(MINI, content)
    stylesheet = content / "theme" / "mine.css"
    stylesheet.parent.mkdir()
    stylesheet.write_text(".bogus { colr: red; }\n", encoding="utf-8")
    options, outputs = Options(jobs=1, theme=Theme(stylesheet=stylesheet)), ["screen", "sheets"]
    monkeypatch.chdir(content)
    first = build(content, tmp_path / "out", outputs=outputs, options=options)
    assert all(any("theme/mine.css" in warning for warning in w.warnings) for w in first), [w.warnings for w in first]
    werkvorm = content / "en/werkvormen/parking-lot.yaml"
    for edit, folder in (("Do it all together.", content), ("Do it all together now.", tmp_path)):
        werkvorm.write_text(werkvorm.read_text(encoding="utf-8").replace("Do it together.", edit), encoding="utf-8")
        monkeypatch.chdir(folder)
        again = build(content, tmp_path / "out", outputs=outputs, options=options)
        fresh = build(content, tmp_path / f"fresh-{folder.name}", outputs=outputs, options=replace(options, cache=False))
        assert [w.warnings for w in again] == [w.warnings for w in fresh]  # the sheets' instruction page says it too
        assert [w.path.read_bytes() for w in again] == [w.path.read_bytes() for w in fresh]
        werkvorm.write_text(werkvorm.read_text(encoding="utf-8").replace(edit, "Do it together."), encoding="utf-8")
