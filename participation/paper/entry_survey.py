"""The marks of a survey sheet (shape: see entry_marks.py) and the answers they count as.
Pure functions: no database.

The entry form mirrors the printed sheet: a check box for every box on it (also where the
question allows one answer, so that two crosses can be entered as they are), a text field for
every ruled line. Its field names are those of the online form (surveys/answering.py): `q<id>`,
`q<id>-other`, `q<id>-<option id>` (a matrix row's points, an item's places).

What a survey sheet counts as: every sheet becomes one response, also a blank one (it was
returned, with nothing answered). Each question counts when its marks make an answer the
online form would accept (`answering.read_question`); otherwise (two crosses where one answer
is allowed, more ticks than allowed, a place given twice, a number out of range) the question
counts as not answered. Whether a question is required does not matter on paper.
"""

from __future__ import annotations

from flask_babel import gettext as _

from participation.paper.entry_marks import MarksInvalid, form_mismatch
from participation.surveys import answering
from participation.surveys.answering import Row
from participation.surveys.models import Question, QuestionType, Survey

T = QuestionType
CHOICES, ROWS = {T.SINGLE, T.MULTIPLE}, {T.MATRIX, T.RANKING}
MAX_VALUES = 60  # more values in one field than any sheet has boxes: not our form


def posted_values(form) -> dict[str, list[str]]:
    """Return the survey fields of a posted form (a MultiDict) as name → values (a part
    without a readable name comes as None: not an answer)."""
    return {
        name: [value.strip() for value in form.getlist(name)[:MAX_VALUES]]
        for name in form
        if str(name).startswith("q")
    }


def field_names(question: Question) -> set[str]:
    """Return the names of a question's fields on the entry form."""
    base = f"q{question.id}"
    if question.kind in ROWS:
        return {f"{base}-{option.id}" for option in question.options}
    if question.kind in CHOICES and question.allow_other:
        return {base, f"{base}-other"}
    return {base}


def read_sheet(survey: Survey, form) -> dict:
    """Return the marks of a survey sheet from the posted form; raise MarksInvalid for a
    field of no question of this survey, a value that is no box, or an entry mistake (text
    too long, a number that is no number)."""
    values, questions = posted_values(form), survey.questions()
    allowed = set().union(*(field_names(question) for question in questions))
    if any(name not in allowed for name in values):
        raise form_mismatch()
    answers, errors = {}, {}
    for question in questions:
        try:
            marks = question_marks(question, values)
        except MarksInvalid as problem:
            errors.update(problem.errors)
            continue
        if marks:
            answers[str(question.id)] = marks
    if errors:
        raise MarksInvalid(errors)
    return {"answers": answers}


def boxes(values: dict, name: str, allowed: set[str]) -> list[str]:
    """Return the ticked boxes of a field, sorted; refuse a value that is no box of it."""
    ticked = [value for value in values.get(name, []) if value]
    if any(value not in allowed for value in ticked) or len(set(ticked)) != len(ticked):
        raise form_mismatch()
    return sorted(ticked)


def written(values: dict, name: str) -> str:
    """Return the one text of a field ('' when empty)."""
    given = values.get(name, [])
    if len(given) > 1:
        raise form_mismatch()
    return given[0].replace("\r\n", "\n").strip() if given else ""


def question_marks(question: Question, values: dict) -> dict:
    """Return one question's marks (empty when nothing is marked or written)."""
    base = f"q{question.id}"
    if question.kind in CHOICES:
        return choice_marks(question, values)
    if question.kind is T.YES_NO:
        marked = boxes(values, base, {"yes", "no"})
        return {"marked": marked} if marked else {}
    if question.kind is T.SCALE:
        points = boxes(values, base, {str(point) for point in question.scale_points()})
        return {"points": [int(point) for point in points]} if points else {}
    if question.kind in ROWS:
        return row_marks(question, values)
    return written_marks(question, written(values, base))


