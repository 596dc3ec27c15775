"""Stored survey figures: what results.aggregate reads from SQL (responses per channel and the
Figures of every question), kept per survey, channel filter and public/staff view, and used while
the survey's results version is unchanged (core/stored_figures.py).

The version rises with every response or answer added, changed (a text hidden or shown) or
deleted, and with every change to the survey's sections, questions and options (which
questions are counted how), in the transaction of the change (core/results_versions.py).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, Session, mapped_column

from participation.core import results_versions
from participation.core.channels import Channel
from participation.core.stored_figures import (
    FigureStore,
    StoredFiguresMixin,
    number_from_json,
    number_to_json,
)
from participation.extensions import db
from participation.surveys.models import Answer, Option, Question, Response, Section, Survey
from participation.surveys.results_shape import Figures, NumberStats, TextItem

Found = tuple[dict[Channel, int], Figures]  # responses per channel, the questions' figures


class SurveyFigures(StoredFiguresMixin, db.Model):
    """The figures of a survey for one variant (channel filter, public or staff view)."""

    __tablename__ = "survey_figures"
    subject_key = "survey_id"

    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True
    )


STORE = FigureStore(SurveyFigures, Survey)


def variant(channel: Channel | None, public: bool) -> str:
    """Return the key of what the figures depend on besides the survey."""
    return f"{channel.value if channel else 'all'}/{'public' if public else 'staff'}"


def figures(survey: Survey, channel: Channel | None, public: bool, compute: Callable[[], Found]):
    """Return (responses per channel, Figures): stored if current, else `compute()`d and stored."""
    return STORE.get(survey.id, variant(channel, public), compute, to_json, from_json)


# --- the JSON of the figures (JSON objects have text keys: int keys go as lists of pairs) ---


def to_json(found: Found) -> dict:
    """Return the figures as JSON."""
    by_channel, data = found
    return {
        "by_channel": [[channel.value, count] for channel, count in by_channel.items()],
        "answered": [[qid, count] for qid, count in data.answered.items()],
        "distribution": [
            [qid, [[option, value, count] for (option, value), count in counts.items()]]
            for qid, counts in data.distribution.items()
        ],
        "numbers": [
            [qid, stats.count, *map(number_to_json, numbers_of(stats))]
            for qid, stats in data.numbers.items()
        ],
        "texts": [[qid, texts, hidden] for qid, (texts, hidden) in data.texts.items()],
        "samples": [
            [qid, [[t.response_id, t.question_id, t.text, t.hidden] for t in items]]
            for qid, items in data.samples.items()
        ],
    }


def numbers_of(stats: NumberStats) -> tuple:
    """Return the figures of a number question other than its count."""
    return stats.mean, stats.median, stats.minimum, stats.maximum


def from_json(payload: dict) -> Found:
    """Return the figures to_json wrote."""
    by_channel = dict.fromkeys(Channel, 0)
    by_channel.update({Channel(channel): count for channel, count in payload["by_channel"]})
    numbers = {}
    for qid, count, mean, median, low, high in payload["numbers"]:
        values = map(number_from_json, (mean, median, low, high))
        mean, median, low, high = values
        numbers[qid] = NumberStats(count, mean, median, low, high)
    data = Figures(
        answered={qid: count for qid, count in payload["answered"]},
        distribution={
            qid: {(option, value): count for option, value, count in counts}
            for qid, counts in payload["distribution"]
        },
        numbers=numbers,
        texts={qid: (texts, hidden) for qid, texts, hidden in payload["texts"]},
        samples={qid: [TextItem(*item) for item in items] for qid, items in payload["samples"]},
    )
    return by_channel, data


# --- which survey a change concerns (see core/results_versions.py) ---


def survey_of_question(session: Session, question_id: int | None) -> int | None:
    """Return the survey of a question (from the session's identity map when loaded)."""
    question = session.get(Question, question_id) if question_id is not None else None
    return question.survey_id if question is not None else None


def survey_of_answer(session: Session, answer: Answer) -> int | None:
    """Return the survey of an answer, through its question or else its response."""
    found = survey_of_question(session, answer.question_id)
    if found is None and answer.response_id is not None:
        response = session.get(Response, answer.response_id)
        found = response.survey_id if response is not None else None
    return found


def survey_of_option(session: Session, option: Option) -> int | None:
    """Return the survey of an option (also of a new one only linked to its question)."""
    if option.question is not None and option.question.survey_id is not None:
        return option.question.survey_id
    return survey_of_question(session, option.question_id)


def survey_of_section(session: Session, section: Section) -> int | None:
    """Return the survey of a section."""
    if section.survey_id is None and section.survey is not None:
        return section.survey.id
    return section.survey_id


def survey_of_new_question(session: Session, question: Question) -> int | None:
    """Return the survey of a question (also of a new one only linked to its section)."""
    if question.survey_id is None and question.section is not None:
        return survey_of_section(session, question.section)
    return question.survey_id


results_versions.register(
    Survey.__table__,
    {
        Response: lambda session, response: response.survey_id,
        Answer: survey_of_answer,
        Question: survey_of_new_question,
        Option: survey_of_option,
        Section: survey_of_section,
    },
)
