"""Survey exports for staff: CSV with one row per response, streamed in chunks (keyset
pagination over the random response ids, so a hundred thousand responses never sit in memory),
and JSON with the aggregated results (the same numbers as the results page).

CSV is made for spreadsheets in German offices: UTF-8 with a byte order mark, semicolons between
cells and a decimal comma. Texts that start like a formula get an apostrophe in front, so a
spreadsheet shows them instead of running them. No account ids, no times of day: only the
response's random id, its channel and its day.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.channels import CHANNEL_LABELS, Channel
from participation.extensions import db
from participation.surveys.models import Answer, Question, QuestionType, Response, Survey
from participation.surveys.results_shape import QuestionResult, SurveyResults, TextItem

T = QuestionType
CHUNK = 2000  # responses per chunk of the CSV
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Values = dict[tuple[int, int], tuple]  # (question id, item) → (option id, int, number, text)


def safe(text: str | None) -> str:
    """Return a cell text a spreadsheet will not run as a formula."""
    text = text or ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def decimal_comma(value: float | None, decimals: int) -> str:
    """Return a number with a decimal comma (empty when missing)."""
    return "" if value is None else f"{value:.{decimals}f}".replace(".", ",")


@dataclass
class Column:
    """One CSV column: its heading and how to read its cell from a response's values."""

    header: str
    read: Callable[[Values], str]


def question_columns(question: Question, number: int) -> list[Column]:
    """Return the columns of one question (several for multiple choice, matrix and ranking)."""
    title, qid, kind = f"{number}. {question.text}", question.id, question.kind
    labels = {option.id: option.label for option in question.options}

    def value(item: int = 0) -> Callable[[Values], tuple]:
        return lambda values: values.get((qid, item), (None, None, None, None))

    columns = []
    words = {"other": _("Sonstiges"), 1: _("Ja"), 0: _("Nein"), None: ""}  # translated once
    if kind is T.SINGLE:
        single = value()
        columns.append(Column(title, lambda v: safe(choice_label(single(v), labels, words))))
    elif kind is T.MULTIPLE:
        columns += [multiple_column(title, qid, option) for option in question.options]
    elif kind is T.YES_NO:
        columns.append(Column(title, lambda v: words[value()(v)[1]]))
    elif kind is T.SCALE:
        columns.append(Column(title, lambda v: plain(value()(v)[1])))
    elif kind in (T.MATRIX, T.RANKING):
        columns += [
            Column(f"{title}: {option.label}", lambda v, item=option.id: plain(value(item)(v)[1]))
            for option in question.options
        ]
    elif kind is T.NUMBER:
        digits = question.number_decimals
        columns.append(Column(title, lambda v: decimal_comma(value()(v)[2], digits)))
    else:
        columns.append(Column(title, lambda v: safe(value()(v)[3])))
    if question.allow_other and kind in (T.SINGLE, T.MULTIPLE):
        header = f"{title}: {_('Sonstiges (Text)')}"
        columns.append(Column(header, lambda v: safe(value()(v)[3])))
    return columns


def choice_label(row: tuple, labels: dict[int, str], words: dict) -> str:
    """Return the chosen option's label, "Sonstiges" for an "other" text, or ""."""
    option_id, _int, _number, text = row
    if option_id is not None:
        return labels.get(option_id, "")
    return words["other"] if text is not None else ""


def multiple_column(title: str, qid: int, option) -> Column:
    """Return the 1/0 column of one option (empty when the question was not answered)."""

    def read(values: Values) -> str:
        if not any(key[0] == qid for key in values):
            return ""
        return "1" if (qid, option.id) in values else "0"

    return Column(f"{title}: {option.label}", read)


def plain(value: int | None) -> str:
    """Return a whole number as text ("" when missing)."""
    return "" if value is None else str(value)


def columns(survey: Survey) -> list[Column]:
    """Return the CSV's columns in printed order."""
    return [
        column
        for number, question in enumerate(survey.questions(), start=1)
        for column in question_columns(question, number)
    ]


