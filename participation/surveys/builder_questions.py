"""Questions and options of a survey (staff). They flush, never commit.

The lock rules: a question with answers keeps its meaning (kind, scale, number range, how many
may be chosen or ranked, whether "other" is offered, the order and number of its options; for
single and multiple choice new options may be added). Options with answers cannot be removed.
`required` stays editable: it only changes what later respondents must fill in. Wording fixes
(question, help text, scale labels, option labels) are allowed and logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.builder import (
    BuilderError,
    answered_question_ids,
    has_responses,
    log_wording,
    renumber,
    touch,
)
from participation.surveys.models import (
    CHOICE_TYPES,
    OPTION_TYPES,
    SCALE_TYPES,
    Answer,
    Option,
    Question,
    QuestionType,
    Section,
    Survey,
)

LOCKED = _l("Das kann nicht mehr geändert werden: Es gibt schon Antworten auf diese Frage.")
# Settings that give answers their meaning: form field name → the question's attributes.
MEANING = {
    "kind": ("kind",),
    "min_choices": ("min_choices",),
    "max_choices": ("max_choices",),
    "scale": ("scale_min", "scale_max"),
    "number_min": ("number_min",),
    "number_max": ("number_max",),
    "number_decimals": ("number_decimals",),
}
WORDING = ("text", "help_text", "scale_min_label", "scale_max_label")


@dataclass
class QuestionFields:
    """A question as the question form delivers it (settings of other kinds are None/empty)."""

    kind: QuestionType
    section_id: int
    text: str
    help_text: str = ""
    required: bool = True
    allow_other: bool = False
    min_choices: int | None = None
    max_choices: int | None = None
    scale_min: int | None = None
    scale_max: int | None = None
    scale_min_label: str = ""
    scale_max_label: str = ""
    number_min: float | None = None
    number_max: float | None = None
    number_decimals: int = 0
    renamed: dict[int, str] = field(default_factory=dict)  # option id → new label
    removed: set[int] = field(default_factory=set)  # option ids
    new_options: list[str] = field(default_factory=list)


def answered_option_ids(question: Question) -> set[int]:
    """Return the ids of the question's options that were chosen, rated or ranked."""
    query = select(Answer.option_id).where(
        Answer.question_id == question.id, Answer.option_id.is_not(None)
    )
    return set(db.session.scalars(query.distinct()))


def question_answered(question: Question) -> bool:
    """Whether the question has at least one answer."""
    return question.id is not None and question.id in answered_question_ids(
        question_survey(question)
    )


def question_survey(question: Question) -> Survey:
    """Return the survey the question belongs to."""
    return db.session.get(Survey, question.survey_id)


def create_question(survey: Survey, fields: QuestionFields) -> Question:
    """Add a question at the end of its section."""
    section = section_of(survey, fields.section_id)
    question = Question(
        survey_id=survey.id,
        section=section,
        position=max((q.position for q in section.questions), default=0) + 1,
    )
    apply_fields(question, fields)
    question.options = [
        Option(position=index, label=label)
        for index, label in enumerate(fields.new_options if keeps_options(fields.kind) else [], 1)
    ]
    db.session.add(question)
    touch(survey)
    db.session.flush()
    return question


def section_of(survey: Survey, section_id: int) -> Section:
    """Return the survey's section with `section_id` (a form error for any other)."""
    section = next((s for s in survey.sections if s.id == section_id), None)
    if section is None:
        raise BuilderError(_l("Bitte wählen Sie einen Abschnitt aus der Liste."), "section_id")
    return section


def keeps_options(kind: QuestionType) -> bool:
    """Whether questions of `kind` have options."""
    return kind in OPTION_TYPES


def apply_fields(question: Question, fields: QuestionFields) -> None:
    """Copy the settings, clearing those the kind does not use."""
    kind = fields.kind
    question.kind = kind
    question.text, question.help_text = fields.text, fields.help_text
    question.required = fields.required
    question.allow_other = fields.allow_other and kind in CHOICE_TYPES
    counted = kind in (QuestionType.MULTIPLE, QuestionType.RANKING)
    question.min_choices = fields.min_choices if counted else None
    question.max_choices = fields.max_choices if counted else None
    scaled = kind in SCALE_TYPES
    question.scale_min = fields.scale_min if scaled else None
    question.scale_max = fields.scale_max if scaled else None
    question.scale_min_label = fields.scale_min_label if scaled else ""
    question.scale_max_label = fields.scale_max_label if scaled else ""
    numeric = kind is QuestionType.NUMBER
    question.number_min = fields.number_min if numeric else None
    question.number_max = fields.number_max if numeric else None
    question.number_decimals = fields.number_decimals if numeric else 0


