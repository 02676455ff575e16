"""Hostile content: YAML values, dates, ids, characters, markup, placeholders and sizes that must be refused cleanly."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from deck.cli import main

from . import test_hostile_files
from .big_decks import long_text, many_stages_deck, wide_deck, write_deck
from .test_hostile import RTL, time_bound
from .test_hostile_files import WERKVORM, lines

here = test_hostile_files.here  # the same fixture: a writable English copy of the small deck at ./c


def validate(*extra: str, **env: str):
    result = CliRunner(env=env or None).invoke(main, ["validate", "--content", "c", *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def set_line(path: Path, key: str, value: str) -> None:
    """Replace the top-level ``key:`` line of a YAML file, as a user edits it."""
    text = path.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith(f"{key}:")]
    path.write_text("\n".join([f"{key}: {value}", *kept]) + "\n", encoding="utf-8")


@pytest.mark.parametrize("tag", ["!!float x", "!!int x", "!!bool x", "!!timestamp x", "!!int 0b2", "!!str x", "!custom x"])
def test_explicit_yaml_tags_are_refused_with_their_line(here, tag):
    set_line(here / WERKVORM, "what", tag)
    result = validate("--no-fit")
    assert result.exit_code == 1
    shown = tag.split()[0]
    assert lines(result) == [
        f"{WERKVORM}:1: what: YAML tag {shown} is not allowed in content (content is plain data)",
        "1 problem found; nothing was written.",
    ]


@pytest.mark.parametrize("value", ["2026-13-45", "2026-02-30", "2026-02-28", "12:30:00", "0x1F", "1_000", "=", "~"])
def test_plain_values_that_look_like_dates_or_numbers_never_raise(here, value):
    set_line(here / WERKVORM, "what", value)
    result = validate("--no-fit")
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output + result.stderr


def test_a_huge_integer_is_a_located_error(here):
    set_line(here / WERKVORM, "what", "9" * 5000)
    result = validate("--no-fit")
    assert result.exit_code == 1
    assert lines(result)[0].startswith(f"{WERKVORM}:1: what: cannot read the value '999")


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2026-13-45", "date: '2026-13-45' is not a date in the calendar; expected a date like '2026-11-28'"),
        ("2026-02-30", "date: '2026-02-30' is not a date in the calendar; expected a date like '2026-11-28'"),
        ("0001-01-01", "date: expected a date between 1980 and 2099, got '0001-01-01'"),
        ("2100-01-01", "date: expected a date between 1980 and 2099, got '2100-01-01'"),
    ],
)
def test_the_deck_date_is_a_real_date_in_range(here, date, message):
    set_line(here / "c/deck.yaml", "date", date)
    result = validate("--no-fit")
    assert result.exit_code == 1
    assert lines(result) == [f"c/deck.yaml:1: {message}", "1 problem found; nothing was written."]


def test_source_date_epoch_out_of_range_is_a_one_line_error(here):
    result = validate(SOURCE_DATE_EPOCH="99999999999999")
    assert result.exit_code == 1
    assert lines(result) == [
        "SOURCE_DATE_EPOCH: expected whole seconds since 1970 for a date between 1980 and 2099 (315532800..4102444799), "
        "got '99999999999999'",
        "1 problem found; nothing was written.",
    ]


def test_duplicate_keys_count_toward_the_value_limit(here):
    body = "".join("title: [a, b, c]\n" for _ in range(20_000))
    (here / WERKVORM).write_text(body)
    with time_bound(30):
        result = validate("--no-fit")
    assert result.exit_code == 1
    assert len(lines(result)) < 300  # stopped early, not 20,000 lines
    assert f"{WERKVORM}: more than 50,000 YAML values in one file" in lines(result) or any(
        "stopped reading after 200 problems" in line for line in lines(result)
    )


@pytest.mark.parametrize(
    ("ident", "message"),
    [
        ('"parking-lot\\n"', "expected an id (lowercase letters, digits and hyphens, like 'my-card'), got 'parking-lot\\n'"),
        ("x" * 300, "expected at most 64 characters, got 300"),
    ],
)
def test_ids_match_whole_and_have_a_length_limit(here, ident, message):
    path = here / "c/deck.yaml"
    path.write_text(path.read_text().replace("  - id: during", f"  - id: {ident}", 1))
    result = validate("--no-fit")
    assert result.exit_code == 1
    assert f"c/deck.yaml:5: stages[0].id: {message}" in lines(result)


def test_intro_items_that_are_numbers_or_nothing_are_located_errors(here):
    path = here / "c/deck.yaml"
    path.write_text(path.read_text() + "intro:\n  - id: start\n    items: [1, null]\n")
    result = validate("--no-fit")
    assert result.exit_code == 1
    assert "c/deck.yaml:26: intro[0].items[0]: expected an id (lowercase letters, digits and hyphens, like 'my-card'), got a number 1" in (
        lines(result)
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a \x1b[31m red", "control character U+001B; text may hold newlines and tabs only"),
        ("back\x08space", "control character U+0008; text may hold newlines and tabs only"),
        ("del\x7f", "control character U+007F; text may hold newlines and tabs only"),
        ("line\u2028separator", "U+2028 LINE SEPARATOR cannot be printed"),
        ("trojan \u202e source", "U+202E RIGHT-TO-LEFT OVERRIDE cannot be printed"),
    ],
)
def test_control_characters_are_content_errors(here, text, found):
    path = here / WERKVORM
    data = yaml.safe_load(path.read_text())
    data["when"] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=False))
    result = validate("--no-fit")
    assert result.exit_code == 1
    assert any(line.startswith(f"{WERKVORM}:") and f"when: {found}" in line for line in lines(result)), lines(result)


@pytest.mark.parametrize(
    "text",
    [
        "see <img/src=x> here",
        "<svg/onload=alert(1)>",
        "a <!-- hidden --> b",
        "mail <http://example.org/x>",
        "a [reference][1] link",
        "[1]: http://example.org/",
        "![alt](x.png)",
    ],
)
def test_markup_of_every_kind_is_refused(here, text):
    path = here / WERKVORM
    data = yaml.safe_load(path.read_text())
    data["when"] = text
    path.write_text(yaml.safe_dump(data))
    result = validate("--no-fit")
    assert result.exit_code == 1
    assert "HTML tags, links and images are not allowed in card text" in lines(result)[0]


def test_plain_text_with_brackets_and_comparisons_stays_allowed(here):
    path = here / WERKVORM
    data = yaml.safe_load(path.read_text())
    data["when"] = "Groups of < 7 or > 3 [roughly]; a<3 b; 2 > 1; see (notes)."
    data["what"] = "Tab\tand line\nbreaks, soft\u00adhyphen, zero\u200bwidth."
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert validate("--no-fit").exit_code == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("funder", "<img/src=x>"), ("project", "a\x1bb"), ("authors", [{"name": "[x](http://e.org)", "institution": "ok"}])],
)
def test_names_in_the_structure_follow_the_same_rule(here, field, value):
    path = here / "c/deck.yaml"
    data = yaml.safe_load(path.read_text())
    data["credits"] = {field: value}
    path.write_text(yaml.safe_dump(data))
    result = validate("--no-fit")
    assert result.exit_code == 1
    assert lines(result)[0].startswith("c/deck.yaml:") and f"credits.{field}" in lines(result)[0]


def test_a_corrupt_translated_from_file_fails_validate(tmp_path, monkeypatch):
    shutil.copytree(RTL, tmp_path / "c")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c/ar/translated-from.yaml").write_text("- just\n- a list\n")
    result = validate("--no-fit")
    assert result.exit_code == 1
    assert lines(result) == [
        "c/ar/translated-from.yaml:1: expected a mapping of unit id -> record (written by deck i18n)",
        "1 problem found; nothing was written.",
    ]


def _placeholder_bomb(folder: Path) -> None:
    """The sibling label made of {dimension}, each dimension name made of {stage}: a product, if expanded again."""
    path = folder / "en/deck.yaml"
    data = yaml.safe_load(path.read_text())
    data["labels"]["sibling"] = "{dimension}" * 272
    for dimension in data["dimensions"].values():
        dimension["name"] = "{stage}" * 428
    for stage in data["stages"].values():
        stage["link"] = "x" * 3000
    path.write_text(yaml.safe_dump(data, width=1_000_000))


MEASURED = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stderr=subprocess.PIPE, text=True)
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
print(child.stderr.read(), end="")
"""
"""Run a command from a small parent and report its exit code and peak memory (kB): a child forked straight from
pytest would count pytest's own memory as its peak."""


