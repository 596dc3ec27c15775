"""The shape of survey results: plain data per question, built from the figures the SQL queries
in results.py return (no database access here, so the rules are easy to test by hand).

Borda count for rankings: with k places, place 1 gets k points, place 2 gets k − 1, … place k
gets 1 point; an item a person did not rank gets 0 from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from participation.core.channels import Channel
from participation.surveys.models import CHOICE_TYPES, TEXT_TYPES, Question, QuestionType, Survey

T = QuestionType
OTHER = "other"


@dataclass
class Count:
    """How many respondents chose one answer, and their share of those who answered."""

    key: int | str  # option id, scale point, 1/0 for yes/no, or "other"
    label: str
    count: int
    percent: float


@dataclass
class MatrixRow:
    """One row of a matrix: the count per scale point, mean and median."""

    label: str
    counts: list[Count]
    answered: int
    mean: float | None
    median: float | None


@dataclass
class RankItem:
    """An item of a ranking question with its Borda points."""

    label: str
    points: int
    firsts: int  # how often it was put in first place
    placed: int  # how often it was given any place
    place: int = 0  # its place in the result (equal points share a place)


@dataclass
class NumberStats:
    """The figures of a number question."""

    count: int
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None


@dataclass
class TextItem:
    """A free text (an answer or an "other" text) with whether staff hid it."""

    response_id: str
    question_id: int
    text: str
    hidden: bool


@dataclass
class QuestionResult:
    """Everything shown for one question; only the fields of its kind are filled."""

    question: Question
    number: int
    answered: int
    skipped: int
    counts: list[Count] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    rows: list[MatrixRow] = field(default_factory=list)
    ranking: list[RankItem] = field(default_factory=list)
    places: int = 0
    numbers: NumberStats | None = None
    texts: list[TextItem] = field(default_factory=list)
    text_count: int = 0  # texts (answers or "other") that this view may list
    hidden_count: int = 0  # texts staff hid from the public view

    @property
    def kind(self) -> QuestionType:
        return self.question.kind


@dataclass
class SurveyResults:
    """The results of a survey, for all channels or one."""

    survey: Survey
    channel: Channel | None
    by_channel: dict[Channel, int]
    total: int  # responses in the chosen channel(s)
    questions: list[QuestionResult]


@dataclass
class Figures:
    """What the queries found for a whole survey, keyed by question id."""

    answered: dict[int, int]
    distribution: dict[int, dict]  # {(option id, value_int): count}
    numbers: dict[int, NumberStats]
    texts: dict[int, tuple[int, int]]  # (texts, hidden texts)
    samples: dict[int, list[TextItem]]


def percent(count: int, base: int) -> float:
    """Return `count` as a percentage of `base` (0 when nobody answered)."""
    return 100.0 * count / base if base else 0.0


def mean_of(counts: dict[int, int]) -> float | None:
    """Return the mean of values given as value → how often (None when empty)."""
    total = sum(counts.values())
    if not total:
        return None
    return sum(value * count for value, count in counts.items()) / total


def median_of(counts: dict[int, int]) -> float | None:
    """Return the median of values given as value → how often: the middle value, or the mean
    of the two middle values for an even number (None when empty)."""
    total = sum(counts.values())
    if not total:
        return None
    wanted = {(total + 1) // 2, (total + 2) // 2}  # 1-based positions in the sorted values
    found, seen = [], 0
    for value in sorted(counts):
        start, seen = seen, seen + counts[value]
        found += [value for position in wanted if start < position <= seen]
    return sum(found) / len(found)


def scale_label(question: Question, point: int) -> str:
    """Return a scale point with its end label, e.g. "1 – gar nicht zufrieden"."""
    ends = {
        question.scale_min: question.scale_min_label,
        question.scale_max: question.scale_max_label,
    }
    return f"{point} – {ends[point]}" if ends.get(point) else str(point)


def shape(question: Question, number: int, total: int, data: Figures, public: bool):
    """Return the result of one question from the survey's figures."""
    answered = data.answered.get(question.id, 0)
    result = QuestionResult(question, number, answered, max(total - answered, 0))
    found = data.distribution.get(question.id, {})
    kind = question.kind
    if kind in CHOICE_TYPES:
        result.counts = choice_counts(question, found, answered)
    elif kind is T.YES_NO:
        pairs = [(1, _("Ja")), (0, _("Nein"))]
        result.counts = [Count(v, label, found.get((None, v), 0), 0.0) for v, label in pairs]
    elif kind is T.SCALE:
        shape_scale(result, found)
    elif kind is T.MATRIX:
        result.rows = matrix_rows(question, found)
    elif kind is T.RANKING:
        result.places = question.max_choices or len(question.options)
        result.ranking = borda(question, result.places, found)
    elif kind is T.NUMBER:
        result.numbers = data.numbers.get(question.id) or NumberStats(0, None, None, None, None)
    for count in result.counts:
        count.percent = percent(count.count, answered)
    if kind in TEXT_TYPES or (question.allow_other and kind in CHOICE_TYPES):
        texts, hidden = data.texts.get(question.id, (0, 0))
        result.text_count = texts - hidden if public else texts
        result.hidden_count = hidden
        result.texts = data.samples.get(question.id, [])
    return result


def choice_counts(question: Question, found: dict, answered: int) -> list[Count]:
    """Return the count of each option (and of "other") of a choice question."""
    counts = [
        Count(option.id, option.label, found.get((option.id, None), 0), 0.0)
        for option in question.options
    ]
    if question.allow_other:
        counts.append(Count(OTHER, _("Sonstiges"), found.get((None, None), 0), 0.0))
    return counts


def shape_scale(result: QuestionResult, found: dict) -> None:
    """Fill the distribution, mean and median of a scale question."""
    question = result.question
    by_point = {point: found.get((None, point), 0) for point in question.scale_points()}
    result.counts = [
        Count(point, scale_label(question, point), count, 0.0) for point, count in by_point.items()
    ]
    result.mean, result.median = mean_of(by_point), median_of(by_point)


def matrix_rows(question: Question, found: dict) -> list[MatrixRow]:
    """Return each row of a matrix with its count per scale point, mean and median."""
    rows = []
    for option in question.options:
        by_point = {point: found.get((option.id, point), 0) for point in question.scale_points()}
        answered = sum(by_point.values())
        counts = [
            Count(point, scale_label(question, point), count, percent(count, answered))
            for point, count in by_point.items()
        ]
        rows.append(
            MatrixRow(option.label, counts, answered, mean_of(by_point), median_of(by_point))
        )
    return rows


def borda(question: Question, places: int, found: dict) -> list[RankItem]:
    """Return the items by Borda points, most first; equal points share a place."""
    items = []
    for option in question.options:
        ranks = {rank: found.get((option.id, rank), 0) for rank in range(1, places + 1)}
        points = sum(count * (places + 1 - rank) for rank, count in ranks.items())
        items.append(RankItem(option.label, points, ranks.get(1, 0), sum(ranks.values())))
    items.sort(key=lambda item: -item.points)  # stable: equal points keep the printed order
    for index, item in enumerate(items):
        tied = index and item.points == items[index - 1].points
        item.place = items[index - 1].place if tied else index + 1
    return items