def lock_problems(question: Question, fields: QuestionFields) -> dict[str, str]:
    """Return field name → message for every change the answers forbid (empty when allowed)."""
    if not question_answered(question):
        return {}
    problems = {}
    wanted = Question()  # transient: the settings as they would be stored
    apply_fields(wanted, fields)
    for name, attributes in MEANING.items():
        if any(getattr(wanted, a) != getattr(question, a) for a in attributes):
            problems[name] = str(LOCKED)
    if question.allow_other and not wanted.allow_other:
        problems["allow_other"] = str(LOCKED)
    if fields.removed & answered_option_ids(question):
        problems["options"] = str(
            _l("Antwortmöglichkeiten, die schon gewählt wurden, können nicht entfernt werden.")
        )
    elif fields.removed and question.kind not in CHOICE_TYPES:
        problems["options"] = str(LOCKED)
    if fields.new_options and question.kind not in CHOICE_TYPES:
        problems["new_options"] = str(LOCKED)
    if fields.section_id != question.section_id:
        problems["section_id"] = str(LOCKED)
    return problems


def update_question(question: Question, fields: QuestionFields, actor) -> None:
    """Save the edited question; answers forbid changes in meaning (BuilderError per field)."""
    problems = lock_problems(question, fields)
    if problems:
        name, message = next(iter(problems.items()))
        raise BuilderError(message, name)
    survey = question_survey(question)
    before = wording(question)
    if fields.section_id != question.section_id:
        move_to_section(question, section_of(survey, fields.section_id))
    apply_fields(question, fields)
    update_options(question, fields)
    touch(survey)
    db.session.flush()
    if has_responses(survey):
        log_wording(survey, question, before, wording(question), actor)


def wording(question: Question) -> dict:
    """Return the question's texts, for the audit log of wording fixes."""
    texts = {name: getattr(question, name) for name in WORDING}
    texts.update({f"option {option.id}": option.label for option in question.options})
    return texts


def update_options(question: Question, fields: QuestionFields) -> None:
    """Rename, remove and add options as the form says (all go when the kind has none)."""
    keep = keeps_options(fields.kind)
    for option in list(question.options):
        if not keep or option.id in fields.removed:
            question.options.remove(option)
        elif option.id in fields.renamed:
            option.label = fields.renamed[option.id]
    if keep:
        start = len(question.options)
        for offset, label in enumerate(fields.new_options, start=1):
            question.options.append(Option(position=start + offset, label=label))
    renumber(question.options)


def move_to_section(question: Question, section: Section) -> None:
    """Put the question at the end of another section."""
    old = question.section
    old.questions.remove(question)
    renumber(old.questions)
    section.questions.append(question)
    question.position = len(section.questions)


def delete_question(question: Question) -> None:
    """Delete a question nobody has answered."""
    if question_answered(question):
        raise BuilderError(_l("Diese Frage hat schon Antworten. Sie kann nicht gelöscht werden."))
    section = question.section
    section.questions.remove(question)
    renumber(section.questions)
    touch(section.survey)
    db.session.flush()


def move_question(question: Question, step: int) -> None:
    """Move a question one place up (-1) or down (+1); at a section's edge it moves into the
    neighbouring section."""
    section = question.section
    questions = list(section.questions)
    index = questions.index(question)
    target = index + step
    if 0 <= target < len(questions):
        questions[index], questions[target] = questions[target], questions[index]
        renumber(questions)
    else:
        neighbour = neighbouring_section(section, step)
        if neighbour is None:
            raise BuilderError(_l("Die Frage kann nicht weiter verschoben werden."))
        section.questions.remove(question)
        renumber(section.questions)
        others = list(neighbour.questions)
        neighbour.questions.insert(len(others) if step < 0 else 0, question)
        renumber(neighbour.questions)
    touch(section.survey)
    db.session.flush()


def neighbouring_section(section: Section, step: int) -> Section | None:
    """Return the section before (-1) or after (+1) `section`, or None."""
    sections = list(section.survey.sections)
    target = sections.index(section) + step
    return sections[target] if 0 <= target < len(sections) else None


def move_option(option: Option, step: int) -> None:
    """Move an option one place up (-1) or down (+1) while its question has no answers."""
    question = option.question
    if question_answered(question):
        raise BuilderError(LOCKED)
    options = list(question.options)
    index = options.index(option)
    target = index + step
    if not 0 <= target < len(options):
        raise BuilderError(_l("Die Antwortmöglichkeit kann nicht weiter verschoben werden."))
    options[index], options[target] = options[target], options[index]
    renumber(options)
    touch(question_survey(question))
    db.session.flush()
