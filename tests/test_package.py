"""A deck of one's own: `deck new`, built-in labels, optional credits, one or four stages, the
'no content/ here' hint, and the wheel installed in a fresh virtual environment outside the repository."""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
import yaml
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from deck import __version__
from deck.cli import main
from deck.content.labels import BUILT_IN, LABEL_KEYS
from deck.content.load import load_content
from deck.layout.cards import sequence

from .conftest import CONTENT, ROOT
from .pdfinfo import MM, PdfInfo

NOTO = {"NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSans-BoldItalic", "NotoSerif-Regular", "NotoSerif-Bold"}
"""PostScript names of the deck's own fonts (styles/fonts/noto)."""


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def page_texts(pdf: Path) -> list[str]:
    """The text of every page as PDFium extracts it (what a viewer's search finds)."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def shows(page: str, *labels: str) -> bool:
    """Whether the page shows every label (headings are set in capitals by the stylesheet)."""
    return all(label.casefold() in page.casefold() for label in labels)


def new_deck(tmp_path: Path, *args: str, name: str = "my-deck") -> Path:
    result = run("new", str(tmp_path / name), *args)
    assert result.exit_code == 0, result.output
    return tmp_path / name


def build_screen(folder: Path, out: Path) -> Path:
    """Build only the screen output (the cheapest) and return its PDF."""
    result = run("build", "--content", str(folder), "--output", "screen", "--out", str(out))
    assert result.exit_code == 0, result.output
    (pdf,) = out.glob("*-screen.pdf")
    return pdf


def drop_labels(texts: Path) -> None:
    """Delete the 'labels:' line and every label line under it."""
    lines = texts.read_text(encoding="utf-8").splitlines(keepends=True)
    pattern = re.compile(r"labels:|  ({}):".format("|".join(LABEL_KEYS)))
    kept = [line for line in lines if not pattern.match(line)]
    assert len(lines) - len(kept) == len(LABEL_KEYS) + 1
    texts.write_text("".join(kept), encoding="utf-8")


# deck new --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "label"),
    [
        ("en", "My card deck", "What it is"),
        ("nl", "Mijn kaartenset", "Wat is het"),
        ("de", "Mein Kartenset", "Worum es geht"),
        ("fr", "Mon jeu de cartes", "De quoi s’agit-il"),
    ],
)
def test_new_deck_validates_and_builds_with_no_edits(tmp_path, language, title, label):
    folder = new_deck(tmp_path, "--lang", language)
    assert run("validate", "--content", str(folder)).output == f"{folder}: deck 'my-deck' is valid ({language}).\n"
    texts = page_texts(build_screen(folder, tmp_path / "dist"))
    # cover, overview, 2 x (divider + 2 werkvormen), scan, credits: 10 cards, 20 faces
    assert len(texts) == 20
    assert texts[0].startswith(title)
    assert shows(texts[6], label)


def test_new_deck_has_schema_lines_every_label_and_the_layout_the_issue_names(tmp_path):
    folder = new_deck(tmp_path)
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*.*")) == [
        "deck.yaml",
        "en/deck.yaml",
        "en/werkvormen/appreciation-round.yaml",
        "en/werkvormen/case-clinic.yaml",
        "en/werkvormen/check-in-round.yaml",
        "en/werkvormen/shared-questions.yaml",
        "schema/deck.schema.json",
        "schema/texts.schema.json",
        "schema/werkvorm.schema.json",
    ]
    assert (folder / "deck.yaml").read_text().startswith("# yaml-language-server: $schema=schema/deck.schema.json\n")
    assert (folder / "en/deck.yaml").read_text().startswith("# yaml-language-server: $schema=../schema/texts.schema.json\n")
    werkvorm = folder / "en/werkvormen/case-clinic.yaml"
    assert werkvorm.read_text().startswith("# yaml-language-server: $schema=../../schema/werkvorm.schema.json\n")
    structure = yaml.safe_load((folder / "deck.yaml").read_text())
    assert [s["id"] for s in structure["stages"]] == ["start", "running"]
    assert len(structure["dimensions"]) == 2 and len(structure["werkvormen"]) == 4
    assert list(yaml.safe_load((folder / "en/deck.yaml").read_text())["labels"]) == list(LABEL_KEYS)


def test_new_refuses_a_folder_that_is_not_empty_and_changes_nothing(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    result = run("new", str(folder))
    assert result.exit_code == 2
    assert f"Error: Invalid value for FOLDER: {folder} is not empty; deck new writes only into a new or empty folder" in result.output
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_new_from_liso_copies_the_bundled_deck(tmp_path):
    folder = new_deck(tmp_path, "--from", "liso", name="liso")
    assert (folder / "nl/werkvormen/brainstormen.yaml").read_bytes() == (CONTENT / "nl/werkvormen/brainstormen.yaml").read_bytes()
    assert run("validate", "--no-fit", "--content", str(folder)).output == f"{folder}: deck 'liso' is valid (nl, en).\n"


# labels and credits ----------------------------------------------------------------------------


def test_a_deck_with_every_label_line_deleted_builds_with_the_built_in_labels(tmp_path):
    folder = new_deck(tmp_path)
    drop_labels(folder / "en/deck.yaml")
    texts = page_texts(build_screen(folder, tmp_path / "dist"))
    assert shows(texts[2], "Activities", "Dimension At the start")
    assert shows(texts[6], "What it is", "When to use it")
    assert shows(texts[7], "How it works", "Back to the overview", "card 2")


def as_language(folder: Path, code: str, name: str) -> None:
    """Turn the English starter deck into one written in ``code`` (texts stay English), with no labels."""
    (folder / "en").rename(folder / code)
    texts = folder / code / "deck.yaml"
    drop_labels(texts)
    texts.write_text(texts.read_text().replace("language: en\nname: English", f"language: {code}\nname: {name}"))
    (folder / "deck.yaml").write_text((folder / "deck.yaml").read_text().replace("source_language: en", f"source_language: {code}"))


@pytest.mark.parametrize("code", ["de", "fr"])
def test_german_and_french_decks_get_their_own_built_in_labels(tmp_path, code):
    folder = new_deck(tmp_path)
    as_language(folder, code, {"de": "Deutsch", "fr": "Français"}[code])
    out = tmp_path / "dist"
    result = run("build", "--content", str(folder), "--output", "screen", "--output", "foldover", "--out", str(out))
    assert result.exit_code == 0, result.output
    labels = BUILT_IN[code]
    screen = page_texts(out / f"my-deck-{code}-screen.pdf")
    assert shows(screen[2], labels["overview"], labels["dimension"])
    assert shows(screen[6], labels["what"], labels["when"])
    assert shows(screen[7], labels["how"], labels["yield"], labels["back_to_overview"], f"{labels['card']} 2")
    instructions = page_texts(out / f"my-deck-{code}-foldover-a4.pdf")[0]
    for key in ("print_heading", "print_actual_size", "print_single_sided", "print_fold", "print_cut", "print_check"):
        assert " ".join(labels[key].split()) in instructions


def test_a_translation_takes_its_own_built_in_labels_for_those_the_source_leaves_out(tmp_path):
    folder = new_deck(tmp_path, "--lang", "nl")
    drop_labels(folder / "nl/deck.yaml")
    assert run("i18n", "init", "en", "--content", str(folder), "--name", "English").exit_code == 0
    assert "labels" not in (folder / "en/deck.yaml").read_text()  # no label is a unit to translate
    out = tmp_path / "dist"
    result = run("build", "--content", str(folder), "--lang", "en", "--allow-incomplete", "--output", "screen", "--out", str(out))
    assert result.exit_code == 0, result.output
    texts = page_texts(out / "my-deck-en-screen.pdf")
    assert shows(texts[6], "What it is", "When to use it") and not shows(texts[6], "Wat is het")
    assert shows(texts[7], "How it works", "Back to the overview", "card 2")


def test_a_language_with_no_built_in_labels_must_give_them(tmp_path):
    folder = new_deck(tmp_path)
    as_language(folder, "es", "Español")
    result = run("validate", "--no-fit", "--content", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{folder}/es/deck.yaml:4: there are no built-in labels for 'es' (only for nl, en, de, fr); give these under labels: "
        + ", ".join(LABEL_KEYS)
    )


def test_a_label_given_by_the_deck_overrides_the_built_in_one(tmp_path):
    folder = new_deck(tmp_path)
    texts = folder / "en/deck.yaml"
    texts.write_text(texts.read_text().replace("  what: What it is\n", "  what: The idea\n"))
    assert shows(page_texts(build_screen(folder, tmp_path / "dist"))[6], "The idea", "When to use it")


def test_credits_are_optional_and_then_there_is_no_credits_card(tmp_path):
    folder = new_deck(tmp_path)
    for path in (folder / "deck.yaml", folder / "en/deck.yaml"):
        data = path.read_text()
        path.write_text(re.sub(r"\ncredits:.*?(?=\n\n|\Z)", "", data, flags=re.S))
    texts = page_texts(build_screen(folder, tmp_path / "dist"))
    assert len(texts) == 18  # the scan card stays
    assert not any("Credits" in text for text in texts)


# one stage, four stages ------------------------------------------------------------------------

STAGE_NAMES = {"start": "At the start", "running": "Along the way", "deeper": "Going deeper", "closing": "Closing the network"}


def with_stages(folder: Path, stages: list[str]) -> None:
    """Rewrite the starter deck to have ``stages`` (one werkvorm per dimension and stage), no labels, no intro cards."""
    structure = yaml.safe_load((folder / "deck.yaml").read_text())
    texts = yaml.safe_load((folder / "en/deck.yaml").read_text())
    template = yaml.safe_load((folder / "en/werkvormen/check-in-round.yaml").read_text())
    shutil.rmtree(folder / "en/werkvormen")
    (folder / "en/werkvormen").mkdir()
    structure["stages"] = [{"id": stage} for stage in stages]
    structure["werkvormen"] = []
    for dimension in ("trust", "learning"):
        for stage in stages:
            ident = f"{dimension}-{stage}"
            structure["werkvormen"].append({"id": ident, "dimension": dimension, "stage": stage, "steps": ["prepare", "round", "close"]})
            werkvorm = {**template, "title": f"{dimension.title()} {STAGE_NAMES[stage].lower()}"}
            (folder / f"en/werkvormen/{ident}.yaml").write_text(yaml.safe_dump(werkvorm))
    texts["stages"] = {s: {"name": STAGE_NAMES[s], "heading": STAGE_NAMES[s], "link": STAGE_NAMES[s].lower()} for s in stages}
    del texts["labels"]
    (folder / "deck.yaml").write_text(yaml.safe_dump(structure))
    (folder / "en/deck.yaml").write_text(yaml.safe_dump(texts))


def heading_gaps(pdf: Path, page_index: int) -> tuple[list[float], float]:
    """The gaps (mm) between the overview's column headings as PDFium places their characters, and
    the widest word space inside a heading. Characters closer than 2 mm belong to one column."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        textpage = document[page_index].get_textpage()
        text = textpage.get_text_range()
        start = text.index("DIMENSION")
        end = text.index("Trust", start)
        boxes = {i: textpage.get_charbox(i) for i in range(start, end)}
    finally:
        document.close()
    around = [boxes[i + 1][0] - boxes[i - 1][2] for i in range(start + 1, end - 1) if text[i] == " " and text[i - 1 : i + 2 : 2].isalpha()]
    spaces = [gap for gap in around if gap < 2 * MM]  # within a heading; a wider one is between columns
    columns: list[list[float]] = []
    for left, _, right, _ in sorted(box for i, box in boxes.items() if not text[i].isspace()):
        if columns and left - columns[-1][1] < 2 * MM:
            columns[-1][1] = max(columns[-1][1], right)
        else:
            columns.append([left, right])
    gaps = [round((b[0] - a[1]) / MM, 2) for a, b in itertools.pairwise(columns)]
    return gaps, round(max(spaces, default=0) / MM, 2)


