"""The declarative schema of deck content, used to validate it and exported as JSON Schema.

Each schema node has a ``title``: a short phrase naming what is expected there, which
validation messages quote ("expected text"). Editors show ``description`` on hover.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Schema = dict[str, Any]

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*(?!\n)$"
"""The whole value (the lookahead stops Python's ``$`` from matching before a final line break)."""
MAX_ID = 64
"""Characters in an id: ids name files, and file names have limits."""

# Limits: far above what a card can hold, low enough that hostile input fails fast.
MAX_TEXT = 3000
"""Characters in one text (the longest text of the LISO deck, the cover, has about 650)."""
MAX_STEPS = 30
MAX_LIST = 60
MAX_WERKVORMEN = 200
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


def text(description: str) -> Schema:
    """A non-empty piece of translatable text."""
    return {"title": "text", "description": description, "type": "string", "pattern": r"\S", "maxLength": MAX_TEXT}


def ident(description: str) -> Schema:
    """A stable id: lowercase letters, digits and single hyphens."""
    return {
        "title": "an id (lowercase letters, digits and hyphens, like 'my-card')",
        "description": description,
        "type": "string",
        "pattern": ID_PATTERN,
        "maxLength": MAX_ID,
    }


def ids(description: str) -> Schema:
    """A non-empty list of ids."""
    return {
        "title": "a list of ids",
        "description": description,
        "type": "array",
        "minItems": 1,
        "maxItems": MAX_STEPS,
        "items": ident(description),
    }


def record(title: str, description: str, required: dict[str, Schema], optional: dict[str, Schema] | None = None) -> Schema:
    """A mapping with fixed keys; unknown keys are errors."""
    return {
        "title": title,
        "description": description,
        "type": "object",
        "properties": {**required, **(optional or {})},
        "required": list(required),
        "additionalProperties": False,
    }


def by_id(title: str, description: str, value: Schema) -> Schema:
    """A mapping from ids to values of one shape."""
    return {
        "title": title,
        "description": description,
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN, "maxLength": MAX_ID},
        "additionalProperties": value,
        "minProperties": 1,
        "maxProperties": MAX_WERKVORMEN,
    }


def listing(title: str, description: str, item: Schema, most: int = MAX_LIST) -> Schema:
    """A non-empty list of at most ``most`` items of one shape."""
    return {"title": title, "description": description, "type": "array", "minItems": 1, "maxItems": most, "items": item}


_URL: Schema = {"title": "an https:// address", "type": "string", "pattern": r"^https?://\S+$", "maxLength": 1000}

_STEP_GROUP = record(
    "a step group (group, steps)",
    "Steps shown under a group heading.",
    {
        "group": ident("Id of the group; its heading is in each language's how.groups."),
        "steps": ids("Ids of the steps in this group, in order."),
    },
)

_STEP = {
    "title": "a step id or a step group",
    "description": "A step id, or a group of steps with a heading.",
    "if": {"type": "object"},
    "then": _STEP_GROUP,
    "else": ident("Id of a step; its text is in each language's how.steps."),
}

DECK = record(
    "the deck structure",
    "Structure of a deck: ids, order and colours. Holds no translatable text.",
    {
        "id": ident("Id of the deck; output files are named <id>-<lang>-<output>.pdf."),
        "source_language": {
            "title": "a language code like 'nl' or 'pt-BR'",
            "description": "Language the deck is written in; other languages translate it.",
            "type": "string",
            "pattern": LANG_PATTERN,
        },
        "stages": listing(
            "a list of stages",
            "Stages of a network, in order: the columns of the overview.",
            record("a stage (id)", "A stage.", {"id": ident("Id of the stage.")}),
        ),
        "dimensions": listing(
            "a list of dimensions",
            "Dimensions in deck order; each gets a divider card and one werkvorm per stage.",
            record(
                "a dimension (id, colour)",
                "A dimension.",
                {
                    "id": ident("Id of the dimension."),
                    "colour": {
                        "title": "a colour like '#1d6a8a'",
                        "description": "Colour of the dimension's cards.",
                        "type": "string",
                        "pattern": r"^#[0-9a-fA-F]{6}$",
                    },
                },
            ),
        ),
        "werkvormen": listing(
            "a list of werkvormen",
            "The work forms: one per dimension and stage.",
            record(
                "a werkvorm (id, dimension, stage, steps)",
                "A werkvorm card; its text is in <lang>/werkvormen/<id>.yaml.",
                {
                    "id": ident("Id of the werkvorm; names its text file."),
                    "dimension": ident("Id of the dimension it belongs to."),
                    "stage": ident("Id of the stage it is for."),
                    "steps": listing("a list of steps", "Steps of 'how it works', in order.", _STEP, MAX_STEPS),
                },
                {"url": _URL | {"description": "Web page of this werkvorm; its back then carries a QR code of it."}},
            ),
            MAX_WERKVORMEN,
        ),
    },
    {
        "date": {
            "title": "a date like '2026-11-28'",
            "description": "Date of this edition; the PDFs carry it as their creation date (unless SOURCE_DATE_EPOCH is set).",
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
        },
        "intro": {
            "title": "a list of intro cards",
            "description": "Intro cards after the cover, in order.",
            "type": "array",
            "items": record(
                "an intro card (id, items)",
                "An intro card: a title, a text and a list of titled items.",
                {"id": ident("Id of the intro card.")},
                {"items": ids("Ids of the card's items, in order.")},
            ),
        },
        "credits": record(
            "credits (url, authors)",
            "Facts for the credits card that no translation changes.",
            {},
            {
                "funder": {"title": "a name", "type": "string", "pattern": r"\S"},
                "project": {"title": "a name", "type": "string", "pattern": r"\S"},
                "url": _URL | {"description": "Web page of the project; the credits card carries a QR code of it."},
                "authors": {
                    "title": "a list of authors",
                    "type": "array",
                    "items": record(
                        "an author (name, institution)",
                        "An author.",
                        {"name": {"title": "a name", "type": "string", "pattern": r"\S"}},
                        {"institution": {"title": "a name", "type": "string", "pattern": r"\S"}},
                    ),
                },
            },
        ),
    },
)

