"""A survey on the town's digital offers: the demo data, and the example the tests build on.

`build_survey` writes a survey from a plain description (sections → questions → options), so the
demo, the tests and the benchmark share one example with every question type.
"""

from __future__ import annotations

from datetime import timedelta

from participation.comments.threads import create_thread
from participation.core.markup import render_markdown
from participation.core.models import utcnow
from participation.extensions import db
from participation.surveys.models import (
    Audience,
    Option,
    Question,
    QuestionType,
    Section,
    Survey,
)

T = QuestionType

DIGITAL_OFFERS = {
    "title": "Digitale Angebote der Stadt Pößneck",
    "intro": (
        "Die Stadt möchte ihre digitalen Angebote verbessern. Dafür brauchen wir Ihre Meinung.\n\n"
        "Die Umfrage dauert etwa **5 Minuten**. Sie können sie auch auf Papier im Bürgerbüro "
        "ausfüllen."
    ),
    "sections": [
        {
            "heading": "Wie Sie die Angebote nutzen",
            "description": "Zuerst ein paar Fragen dazu, was Sie heute schon nutzen.",
            "questions": [
                {
                    "kind": T.SINGLE,
                    "text": "Wie oft besuchen Sie die Internetseite der Stadt?",
                    "options": ["Jede Woche", "Jeden Monat", "Seltener", "Nie"],
                },
                {
                    "kind": T.MULTIPLE,
                    "text": "Welche Angebote haben Sie schon genutzt?",
                    "help_text": "Wählen Sie bis zu drei Angebote.",
                    "options": [
                        "Termin im Bürgerbüro online buchen",
                        "Formulare herunterladen",
                        "Mängelmelder",
                        "Amtsblatt online lesen",
                        "Veranstaltungskalender",
                    ],
                    "min_choices": 1,
                    "max_choices": 3,
                    "allow_other": True,
                },
                {"kind": T.YES_NO, "text": "Haben Sie zu Hause einen Internetanschluss?"},
            ],
        },
        {
            "heading": "Ihre Bewertung",
            "description": "",
            "questions": [
                {
                    "kind": T.SCALE,
                    "text": "Wie zufrieden sind Sie insgesamt mit den digitalen Angeboten?",
                    "scale": (1, 5, "gar nicht zufrieden", "sehr zufrieden"),
                },
                {
                    "kind": T.MATRIX,
                    "text": "Wie bewerten Sie diese Punkte?",
                    "options": ["Verständliche Sprache", "Schnelligkeit", "Barrierefreiheit"],
                    "scale": (1, 5, "schlecht", "sehr gut"),
                },
                {
                    "kind": T.RANKING,
                    "text": "Was soll die Stadt zuerst verbessern?",
                    "help_text": "Wählen Sie die drei wichtigsten Punkte und ordnen Sie sie.",
                    "options": [
                        "Mehr Anträge online",
                        "Kostenloses WLAN in der Innenstadt",
                        "Hilfe vor Ort für Menschen ohne Internet",
                        "Eine App der Stadt",
                    ],
                    "max_choices": 3,
                },
            ],
        },
        {
            "heading": "Zum Schluss",
            "description": "",
            "questions": [
                {
                    "kind": T.SHORT_TEXT,
                    "text": "Welches Angebot fehlt Ihnen am meisten?",
                    "required": False,
                },
                {
                    "kind": T.LONG_TEXT,
                    "text": "Was möchten Sie der Stadt noch mitteilen?",
                    "required": False,
                },
                {
                    "kind": T.NUMBER,
                    "text": "Wie alt sind Sie?",
                    "help_text": "In Jahren. Diese Angabe ist freiwillig.",
                    "required": False,
                    "number": (14, 120, 0),
                },
            ],
        },
    ],
}


def build_survey(
    spec: dict = DIGITAL_OFFERS,
    *,
    author=None,
    audience: Audience = Audience.RESIDENTS,
    anonymous: bool = False,
    published: bool = True,
    opens_in: timedelta = timedelta(days=-1),
    open_for: timedelta = timedelta(days=30),
) -> Survey:
    """Write a survey with its sections, questions and options (flushed, not committed)."""
    now = utcnow()
    survey = Survey(
        title=spec["title"],
        intro=spec.get("intro", ""),
        intro_html=str(render_markdown(spec.get("intro", ""))),
        opens_at=now + opens_in,
        closes_at=now + opens_in + open_for,
        audience=audience,
        anonymous=anonymous,
        published_at=now if published else None,
        created_by_id=author.id if author else None,
        thread_id=create_thread("survey").id,
    )
    db.session.add(survey)
    db.session.flush()
    for position, section_spec in enumerate(spec["sections"], start=1):
        add_section(survey, position, section_spec)
    db.session.flush()
    return survey


def add_section(survey: Survey, position: int, spec: dict) -> Section:
    """Write one section and its questions."""
    section = Section(
        survey=survey,
        position=position,
        heading=spec["heading"],
        description=spec.get("description", ""),
    )
    db.session.add(section)
    db.session.flush()
    for question_position, question_spec in enumerate(spec["questions"], start=1):
        add_question(section, question_position, question_spec)
    return section


def add_question(section: Section, position: int, spec: dict) -> Question:
    """Write one question and its options from its description."""
    low, high, low_label, high_label = spec.get("scale", (None, None, "", ""))
    number_min, number_max, decimals = spec.get("number", (None, None, 0))
    question = Question(
        survey_id=section.survey_id,
        section=section,
        position=position,
        kind=spec["kind"],
        text=spec["text"],
        help_text=spec.get("help_text", ""),
        required=spec.get("required", True),
        allow_other=spec.get("allow_other", False),
        min_choices=spec.get("min_choices"),
        max_choices=spec.get("max_choices"),
        scale_min=low,
        scale_max=high,
        scale_min_label=low_label,
        scale_max_label=high_label,
        number_min=number_min,
        number_max=number_max,
        number_decimals=decimals,
    )
    question.options = [
        Option(position=index, label=label)
        for index, label in enumerate(spec.get("options", []), start=1)
    ]
    db.session.add(question)
    return question
