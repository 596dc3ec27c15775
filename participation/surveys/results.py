"""Survey results, aggregated in SQL: a fixed number of GROUP BY queries for the whole survey,
however many responses it has (counts per option and value, averages, medians by window
functions), then shaped per question in printed order. Paper and online responses are the same
rows, so the channel filter is one join.
"""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import case, func, or_, select, union_all

from participation.core import audit
from participation.core.channels import Channel
from participation.extensions import db
from participation.surveys import stored_figures
from participation.surveys.models import (
    CHOICE_TYPES,
    TEXT_TYPES,
    Answer,
    Question,
    QuestionType,
    Response,
    Survey,
)
from participation.surveys.results_shape import (
    Figures,
    NumberStats,
    SurveyResults,
    TextItem,
    shape,
)

T = QuestionType
SAMPLE_TEXTS = 5  # free texts shown on the results page per question; the rest on their page
TEXTS_PER_PAGE = 50


def scoped(query, channel: Channel | None):
    """Return `query` on survey_answers limited to responses of `channel` (None: all)."""
    if channel is None:
        return query
    return query.join(Response, Response.id == Answer.response_id).where(
        Response.channel == channel
    )


def channel_counts(survey: Survey) -> dict[Channel, int]:
    """Return how many responses each channel has (every channel, also with none)."""
    query = (
        select(Response.channel, func.count())
        .where(Response.survey_id == survey.id)
        .group_by(Response.channel)
    )
    counts = dict.fromkeys(Channel, 0)
    counts.update({Channel(channel): number for channel, number in db.session.execute(query)})
    return counts


def grouped(ids: list[int], channel: Channel | None, *columns) -> list:
    """Return (question id, *columns, count) rows of the answers to these questions."""
    if not ids:
        return []
    query = (
        select(Answer.question_id, *columns, func.count())
        .where(Answer.question_id.in_(ids))
        .group_by(Answer.question_id, *columns)
    )
    return db.session.execute(scoped(query, channel)).all()


def distribution(questions: list[Question], channel: Channel | None) -> dict[int, dict]:
    """Return question id → {(option id, value_int): count}; (None, None) counts the "other"
    texts of choice questions and every answer of single-value kinds.

    Three narrow GROUP BYs rather than one: each reads only the index it needs
    (ix_survey_answers_question_option, ix_survey_answers_question_value), which at 100,000
    responses is several times faster than grouping every answer by all three columns.
    """
    by_kind = lambda *kinds: [q.id for q in questions if q.kind in kinds]  # noqa: E731
    found: dict[int, dict] = defaultdict(dict)
    every_option = grouped([q.id for q in questions], channel, Answer.option_id)
    for qid, option_id, count in every_option:
        found[qid][(option_id, None)] = count
    for qid, value, count in grouped(by_kind(T.YES_NO, T.SCALE), channel, Answer.value_int):
        found[qid][(None, value)] = count
    pairs = grouped(by_kind(T.MATRIX, T.RANKING), channel, Answer.option_id, Answer.value_int)
    for qid, option_id, value, count in pairs:
        found[qid][(option_id, value)] = count
    return found


def spread_counts(questions: list[Question], channel: Channel | None) -> dict[int, int]:
    """Return how many responses answered each multiple-choice and matrix question (these
    store a row per ticked option or matrix row): the distinct (question, response) pairs,
    read in the order of their index, counted per question."""
    spread = [q.id for q in questions if q.kind in (T.MULTIPLE, T.MATRIX)]
    if not spread:
        return {}
    pairs = scoped(
        select(Answer.question_id, Answer.response_id).where(Answer.question_id.in_(spread)),
        channel,
    )
    pairs = pairs.distinct().subquery()
    query = select(pairs.c.question_id, func.count()).group_by(pairs.c.question_id)
    found = dict(db.session.execute(query).all())
    return {qid: found.get(qid, 0) for qid in spread}


