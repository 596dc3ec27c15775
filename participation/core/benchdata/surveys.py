"""Bench survey responses: random answers to every question type, written in bulk with the
participations of the accounts that answered. `bench/surveys.py` fills its survey with the same
`response_rows`."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from participation.accounts.models import User
from participation.core import results_versions
from participation.core.benchdata.accounts import People
from participation.core.benchdata.loader import Loader
from participation.core.town import current_town
from participation.extensions import db
from participation.surveys.models import (
    Answer,
    Audience,
    Participation,
    QuestionType,
    Response,
    Survey,
)
from participation.surveys.seed import DIGITAL_OFFERS, build_survey

T = QuestionType
PAPER_SHARE = 0.1  # responses typed in from paper
ACCOUNT_SHARE = 0.7  # online responses to an open survey sent while signed in
WORDS = ("WLAN", "Termine", "Formulare", "Parkplätze", "Bibliothek", "Kita", "Sperrmüll")
SEASONS = ("Frühjahr", "Sommer", "Herbst", "Winter")


def answer_rows(question, response_id: str, chance: random.Random) -> list[dict]:
    """Return random answer rows of one question (optional ones sometimes left out)."""
    options = [option.id for option in question.options]
    kind, qid = question.kind, question.id

    def row(item=0, **values):
        return {"response_id": response_id, "question_id": qid, "item": item, "option_id": None,
                "value_int": None, "value_number": None, "value_text": None, "hidden": False,
                **values}  # fmt: skip

    if kind is T.SINGLE:
        return [row(option_id=chance.choice(options))]
    if kind is T.MULTIPLE:
        rows = [
            row(item=oid, option_id=oid) for oid in chance.sample(options, chance.randint(1, 3))
        ]
        if chance.random() < 0.1:
            rows.append(row(value_text=f"Sonstiges {chance.choice(WORDS)}"))
        return rows
    if kind in (T.YES_NO, T.SCALE):
        return [row(value_int=chance.randint(0, 1) if kind is T.YES_NO else chance.randint(1, 5))]
    if kind is T.MATRIX:
        return [row(item=oid, option_id=oid, value_int=chance.randint(1, 5)) for oid in options]
    if kind is T.RANKING:
        picked = chance.sample(options, chance.randint(1, question.max_choices or len(options)))
        return [row(item=oid, option_id=oid, value_int=rank) for rank, oid in enumerate(picked, 1)]
    if kind in (T.SHORT_TEXT, T.LONG_TEXT) and chance.random() < 0.3:
        return [row(value_text=" ".join(chance.choices(WORDS, k=chance.randint(2, 12))))]
    if kind is T.NUMBER and chance.random() < 0.7:
        return [row(value_number=float(chance.randint(14, 90)))]
    return []


def response_rows(
    survey_id: int,
    questions: list,
    chance: random.Random,
    *,
    first_day: date,
    days: int,
    new_id: Callable[[], str] = lambda: secrets.token_hex(16),
) -> tuple[dict, list[dict]]:
    """Return one response without an account (10 % on paper) and its answer rows."""
    rid = new_id()
    paper = chance.random() < PAPER_SHARE
    response = {"id": rid, "survey_id": survey_id, "user_id": None,
                "channel": "paper" if paper else "online", "sheet_code": None,
                "submitted_on": first_day + timedelta(days=chance.randint(0, days - 1)),
                "submitted_at": None}  # fmt: skip
    answers = [row for question in questions for row in answer_rows(question, rid, chance)]
    return response, answers


def write_surveys(loader: Loader, counts: list[int], people: People, chance, tokens, now) -> None:
    """Write one survey (every question type) per count, with that many responses."""
    staff = people.staff_id
    with loader.phase():
        sinks = [loader.sink(table) for table in (Response.__table__, Answer.__table__)]
        sinks.append(loader.sink(Participation.__table__))
        for number, count in enumerate(counts):
            opens, closes = window(number, len(counts), now)
            anonymous = number % 2 == 0 or count > len(people.ids)
            survey = build_survey(
                {**DIGITAL_OFFERS, "title": title(number, opens)},
                author=db.session.get(User, staff),
                audience=Audience.ANYONE if anonymous else Audience.RESIDENTS,
                anonymous=anonymous, opens_in=opens - now, open_for=closes - opens,
            )  # fmt: skip
            survey.published_at, survey.response_count = opens, count
            db.session.flush()
            fill(loader, sinks, survey, count, people, chance, tokens, now)
            # COPY passes by the session's hooks: stored figures (none yet) would be stale.
            results_versions.raise_versions(db.session, Survey.__table__, [survey.id])


def window(number: int, surveys: int, now: datetime) -> tuple[datetime, datetime]:
    """Return when a survey opens and closes: the largest closed two weeks ago, the second
    open now (with three or more surveys), the others further back, one every 50 days."""
    if number == 0:
        return now - timedelta(days=45), now - timedelta(days=15)
    if number == 1 and surveys >= 3:
        return now - timedelta(days=10), now + timedelta(days=20)
    opens = now - timedelta(days=60 + 50 * number)
    return opens, opens + timedelta(days=28)


def title(number: int, opens: datetime) -> str:
    """Return a title like "Digitale Angebote der Stadt Pößneck: Befragung Herbst 2025"."""
    season = SEASONS[(opens.month - 1) // 3]
    return f"Digitale Angebote der Stadt {current_town().name}: Befragung {season} {opens.year}"


def fill(loader: Loader, sinks: list, survey, count: int, people: People, chance, tokens, now):
    """Queue the survey's responses, answers and the participations of signed-in people."""
    responses, answers, participations = sinks
    questions, first_day = survey.questions(), survey.opens_at.date()
    days = (min(survey.closes_at, now).date() - first_day).days + 1
    signed_in = iter(chance.sample(range(len(people.ids)), min(count, len(people.ids))))
    for _ in range(count):
        response, rows = response_rows(
            survey.id, questions, chance, first_day=first_day, days=days,
            new_id=lambda: f"{tokens.getrandbits(128):032x}",
        )  # fmt: skip
        index = next(signed_in, None) if signs_in(response, survey, chance) else None
        if index is not None:  # else a guest (every account has answered already)
            account = people.ids[index]
            loader.put(participations, participation(survey, account, response["submitted_on"]))
            sign(response, survey, account, chance, now)
        loader.put(responses, response)
        for row in rows:
            loader.put(answers, row)


def signs_in(response: dict, survey, chance) -> bool:
    """Whether an online response comes from an account (always, unless anyone may answer)."""
    if response["channel"] != "online":
        return False
    return not survey.anonymous or chance.random() < ACCOUNT_SHARE


def sign(response: dict, survey, account: int, chance, now: datetime) -> None:
    """Name the account and the time on a response, unless the survey is anonymous."""
    if not survey.anonymous:
        response["user_id"] = account
        response["submitted_at"] = min(moment(response, chance), now)


def participation(survey, account: int, day: date) -> dict:
    """Return the row that says `account` has answered the survey."""
    return {"survey_id": survey.id, "user_id": account, "channel": "online", "day": day}


def moment(response: dict, chance) -> datetime:
    """Return a time on the response's day (surveys that are not anonymous keep it)."""
    start = datetime.combine(response["submitted_on"], time(7), UTC)
    return start + timedelta(seconds=chance.randint(0, 14 * 3600))