@pytest.mark.parametrize("stages", [["start"], ["start", "running", "deeper", "closing"]])
def test_one_or_four_stages_and_no_intro_cards_build_with_headings_apart(tmp_path, stages):
    folder = new_deck(tmp_path)
    with_stages(folder, stages)
    pdf = build_screen(folder, tmp_path / "dist")
    texts = page_texts(pdf)
    assert len(texts) == 2 * (1 + 1 + 2 * (1 + len(stages)) + 1 + 1)  # ... the scan and the credits
    assert shows(texts[2], "Activities", "Dimension")
    gaps, space = heading_gaps(pdf, 2)
    assert len(gaps) == len(stages), gaps
    assert min(gaps) >= 4 * space, (gaps, space)  # a gap between columns never reads as a word space
    werkvorm_back = texts[7]
    assert werkvorm_back.count("Trust activity") == len(stages) - 1  # a link to each sibling


# the command line ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "validate", "preview"])
def test_no_content_here_says_what_to_do(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = run(command)
    assert result.exit_code == 2
    assert result.stderr == "no content/ here: pass --content DIR, or start one with deck new DIR\n"
    assert list(tmp_path.iterdir()) == []


def test_a_misspelt_top_level_key_gets_a_sensible_suggestion(tmp_path):
    folder = new_deck(tmp_path)
    structure = folder / "deck.yaml"
    structure.write_text(structure.read_text().replace("werkvormen:", "cards:"))
    result = run("validate", "--no-fit", "--content", str(folder))
    assert result.exit_code == 1
    assert "cards: unknown key 'cards'; accepted keys: id, source_language, stages, dimensions, werkvormen, date, intro, credits" in (
        result.stderr
    )
    assert "(did you mean 'werkvormen'?)" in result.stderr


def test_new_has_help_with_an_example():
    result = run("new", "--help")
    assert result.exit_code == 0
    assert "deck new my-deck --lang nl" in result.output.split("Example:")[1]


def test_version_and_python_m_deck():
    assert run("--version").output == f"deck, version {__version__}\n"
    done = subprocess.run([sys.executable, "-m", "deck", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout == f"deck, version {__version__}\n"


# the wheel, installed where a user installs it -------------------------------------------------

SOURCES = ("pyproject.toml", "README.md", "deck", "templates", "styles", "content")
"""What the wheel is built from: the files under version control, without caches or an old build/."""


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh virtual environment, outside the repository, with the built wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    assert not work.resolve().is_relative_to(ROOT)
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")} if (ROOT / name).is_dir() else {}))
    pip = ("-m", "pip", "--disable-pip-version-check", "-q")
    subprocess.run([sys.executable, *pip, "wheel", "--no-deps", "-w", str(work / "dist"), str(source)], check=True, capture_output=True)
    (wheel,) = (work / "dist").glob("deck-*.whl")
    venv = work / "venv"
    # No pip of its own (ensurepip alone costs 3 s of CPU): this run's pip installs into it (pip --python).
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    pip = (*pip, "--python", str(venv / "bin/python"))
    if os.environ.get("DECK_TEST_FULL_INSTALL"):  # the whole install from the package index, as pipx would do it
        subprocess.run(
            [sys.executable, *pip, "install", "-c", str(ROOT / "requirements.lock"), str(wheel)], check=True, capture_output=True
        )
    else:
        # The pinned dependencies are lent from this test run's environment, as installed (a .pth path entry: the .pth
        # files inside it, like the repository's editable install of deck, are not run); deck itself comes only from the
        # wheel, and pip check proves that what the wheel requires is there.
        (site,) = (venv / "lib").glob("python*/site-packages")
        (site / "lent-dependencies.pth").write_text("\n".join(p for p in sys.path if p.endswith("site-packages")) + "\n")
        subprocess.run([sys.executable, *pip, "install", "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
        checked = subprocess.run([sys.executable, *pip, "check"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    return venv / "bin"


def user_run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed deck as a user would: from ``cwd``, with nothing of the repository on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([str(bin_dir / "deck"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def embedded_fonts(pdf: Path) -> dict[str, str]:
    """Base font name -> PostScript name of the embedded font program (None when not embedded)."""
    found: dict[str, str] = {}
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                name = TTFont(io.BytesIO(program.read_bytes()))["name"].getDebugName(6) if program is not None else None
                found[str(font.BaseFont)] = name
    return found


def check_pdf(pdf: Path, pages: int, texts: list[str]) -> None:
    """Pages, fonts (every one an embedded subset of the deck's own Noto fonts) and text that search finds."""
    assert len(PdfInfo(pdf).pages) == pages
    fonts = embedded_fonts(pdf)
    assert fonts and set(fonts.values()) <= NOTO, fonts
    assert all(re.fullmatch(r"/[A-Z]{6}\+Deck-.+", name) for name in fonts), fonts  # subset tag: only the glyphs used
    assert shows(" ".join(page_texts(pdf)), *texts)


@pytest.mark.xdist_group("wheel")  # one wheel and virtual environment for both
def test_the_installed_wheel_starts_validates_and_builds_a_deck_outside_the_repository(installed, tmp_path):
    where = subprocess.run(
        [str(installed / "python"), "-c", "import deck.resources as r; print(r.TEMPLATES); print(r.FONTS)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(Path(p).is_relative_to(installed.parent) for p in where), where
    assert user_run(installed, tmp_path, "--version").stdout == f"deck, version {__version__}\n"
    as_module = subprocess.run([str(installed / "python"), "-m", "deck", "--version"], cwd=tmp_path, capture_output=True, text=True)
    assert as_module.stdout == f"deck, version {__version__}\n"

    nothing = user_run(installed, tmp_path, "build")
    assert (nothing.returncode, nothing.stderr) == (2, "no content/ here: pass --content DIR, or start one with deck new DIR\n")

    made = user_run(installed, tmp_path, "new", "my-deck")
    assert made.returncode == 0, made.stderr
    assert made.stdout == "created my-deck (9 files); build it with: deck build --content my-deck\n"
    valid = user_run(installed, tmp_path, "validate", "--content", "my-deck")
    assert (valid.returncode, valid.stdout) == (0, "my-deck: deck 'my-deck' is valid (en).\n"), valid.stderr
    built = user_run(installed, tmp_path, "build", "--content", "my-deck", "--output", "screen")
    assert built.returncode == 0, built.stderr
    assert built.stdout == "wrote dist/my-deck-en-screen.pdf (20 pages)\n"
    check_pdf(tmp_path / "dist/my-deck-en-screen.pdf", 20, ["My card deck", "Check-in round", "What it is", "Back to the overview"])


@pytest.mark.xdist_group("wheel")  # one wheel and virtual environment for both
def test_the_installed_wheel_builds_the_bundled_liso_deck(installed, tmp_path):
    made = user_run(installed, tmp_path, "new", "liso", "--from", "liso")
    assert made.returncode == 0, made.stderr
    valid = user_run(installed, tmp_path, "validate", "--no-fit", "--content", "liso")
    assert (valid.returncode, valid.stdout) == (0, "liso: deck 'liso' is valid (nl, en).\n"), valid.stderr
    built = user_run(installed, tmp_path, "build", "--content", "liso", "--output", "screen", "--out", "out")
    assert built.returncode == 0, built.stderr
    content = load_content(CONTENT)
    for code, first in (("nl", "Brainstormen"), ("en", "Brainstorming")):
        faces = 2 * len(sequence(content.decks[code]))
        check_pdf(tmp_path / f"out/liso-{code}-screen.pdf", faces, [content.decks[code].title, first])
