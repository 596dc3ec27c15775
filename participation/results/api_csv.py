"""CSV downloads of the open data: the lists (proposals, official answers, implementations) and
each published result (a vote's tally, a survey's aggregated answers), streamed in chunks.

Made for spreadsheets in German offices, like the staff exports: UTF-8 with a byte order mark,
semicolons between cells, a decimal comma. The column names are the field names of the JSON
objects, so a script reads both alike. A text that starts like a formula (=, +, -, @, a tab or
a line break) gets an apostrophe in front, so a spreadsheet shows it instead of running it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from participation.results import publication as publications
from participation.results.api_results import public_questions
from participation.results.models import Publication
from participation.surveys.export import safe, take
from participation.surveys.models import QuestionType

Column = tuple[str, Callable[[object], object]]
BOM = "\ufeff"


def cell(value) -> str:
    """Return a value as a cell: texts made safe, numbers with a decimal comma."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return safe(str(value))


def table(columns: list[Column], chunks: Iterable[list]) -> Iterator[str]:
    """Yield the CSV: the header (with the byte order mark), then each chunk of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([name for name, _read in columns])
    yield BOM + take(buffer)
    for rows in chunks:
        for row in rows:
            writer.writerow([cell(read(row)) for _name, read in columns])
        yield take(buffer)


def field(name: str) -> Column:
    """Return the column of a field of the JSON object (the rows are JSON objects)."""
    return name, lambda data: data.get(name)


def fields(*names: str) -> list[Column]:
    """Return the columns of these JSON fields."""
    return [field(name) for name in names]


PROPOSAL_COLUMNS = fields(
    "id",
    "title",
    "body_text",
    "status",
    "category",
    "district",
    "channel",
    "author_name",
    "published_at",
    "edited_at",
    "support_count",
    "comment_count",
    "html_url",
)
ANSWER_COLUMNS = fields(
    "id",
    "proposal_id",
    "proposal_title",
    "answered_at",
    "from_status",
    "to_status",
    "department",
    "body_text",
    "html_url",
)
IMPLEMENTATION_COLUMNS = [
    *fields(
        "id",
        "subject",
        "proposal_id",
        "vote_id",
        "vote_option_id",
        "title",
        "category",
        "department",
        "status",
        "progress",
        "planned_completion",
        "actual_completion",
        "updated_at",
    ),
    ("update_count", lambda data: len(data["updates"])),
    ("latest_update_on", lambda data: latest(data, "happened_on")),
    ("latest_update_text", lambda data: latest(data, "text_text")),
    field("html_url"),
]


def latest(data: dict, name: str):
    """Return a field of the implementation's latest update (None without updates)."""
    return data["updates"][0][name] if data["updates"] else None


def shaped(chunks: Iterable[list], shape: Callable) -> Iterator[list[dict]]:
    """Yield each chunk of rows as JSON objects."""
    for rows in chunks:
        yield [shape(row) for row in rows]


# Published results ---------------------------------------------------------------------------

VOTE_COLUMNS = fields(
    "row", "option_id", "position", "title", "cost", "online", "paper", "total", "percent"
) + fields("funded_greedy", "funded_equal_shares")
SURVEY_COLUMNS = fields(
    "question_number", "question_id", "question_kind", "question_text", "item", "figure"
) + fields("label", "count", "percent", "value")


def vote_rows(publication: Publication) -> list[dict]:
    """Return a vote's published figures as rows: one per option, then the ballot counts."""
    figures = publications.thawed_figures(publication)
    tally, funded = figures["tally"], figures["funded"]
    greedy = set(funded.greedy.funded) if funded else None
    shares = set(funded.equal_shares.funded) if funded else None
    rows = [
        {
            "row": "option",
            "option_id": option.id,
            "position": option.position,
            "title": option.title,
            "cost": option.cost,
            **by_channel(option.votes),
            "percent": option.percent,
            "funded_greedy": None if greedy is None else option.id in greedy,
            "funded_equal_shares": None if shares is None else option.id in shares,
        }
        for option in tally.options
    ]
    counts = {
        "ballots": (tally.ballots, None),
        "valid": (tally.valid, tally.valid_percent),
        "abstentions": (tally.abstentions, tally.abstention_percent),
        "invalid": (tally.invalid, tally.invalid_percent),
    }
    rows += [
        {"row": name, **by_channel(count), "percent": share}
        for name, (count, share) in counts.items()
    ]
    return rows


def by_channel(count) -> dict:
    """Return a count online, on paper and together."""
    return {"online": count.online, "paper": count.paper, "total": count.total}


def survey_rows(publication: Publication, hidden: set) -> list[dict]:
    """Return a survey's published figures in long form: one row per figure."""
    found = public_questions(publications.thawed_figures(publication)["found"], hidden)
    rows = [
        {"figure": "responses", "label": channel.value, "count": count}
        for channel, count in found.by_channel.items()
    ]
    rows.append({"figure": "responses", "label": "total", "count": found.total})
    for result in found.questions:
        question = result.question
        head = {
            "question_number": result.number,
            "question_id": question.id,
            "question_kind": question.kind.value,
            "question_text": question.text,
        }
        rows += [{**head, **row} for row in question_rows(result)]
    return rows


def question_rows(result) -> list[dict]:
    """Return the figures of one question."""
    rows = [
        {"figure": "answered", "count": result.answered},
        {"figure": "skipped", "count": result.skipped},
    ]
    rows += [count_row(count) for count in result.counts]
    if result.kind is QuestionType.SCALE:
        rows += [
            {"figure": "mean", "value": result.mean},
            {"figure": "median", "value": result.median},
        ]
    for row in result.rows:  # matrix
        rows += [{"item": row.label, **count_row(count)} for count in row.counts]
        rows += [
            {"item": row.label, "figure": "mean", "value": row.mean},
            {"item": row.label, "figure": "median", "value": row.median},
        ]
    for item in result.ranking:
        rows += [
            {"item": item.label, "figure": "place", "value": item.place},
            {"item": item.label, "figure": "points", "value": item.points},
        ]
    if result.numbers is not None:
        stats = result.numbers
        names = ("count", "mean", "median", "minimum", "maximum")
        rows += [{"figure": name, "value": getattr(stats, name)} for name in names]
    rows += [{"figure": "text", "label": text.text} for text in result.texts]
    return rows


def count_row(count) -> dict:
    """Return how many chose one answer, and their share."""
    return {"figure": "count", "label": count.label, "count": count.count, "percent": count.percent}
