"""Join validated structure and texts into the model: one Deck per language."""

from __future__ import annotations

from typing import Any

from deck.content import labels as built_in_labels
from deck.content.model import Author, Credits, Deck, Dimension, Intro, IntroItem, Labels, Language, Stage, Step, StepGroup, Werkvorm
from deck.content.read import LanguageSources


def build_deck(structure: dict[str, Any], language: LanguageSources) -> Deck:
    """Join validated structure and texts into one language's Deck."""
    assert language.texts is not None
    texts = language.texts.data
    stages = {s["id"]: Stage(s["id"], **texts["stages"][s["id"]]) for s in structure["stages"]}
    dimensions = {d["id"]: Dimension(d["id"], d["colour"], **texts["dimensions"][d["id"]]) for d in structure["dimensions"]}
    werkvormen = tuple(
        build_werkvorm(w, language.werkvormen[w["id"]].data, dimensions[w["dimension"]], stages[w["stage"]])
        for d in dimensions
        for s in stages
        for w in structure["werkvormen"]
        if (w["dimension"], w["stage"]) == (d, s)
    )
    intro_texts = texts.get("intro", {})
    intro = tuple(
        Intro(
            i["id"],
            intro_texts[i["id"]]["title"],
            intro_texts[i["id"]].get("subtitle"),
            intro_texts[i["id"]]["text"],
            tuple(IntroItem(item, **intro_texts[i["id"]]["items"][item]) for item in i.get("items", [])),
        )
        for i in structure.get("intro", [])
    )
    labels = built_in_labels.complete(language.code, texts.get("labels"))
    labels["yields"] = labels.pop("yield")
    facts = structure.get("credits", {})
    credits = Credits(
        text=texts.get("credits"),
        funder=facts.get("funder"),
        project=facts.get("project"),
        url=facts.get("url"),
        authors=tuple(Author(a["name"], a.get("institution")) for a in facts.get("authors", [])),
    )
    return Deck(
        id=structure["id"],
        language=Language(language.code, texts["name"], texts.get("direction", "ltr")),
        source_language=structure["source_language"],
        title=texts["title"],
        cover=texts["cover"],
        labels=Labels(**labels),
        intro=intro,
        overview_intro=texts.get("overview_intro"),
        stages=tuple(stages.values()),
        dimensions=tuple(dimensions.values()),
        werkvormen=werkvormen,
        credits=credits,
        date=structure.get("date"),
    )


def build_werkvorm(structure: dict[str, Any], texts: dict[str, Any], dimension: Dimension, stage: Stage) -> Werkvorm:
    """One werkvorm from its structure entry and its texts."""
    steps = texts["how"]["steps"]
    groups = texts["how"].get("groups", {})
    how: list[StepGroup] = []
    loose: list[Step] = []
    for entry in structure["steps"]:
        if isinstance(entry, dict):
            if loose:
                how.append(StepGroup(None, None, tuple(loose)))
                loose = []
            how.append(StepGroup(entry["group"], groups[entry["group"]], tuple(Step(s, steps[s]) for s in entry["steps"])))
        else:
            loose.append(Step(entry, steps[entry]))
    if loose:
        how.append(StepGroup(None, None, tuple(loose)))
    return Werkvorm(
        id=structure["id"],
        dimension=dimension,
        stage=stage,
        title=texts["title"],
        what=texts["what"],
        when=texts["when"],
        how=tuple(how),
        yields=texts["yield"],
        url=structure.get("url"),
    )