_LABELS = record(
    "the labels (what, when, how, yield, ...)",
    "Words the card templates print. Each is optional: a label left out is the built-in one of the language (nl, en, de, fr).",
    {},
    {
        "what": text("Heading of 'what it is'."),
        "when": text("Heading of 'when to use it'."),
        "how": text("Heading of 'how it works'."),
        "yield": text("Heading of 'what it yields'."),
        "overview": text("Title of the overview card."),
        "dimension": text("Heading of the overview's dimension column."),
        "back_to_overview": text("Link from a werkvorm back to the overview."),
        "sibling": text("Link to a werkvorm of the same dimension; {dimension} and {stage} are filled in."),
        "divider": text("Kicker on a dimension divider card."),
        "card": text("Word before a card number, as in 'card 7'."),
        "versus": text("Word between a dimension's statement and its opposite."),
        "credits": text("Title of the credits card."),
        "print_heading": text("Heading of the printing instructions on office-printer sheets."),
        "print_actual_size": text("Instruction: print at actual size."),
        "print_duplex": text("Instruction: print double-sided, flipping on the long edge."),
        "print_single_sided": text("Instruction: print single-sided (fold-over sheets)."),
        "print_cut": text("Instruction: cut along the cut marks."),
        "print_fold": text("Instruction: fold each pair on the dashed line, printed side out."),
        "print_check": text("Caption of the 50 mm square that checks the print scale."),
        "print_duplex_short": text("Instruction: print double-sided, flipping on the short edge (--flip short)."),
        "print_scale": text("The scale and card size on office sheets; {scale}, {width} and {height} are filled in."),
        "print_align": text("How to check the alignment target and pass the back offset (--back-offset X,Y)."),
        "scan": text("Title of the network scan (the scan card and the --output scan sheet)."),
        "scan_intro": text("How to fill in the network scan."),
        "scan_low": text("Question before a dimension's werkvormen on the scan; {dimension} is filled in."),
        "scan_name": text("Line on the scan sheet for the participant's name and the date."),
    },
)

TEXTS = record(
    "the texts of a language",
    "Deck-level texts of one language: <lang>/deck.yaml.",
    {
        "language": {
            "title": "a language code like 'nl' or 'pt-BR'",
            "description": "Code of this language; equals its folder name.",
            "type": "string",
            "pattern": LANG_PATTERN,
        },
        "name": text("Name of the language in itself, like 'Nederlands'."),
        "title": text("Title of the deck."),
        "cover": text("Text on the cover card."),
        "labels": _LABELS,
        "credits": text("Credits sentence, followed by the authors. Optional: a deck with no credits has no credits card."),
        "stages": by_id(
            "stage texts by stage id",
            "Names of the stages.",
            record(
                "a stage's texts (name, heading, link)",
                "Texts of one stage.",
                {
                    "name": text("Badge on a werkvorm card, like 'Bij start'."),
                    "heading": text("Overview column heading."),
                    "link": text("Stage phrase in the sibling link."),
                },
            ),
        ),
        "dimensions": by_id(
            "dimension texts by dimension id",
            "Texts of the dimensions.",
            record(
                "a dimension's texts (name, statement, opposite)",
                "Texts of one dimension.",
                {
                    "name": text("Name of the dimension."),
                    "statement": text("What is there when the dimension is strong."),
                    "opposite": text("The opposite pole, printed after 'versus'."),
                },
            ),
        ),
    },
    {
        "direction": {
            "title": "'ltr' or 'rtl'",
            "description": "Writing direction.",
            "enum": ["ltr", "rtl"],
        },
        "overview_intro": text("Line under the overview title."),
        "intro": by_id(
            "intro card texts by intro card id",
            "Texts of the intro cards.",
            record(
                "an intro card's texts (title, text, items)",
                "Texts of one intro card.",
                {"title": text("Title of the card."), "text": text("Lead text of the card.")},
                {
                    "subtitle": text("Line above the title."),
                    "items": by_id(
                        "item texts by item id",
                        "Texts of the card's items.",
                        record("an item (title, text)", "One item.", {"title": text("Item title."), "text": text("Item text.")}),
                    ),
                },
            ),
        ),
    },
)

TEXTS["required"] = [key for key in TEXTS["required"] if key not in ("labels", "credits")]  # built-in labels; credits optional

WERKVORM = record(
    "the texts of a werkvorm",
    "Texts of one werkvorm card: <lang>/werkvormen/<id>.yaml.",
    {
        "title": text("Name of the werkvorm."),
        "what": text("What it is."),
        "when": text("When to use it."),
        "how": record(
            "how it works (steps, groups)",
            "How it works.",
            {"steps": by_id("step texts by step id", "Text of each step.", text("A step."))},
            {"groups": by_id("group headings by group id", "Headings of step groups.", text("A group heading."))},
        ),
        "yield": text("What it yields."),
    },
)

SCHEMAS: dict[str, Schema] = {"deck": DECK, "texts": TEXTS, "werkvorm": WERKVORM}


def as_json_schema(name: str) -> Schema:
    """The named schema as a standalone JSON Schema document."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://deck.invalid/schema/{name}.schema.json",
        **SCHEMAS[name],
    }


def write_json_schemas(folder: Path) -> list[Path]:
    """Write every schema as ``<name>.schema.json`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(as_json_schema(name), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