def csv_chunks(survey: Survey, channel: Channel | None) -> Iterator[str]:
    """Yield the CSV export in pieces: the header, then CHUNK responses at a time."""
    cells = columns(survey)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    fixed = [_("Antwort-Nr."), _("Weg"), _("Tag der Antwort")]
    channel_words = {channel.value: str(label) for channel, label in CHANNEL_LABELS.items()}
    writer.writerow(fixed + [safe(column.header) for column in cells])
    yield "\ufeff" + take(buffer)
    last = ""
    while rows := response_chunk(survey, channel, last):
        values = chunk_values([row.id for row in rows])
        for row in rows:
            found = values.get(row.id, {})
            first = [row.id, channel_words[row.channel], row.submitted_on.isoformat()]
            writer.writerow(first + [column.read(found) for column in cells])
        yield take(buffer)
        last = rows[-1].id


def take(buffer: io.StringIO) -> str:
    """Return what the buffer holds and empty it."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def response_chunk(survey: Survey, channel: Channel | None, after: str) -> list:
    """Return the next CHUNK responses after the id `after` (keyset pagination)."""
    query = select(Response.id, Response.channel, Response.submitted_on).where(
        Response.survey_id == survey.id, Response.id > after
    )
    if channel is not None:
        query = query.where(Response.channel == channel)
    return db.session.execute(query.order_by(Response.id).limit(CHUNK)).all()


def chunk_values(response_ids: list[str]) -> dict[str, Values]:
    """Return the answers of these responses as response id → values."""
    query = select(
        Answer.response_id,
        Answer.question_id,
        Answer.item,
        Answer.option_id,
        Answer.value_int,
        Answer.value_number,
        Answer.value_text,
    ).where(Answer.response_id.in_(response_ids))
    values: dict[str, Values] = defaultdict(dict)
    for rid, qid, item, *value in db.session.execute(query):
        values[rid][(qid, item)] = tuple(value)
    return values


def rounded(value: float | None, digits: int = 2) -> float | None:
    """Return a figure rounded as the page shows it."""
    return None if value is None else round(value, digits)


def question_json(result: QuestionResult, texts: list[TextItem], public: bool) -> dict:
    """Return one question's results as plain data."""
    data = {
        "number": result.number,
        "id": result.question.id,
        "kind": result.kind.value,
        "text": result.question.text,
        "answered": result.answered,
        "skipped": result.skipped,
    }
    counts = [
        {"key": c.key, "label": c.label, "count": c.count, "percent": rounded(c.percent, 1)}
        for c in result.counts
    ]
    if result.counts:
        data["counts"] = counts
    if result.kind is T.SCALE:
        data.update(mean=rounded(result.mean), median=rounded(result.median))
    if result.kind is T.MATRIX:
        data["rows"] = [matrix_row_json(row) for row in result.rows]
    if result.kind is T.RANKING:
        data["places"] = result.places
        data["ranking"] = [vars(item).copy() for item in result.ranking]
    if result.numbers is not None:
        stats = result.numbers
        data["numbers"] = {
            "count": stats.count,
            "mean": rounded(stats.mean),
            "median": rounded(stats.median),
            "minimum": stats.minimum,
            "maximum": stats.maximum,
        }
    if result.text_count or result.hidden_count or texts:
        data["texts"] = [text_json(text, public) for text in texts]
        data["hidden_texts"] = result.hidden_count
    return data


def matrix_row_json(row) -> dict:
    """Return a matrix row as plain data."""
    return {
        "label": row.label,
        "answered": row.answered,
        "mean": rounded(row.mean),
        "median": rounded(row.median),
        "counts": [
            {"point": c.key, "count": c.count, "percent": rounded(c.percent, 1)} for c in row.counts
        ],
    }


def text_json(text: TextItem, public: bool) -> dict:
    """Return a free text (with whether it is hidden, for staff)."""
    return {"text": text.text} if public else {"text": text.text, "hidden": text.hidden}


def results_json(results: SurveyResults, texts: dict[int, list], public: bool) -> dict:
    """Return the aggregated results of a survey as plain data for JSON."""
    survey = results.survey
    return {
        "survey": {"id": survey.id, "title": survey.title, "anonymous": survey.anonymous},
        "channel": results.channel.value if results.channel else None,
        "responses": results.total,
        "responses_by_channel": {c.value: n for c, n in results.by_channel.items()},
        "questions": [
            question_json(result, texts.get(result.question.id, []), public)
            for result in results.questions
        ],
    }
