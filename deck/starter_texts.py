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
        "author": {"name": "Your Name", "institution": "Your organisation"},
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
        "author": {"name": "Jouw naam", "institution": "Jouw organisatie"},
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

TEXTS["de"] = {
    "name": "Deutsch",
    "author": {"name": "Ihr Name", "institution": "Ihre Organisation"},
    "title": "Mein Kartenset",
    "cover": "Ein Set von Methoden für Treffen einer Gruppe, die zusammen arbeitet und lernt. Ersetzen Sie diesen Text durch das, worum es in Ihrem Set geht.",
    "credits": "Dieses Set wurde mit deck erstellt von",
    "stages": {
        "start": {"name": "Zum Start", "heading": "Zum Start", "link": "zum Start"},
        "running": {"name": "Unterwegs", "heading": "Unterwegs", "link": "unterwegs"},
    },
    "dimensions": {
        "trust": {
            "name": "Vertrauen",
            "statement": "Alle sprechen offen und verlassen sich aufeinander.",
            "opposite": "Alle halten sich zurück und bleiben vorsichtig.",
        },
        "learning": {
            "name": "Lernen",
            "statement": "Die Gruppe lernt aus dem, was sie tut.",
            "opposite": "Die Gruppe wiederholt, was sie immer getan hat.",
        },
    },
    "werkvormen": {
        "check-in-round": {
            "title": "Eincheckrunde",
            "what": "Eine kurze Runde, in der alle sagen, wie sie ankommen und was sie mitbringen.",
            "when": "Zu Beginn eines ersten Treffens, wenn sich die Teilnehmenden noch nicht kennen.",
            "steps": {
                "prepare": "Schreiben Sie eine Frage an die Wand, zum Beispiel: Was führt dich heute hierher?",
                "round": "Alle antworten in ein oder zwei Sätzen, ohne Diskussion.",
                "close": "Die Moderation benennt, was die Antworten gemeinsam haben.",
            },
            "yield": "Alle haben einmal gesprochen, und die Gruppe weiß, was sie verbindet.",
        },
        "appreciation-round": {
            "title": "Wertschätzungsrunde",
            "what": "Die Teilnehmenden sagen einander, was sie am Beitrag der anderen geschätzt haben.",
            "when": "Wenn die Gruppe eine Weile zusammengearbeitet hat, etwa am Ende eines Treffens.",
            "steps": {
                "pick": "Alle wählen eine andere Person aus der Gruppe.",
                "share": "Reihum nennt jede Person eine konkrete Sache, die sie geschätzt hat, und warum.",
                "note": "Halten Sie die Punkte auf einem Blatt fest, das die Gruppe aufbewahrt.",
            },
            "yield": "Die Teilnehmenden sehen ihren eigenen Wert für die Gruppe, und das Vertrauen wächst.",
        },
        "shared-questions": {
            "title": "Gemeinsame Fragen",
            "what": "Die Gruppe sammelt die Fragen, zu denen ihre Mitglieder gemeinsam lernen wollen.",
            "when": "Zum Start, um eine Lernagenda für die nächsten Treffen festzulegen.",
            "steps": {
                "collect": "Alle schreiben ihre Fragen auf Haftnotizen, eine Frage pro Zettel.",
                "cluster": "Kleben Sie die Zettel an die Wand und ordnen Sie zusammen, was zusammengehört.",
                "choose": "Wählen Sie die drei Fragengruppen, an denen die Treffen zuerst arbeiten.",
            },
            "yield": "Eine Lernagenda, hinter der die ganze Gruppe steht.",
        },
        "case-clinic": {
            "title": "Fallberatung",
            "what": "Eine Person bringt einen Fall aus der Praxis ein; die anderen helfen mit Fragen und Rat.",
            "when": "Wenn die Teilnehmenden echte Fälle haben, bei denen sie weiterkommen wollen.",
            "groups": {"before": "Vor dem Treffen", "during": "Im Treffen"},
            "steps": {
                "choose-case": "Bitten Sie eine Person, einen Fall und eine Frage dazu vorzubereiten.",
                "present": "Die Fallgeberin oder der Fallgeber stellt Fall und Frage in fünf Minuten vor.",
                "ask": "Die anderen stellen nur Fragen, um den Fall besser zu verstehen.",
                "advise": "Alle geben einen Rat; die Fallgeberin oder der Fallgeber sagt, was sie oder er davon aufgreift.",
            },
            "yield": "Fortschritt bei einem echten Fall und Erkenntnisse für alle in der Gruppe.",
        },
    },
}

