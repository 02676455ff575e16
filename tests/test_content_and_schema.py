"""Content as data: the JSON Schema files, escaping, and a deck of another shape."""

from __future__ import annotations

import json

import pytest
import yaml
from jsonschema import Draft202012Validator

from deck.build import build
from deck.content.load import load_content
from deck.content.schema import SCHEMAS, as_json_schema
from deck.errors import ContentError
from deck.layout.cards import WerkvormCard, sequence
from deck.layout.geometry import resolve_size
from deck.layout.render import Context, Page, render_html
from deck.options import OUTPUTS

from .conftest import CONTENT, MINI
from .pdfinfo import PdfInfo


def test_committed_json_schemas_are_current():
    for name in SCHEMAS:
        committed = json.loads((CONTENT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert committed == as_json_schema(name), f"run `make schema` to update content/schema/{name}.schema.json"


def test_json_schemas_accept_the_content_as_an_editor_would_check_it():
    files = {
        "deck": [CONTENT / "deck.yaml"],
        "texts": [CONTENT / "nl/deck.yaml"],
        "werkvorm": sorted((CONTENT / "nl/werkvormen").glob("*.yaml")),
    }
    for name, paths in files.items():
        validator = Draft202012Validator(as_json_schema(name))
        for path in paths:
            assert list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))) == [], path
            assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")


def test_dutch_content_has_ten_werkvormen_with_every_part(liso_content):
    deck = liso_content.decks["nl"]
    assert [w.title for w in deck.werkvormen] == [
        "Brainstormen", "Verankeren", "Speeddaten", "Successen delen", "Roulerende facilitator",
        "Co-facilitatie", "Reflectie", "Reflectieve dialoog", "Praktijkcase", "Oefenmarkt",
    ]  # fmt: skip
    for werkvorm in deck.werkvormen:
        assert werkvorm.what and werkvorm.when and werkvorm.yields
        assert sum(len(group.steps) for group in werkvorm.how) >= 1
    roulerend = next(w for w in deck.werkvormen if w.id == "roulerende-facilitator")
    assert [g.heading for g in roulerend.how] == ["Voorbereiding", "Tijdens de bijeenkomst", "Tussen bijeenkomsten door"]
    assert [i.title for i in deck.intro[0].items] == ["Samen begrijpen", "Samen doorgronden", "Samen vertalen"]
    assert len(deck.intro[1].items) == 5


def test_text_is_escaped_and_markup_is_refused(mini_copy, tmp_path):
    path = mini_copy / "en/werkvormen/parking-lot.yaml"
    texts = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts["title"] = 'Brain & "storm" <5 > 3>'
    texts["what"] = "a < b && c > d; 'quoted' & </ not a tag"
    path.write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    content = load_content(mini_copy)
    deck = content.decks["en"]
    html = render_html(Context(deck, sequence(deck), Page.for_output(resolve_size("a6"), OUTPUTS["screen"])))
    assert "Brain &amp; &#34;storm&#34; &lt;5 &gt; 3&gt;" in html
    # the last word of a paragraph is kept whole (never hyphenated) in a span of its own
    assert 'a &lt; b &amp;&amp; c &gt; d; &#39;quoted&#39; &amp; &lt;/ not a<span class="whole"> tag</span>' in html
    written = build(mini_copy, tmp_path / "out", outputs=["screen"])
    pages = [text for text in PdfInfo(written[0].path).texts if "a < b && c > d; 'quoted' & </ not a tag" in text]
    assert len(pages) == 1 and 'Brain & "storm" <5 > 3>' in pages[0]
    texts["title"] = "<script>alert(1)</script>"
    path.write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match="title: HTML tags, links and images are not allowed in card text"):
        load_content(mini_copy)


