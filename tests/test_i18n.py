"""Translations: the English deck, starting a language, PO export/import, status, stale units, RTL, glyphs."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pypdfium2 as pdfium
import pytest
import yaml
from click.testing import CliRunner

from deck.build import Options, build
from deck.cli import main
from deck.content.load import load_content
from deck.errors import ContentError
from deck.layout.cards import WerkvormCard, sequence
from deck.translate.i18n import export_po, import_po, init, status

from .conftest import CONTENT
from .pdfinfo import PdfInfo

RTL = Path(__file__).resolve().parent / "fixtures" / "rtl"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_english_deck_has_every_card_with_english_headings(liso_screens, liso_content):
    pdf = PdfInfo(liso_screens.paths("screen")["en"])
    english = load_content(CONTENT, ["en"]).decks["en"]
    cards_en, cards_nl = sequence(english), sequence(liso_content.decks["nl"])
    assert [c.number for c in cards_en] == [c.number for c in cards_nl]
    assert [type(c) for c in cards_en] == [type(c) for c in cards_nl]
    assert len(pdf.pages) == 42
    for card in cards_en:
        if isinstance(card, WerkvormCard):
            front, back = pdf.texts[2 * card.number - 2].lower(), pdf.texts[2 * card.number - 1].lower()
            assert card.werkvorm.title.lower() in front
            assert "what it is" in front and "when to use it" in front
            assert "how it works" in back and "what it yields" in back and "back to the overview" in back
    assert pdf.reader.trailer["/Root"]["/Lang"] == "en"
    assert pdf.reader.metadata.title == "What works in public-private learning networks"


def test_english_is_complete_and_current():
    result = run("i18n", "status", "--content", str(CONTENT), "en", "--strict", "--no-fit")
    assert result.exit_code == 0, result.output
    assert result.output == "en: 151 translated, 0 missing, 0 stale, 0 invalid, 0 orphaned\n"


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def test_init_creates_every_unit_empty_with_the_source_beside_it(content):
    written = init(content, "de", "Deutsch")
    assert sorted(p.relative_to(content / "de").as_posix() for p in written) == sorted(
        p.relative_to(content / "nl").as_posix() for p in (content / "nl").rglob("*.yaml")
    )
    texts = yaml.safe_load((content / "de/deck.yaml").read_text())
    assert (texts["language"], texts["name"], texts["direction"]) == ("de", "Deutsch", "ltr")
    assert texts["labels"]["what"] == "" and texts["title"] == ""
    raw = (content / "de/werkvormen/brainstormen.yaml").read_text()
    assert '# nl: Brainstormen\ntitle: ""\n' in raw
    report = status(content, "de", check_fit=False)
    assert (report.count("missing"), report.count("translated"), report.count("stale")) == (151, 0, 0)
    assert run("i18n", "init", "--content", str(content), "de").exit_code == 1  # already there


def test_release_build_refuses_an_incomplete_language_and_allow_incomplete_marks_it(content, tmp_path):
    init(content, "de", "Deutsch")
    with pytest.raises(ContentError) as error:
        build(content, tmp_path / "out", languages=["de"], outputs=["screen"])
    lines = [str(p) for p in error.value.problems]
    assert len(lines) == 151
    assert any(
        line.endswith(
            "de/werkvormen/brainstormen.yaml:3: title: not translated yet (unit werkvormen.brainstormen.title); translate it, or build with --allow-incomplete"
        )
        for line in lines
    )
    assert not (tmp_path / "out").exists()
    written = build(content, tmp_path / "out", languages=["de"], outputs=["screen"], options=Options(allow_incomplete=True))
    assert any("151 units are not translated yet and shown in nl, marked" in w for w in written[0].warnings)
    pdf = PdfInfo(written[0].path)
    assert "Brainstormen" in pdf.texts[10]


def _translate(po: polib.POFile) -> None:
    """What a translator does in Poedit: fill in every msgstr."""
    for entry in po:
        entry.msgstr = f"[de] {entry.msgid}"


def test_po_export_then_import_round_trips_exactly(content, tmp_path):
    init(content, "de", "Deutsch")
    po_path = tmp_path / "de.po"
    result = run("i18n", "export", "--content", str(content), "de", "--out", str(po_path))
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {po_path} (151 units, 0 translated)\n"
    po = polib.pofile(str(po_path))
    assert po.metadata["Language"] == "de" and po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert len({e.msgctxt for e in po}) == len(po) == 151
    step = next(e for e in po if e.msgctxt == "werkvormen.brainstormen.how.steps.subgroepen")
    assert step.msgid == "Deelnemers gaan in subgroepen uiteen met een vraag of probleemstelling."
    assert step.comment == "Werkvorm Brainstormen (card 6): a step of 'how it works'"
    assert step.occurrences == [("de/werkvormen/brainstormen.yaml", "")]
    _translate(po)
    po.save(str(po_path))
    result = run("i18n", "import", "--content", str(content), str(po_path))
    assert result.exit_code == 0, result.output
    assert result.output == f"imported 151 units into {content / 'de'} (0 unchanged)\n"
    texts = yaml.safe_load((content / "de/werkvormen/brainstormen.yaml").read_text())
    assert texts["how"]["steps"]["subgroepen"] == "[de] Deelnemers gaan in subgroepen uiteen met een vraag of probleemstelling."
    assert (content / "nl/werkvormen/brainstormen.yaml").read_text() == (CONTENT / "nl/werkvormen/brainstormen.yaml").read_text()
    assert (content / "deck.yaml").read_text() == (CONTENT / "deck.yaml").read_text()
    again = export_po(content, "de")
    assert [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy) for e in again] == [
        (e.msgctxt, e.msgid, e.msgstr, False) for e in polib.pofile(str(po_path))
    ]
    report = status(content, "de", check_fit=False)
    assert report.count("translated") == 151
    load_content(content, ["de"])  # complete: a release build accepts it


def test_weblate_reads_the_po_file(content, tmp_path):
    """Weblate reads PO files with translate-toolkit: it must find every unit with its context, source, notes and place."""
    from translate.storage import factory

    po_path = tmp_path / "en.po"
    export_po(content, "en").save(str(po_path))
    store = factory.getobject(str(po_path))
    assert store.gettargetlanguage() == "en"
    units = [unit for unit in store.units if not unit.isheader()]
    assert len(units) == 151
    step = next(unit for unit in units if unit.getcontext() == "werkvormen.speeddaten.how.steps.nabespreken")
    assert step.source.startswith("Na afloop wordt in de groep besproken")
    assert step.target.startswith("Afterwards")
    assert step.getnotes() == "Werkvorm Speeddaten (card 9): a step of 'how it works'"
    assert step.getlocations() == ["en/werkvormen/speeddaten.yaml"]
    assert not any(unit.isfuzzy() for unit in units)


def test_import_rejects_unknown_units(content, tmp_path):
    init(content, "de")
    po = export_po(content, "de")
    po.append(polib.POEntry(msgctxt="werkvormen.brainstormen.how.steps.weg", msgid="x", msgstr="y"))
    po.save(str(tmp_path / "de.po"))
    with pytest.raises(ContentError) as error:
        import_po(content, tmp_path / "de.po")
    assert "unknown unit 'werkvormen.brainstormen.how.steps.weg' (msgctxt); it is not in nl" in str(error.value)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_status_counts_missing_stale_and_orphaned_and_strict_fails(content):
    _edit(content / "en/werkvormen/brainstormen.yaml", "title: Brainstorming", 'title: ""')
    _edit(content / "nl/werkvormen/speeddaten.yaml", "Na afloop wordt in de groep", "Na afloop wordt in de hele groep")
    _edit(content / "en/werkvormen/verankeren.yaml", "how:\n  steps:\n", "how:\n  steps:\n    oude-stap: An old step.\n")
    result = run("i18n", "status", "--content", str(content), "en", "--no-fit")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "en: 149 translated, 1 missing, 1 stale, 0 invalid, 1 orphaned",
        "  missing: werkvormen.brainstormen.title in en/werkvormen/brainstormen.yaml",
        "  stale: werkvormen.speeddaten.how.steps.nabespreken in en/werkvormen/speeddaten.yaml (the nl text changed after it was translated)",
        "  orphaned: werkvormen.verankeren.how.steps.oude-stap in en/werkvormen/verankeren.yaml (no such unit in nl)",
    ]
    assert run("i18n", "status", "--content", str(content), "en", "--no-fit", "--strict").exit_code == 1


def test_a_changed_source_sentence_marks_its_translation_stale_until_accepted(content, tmp_path):
    _edit(content / "nl/werkvormen/brainstormen.yaml", "Elk idee is welkom.", "Elk idee is echt welkom.")
    assert [u.unit for u in status(content, "en", check_fit=False).units if u.state == "stale"] == [
        "werkvormen.brainstormen.how.steps.voortbouwen"
    ]
    written = build(content, tmp_path / "out", languages=["en"], outputs=["screen"])
    assert written[0].warnings == ("en: 1 unit is stale (their nl text changed): werkvormen.brainstormen.how.steps.voortbouwen",)
    result = run("i18n", "accept", "--content", str(content), "en", "werkvormen.brainstormen.how.steps.voortbouwen")
    assert (result.exit_code, result.output) == (0, "accepted 1 unit in en\n")
    assert status(content, "en", check_fit=False).count("stale") == 0
    again = build(content, tmp_path / "out", languages=["en"], outputs=["screen"])
    assert again[0].warnings == ()  # not the warning of the build that kept the file


def test_accept_all_confirms_every_unit_a_typo_fix_touched(content):
    _edit(content / "nl/werkvormen/brainstormen.yaml", "Elk idee is welkom.", "Elk idee is welkom!")
    _edit(content / "nl/werkvormen/verankeren.yaml", "De facilitator toont", "De facilitator  toont")  # whitespace: not a change
    _edit(content / "nl/deck.yaml", "what: Wat is het", "what: Wat is 't")
    assert status(content, "en", check_fit=False).count("stale") == 2
    result = run("i18n", "accept", "--content", str(content), "en", "--all")
    assert result.output == "accepted 2 units in en\n"
    assert status(content, "en", check_fit=False).count("stale") == 0
    assert run("i18n", "accept", "--content", str(content), "en").exit_code == 2


def test_status_reports_cards_that_do_not_fit(content):
    _edit(content / "en/werkvormen/speeddaten.yaml", "title: Speed dating", "title: Speed dating")
    path = content / "en/werkvormen/speeddaten.yaml"
    texts = yaml.safe_load(path.read_text())
    texts["what"] = " ".join(["Speed dating lets everyone meet everyone, briefly and with a clear question."] * 30)
    path.write_text(yaml.safe_dump(texts))
    report = status(content, "en")
    assert len(report.overflows) == 1
    assert report.overflows[0].startswith("card 9 (Speed dating), front: the text does not fit")


def test_a_character_no_font_can_draw_is_reported_with_its_unit(content, tmp_path):
    _edit(content / "en/werkvormen/brainstormen.yaml", "title: Brainstorming", "title: Brainstorming ☃")
    with pytest.raises(ContentError) as error:
        build(content, tmp_path / "out", languages=["en"])
    assert [str(p).split("content/", 1)[1] for p in error.value.problems] == [
        "en/werkvormen/brainstormen.yaml:2: title: '☃' (U+2603 SNOWMAN) is in none of the deck's fonts; it would print as an empty box"
    ]
    report = status(content, "en", check_fit=False)
    assert [(u.unit, u.state, u.line, u.detail) for u in report.problems] == [
        (
            "werkvormen.brainstormen.title",
            "invalid",
            2,
            "'☃' (U+2603 SNOWMAN) is in none of the deck's fonts; it would print as an empty box",
        )
    ]


def _char_x(path: Path, page: int, text: str) -> float:
    """The x (fraction of the page width) of the first occurrence of ``text`` on a page."""
    document = pdfium.PdfDocument(str(path))
    textpage = document[page].get_textpage()
    width = document[page].get_width()
    whole = textpage.get_text_range()
    index = whole.index(text)
    left, _, right, _ = textpage.get_charbox(index)
    return (left + right) / 2 / width


def test_arabic_renders_right_to_left(tmp_path):
    written = build(RTL, tmp_path, languages=["ar"], outputs=["screen"])
    path = written[0].path
    pdf = PdfInfo(path)
    assert pdf.reader.trailer["/Root"]["/Lang"] == "ar"
    back = pdf.texts[7]  # card 4 (parking lot) back
    for words in ("موقف الأفكار", "كيف يعمل", "ماذا ينتج", "اكتب كل موضوع جانبي عليها"):
        assert words in back
    assert all(name.split("-")[0] == "Deck" for name in pdf.fonts())
    assert any("Arabic" in name for name in pdf.fonts())
    assert _char_x(path, 7, "4") < 0.25  # the card number sits on the left
    assert _char_x(path, 7, "1") > 0.75  # step numbers hang on the right
    english = build(RTL, tmp_path / "en", languages=["en"], outputs=["screen"])[0].path
    assert _char_x(english, 7, "4") > 0.75 and _char_x(english, 7, "1") < 0.25


def test_hyphenation_follows_the_language(liso_nl):
    """Dutch words are hyphenated with the Dutch dictionary (pyphen), never mid-syllable."""
    # line-end hyphens are ASCII hyphens, which the viewers rejoin for search
    hyphenated = {word for text in liso_nl["screen"].texts for word in text.split() if word.endswith("-")}
    assert {"moge-", "daar-"} <= hyphenated, sorted(hyphenated)
    # hyphenate-limit-chars: no fragment of under 3 letters before a line-end hyphen
    assert not {w for w in hyphenated if len(w.strip("-(")) < 3}, sorted(hyphenated)
