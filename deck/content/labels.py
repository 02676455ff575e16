"""Built-in interface labels (section headings, 'card', print instructions) for nl, en, de and fr.

A deck's language file may give any label under ``labels:``; a label it does not give is the
built-in one of its language (``pt-BR`` falls back to ``pt``). A language with no built-in labels
must give every label itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deck.content.source import Source
from deck.errors import Problem

LABEL_KEYS = (
    "what",
    "when",
    "how",
    "yield",
    "overview",
    "dimension",
    "back_to_overview",
    "sibling",
    "divider",
    "card",
    "versus",
    "credits",
    "print_heading",
    "print_actual_size",
    "print_duplex",
    "print_single_sided",
    "print_cut",
    "print_fold",
    "print_check",
    "print_duplex_short",
    "print_scale",
    "print_align",
    "scan",
    "scan_intro",
    "scan_low",
    "scan_name",
)

BUILT_IN: dict[str, dict[str, str]] = {
    "nl": {
        "what": "Wat is het",
        "when": "Wanneer gebruiken",
        "how": "Hoe het werkt",
        "yield": "Wat het oplevert",
        "overview": "Werkvormen",
        "dimension": "Dimensie",
        "back_to_overview": "Terug naar overzicht",
        "sibling": "Werkvorm {dimension} {stage}",
        "divider": "Dimensie",
        "card": "kaart",
        "versus": "versus",
        "credits": "Colofon",
        "print_heading": "Zo print je deze kaarten",
        "print_actual_size": "Print op ware grootte (100 %), niet ‘passend op pagina’.",
        "print_duplex": "Print dubbelzijdig en laat omslaan via de lange kant.",
        "print_single_sided": "Print enkelzijdig.",
        "print_cut": "Snijd of knip de kaarten uit langs de snijtekens.",
        "print_fold": "Vouw elk paar op de stippellijn, met de bedrukte kant naar buiten, en snijd het dan uit.",
        "print_check": "Dit vierkant meet 50 × 50 mm als de schaal goed is.",
        "print_duplex_short": "Print dubbelzijdig en laat omslaan via de korte kant.",
        "print_scale": "De kaarten staan op {scale} % van ware grootte: {width} × {height} mm.",
        "print_align": "Uitlijnen: houd dit vel tegen het licht. Het kruis van de voorkant hoort midden op de millimeterschaal van de achterkant te vallen. Valt het ernaast, lees dan op de achterkant af hoeveel millimeter het kruis rechts (X) en onder (Y) het midden ligt (links en boven zijn negatief) en bouw opnieuw met --back-offset X,Y.",
        "scan": "Netwerkscan",
        "scan_intro": "Hoe staat jullie leernetwerk ervoor? Zet per dimensie een kruisje op de schaal.",
        "scan_low": "{dimension} laag?",
        "scan_name": "Naam en datum",
    },
    "en": {
        "what": "What it is",
        "when": "When to use it",
        "how": "How it works",
        "yield": "What it yields",
        "overview": "Activities",
        "dimension": "Dimension",
        "back_to_overview": "Back to the overview",
        "sibling": "{dimension} activity {stage}",
        "divider": "Dimension",
        "card": "card",
        "versus": "versus",
        "credits": "Credits",
        "print_heading": "How to print these cards",
        "print_actual_size": "Print at actual size (100%), not “fit to page”.",
        "print_duplex": "Print double-sided, flipping on the long edge.",
        "print_single_sided": "Print single-sided.",
        "print_cut": "Cut the cards out along the cut marks.",
        "print_fold": "Fold each pair on the dashed line, printed side out, then cut it out.",
        "print_check": "This square measures 50 × 50 mm when the scale is right.",
        "print_duplex_short": "Print double-sided, flipping on the short edge.",
        "print_scale": "The cards are printed at {scale} % of their true size: {width} × {height} mm.",
        "print_align": "Alignment: hold this sheet against the light. The cross on the front should fall in the middle of the millimetre scale on the back. If it does not, read on the back how many millimetres the cross lies right (X) and below (Y) the middle (left and above are negative), and build again with --back-offset X,Y.",
        "scan": "Network scan",
        "scan_intro": "Where does your learning network stand? Put a cross on the scale for each dimension.",
        "scan_low": "{dimension} low?",
        "scan_name": "Name and date",
    },
    "de": {
        "what": "Worum es geht",
        "when": "Wann einsetzen",
        "how": "Ablauf",
        "yield": "Was es bringt",
        "overview": "Methoden",
        "dimension": "Dimension",
        "back_to_overview": "Zurück zur Übersicht",
        "sibling": "Methode {dimension} {stage}",
        "divider": "Dimension",
        "card": "Karte",
        "versus": "versus",
        "credits": "Impressum",
        "print_heading": "Hinweise zum Drucken",
        "print_actual_size": "In Originalgröße (100 %) drucken, nicht „An Seite anpassen“.",
        "print_duplex": "Beidseitig drucken, an der langen Kante wenden.",
        "print_single_sided": "Einseitig drucken.",
        "print_cut": "Die Karten entlang der Schnittmarken ausschneiden.",
        "print_fold": "Jedes Paar an der gestrichelten Linie falten, die bedruckte Seite nach außen, dann ausschneiden.",
        "print_check": "Dieses Quadrat misst 50 × 50 mm, wenn der Maßstab stimmt.",
        "print_duplex_short": "Beidseitig drucken, an der kurzen Kante wenden.",
        "print_scale": "Die Karten sind auf {scale} % ihrer wahren Größe gedruckt: {width} × {height} mm.",
        "print_align": "Ausrichten: Halten Sie dieses Blatt gegen das Licht. Das Kreuz der Vorderseite sollte in der Mitte der Millimeterskala auf der Rückseite liegen. Wenn nicht, lesen Sie auf der Rückseite ab, wie viele Millimeter das Kreuz rechts (X) und unterhalb (Y) der Mitte liegt (links und oberhalb sind negativ), und bauen Sie erneut mit --back-offset X,Y.",
        "scan": "Netzwerkscan",
        "scan_intro": "Wo steht euer Lernnetzwerk? Setzt für jede Dimension ein Kreuz auf der Skala.",
        "scan_low": "{dimension} niedrig?",
        "scan_name": "Name und Datum",
    },
    "fr": {
        "what": "De quoi s’agit-il",
        "when": "Quand l’utiliser",
        "how": "Déroulement",
        "yield": "Ce que cela apporte",
        "overview": "Activités",
        "dimension": "Dimension",
        "back_to_overview": "Retour à la vue d’ensemble",
        "sibling": "Activité {dimension} {stage}",
        "divider": "Dimension",
        "card": "carte",
        "versus": "versus",
        "credits": "Crédits",
        "print_heading": "Comment imprimer ces cartes",
        "print_actual_size": "Imprimez en taille réelle (100\u00a0%), et non «\u00a0Ajuster à la page\u00a0».",
        "print_duplex": "Imprimez en recto verso, avec retournement sur le bord long.",
        "print_single_sided": "Imprimez en recto seul.",
        "print_cut": "Découpez les cartes le long des traits de coupe.",
        "print_fold": "Pliez chaque paire sur la ligne pointillée, face imprimée à l’extérieur, puis découpez-la.",
        "print_check": "Ce carré mesure 50\u00a0×\u00a050\u00a0mm si l’échelle est correcte.",
        "print_duplex_short": "Imprimez en recto verso, retournement sur le bord court.",
        "print_scale": "Les cartes sont imprimées à {scale}\u00a0% de leur taille réelle\u00a0: {width}\u00a0×\u00a0{height}\u00a0mm.",
        "print_align": "Alignement\u00a0: tenez cette feuille devant la lumière. La croix du recto doit tomber au milieu de l’échelle millimétrée du verso. Sinon, lisez au verso de combien de millimètres la croix se trouve à droite (X) et en dessous (Y) du milieu (à gauche et au-dessus sont négatifs), et reconstruisez avec --back-offset X,Y.",
        "scan": "Diagnostic du réseau",
        "scan_intro": "Où en est votre réseau d’apprentissage\u00a0? Placez une croix sur l’échelle de chaque dimension.",
        "scan_low": "{dimension} faible\u00a0?",
        "scan_name": "Nom et date",
    },
}


def built_in(code: str) -> Mapping[str, str]:
    """The built-in labels of a language (``pt-BR`` falls back to ``pt``); empty when there are none."""
    return BUILT_IN.get(code) or BUILT_IN.get(code.split("-")[0], {})


def complete(code: str, given: Mapping[str, Any] | None) -> dict[str, Any]:
    """Every label: the ones ``given`` by the deck, the rest built in. Keys in LABEL_KEYS order."""
    defaults = built_in(code)
    given = given or {}
    return {key: given[key] if key in given else defaults[key] for key in LABEL_KEYS}


def check(texts: Source | None, code: str) -> list[Problem]:
    """A problem when a language has no built-in labels and its file leaves some out."""
    if texts is None or not isinstance(texts.data, dict):
        return []
    given = texts.data.get("labels") or {}
    defaults = built_in(code)
    lacking = [key for key in LABEL_KEYS if key not in given and key not in defaults]
    if not lacking:
        return []
    known = ", ".join(BUILT_IN)
    return [
        texts.problem(
            ("labels",) if "labels" in texts.data else (),
            f"there are no built-in labels for '{code}' (only for {known}); give these under labels: {', '.join(lacking)}",
        )
    ]