def choice_marks(question: Question, values: dict) -> dict:
    """Return the ticked choices, the box "Sonstiges" and the text on its line."""
    base, known = f"q{question.id}", {str(option.id) for option in question.options}
    ticked = boxes(values, base, known | ({"other"} if question.allow_other else set()))
    text = written(values, f"{base}-other") if question.allow_other else ""
    if len(text) > answering.SHORT_TEXT_MAX:
        raise MarksInvalid({f"{base}-other": answering.too_long(answering.SHORT_TEXT_MAX)})
    marks: dict = {"options": sorted(int(value) for value in ticked if value != "other")}
    if "other" in ticked:
        marks["other"] = True
    if text:
        marks["text"] = text
    return marks if len(marks) > 1 or marks["options"] else {}


def row_marks(question: Question, values: dict) -> dict:
    """Return the points ticked in each matrix row, or the places ticked for each item."""
    if question.kind is T.MATRIX:
        allowed, key = {str(point) for point in question.scale_points()}, "rows"
    else:
        places = question.max_choices or len(question.options)
        allowed, key = {str(place) for place in range(1, places + 1)}, "places"
    rows = {}
    for option in question.options:
        ticked = boxes(values, f"q{question.id}-{option.id}", allowed)
        if ticked:
            rows[str(option.id)] = [int(value) for value in ticked]
    return {key: rows} if rows else {}


def written_marks(question: Question, text: str) -> dict:
    """Return what is written on a question's lines; refuse a text too long for the field
    or, for a number question, what is no number (an entry mistake)."""
    base = f"q{question.id}"
    if not text:
        return {}
    compact = text.replace(" ", "")
    if question.kind is T.NUMBER and (len(compact) > 20 or not answering.NUMBER.match(compact)):
        raise MarksInvalid({base: _("Bitte tippen Sie nur die Zahl ab, zum Beispiel 42.")})
    limit = answering.SHORT_TEXT_MAX if question.kind is T.SHORT_TEXT else answering.LONG_TEXT_MAX
    if len(text) > limit:
        raise MarksInvalid({base: answering.too_long(limit)})
    return {"text": text}


def form_values(survey: Survey, marks: dict) -> dict[str, list[str]]:
    """Return the form values that show a sheet's marks again (ticked boxes, texts)."""
    values: dict[str, list[str]] = {}
    answers = marks.get("answers", {})
    for question in survey.questions():
        values.update(question_values(question, answers.get(str(question.id), {})))
    return values


def question_values(question: Question, marks: dict) -> dict[str, list[str]]:
    """Return one question's marks as form values (the names of surveys/answering.py)."""
    base = f"q{question.id}"
    if not marks:
        return {}
    if question.kind in CHOICES:
        ticked = [str(option_id) for option_id in marks.get("options", [])]
        values = {base: ticked + (["other"] if marks.get("other") else [])}
        return values | ({f"{base}-other": [marks["text"]]} if marks.get("text") else {})
    if question.kind is T.YES_NO:
        return {base: list(marks.get("marked", []))}
    if question.kind is T.SCALE:
        return {base: [str(point) for point in marks.get("points", [])]}
    if question.kind in ROWS:
        rows = marks.get("rows" if question.kind is T.MATRIX else "places", {})
        return {f"{base}-{oid}": [str(value) for value in given] for oid, given in rows.items()}
    return {base: [marks["text"]]} if marks.get("text") else {}


def answers_of(survey: Survey, marks: dict) -> dict[int, list[Row]]:
    """Return the answers a sheet's marks count as: question id → rows to store (see the
    module docstring); questions whose marks make no valid answer are left out."""
    answers, given = {}, marks.get("answers", {})
    for question in survey.questions():
        values = question_values(question, given.get(str(question.id), {}))
        if not values:
            continue
        try:
            rows = answering.read_question(question, values)
        except answering.Invalid:
            continue  # an over-mark or the like: the question counts as not answered
        if rows:
            answers[question.id] = rows
    return answers


def agreed_sheet(first: dict, second: dict) -> dict:
    """Return the questions both entries read alike (the start of a decision)."""
    one, two = first.get("answers", {}), second.get("answers", {})
    return {"answers": {qid: marks for qid, marks in one.items() if two.get(qid) == marks}}


def differing_questions(first: dict, second: dict) -> set[int]:
    """Return the ids of the questions the two entries read differently."""
    one, two = first.get("answers", {}), second.get("answers", {})
    return {int(qid) for qid in set(one) | set(two) if one.get(qid) != two.get(qid)}
