"""Demo data: the survey on the town's digital offers, open now, with about 120 invented
responses (a few on paper, to show the channel filter). Stored through the same service as real
responses; running it again changes nothing."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from participation.accounts import services as accounts
from participation.core.channels import Channel
from participation.extensions import db
from participation.surveys import responses
from participation.surveys.answering import Row
from participation.surveys.models import Audience, Question, QuestionType, Survey
from participation.surveys.seed import DIGITAL_OFFERS, build_survey

T = QuestionType
ONLINE_RESPONSES, PAPER_RESPONSES = 112, 8
DEMO_NOTE = (
    "\n\n*Demo: Die Antworten in dieser Umfrage sind erfunden. So können Sie sich die "
    "Ergebnisse ansehen.*"
)
PAPER_NOTE = "Demo-Antwort auf Papier (im Bürgerbüro erfasst)."
OTHER_TEXTS = ("Stadtbibliothek online", "Müllkalender", "Parkplätze finden")
MISSING = (
    "Online-Anmeldung für die Kita",
    "Eine Übersicht aller Baustellen",
    "Sperrmüll online anmelden",
    "Fundbüro im Internet",
    "Ratsinformationen zum Nachlesen",
    "Hundesteuer online bezahlen",
)
REMARKS = (
    "Bitte vergessen Sie die älteren Menschen nicht. Nicht alle haben ein Smartphone.",
    "Die Online-Termine im Bürgerbüro sind super, weiter so!",
    "Die Internetseite ist auf dem Handy schwer zu lesen.",
    "Mehr Informationen in Leichter Sprache wären gut.",
    "Schön, dass man auch auf Papier mitmachen kann.",
)


def ensure_demo_survey() -> Survey:
    """Create the demo survey with its responses when it is missing; return it."""
    title = DIGITAL_OFFERS["title"]
    existing = db.session.scalar(select(Survey).where(Survey.title == title))
    if existing is not None:
        return existing
    survey = build_survey(
        {**DIGITAL_OFFERS, "intro": DIGITAL_OFFERS["intro"] + DEMO_NOTE},
        author=accounts.find_by_email("verwaltung@example.org"),
        audience=Audience.ANYONE,
        anonymous=True,
        opens_in=timedelta(days=-14),
        open_for=timedelta(days=30),
    )
    chance = random.Random(6)  # the same demo every time
    questions = survey.questions()
    for number in range(ONLINE_RESPONSES + PAPER_RESPONSES):
        paper = number >= ONLINE_RESPONSES
        response = responses.submit(survey, None, demo_answers(questions, chance, paper))
        if paper:  # as if the Bürgerbüro had typed in a sheet (no sheet code in the demo)
            response.channel = Channel.PAPER
    db.session.flush()
    return survey


def demo_answers(questions: list[Question], chance: random.Random, paper: bool) -> dict:
    """Return plausible answers to every question (optional ones sometimes left out)."""
    answers = {}
    for question in questions:
        rows = demo_rows(question, chance, paper)
        if rows:
            answers[question.id] = rows
    return answers


def weighted(chance: random.Random, items: list, weights: list[float]):
    """Return one of `items`, the weights saying how likely each is."""
    return chance.choices(items, weights=weights[: len(items)])[0]


def demo_rows(question: Question, chance: random.Random, paper: bool) -> list[Row]:
    """Return the rows of one invented answer."""
    options = [option.id for option in question.options]
    kind = question.kind
    if kind is T.SINGLE:
        return [Row(option_id=weighted(chance, options, [3, 5, 4, 2]))]
    if kind is T.MULTIPLE:
        picked = chance.sample(options, chance.randint(1, 3))
        rows = [Row(item=oid, option_id=oid) for oid in picked]
        if chance.random() < 0.1:
            rows.append(Row(value_text=chance.choice(OTHER_TEXTS)))
        return rows
    if kind is T.YES_NO:
        return [Row(value_int=int(chance.random() < (0.6 if paper else 0.9)))]
    if kind is T.SCALE:
        return [Row(value_int=weighted(chance, [1, 2, 3, 4, 5], [1, 2, 4, 5, 3]))]
    if kind is T.MATRIX:
        return [
            Row(
                item=oid,
                option_id=oid,
                value_int=min(5, max(1, round(chance.gauss(3.4 - i * 0.4, 1)))),
            )
            for i, oid in enumerate(options)
        ]
    if kind is T.RANKING:
        ranked = sorted(options, key=lambda oid: chance.random() * (1 + options.index(oid) % 3))
        places = question.max_choices or len(options)
        return [
            Row(item=oid, option_id=oid, value_int=rank)
            for rank, oid in enumerate(ranked[: chance.randint(1, places)], start=1)
        ]
    if kind is T.SHORT_TEXT and chance.random() < 0.4:
        return [Row(value_text=chance.choice(MISSING))]
    if kind is T.LONG_TEXT and (paper or chance.random() < 0.25):
        return [Row(value_text=PAPER_NOTE if paper else chance.choice(REMARKS))]
    if kind is T.NUMBER and chance.random() < 0.7:
        return [Row(value_number=float(round(chance.triangular(16, 88, 45))))]
    return []