def test_the_placeholder_bomb_fails_fast_in_little_memory(here):
    _placeholder_bomb(here / "c")
    command = [sys.executable, "-c", MEASURED, sys.executable, "-m", "deck", "validate", "--content", "c"]
    with time_bound(60):  # a guard against the old behaviour (minutes, gigabytes), not a measurement
        report = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()
    code, peak_kb = (int(n) for n in report[0].split())
    assert code == 1
    assert report[1] == (
        "c/en/deck.yaml:34: labels.sibling: filled in with the longest dimension name and stage link this label is "
        "814,912 characters; the limit is 3,000"
    )
    assert peak_kb < 100 * 1024


def test_placeholders_expand_once(tmp_path):
    from deck.build import build

    from .conftest import MINI
    from .pdfinfo import PdfInfo

    shutil.copytree(MINI, tmp_path / "mini")
    path = tmp_path / "mini/en/deck.yaml"
    data = yaml.safe_load(path.read_text())
    data["dimensions"]["focus"]["name"] = "Focus {stage}"
    path.write_text(yaml.safe_dump(data))
    pdf = PdfInfo(build(tmp_path / "mini", tmp_path / "out", outputs=["screen"])[0].path)
    assert any("Focus {stage} exercise" in text for text in pdf.texts)  # the name's braces print as written


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN"])
def test_numeric_options_refuse_nan_and_infinity(here, value):
    result = CliRunner().invoke(main, ["build", "--content", "c", "--min-size", value])
    assert result.exit_code == 2
    assert f"Invalid value for '--min-size': '{value}' is not a number; expected a size in pt between 5 and 12." in result.stderr