TEXTS["fr"] = {
    "name": "Français",
    "author": {"name": "Votre nom", "institution": "Votre organisation"},
    "title": "Mon jeu de cartes",
    "cover": "Un jeu d’activités pour les réunions d’un groupe qui travaille et apprend ensemble. Remplacez ce texte par le sujet de votre jeu.",
    "credits": "Ce jeu a été réalisé avec deck par",
    "stages": {
        "start": {"name": "Au démarrage", "heading": "Au démarrage", "link": "au démarrage"},
        "running": {"name": "En cours de route", "heading": "En cours de route", "link": "en cours de route"},
    },
    "dimensions": {
        "trust": {
            "name": "Confiance",
            "statement": "Chacun parle ouvertement et compte sur les autres.",
            "opposite": "Chacun se retient et reste prudent.",
        },
        "learning": {
            "name": "Apprentissage",
            "statement": "Le groupe apprend de ce qu’il fait.",
            "opposite": "Le groupe répète ce qu’il a toujours fait.",
        },
    },
    "werkvormen": {
        "check-in-round": {
            "title": "Tour d’inclusion",
            "what": "Un court tour de table où chacun dit dans quel état d’esprit il arrive et ce qu’il apporte.",
            "when": "Au début d’une première réunion, quand les participants ne se connaissent pas encore.",
            "steps": {
                "prepare": "Affichez une question au mur, par exemple\u00a0: qu’est-ce qui vous amène aujourd’hui\u00a0?",
                "round": "Chacun répond en une ou deux phrases, sans discussion.",
                "close": "L’animateur nomme ce que les réponses ont en commun.",
            },
            "yield": "Chacun a pris la parole une fois, et le groupe sait ce qu’il partage.",
        },
        "appreciation-round": {
            "title": "Tour d’appréciation",
            "what": "Les participants se disent ce qu’ils ont apprécié dans la contribution des autres.",
            "when": "Quand le groupe travaille ensemble depuis un moment, par exemple en fin de réunion.",
            "steps": {
                "pick": "Chaque participant choisit un autre participant.",
                "share": "À tour de rôle, citez une chose concrète que vous avez appréciée, et pourquoi.",
                "note": "Notez les points sur une feuille que le groupe conserve.",
            },
            "yield": "Les participants voient ce qu’ils apportent au groupe, et la confiance grandit.",
        },
        "shared-questions": {
            "title": "Questions partagées",
            "what": "Le groupe rassemble les questions sur lesquelles ses membres veulent apprendre ensemble.",
            "when": "Au démarrage, pour fixer un programme d’apprentissage pour les prochaines réunions.",
            "steps": {
                "collect": "Chacun écrit ses questions sur des notes autocollantes, une par note.",
                "cluster": "Collez les notes au mur et regroupez celles qui vont ensemble.",
                "choose": "Choisissez les trois groupes de questions sur lesquels les réunions travailleront d’abord.",
            },
            "yield": "Un programme d’apprentissage que tout le groupe s’approprie.",
        },
        "case-clinic": {
            "title": "Analyse de cas",
            "what": "Un participant apporte un cas tiré de la pratique\u00a0; les autres l’aident par leurs questions et leurs conseils.",
            "when": "Quand les participants ont de vrais cas sur lesquels ils veulent avancer.",
            "groups": {"before": "Avant la réunion", "during": "Pendant la réunion"},
            "steps": {
                "choose-case": "Demandez à un participant de préparer un cas et une question à son sujet.",
                "present": "Le porteur du cas présente le cas et sa question en cinq minutes.",
                "ask": "Les autres posent uniquement des questions, pour mieux comprendre le cas.",
                "advise": "Chacun donne un conseil\u00a0; le porteur du cas dit ce qu’il en retient.",
            },
            "yield": "Des progrès sur un vrai cas, et des enseignements pour tout le groupe.",
        },
    },
}
