"""The built Dutch deck, inspected page by page: sizes, boxes, order, text, links, fonts, bookmarks."""

from __future__ import annotations

import pytest

from deck.layout.cards import DividerCard, OverviewCard, WerkvormCard, sequence

from .pdfinfo import box_mm


@pytest.fixture(scope="module")
def cards(liso_content):
    return sequence(liso_content.decks["nl"])


def front(card) -> int:
    """0-based page of a card's front face."""
    return 2 * (card.number - 1)


def test_one_front_and_one_back_page_per_card(liso_nl, cards):
    assert len(cards) == 21
    for output in ("print", "screen"):
        assert len(liso_nl[output].pages) == 2 * len(cards)


@pytest.mark.parametrize("output", ["print", "screen"])
def test_every_card_is_its_front_page_then_its_back_page(liso_nl, cards, output):
    pdf = liso_nl[output]
    pages = pdf.destinations()
    for card in cards:
        assert pages[card.anchor] == front(card), card.anchor
        assert pages[f"{card.anchor}--back"] == front(card) + 1, card.anchor


def test_print_pages_are_trim_plus_3mm_bleed(liso_nl):
    for page in liso_nl["print"].pages:
        assert box_mm(page.trimbox) == (0.0, 0.0, 105.0, 148.0)
        assert box_mm(page.mediabox) == (-3.0, -3.0, 111.0, 154.0)
        assert box_mm(page.bleedbox) == box_mm(page.mediabox)


def test_screen_pages_are_trim_size_without_bleed(liso_nl):
    for page in liso_nl["screen"].pages:
        assert box_mm(page.mediabox) == (0.0, 0.0, 105.0, 148.0)
        assert box_mm(page.trimbox) == box_mm(page.mediabox)


def test_card_numbers_follow_the_guide(cards):
    numbers = {card.bookmark: card.number for card in cards}
    assert numbers["Werkvormen"] == 4
    assert numbers["Waardenovereenstemming"] == 5
    assert (numbers["Brainstormen"], numbers["Verankeren"]) == (6, 7)
    assert (numbers["Praktijkcase"], numbers["Oefenmarkt"]) == (18, 19)
    assert (numbers["Netwerkscan"], numbers["Colofon"]) == (20, 21)


@pytest.mark.parametrize("output", ["print", "screen"])
def test_every_werkvorm_front_then_back_with_its_four_sections(liso_nl, cards, output):
    texts = liso_nl[output].texts
    werkvormen = [c for c in cards if isinstance(c, WerkvormCard)]
    assert len(werkvormen) == 10
    for card in werkvormen:
        front_text, back_text = texts[front(card)].lower(), texts[front(card) + 1].lower()
        assert card.werkvorm.title.lower() in front_text
        assert "wat is het" in front_text and "wanneer gebruiken" in front_text
        assert "hoe het werkt" in back_text and "wat het oplevert" in back_text
        assert "hoe het werkt" not in front_text
        assert card.werkvorm.stage.name.lower() in front_text


def test_one_face_cards_get_a_designed_back(liso_nl, cards):
    texts = liso_nl["print"].texts
    for card in cards:
        if not card.has_content_back:
            back = texts[front(card) + 1]
            assert back.startswith("Wat werkt bij publiek-private leernetwerken"), card
            if isinstance(card, DividerCard):
                assert card.dim.name.upper() in back


@pytest.mark.parametrize("output", ["print", "screen"])
def test_back_links_point_at_their_target_cards_and_print_their_numbers(liso_nl, cards, output):
    pdf = liso_nl[output]
    links = pdf.links()
    by_anchor = {card.anchor: card for card in cards}
    for link in links:
        target = by_anchor[link.name]
        assert link.target == front(target), link
    if output == "print":  # a shop's file has no links (a preflight flags them); the card numbers stay printed
        assert links == []
    for card in cards:
        if isinstance(card, WerkvormCard):
            back = front(card) + 1
            targets = {link.target for link in links if link.page == back}
            expected = [*card.siblings, card.divider, card.overview]
            assert output == "print" or targets == {front(by_anchor[x.anchor]) for x in expected}
            for link in expected:
                assert f"kaart {link.number}" in pdf.texts[back]
            assert "terug naar overzicht" in pdf.texts[back].lower()
        if isinstance(card, (DividerCard, OverviewCard)) and output == "screen":
            targets = {link.target for link in links if link.page == front(card)}
            if isinstance(card, DividerCard):
                assert targets == {front(by_anchor[link.anchor]) for _, link in card.werkvormen}
            else:
                cells = [link for row in card.rows for link in (row.divider, *row.cells)]
                assert targets == {front(by_anchor[link.anchor]) for link in cells}


def test_sibling_link_reads_like_the_guide(liso_nl, cards):
    brainstormen = next(c for c in cards if c.bookmark == "Brainstormen")
    assert brainstormen.siblings[0].label == "Werkvorm Waardenovereenstemming bij lopend leernetwerk"
    assert brainstormen.siblings[0].number == 7


@pytest.mark.parametrize("output", ["print", "screen"])
def test_fonts_are_the_vendored_ones_and_embedded(liso_nl, output):
    fonts = liso_nl[output].fonts()
    assert fonts, "no fonts found"
    assert all(fonts.values()), fonts
    assert {name.split("-")[0] + "-" + name.split("-")[1] for name in fonts} <= {"Deck-Sans", "Deck-Serif"}, fonts


def test_screen_pdf_has_bookmarks_title_language_and_tags(liso_nl, cards):
    pdf = liso_nl["screen"]
    outline = pdf.outline()
    level1 = [title for level, title, _ in outline if level == 1]
    assert level1 == ["Wat werkt bij publiek-private leernetwerken", "Werkvormen", "Waardenovereenstemming", "Vertrouwen",
                      "Leiderschap", "Reflectie", "Experimenteren", "Netwerkscan", "Colofon"]  # fmt: skip
    assert outline == [(card.bookmark_level, card.bookmark, front(card)) for card in cards]
    leiderschap = outline.index((1, "Leiderschap", 20))
    assert outline[leiderschap + 1 : leiderschap + 3] == [(2, "Roulerende facilitator", 22), (2, "Co-facilitatie", 24)]
    root = pdf.reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert pdf.reader.metadata.title == "Wat werkt bij publiek-private leernetwerken"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


def test_print_pdf_is_not_tagged(liso_nl):
    assert "/StructTreeRoot" not in liso_nl["print"].reader.trailer["/Root"]


def test_credits_name_project_authors_and_link(liso_nl):
    pdf = liso_nl["screen"]
    credits = pdf.texts[-2]
    for words in ("ZonMw", "Spoor 2 Netwerk Lerende Bedrijven", "Janske van Eersel", "Tilburg University", "Marianne de Wolf", "TNO"):
        assert words in credits
    assert any(url.startswith("https://projecten.zonmw.nl/nl/project/") for url in pdf.external_links())


@pytest.mark.xdist_group("size-a6")
def test_every_face_fits_at_a_legible_size(liso_nl_fitted):
    fitted = liso_nl_fitted
    assert len(fitted.fits) == 42
    for face in fitted.fits:
        assert face.fits, face
        assert face.body_pt >= 8.0, face