def test_a_hopeless_face_is_refused_before_any_layout(here, monkeypatch):
    from deck.layout import fitting

    steps = [f"step-{i}" for i in range(9)]
    structure = here / "c/deck.yaml"
    structure.write_text(structure.read_text().replace("steps: [prepare, do, close]", f"steps: [{', '.join(steps)}]"))
    path = here / WERKVORM
    data = yaml.safe_load(path.read_text())
    data["how"]["steps"] = {step: long_text() for step in steps}
    data["title"] = long_text(200)
    path.write_text(yaml.safe_dump(data, width=1_000_000))
    monkeypatch.setattr(fitting, "layout", lambda *args, **kwargs: pytest.fail("laid out a hopeless face"))
    result = validate()
    assert result.exit_code == 1
    first = lines(result)[0]
    assert first.startswith(f"{WERKVORM}: card 4 (the that so agrees the everyone a for breathe s...), back: its text (")
    counted = re.search(r"its text \(([0-9,]+) characters\) would need", first)
    assert counted and int(counted.group(1).replace(",", "")) > 27_000, first  # nine steps of 3,000 characters
    assert "would need at least 6 cards even at 7 pt; a face may continue on at most 3 more. Shorten the text." in lines(result)[0]


@pytest.mark.parametrize("make", [wide_deck, many_stages_deck])
def test_decks_at_the_limits_finish_with_a_located_error(tmp_path, monkeypatch, make):
    make(tmp_path / "big")
    monkeypatch.chdir(tmp_path)
    with time_bound(300):  # a guard against running for ever; the time is measured in the report, not here
        result = CliRunner().invoke(main, ["build", "--content", "big", "--out", "out"])
    assert result.exit_code == 1
    assert all(line.startswith("big/en/") for line in lines(result)[:-1])
    assert "would need at least" in result.stderr
    assert not (tmp_path / "out").exists()


def test_faces_that_overflow_too_much_in_all_are_refused_before_layout(tmp_path, monkeypatch):
    from deck.layout import fitting

    write_deck(tmp_path / "big", 5, 4, steps=10, text=1500, name=60)  # each back about 3.5 cards' worth: passes alone
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fitting, "layout", lambda *args, **kwargs: pytest.fail("laid out the overflow"))
    result = CliRunner().invoke(main, ["validate", "--content", "big"])
    assert result.exit_code == 1
    assert lines(result)[0].startswith("big/en/deck.yaml: the texts in 'en' overflow their faces by at least ")
    assert lines(result)[0].endswith(" cards' worth in all; the limit is 40. Shorten the longest texts.")
