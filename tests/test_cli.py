"""The command line: exact messages and exit codes for good and bad content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from deck.cli import main


@pytest.fixture
def in_tmp(content_copy: Path, monkeypatch) -> Path:
    """Work in the folder that holds a writable ``content/`` so paths read as a user types them."""
    monkeypatch.chdir(content_copy.parent)
    return content_copy


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems(result) -> list[str]:
    return result.stderr.strip().splitlines()[:-1]


@pytest.mark.parametrize("command", [[], ["build"], ["validate"], ["schema"]])
def test_every_help_shows_an_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "deck " in result.output.split("Example:")[1]


def test_validate_good_content(in_tmp):
    result = run("validate")
    assert result.exit_code == 0
    assert result.output == "content: deck 'liso' is valid (nl, en).\n"


def test_bad_usage_exits_2(in_tmp):
    assert run("build", "--output", "poster").exit_code == 2
    assert run("build", "--size", "huge").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_yaml_syntax_error_names_file_and_line(in_tmp):
    edit(in_tmp / "nl/werkvormen/reflectie.yaml", "title: Reflectie", "title: [Reflectie")
    result = run("validate")
    assert result.exit_code == 1
    assert problems(result) == [
        "content/nl/werkvormen/reflectie.yaml:3: YAML syntax error: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence that starts on line 2)"
    ]
    assert result.stderr.endswith("1 problem found; nothing was written.\n")
    assert "Traceback" not in result.output + result.stderr


def test_missing_and_unknown_keys_with_accepted_keys_and_suggestion(in_tmp):
    edit(in_tmp / "nl/werkvormen/brainstormen.yaml", "title: Brainstormen", "titel: Brainstormen")
    result = run("validate")
    assert result.exit_code == 1
    assert problems(result) == [
        "content/nl/werkvormen/brainstormen.yaml:2: titel: unknown key 'titel'; accepted keys: title, what, when, how, yield (did you mean 'title'?)",
        "content/nl/werkvormen/brainstormen.yaml:2: title: missing key; expected text",
    ]


def test_wrong_type_and_empty_section(in_tmp):
    edit(in_tmp / "deck.yaml", 'colour: "#b5462f"', "colour: 12")
    edit(in_tmp / "nl/werkvormen/speeddaten.yaml", "yield: >-", 'yield: ""\nold_yield: >-')
    edit(in_tmp / "nl/werkvormen/speeddaten.yaml", "old_yield: >-", "how_old: >-")
    result = run("validate")
    assert result.exit_code == 1
    lines = problems(result)
    assert "content/deck.yaml:43: dimensions[1].colour: expected a colour like '#1d6a8a', got a number 12" in lines
    assert any(re.fullmatch(r"content/nl/werkvormen/speeddaten\.yaml:\d+: yield: expected text, got an empty text", line) for line in lines)


def test_step_given_as_a_number_is_a_type_error(in_tmp):
    edit(in_tmp / "deck.yaml", "      - subgroepen\n", "      - 7\n")
    result = run("validate")
    assert result.exit_code == 1
    assert problems(result) == [
        "content/deck.yaml:58: werkvormen[0].steps[1]: expected an id (lowercase letters, digits and hyphens, like 'my-card'), got a number 7",
        "content/nl/werkvormen/brainstormen.yaml:16: how.steps.subgroepen: unknown step 'subgroepen'; expected one of: "
        "doel-vaststellen, ideeen-uitwisselen, ideeen-noteren, voortbouwen, hoog-tempo",
    ]


def test_unknown_dimension_and_stage(in_tmp):
    edit(in_tmp / "deck.yaml", "    dimension: vertrouwen\n    stage: start", "    dimension: vertrouw\n    stage: begin")
    result = run("validate")
    assert result.exit_code == 1
    assert problems(result) == [
        "content/deck.yaml:42: dimensions[1]: dimension 'vertrouwen' has no werkvorm for stage 'start'",
        "content/deck.yaml:72: werkvormen[2].dimension: unknown dimension 'vertrouw'; expected one of: "
        "waardenovereenstemming, vertrouwen, leiderschap, reflectie, experimenteren",
        "content/deck.yaml:73: werkvormen[2].stage: unknown stage 'begin'; expected one of: start, lopend",
    ]


def test_duplicate_ids_and_missing_werkvorm_for_a_stage(in_tmp):
    edit(in_tmp / "deck.yaml", "  - id: vertrouwen\n", "  - id: leiderschap\n")
    result = run("validate")
    assert result.exit_code == 1
    lines = problems(result)
    assert "content/deck.yaml:42: dimensions[1].id: duplicate dimension id 'leiderschap' (also dimensions[2])" not in lines
    assert "content/deck.yaml:44: dimensions[2].id: duplicate dimension id 'leiderschap' (also dimensions[1])" in lines
    assert any("unknown dimension 'vertrouwen'" in line for line in lines)
    assert "content/nl/deck.yaml" in result.stderr  # the texts now name a dimension the structure lacks


def test_every_problem_of_a_run_is_reported_together(in_tmp):
    edit(in_tmp / "nl/werkvormen/brainstormen.yaml", "title: Brainstormen", "titel: Brainstormen")
    edit(in_tmp / "nl/werkvormen/verankeren.yaml", "what: >-", "what: []\nold: >-")
    edit(in_tmp / "deck.yaml", 'colour: "#6b4c9a"', 'colour: "purple"')
    (in_tmp / "nl/werkvormen/oefenmarkt.yaml").unlink()
    result = run("validate")
    assert result.exit_code == 1
    lines = problems(result)
    assert len(lines) == 6, lines
    assert result.stderr.endswith("6 problems found; nothing was written.\n")
    assert "content/nl/werkvormen/oefenmarkt.yaml: missing: werkvorm 'oefenmarkt' (content/deck.yaml:132) needs its texts here" in lines


def test_step_texts_must_match_the_structure(in_tmp):
    edit(in_tmp / "nl/werkvormen/brainstormen.yaml", "    hoog-tempo:", "    snel-tempo:")
    result = run("validate")
    assert result.exit_code == 1
    lines = problems(result)
    assert lines[0].startswith("content/nl/werkvormen/brainstormen.yaml:")
    assert lines[0].endswith(": how.steps: missing step 'hoog-tempo'")
    assert lines[1].endswith(": how.steps.snel-tempo: unknown step 'snel-tempo'; expected one of: "
                             "doel-vaststellen, subgroepen, ideeen-uitwisselen, ideeen-noteren, voortbouwen, hoog-tempo")  # fmt: skip


def test_anchors_and_aliases_are_refused(in_tmp):
    edit(in_tmp / "nl/werkvormen/brainstormen.yaml", "title: Brainstormen", "title: &t Brainstormen")
    result = run("validate")
    assert problems(result) == ["content/nl/werkvormen/brainstormen.yaml:2: YAML anchors and aliases (&, *) are not allowed in content"]


def test_failed_build_writes_nothing_and_keeps_the_earlier_pdf(in_tmp):
    out = in_tmp.parent / "dist"
    out.mkdir()
    earlier = out / "liso-nl-print.pdf"
    earlier.write_bytes(b"%PDF-1.7 earlier good build")
    edit(in_tmp / "nl/werkvormen/brainstormen.yaml", "title: Brainstormen", "title: [")
    result = run("build", "--lang", "nl", "--out", str(out))
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["liso-nl-print.pdf"]
    assert earlier.read_bytes() == b"%PDF-1.7 earlier good build"


def test_text_too_long_for_the_card_fails_the_build_and_writes_nothing(mini_copy, monkeypatch):
    monkeypatch.chdir(mini_copy.parent)
    path = mini_copy / "en/werkvormen/parking-lot.yaml"
    texts = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts["what"] = " ".join(["A very long sentence about the learning network that just goes on and on."] * 40)
    path.write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    continued = run("validate", "--content", "mini")
    assert continued.exit_code == 0, continued.stderr
    assert re.search(r"^card 5 \(Parking lot\) continues on cards? 5a(, 5b)* at a6$", continued.output, re.M), continued.output
    checked = run("validate", "--content", "mini", "--no-continue")
    assert checked.exit_code == 1
    assert checked.stderr.splitlines()[0].startswith("card 5 (Parking lot), front: the text does not fit, even at the minimum size of 7 pt")
    assert run("validate", "--content", "mini", "--no-fit").exit_code == 0
    out = mini_copy.parent / "dist"
    result = run("build", "--content", "mini", "--out", str(out), "--output", "screen", "--no-continue")
    assert result.exit_code == 1
    message = result.stderr.splitlines()[0]
    assert re.fullmatch(
        r"card 5 \(Parking lot\), front: the text does not fit, even at the minimum size of 7 pt; it overflows by [\d.]+ mm "
        r"\(language en, size a6\)\. Shorten the text or choose a larger card size\.",
        message,
    ), message
    assert not out.exists() or list(out.iterdir()) == []


def test_build_reports_each_file_with_its_page_count(in_tmp):
    out = in_tmp.parent / "dist"
    result = run("build", "--lang", "nl", "--output", "screen", "--out", str(out))
    assert result.exit_code == 0, result.output + result.stderr
    assert result.output.splitlines()[0] == f"wrote {out}/liso-nl-screen.pdf (42 pages)"
    assert sorted(p.name for p in out.iterdir()) == [".deck-cache", "liso-nl-screen.pdf"]
