"""A translator's round trip: import refuses slips and paths, edits in place, keeps fuzzy; PO files tools accept."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import warnings
from pathlib import Path

import polib
import pytest

from deck.translate.i18n import export_po, status
from deck.translate.state import Record, read_translation

from .i18n_helpers import content, po_with, run, snapshot

__all__ = ["content"]  # the fixture

SIBLING = "labels.sibling"
STEP = "werkvormen.brainstormen.how.steps.voortbouwen"


def changed_lines(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """The unified-diff lines (+/-, with the file) between two snapshots."""
    lines = []
    for name in sorted(set(before) | set(after)):
        old = before.get(name, b"").decode().splitlines()
        new = after.get(name, b"").decode().splitlines()
        for line in difflib.unified_diff(old, new, lineterm="", n=0):
            if line[:1] in "+-" and not line.startswith(("+++", "---")):
                lines.append(f"{name}: {line}")
    return lines


def entry_line(path: Path, unit: str) -> int:
    return next(e.linenum for e in polib.pofile(str(path)) if e.msgctxt == unit)


BAD_TEXTS = [
    (
        SIBLING,
        "{dimension} activity {dimenson}",
        "placeholders differ from the nl text: expected {dimension} {stage}, found {dimension} {dimenson}",
    ),
    (STEP, "Build on <b>every</b> idea.", "HTML tags, links and images are not allowed in card text (found '<b>'); cards print plain text"),
    (
        STEP,
        "Build on ideas <img/src=x>",
        "HTML tags, links and images are not allowed in card text (found '<img/src=x>'); cards print plain text",
    ),
    (
        STEP,
        "See [the guide](https://example.org).",
        "HTML tags, links and images are not allowed in card text (found '[the guide](https://example.org)'); cards print plain text",
    ),
    (STEP, "x" * 3001, "text of 3,001 characters; the limit is 3,000"),
]


@pytest.mark.parametrize(("unit", "text", "message"), BAD_TEXTS, ids=["placeholder", "html", "img", "markdown", "length"])
def test_import_refuses_a_text_the_build_would_refuse_naming_the_unit(content, tmp_path, unit, text, message):
    po_path = po_with(content, tmp_path, unit, text)
    before = snapshot(content)
    result = run("i18n", "import", "--content", str(content), "en", str(po_path))
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"{po_path}:{entry_line(po_path, unit)}: {unit}: {message}",
        "1 problem found; nothing was written.",
    ]
    assert snapshot(content) == before


def test_import_refuses_control_characters_and_a_repeated_unit(content, tmp_path):
    po_path = po_with(content, tmp_path, STEP, "Build\x1b[31m on ideas.")
    po = polib.pofile(str(po_path))
    po.append(polib.POEntry(msgctxt="labels.what", msgid="Wat is het", msgstr="What it is"))
    po.save(str(po_path))
    before = snapshot(content)
    result = run("i18n", "import", "--content", str(content), "en", str(po_path))
    assert result.exit_code == 1
    again = [e.linenum for e in polib.pofile(str(po_path)) if e.msgctxt == "labels.what"]
    assert result.stderr.splitlines() == [
        f"{po_path}:{entry_line(po_path, STEP)}: {STEP}: control character U+001B; text may hold newlines and tabs only",
        f"{po_path}:{again[1]}: labels.what: the same unit again (msgctxt first on line {again[0]})",
        "2 problems found; nothing was written.",
    ]
    assert snapshot(content) == before


def test_a_huge_po_file_is_refused_before_it_is_parsed(content, tmp_path):
    po_path = tmp_path / "en.po"
    po_path.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgctxt "title"\nmsgid "x"\nmsgstr "' + "x" * 50_000_000 + '"\n')
    before = snapshot(content)
    result = run("i18n", "import", "--content", str(content), "en", str(po_path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{po_path}: PO file larger than 10,000,000 bytes; a deck's PO file is far smaller"
    assert snapshot(content) == before


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("deck.yaml", 'sibling: "{dimension} activity {stage}"', 'sibling: "{dimension} activity {dimenson}"', "placeholders differ"),
        ("werkvormen/brainstormen.yaml", "title: Brainstorming", "title: <b>Brainstorming</b>", "HTML tags"),
        ("werkvormen/brainstormen.yaml", "title: Brainstorming", "title: '[Brainstorming](https://x.org)'", "HTML tags"),
    ],
    ids=["placeholder", "html", "markdown"],
)
def test_the_same_slip_in_yaml_fails_validate_status_and_build(content, tmp_path, file, old, new, message):
    path = content / "en" / file
    path.write_text(path.read_text().replace(old, new, 1))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if new in text)
    where = f"{path}:{line}: "
    result = run("validate", "--content", str(content), "--no-fit")
    assert result.exit_code == 1 and where in result.stderr and message in result.stderr, result.output
    result = run("i18n", "status", "--content", str(content), "en", "--strict", "--no-fit")
    assert result.exit_code == 1
    assert (
        f"  invalid: {'labels.sibling' if file == 'deck.yaml' else 'werkvormen.brainstormen.title'} in en/{file}:{line} (" in result.stdout
    )
    assert result.stdout.splitlines()[0] == "en: 150 translated, 0 missing, 0 stale, 1 invalid, 0 orphaned"
    result = run("build", "--content", str(content), "--lang", "en", "--output", "screen", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and where in result.stderr and message in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_placeholder_error_names_what_is_expected(content):
    path = content / "en" / "deck.yaml"
    path.write_text(path.read_text().replace("{dimension} activity {stage}", "{dimension} activity {dimenson}", 1))
    result = run("validate", "--content", str(content), "--no-fit")
    assert (
        f"{path}:26: labels.sibling: placeholders differ from the nl text: expected {{dimension}} {{stage}}, found {{dimension}} {{dimenson}}"
        in (result.stderr.splitlines())
    )


def test_an_import_changes_only_the_units_it_changes_and_again_nothing(content, tmp_path):
    po_path = po_with(content, tmp_path, "labels.what", "What it is about")
    before = snapshot(content)
    result = run("i18n", "import", "--content", str(content), "en", str(po_path))
    assert (result.exit_code, result.output) == (0, f"imported 1 unit into {content / 'en'} (150 unchanged)\n")
    after = snapshot(content)
    assert changed_lines(before, after) == ["en/deck.yaml: -  what: What it is", "en/deck.yaml: +  what: What it is about"]
    assert "# UI words the cards print.\n" in after["en/deck.yaml"].decode()
    result = run("i18n", "import", "--content", str(content), str(po_path))  # the header's Language: en
    assert (result.exit_code, result.output) == (0, f"imported 0 units into {content / 'en'} (151 unchanged)\n")
    assert snapshot(content) == after


def test_a_folded_text_stays_folded_and_a_missing_unit_comes_back_in_its_place(content, tmp_path):
    path = content / "en/werkvormen/brainstormen.yaml"
    original = path.read_text()
    block = (
        "    voortbouwen: >-\n"
        "      Participants build on each other's ideas and use them as stepping stones\n"
        "      to new ones. Every idea is welcome.\n"
    )
    assert block in original
    path.write_text(original.replace(block, ""))  # the unit is not in the file at all
    po = export_po(content, "en")
    for entry in po:
        if entry.msgctxt == STEP:
            entry.msgstr = "Participants build on each other's ideas and use them as stepping stones to new ones. Every idea is welcome."
        elif entry.msgctxt == "werkvormen.brainstormen.what":
            entry.msgstr = "Brainstorming means collecting associations together."
    po.save(str(tmp_path / "en.po"))
    result = run("i18n", "import", "--content", str(content), "en", str(tmp_path / "en.po"))
    assert result.output == f"imported 2 units into {content / 'en'} (149 unchanged)\n"
    expected = original.replace(
        block,
        "    voortbouwen: Participants build on each other's ideas and use them as stepping stones to new ones. Every idea is welcome.\n",
    ).replace(
        "what: >-\n  Brainstorming means collecting associations together around a particular\n"
        "  issue or theme. The aim is to write down as many associations as possible.\n",
        "what: >-\n  Brainstorming means collecting associations together.\n",
    )
    assert path.read_text() == expected


def _msgfmt_check(path: Path) -> None:
    if shutil.which("msgfmt") is None:
        warnings.warn(
            "gettext's msgfmt is not installed: `msgfmt -c` skipped; the polib and translate-toolkit checks still run", stacklevel=2
        )
        return
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr


def check_po_file(path: Path, code: str) -> None:
    """What `msgfmt -c` checks, by gettext when present and always by polib and translate-toolkit (Weblate)."""
    _msgfmt_check(path)
    from translate.filters import checks
    from translate.storage import factory

    po = polib.pofile(str(path))
    required = ["Project-Id-Version", "PO-Revision-Date", "Last-Translator", "Language-Team", "Language", "MIME-Version"]
    required += ["Content-Type", "Content-Transfer-Encoding", "Plural-Forms"]
    assert [field for field in required if field not in po.metadata] == []
    assert "YEAR" not in po.metadata["PO-Revision-Date"] and "FULL NAME" not in po.metadata["Last-Translator"]
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8" and po.metadata["Language"] == code
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    store = factory.getobject(str(path))
    assert store.gettargetlanguage() == code
    checker = checks.StandardChecker()
    for entry in po:
        if "python-brace-format" in entry.flags and entry.msgstr:
            assert checker.pythonbraceformat(entry.msgid, entry.msgstr)  # raises FilterFailure when the placeholders differ


def test_a_changed_source_exports_fuzzy_with_the_previous_text_and_imports_still_stale(content, tmp_path):
    nl = content / "nl/werkvormen/brainstormen.yaml"
    old = read_translation(content, "en").source[STEP].text
    nl.write_text(nl.read_text().replace("Elk idee is welkom.", "Elk idee is echt welkom.", 1))
    po_path = tmp_path / "en.po"
    assert run("i18n", "export", "--content", str(content), "en", "--out", str(po_path)).exit_code == 0
    check_po_file(po_path, "en")
    entry = next(e for e in polib.pofile(str(po_path)) if e.msgctxt == STEP)
    assert (entry.fuzzy, entry.previous_msgctxt, entry.previous_msgid) == (True, STEP, old)
    assert entry.msgid == old.replace("Elk idee is welkom.", "Elk idee is echt welkom.")
    assert f'#| msgctxt "{STEP}"\n#| msgid "{old}"\n' in po_path.read_text()
    before = snapshot(content / "en")
    result = run("i18n", "import", "--content", str(content), "en", str(po_path))  # the translator has not reviewed it yet
    assert result.output == f"imported 0 units into {content / 'en'} (151 unchanged)\n"
    assert snapshot(content / "en") == before
    assert [(u.unit, u.state) for u in status(content, "en", check_fit=False).problems] == [(STEP, "stale")]
    assert read_translation(content, "en").records[STEP] == Record(entry_hash(old), old)
    entry_path = po_with(content, tmp_path, STEP, "Build on every idea, really.")
    po = polib.pofile(str(entry_path))
    next(e for e in po if e.msgctxt == STEP).flags.remove("fuzzy")  # reviewed
    po.save(str(entry_path))
    assert run("i18n", "import", "--content", str(content), "en", str(entry_path)).exit_code == 0
    assert status(content, "en", check_fit=False).problems == ()


def entry_hash(text: str) -> str:
    from deck.content.units import source_hash

    return source_hash(text)


def test_an_entry_marked_fuzzy_by_the_translator_stays_to_be_reviewed(content, tmp_path):
    po_path = po_with(content, tmp_path, "labels.what", "What it is, roughly", fuzzy=True)
    assert run("i18n", "import", "--content", str(content), "en", str(po_path)).exit_code == 0
    report = status(content, "en", check_fit=False)
    assert [(u.unit, u.state, u.detail) for u in report.problems] == [("labels.what", "stale", "imported marked fuzzy: it needs review")]
    record = read_translation(content, "en").records["labels.what"]
    assert (record.source, record.fuzzy) == ("Wat is het", True)
    again = next(e for e in export_po(content, "en") if e.msgctxt == "labels.what")
    assert (again.msgstr, again.fuzzy) == ("What it is, roughly", True)
    assert run("i18n", "accept", "--content", str(content), "en", "labels.what").exit_code == 0
    assert status(content, "en", check_fit=False).problems == ()


def test_an_old_record_of_fingerprints_only_is_still_read_and_upgraded_unit_by_unit(content):
    state = content / "en/translated-from.yaml"
    records = read_translation(content, "en").records
    state.write_text("# old form\n" + "".join(f'"{unit}": "{record.hash}"\n' for unit, record in records.items()))
    assert status(content, "en", check_fit=False).problems == ()
    nl = content / "nl/werkvormen/brainstormen.yaml"
    nl.write_text(nl.read_text().replace("Elk idee is welkom.", "Elk idee is echt welkom.", 1))
    entry = next(e for e in export_po(content, "en") if e.msgctxt == STEP)
    assert (entry.fuzzy, entry.previous_msgid) == (True, None)  # the old text is not known
    before = state.read_text().splitlines()
    assert run("i18n", "accept", "--content", str(content), "en", STEP).exit_code == 0
    after = state.read_text().splitlines()
    assert len(after) == len(before) + 2 and [line for line in before if line not in after] == [f'"{STEP}": "{records[STEP].hash}"']


def test_every_export_passes_msgfmt_and_a_reference_language_shows_beside(content, tmp_path):
    assert run("i18n", "init", "--content", str(content), "de", "--name", "Deutsch").exit_code == 0
    po_path = tmp_path / "de.po"
    result = run("i18n", "export", "--content", str(content), "de", "--out", str(po_path), "--reference", "en")
    assert result.output == f"wrote {po_path} (151 units, 0 translated)\n"
    check_po_file(po_path, "de")
    po = polib.pofile(str(po_path))
    assert po.metadata["Language-Team"] == "Deutsch"
    step = next(e for e in po if e.msgctxt == STEP)
    assert step.tcomment == f"en: {read_translation(content, 'en').values[STEP].text}"
    sibling = next(e for e in po if e.msgctxt == SIBLING)
    assert (sibling.tcomment, sibling.flags) == ("en: {dimension} activity {stage}", ["python-brace-format"])
    en_path = tmp_path / "en.po"
    export_po(content, "en").save(str(en_path))
    check_po_file(en_path, "en")


def test_a_back_link_with_an_untranslated_part_is_marked_in_an_incomplete_build(content, tmp_path):
    """The composed label 'Shared values activity <stage link>' is marked when the stage link falls back to Dutch."""
    import pypdfium2 as pdfium

    from deck.build import Options, build

    texts = content / "en/deck.yaml"
    texts.write_text(texts.read_text().replace("link: in a running network", 'link: ""', 1))
    written = build(content, tmp_path / "out", ["en"], ["screen"], Options(allow_incomplete=True))
    assert written[0].warnings[0].startswith("en: 1 unit is not translated yet and shown in nl, marked: stages.lopend.link")
    document = pdfium.PdfDocument(str(written[0].path))
    marked, plain = [], []
    for page in document:
        textpage = page.get_textpage()
        whole = textpage.get_text_range()
        image = page.render(scale=2).to_pil().convert("RGB")
        for label, found in (("activity bij lopend leernetwerk", marked), ("activity at the start of a network", plain)):
            start = whole.find(label)
            if start < 0:
                continue
            left, bottom, right, top = textpage.get_charbox(start + len(label) - 1)
            height = page.get_height()
            box = (int(left * 2) - 2, int((height - top) * 2) - 2, int(right * 2) + 2, int((height - bottom) * 2) + 2)
            colours = image.crop(box).getcolors(10_000) or []
            found.append(any(abs(r - 0xFF) < 8 and abs(g - 0xE9) < 8 and abs(b - 0xA8) < 8 for _, (r, g, b) in colours))
    assert marked and all(marked)  # the untranslated .untranslated highlight (#ffe9a8) sits behind the label
    assert plain and not any(plain)
