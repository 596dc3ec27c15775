"""Freezing the figures of a publication: the tally of a vote (votes/tally.py) or the results
of a survey (surveys/results.py) as JSON, and back into the same objects, so the published
page shows exactly what was published with the same templates the live pages use.

Only the result classes below are written and read (a tag names each). A survey's questions
and the survey itself are stored by id and looked up when read: their wording may be
corrected, the figures may not. Free texts keep only what the public may read (no response
ids: they would link texts of one anonymous response together).
"""

from __future__ import annotations

import enum
from dataclasses import fields, is_dataclass, replace

from participation.core.channels import Channel
from participation.surveys.models import Question, QuestionType, Survey
from participation.surveys.results_shape import (
    Count,
    MatrixRow,
    NumberStats,
    QuestionResult,
    RankItem,
    SurveyResults,
    TextItem,
)
from participation.votes.budget import Outcome, Project
from participation.votes.models import VoteKind
from participation.votes.tally import BudgetResult, ByChannel, OptionCount, Tally

VERSION = 1
CLASSES = {
    cls.__name__: cls
    for cls in (
        ByChannel,
        OptionCount,
        Tally,
        BudgetResult,
        Project,
        Outcome,
        Count,
        MatrixRow,
        RankItem,
        NumberStats,
        TextItem,
        QuestionResult,
        SurveyResults,
    )
}
ENUMS = {cls.__name__: cls for cls in (Channel, VoteKind, QuestionType)}


def frozen(value):
    """Return `value` as JSON-safe data (see the module docstring)."""
    if is_dataclass(value) and type(value).__name__ in CLASSES:
        values = {f.name: frozen(getattr(value, f.name)) for f in fields(value)}
        return {"~": type(value).__name__, **values}
    if isinstance(value, enum.Enum):
        return {"~enum": type(value).__name__, "value": value.value}
    if isinstance(value, Question | Survey):
        return {"~row": type(value).__name__, "id": value.id}
    if isinstance(value, dict):
        return {"~dict": [[frozen(key), frozen(item)] for key, item in value.items()]}
    if isinstance(value, tuple):
        return {"~tuple": [frozen(item) for item in value]}
    if isinstance(value, list):
        return [frozen(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot freeze {type(value).__name__}")


def thawed(data, rows: dict):
    """Return frozen data as the objects again; `rows` maps ("Question", id) and ("Survey",
    id) to the rows (a missing row becomes None)."""
    if isinstance(data, list):
        return [thawed(item, rows) for item in data]
    if not isinstance(data, dict):
        return data
    if "~" in data:
        cls = CLASSES[data["~"]]
        values = {key: thawed(item, rows) for key, item in data.items() if key != "~"}
        return cls(**values)
    if "~enum" in data:
        return ENUMS[data["~enum"]](data["value"])
    if "~row" in data:
        return rows.get((data["~row"], data["id"]))
    if "~dict" in data:
        return {thawed(key, rows): thawed(item, rows) for key, item in data["~dict"]}
    if "~tuple" in data:
        return tuple(thawed(item, rows) for item in data["~tuple"])
    raise ValueError("not frozen data")


def public_texts(results: SurveyResults) -> SurveyResults:
    """Return survey results whose free texts carry no response id (see the docstring)."""
    for result in results.questions:
        result.texts = [replace(text, response_id="") for text in result.texts]
    return results


def vote_figures(tally: Tally, funded: BudgetResult | None) -> dict:
    """Return a vote's figures, frozen."""
    return {"version": VERSION, "tally": frozen(tally), "funded": frozen(funded)}


def survey_figures(results: SurveyResults) -> dict:
    """Return a survey's figures, frozen."""
    return {"version": VERSION, "results": frozen(public_texts(results))}


def survey_rows(survey: Survey) -> dict:
    """Return the rows frozen survey figures refer to."""
    rows = {("Survey", survey.id): survey}
    rows.update({("Question", question.id): question for question in survey.questions()})
    return rows