def answered_counts(questions: list[Question], found: dict, spread: dict) -> dict[int, int]:
    """Return, per question, how many responses answered it (from the counts already made)."""
    answered = {}
    for question in questions:
        counts = found.get(question.id, {})
        if question.id in spread:
            answered[question.id] = spread[question.id]
        elif question.kind is T.SINGLE:
            answered[question.id] = sum(n for (_o, value), n in counts.items() if value is None)
        elif question.kind is T.RANKING:  # places run 1…k without gaps: one first place each
            answered[question.id] = sum(n for (option, rank), n in counts.items() if rank == 1)
        else:
            answered[question.id] = counts.get((None, None), 0)
    return answered


def number_figures(ids: list[int], channel: Channel | None) -> dict[int, NumberStats]:
    """Return count, mean, minimum, maximum and median of each number question (two queries)."""
    if not ids:
        return {}
    value = Answer.value_number
    base = Answer.question_id.in_(ids), value.is_not(None)
    query = (
        select(Answer.question_id, func.count(value), func.avg(value), func.min(value))
        .add_columns(func.max(value))
        .where(*base)
        .group_by(Answer.question_id)
    )
    figures = {
        qid: NumberStats(count, mean, None, low, high)
        for qid, count, mean, low, high in db.session.execute(scoped(query, channel))
    }
    for question_id, median in number_medians(base, channel):
        figures[question_id].median = median
    return figures


def number_medians(base, channel: Channel | None):
    """Return (question id, median) rows: the middle value, or the mean of the two middle ones.

    PostgreSQL has it as an aggregate (percentile_cont, one sort per question); on SQLite
    window functions number the sorted values per question and only one or two rows per
    question leave the database.
    """
    if db.engine.dialect.name == "postgresql":
        median = func.percentile_cont(0.5).within_group(Answer.value_number)
        query = select(Answer.question_id, median).where(*base).group_by(Answer.question_id)
        return db.session.execute(scoped(query, channel)).all()
    position = func.row_number().over(partition_by=Answer.question_id, order_by=Answer.value_number)
    total = func.count().over(partition_by=Answer.question_id)
    inner = scoped(
        select(
            Answer.question_id,
            Answer.value_number,
            position.label("position"),
            total.label("total"),
        ).where(*base),
        channel,
    ).subquery()
    middle = or_(
        inner.c.position == (inner.c.total + 1) // 2,
        inner.c.position == (inner.c.total + 2) // 2,
    )
    query = (
        select(inner.c.question_id, func.avg(inner.c.value_number))
        .where(middle)
        .group_by(inner.c.question_id)
    )
    return db.session.execute(query).all()


def text_figures(ids: list[int], channel: Channel | None) -> dict[int, tuple[int, int]]:
    """Return question id → (texts, hidden texts) for text questions and "other" texts."""
    if not ids:
        return {}
    hidden = func.sum(case((Answer.hidden.is_(True), 1), else_=0))
    query = (
        select(Answer.question_id, func.count(), hidden)
        .where(*text_rows(ids))
        .group_by(Answer.question_id)
    )
    return {
        qid: (count, int(hidden or 0))
        for qid, count, hidden in db.session.execute(scoped(query, channel))
    }


def visible_texts(query, public: bool):
    """Return the text query without hidden texts on the public data path."""
    return query.where(Answer.hidden.is_(False)) if public else query


def text_rows(ids: list[int]) -> tuple:
    """Return the conditions of text answers and "other" texts of these questions (texts have
    no option, so the (question_id, option_id) index finds them without reading the rest)."""
    return Answer.question_id.in_(ids), Answer.option_id.is_(None), Answer.value_text.is_not(None)