def test_a_deck_of_another_shape_builds_with_its_own_cards_numbers_and_links(built):
    content = load_content(MINI)
    deck = content.decks["en"]
    cards = sequence(deck)
    assert (len(deck.dimensions), len(deck.stages), len(deck.werkvormen)) == (3, 3, 9)
    written = built(MINI)
    assert sorted(name for name, _ in written.files) == [
        "mini-en-foldover-a4.pdf",
        "mini-en-print.pdf",
        "mini-en-screen.pdf",
        "mini-en-sheets-a4.pdf",
    ]
    pdf = PdfInfo(written.folder / "mini-en-screen.pdf")
    assert len(pdf.pages) == 2 * len(cards) == 32
    pause = next(c for c in cards if isinstance(c, WerkvormCard) and c.werkvorm.id == "pause-button")
    back = 2 * (pause.number - 1) + 1
    targets = {link.target for link in pdf.links() if link.page == back}
    assert targets == {2 * (n - 1) for n in (12, 14, 11, 2)}
    assert "Setting up" in pdf.texts[back] and "Using it" in pdf.texts[back]
    assert "Care exercise before the meeting" in pdf.texts[back]


def test_a_content_file_read_by_several_stages_is_composed_once(monkeypatch, tmp_path):
    """Loading, translation state and the cache read the same files; each text is composed once per process, and
    every read still gets its own data, file name and problems."""
    from deck.content import source

    composed = []
    original = source.LOADERS[0].get_single_node
    monkeypatch.setattr(source.LOADERS[0], "get_single_node", lambda self: composed.append(1) or original(self))
    text = f"# {tmp_path}\ntitle: Parking lot\nwhat: 5\nsteps: [a, b]\n"  # a text no other test composed
    first, problems = source.parse_yaml(text, tmp_path / "a.yaml", "a.yaml")
    again, again_problems = source.parse_yaml(text, tmp_path / "b.yaml", "b.yaml")
    assert len(composed) == 1
    assert first is not None and again is not None and first.data == again.data and first.data is not again.data
    assert (first.name, again.name) == ("a.yaml", "b.yaml") and first.lines == again.lines and problems == again_problems
    assert source.parse_yaml("a: *x\n", tmp_path / "c.yaml", "c.yaml")[1][0].message.startswith("YAML")


def test_libyaml_and_pyyaml_read_every_content_file_alike_and_a_broken_text_gets_pyyamls_message(tmp_path):
    """Texts are composed with LibYAML's parser (fast); what it reads must be what PyYAML's own would, and a text
    that is not YAML is reported with PyYAML's message, which names what it expected."""
    from deck.content import source

    def tree(node):
        if isinstance(node, yaml.MappingNode):
            return node.tag, node.start_mark.line, [(tree(k), tree(v)) for k, v in node.value]
        if isinstance(node, yaml.SequenceNode):
            return node.tag, node.start_mark.line, [tree(item) for item in node.value]
        return node.tag, node.start_mark.line, node.start_mark.column, node.value

    if len(source.LOADERS) == 1:
        pytest.skip("PyYAML is built without LibYAML here: only its own parser is used")
    quick, python = source.LOADERS
    files = [*CONTENT.rglob("*.yaml"), *MINI.parent.rglob("*.yaml")]
    assert len(files) > 30
    texts = [path.read_text(encoding="utf-8") for path in files]
    texts.append('a: !!str 5\nb: !odd x\nc: "tab\\there"\nd: >\n  folded\n  text\ne: [1, {f: g}]\n')
    for text in texts:
        loaders = [quick(text), python(text)]
        nodes = [loader.get_single_node() for loader in loaders]
        assert tree(nodes[0]) == tree(nodes[1]), text[:80]
        assert sorted(loaders[0].tagged.values()) == sorted(loaders[1].tagged.values()), text[:80]
    found, problems = source.parse_yaml(f"# {tmp_path}\nsteps: [a, b\ntitle: x\n", tmp_path / "d.yaml", "d.yaml")
    assert found is None and problems[0].line == 3
    assert (
        problems[0].message == "YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow sequence that starts on line 2)"
    )
    for refused in ("a:\t1\n", "title: a\tb\n", "a: |#c\n  x\n"):  # LibYAML reads these, PyYAML does not: still refused
        found, problems = source.parse_yaml(f"# {tmp_path}\n{refused}", tmp_path / "e.yaml", "e.yaml")
        assert found is None and problems[0].message.startswith("YAML syntax error: "), refused
