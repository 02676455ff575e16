"""The texts of the starter deck that ``deck new`` writes, in each language it offers (data only)."""

from __future__ import annotations

from typing import Any

STRUCTURE: dict[str, Any] = {
    "stages": ["start", "running"],
    "dimensions": {"trust": "#1d6a8a", "learning": "#6b4c9a"},
    "werkvormen": [
        ("check-in-round", "trust", "start", ["prepare", "round", "close"]),
        ("appreciation-round", "trust", "running", ["pick", "share", "note"]),
        ("shared-questions", "learning", "start", ["collect", "cluster", "choose"]),
        (
            "case-clinic",
            "learning",
            "running",
            [{"group": "before", "steps": ["choose-case"]}, {"group": "during", "steps": ["present", "ask", "advise"]}],
        ),
    ],
}
"""Two dimensions, two stages, one werkvorm per cell; one werkvorm shows step groups."""

TEXTS: dict[str, dict[str, Any]] = {
    "en": {
        "name": "English",
        "title": "My card deck",
        "cover": "A deck of activities for meetings of a group that works and learns together. Replace this text with what your deck is about.",
        "credits": "This deck was made with deck by",
        "stages": {
            "start": {"name": "At the start", "heading": "At the start", "link": "at the start"},
            "running": {"name": "Along the way", "heading": "Along the way", "link": "along the way"},
        },
        "dimensions": {
            "trust": {
                "name": "Trust",
                "statement": "People speak openly and rely on each other.",
                "opposite": "People hold back and stay cautious.",
            },
            "learning": {
                "name": "Learning",
                "statement": "The group learns from what it does.",
                "opposite": "The group repeats what it has always done.",
            },
        },
        "werkvormen": {
            "check-in-round": {
                "title": "Check-in round",
                "what": "A short round in which everyone says how they arrive and what they bring.",
                "when": "At the start of a first meeting, when people do not know each other yet.",
                "steps": {
                    "prepare": "Put one question on the wall, such as: what brings you here today?",
                    "round": "Everyone answers in one or two sentences, without discussion.",
                    "close": "The facilitator names what the answers have in common.",
                },
                "yield": "Everyone has spoken once, and the group knows what it shares.",
            },
            "appreciation-round": {
                "title": "Appreciation round",
                "what": "Members tell each other what they valued in the other's contribution.",
                "when": "When the group has worked together for a while, for example at the end of a meeting.",
                "steps": {
                    "pick": "Each member picks one other member.",
                    "share": "In turn, say one concrete thing you valued and why.",
                    "note": "Write the points on a sheet the group keeps.",
                },
                "yield": "Members see their own value to the group, and trust grows.",
            },
            "shared-questions": {
                "title": "Shared questions",
                "what": "The group collects the questions its members want to learn about together.",
                "when": "At the start, to set a learning agenda for the coming meetings.",
                "steps": {
                    "collect": "Each member writes their questions on sticky notes, one per note.",
                    "cluster": "Put the notes on the wall and group the ones that belong together.",
                    "choose": "Choose the three groups of questions the meetings will work on first.",
                },
                "yield": "A learning agenda the whole group owns.",
            },
            "case-clinic": {
                "title": "Case clinic",
                "what": "One member brings a case from practice; the others help with questions and advice.",
                "when": "When members have real cases they want to make progress on.",
                "groups": {"before": "Before the meeting", "during": "In the meeting"},
                "steps": {
                    "choose-case": "Ask one member to prepare a case and a question about it.",
                    "present": "The case owner presents the case and the question in five minutes.",
                    "ask": "The others ask only questions, to understand the case better.",
                    "advise": "Each gives one piece of advice; the case owner says what they will use.",
                },
                "yield": "Progress on a real case, and lessons for everyone in the group.",
            },
        },
    },
    "nl": {
        "name": "Nederlands",
        "title": "Mijn kaartenset",
        "cover": "Een set werkvormen voor bijeenkomsten van een groep die samen werkt en leert. Vervang deze tekst door waar jouw set over gaat.",
        "credits": "Deze set is gemaakt met deck door",
        "stages": {
            "start": {"name": "Bij de start", "heading": "Bij de start", "link": "bij de start"},
            "running": {"name": "Onderweg", "heading": "Onderweg", "link": "onderweg"},
        },
        "dimensions": {
            "trust": {
                "name": "Vertrouwen",
                "statement": "Mensen spreken open en rekenen op elkaar.",
                "opposite": "Mensen houden zich in en blijven voorzichtig.",
            },
            "learning": {
                "name": "Leren",
                "statement": "De groep leert van wat ze doet.",
                "opposite": "De groep herhaalt wat ze altijd al deed.",
            },
        },
        "werkvormen": {
            "check-in-round": {
                "title": "Inchecken",
                "what": "Een korte ronde waarin iedereen zegt hoe hij binnenkomt en wat hij meebrengt.",
                "when": "Aan het begin van een eerste bijeenkomst, als mensen elkaar nog niet kennen.",
                "steps": {
                    "prepare": "Zet één vraag op de muur, bijvoorbeeld: wat brengt je hier vandaag?",
                    "round": "Iedereen antwoordt in een of twee zinnen, zonder discussie.",
                    "close": "De begeleider benoemt wat de antwoorden gemeen hebben.",
                },
                "yield": "Iedereen heeft één keer gesproken, en de groep weet wat ze deelt.",
            },
            "appreciation-round": {
                "title": "Waarderingsronde",
                "what": "Deelnemers vertellen elkaar wat ze waardeerden in de bijdrage van een ander.",
                "when": "Als de groep een tijd samenwerkt, bijvoorbeeld aan het eind van een bijeenkomst.",
                "steps": {
                    "pick": "Elke deelnemer kiest één andere deelnemer.",
                    "share": "Noem om de beurt één concreet ding dat je waardeerde, en waarom.",
                    "note": "Schrijf de punten op een vel dat de groep bewaart.",
                },
                "yield": "Deelnemers zien hun eigen waarde voor de groep, en het vertrouwen groeit.",
            },
            "shared-questions": {
                "title": "Gedeelde vragen",
                "what": "De groep verzamelt de vragen waarover de deelnemers samen willen leren.",
                "when": "Bij de start, om een leeragenda voor de komende bijeenkomsten te maken.",
                "steps": {
                    "collect": "Iedere deelnemer schrijft zijn vragen op memobriefjes, één per briefje.",
                    "cluster": "Plak de briefjes op de muur en zet bij elkaar wat bij elkaar hoort.",
                    "choose": "Kies de drie groepen vragen waar de bijeenkomsten eerst aan werken.",
                },
                "yield": "Een leeragenda waar de hele groep achter staat.",
            },
            "case-clinic": {
                "title": "Casuïstiek",
                "what": "Eén deelnemer brengt een casus uit de praktijk in; de anderen helpen met vragen en advies.",
                "when": "Als deelnemers echte casussen hebben waarmee ze verder willen.",
                "groups": {"before": "Voor de bijeenkomst", "during": "In de bijeenkomst"},
                "steps": {
                    "choose-case": "Vraag één deelnemer een casus en een vraag daarover voor te bereiden.",
                    "present": "De inbrenger vertelt in vijf minuten de casus en de vraag.",
                    "ask": "De anderen stellen alleen vragen, om de casus beter te begrijpen.",
                    "advise": "Iedereen geeft één advies; de inbrenger zegt wat hij ermee doet.",
                },
                "yield": "Voortgang in een echte casus, en lessen voor iedereen in de groep.",
            },
        },
    },
}