def sample_texts(ids: list[int], channel: Channel | None, public: bool) -> dict[int, list]:
    """Return the first few texts of each question (one statement: a UNION of small LIMITs)."""
    if not ids:
        return {}
    parts = []
    for qid in ids:
        part = select(Answer.response_id, Answer.question_id, Answer.value_text, Answer.hidden)
        part = scoped(visible_texts(part.where(*text_rows([qid])), public), channel)
        parts.append(select(part.order_by(Answer.response_id).limit(SAMPLE_TEXTS).subquery()))
    texts: dict[int, list] = defaultdict(list)
    for row in db.session.execute(union_all(*parts)):
        texts[row.question_id].append(TextItem(*row))
    for items in texts.values():
        items.sort(key=lambda item: item.response_id)
    return texts


def texts_query(question: Question, channel: Channel | None, public: bool):
    """Return the query of a question's texts (answers or "other"), in a stable order."""
    query = select(Answer).where(*text_rows([question.id]))
    return scoped(visible_texts(query, public), channel).order_by(Answer.response_id)


def all_texts(survey: Survey, channel: Channel | None, public: bool) -> dict[int, list]:
    """Return every text of the survey by question (for the JSON export)."""
    ids = [q.id for q in survey.questions() if q.kind in TEXT_TYPES or allows_other(q)]
    if not ids:
        return {}
    query = select(Answer.response_id, Answer.question_id, Answer.value_text, Answer.hidden)
    query = query.where(*text_rows(ids))
    query = scoped(visible_texts(query, public), channel)
    texts: dict[int, list] = defaultdict(list)
    for row in db.session.execute(query.order_by(Answer.question_id, Answer.response_id)):
        texts[row.question_id].append(TextItem(*row))
    return texts


def compute_figures(survey: Survey, channel: Channel | None, public: bool):
    """Return (responses per channel, Figures) of every question, counted in SQL now."""
    questions = survey.questions()
    by_channel = channel_counts(survey)
    counts = distribution(questions, channel)
    answered = answered_counts(questions, counts, spread_counts(questions, channel))
    texted = [q.id for q in questions if q.kind in TEXT_TYPES or allows_other(q)]
    numbers = [q.id for q in questions if q.kind is T.NUMBER]
    data = Figures(
        answered=answered,
        distribution=counts,
        numbers=number_figures(numbers, channel),
        texts=text_figures(texted, channel),
        samples=sample_texts(texted, channel, public),
    )
    return by_channel, data


def aggregate(
    survey: Survey, channel: Channel | None = None, public: bool = False, stored: bool = True
):
    """Return the results of every question; `public` leaves out texts staff hid. The figures
    come from the stored ones while the survey is unchanged (`stored=False`: counted now);
    a caller that wants them kept for the next reader commits."""
    compute = lambda: compute_figures(survey, channel, public)  # noqa: E731
    found = stored_figures.figures(survey, channel, public, compute) if stored else compute()
    by_channel, data = found
    total = by_channel[channel] if channel else sum(by_channel.values())
    results = [
        shape(question, number, total, data, public)
        for number, question in enumerate(survey.questions(), start=1)
    ]
    return SurveyResults(survey, channel, by_channel, total, results)


def allows_other(question: Question) -> bool:
    """Whether a question has an "other: ___" text."""
    return question.allow_other and question.kind in CHOICE_TYPES


RESPONSE_ID = re.compile(r"^[0-9a-f]{32}$")


def find_text(survey: Survey, question_id: int, response_id: str) -> Answer | None:
    """Return a response's text (answer or "other") to a question of this survey, else None."""
    if not RESPONSE_ID.match(response_id or ""):
        return None
    key = {"response_id": response_id, "question_id": question_id, "item": 0}
    answer = db.session.get(Answer, key)
    if answer is None or answer.value_text is None:
        return None
    question = db.session.get(Question, question_id)
    return answer if question is not None and question.survey_id == survey.id else None


def set_hidden(answer: Answer, hidden: bool, actor) -> None:
    """Hide a text from the public results, or show it again; logged for accountability."""
    if answer.hidden == hidden:
        return
    answer.hidden = hidden
    question = db.session.get(Question, answer.question_id)
    action = "survey.text_hidden" if hidden else "survey.text_shown"
    audit.record(action, question, actor=actor, after={"response_id": answer.response_id})
    db.session.flush()
