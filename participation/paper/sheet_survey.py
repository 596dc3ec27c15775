"""The response sheet ("Fragebogen") of a survey: every question in the printed order, numbered
throughout; choices, yes/no, scales, matrices and rankings as boxes, text and numbers on lines."""

from __future__ import annotations

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from participation.core.town import current_town
from participation.paper import instructions
from participation.paper.layout import Field, Group
from participation.paper.models import SheetKind
from participation.paper.plan import Piece, Planner, Shape, Writer
from participation.paper.sheet_grid import grid_pieces, scale_row
from participation.paper.sheet_parts import (
    Item,
    Kit,
    header,
    instructions_block,
    item_grid,
    item_list,
    paragraphs,
    plain_paragraphs,
)
from participation.paper.style import LEFT, RIGHT
from participation.surveys.models import Question, Survey
from participation.surveys.models import QuestionType as T

TEXT_LINES = {T.SHORT_TEXT: 2, T.LONG_TEXT: 5}
NUMBER_WIDTH = 50.0


def plan_survey(kit: Kit, survey: Survey) -> Planner:
    """Lay out the response sheet of `survey` on as many pages as it needs."""
    head = header(kit, _("Fragebogen"), current_town().platform_name, survey.title)
    planner = Planner(kit.style, head)
    steps = instructions.steps(SheetKind.SURVEY, survey.closes_at, kit.easy)
    planner.place([instructions_block(kit, steps)])
    for piece in paragraphs(kit, plain_paragraphs(survey.intro_html)):
        planner.place([piece])
    number = 0
    for section in survey.sections:
        for index, question in enumerate(section.questions):
            number += 1
            w = kit.writer(group_of(question, number))
            if index == 0:
                section_heading(kit, w, section.heading, section.description)
            planner.place(question_pieces(kit, w, question, number))
    return planner


def group_of(question: Question, number: int) -> Group:
    """Return the question as a group of the layout."""
    limit = {T.SINGLE: 1, T.YES_NO: 1, T.SCALE: 1}.get(question.kind)
    if question.kind in (T.MULTIPLE, T.RANKING):
        limit = question.max_choices
    return Group(
        key=f"q{question.id}",
        kind=question.kind.value,
        label=question.text,
        page=1,
        question=question.id,
        number=number,
        limit=limit,
    )


def section_heading(kit: Kit, w: Writer, heading: str, description: str) -> None:
    """Write a section's heading and description above its first question."""
    if heading:
        w.paragraph(heading, size=kit.style.title, bold=True, gap=1)
    for text in plain_paragraphs(description) if "<" in description else [description]:
        if text:
            w.paragraph(text, gap=1)
    w.space(2)


def question_pieces(kit: Kit, w: Writer, question: Question, number: int) -> list[Piece]:
    """Return a question's pieces: its text and hint joined to its first row of boxes."""
    text = f"{number}. {question.text}"
    if not question.required:
        optional = _("optional")
        text = f"{text} – {optional}"
    w.paragraph(text, size=kit.style.heading, bold=True, gap=1)
    hint = " ".join(part for part in (question.help_text, paper_hint(question)) if part)
    if hint:
        w.paragraph(hint, size=kit.style.small, gap=1)
    return answer_pieces(kit, w, question)


def answer_pieces(kit: Kit, w: Writer, question: Question) -> list[Piece]:
    """Return the boxes or writing lines of a question."""
    key, kind = f"q{question.id}", question.kind
    if kind in (T.SINGLE, T.MULTIPLE):
        return choice_pieces(kit, w, question)
    if kind is T.YES_NO:
        yes = Item(_("Ja"), {"kind": "yes", "question": question.id, "value": 1})
        no = Item(_("Nein"), {"kind": "no", "question": question.id, "value": 0})
        return item_grid(kit, w, [yes, no], key, most=2)
    if kind is T.SCALE:
        scale_row(kit, w, question)
        return [w.finish()]
    if kind in (T.MATRIX, T.RANKING):
        return grid_pieces(kit, w, question)
    if kind is T.NUMBER:
        return [number_piece(kit, w, question)]
    return [text_piece(kit, w, question)]


def choice_pieces(kit: Kit, w: Writer, question: Question) -> list[Piece]:
    """Return a box per option, and "Sonstiges" with a writing line if the question allows."""
    key = f"q{question.id}"
    rows = [
        Item(o.label, {"kind": "option", "question": question.id, "option": o.id})
        for o in question.options
    ]
    pieces = item_list(kit, w, rows, key)
    if question.allow_other:
        pieces.append(other_piece(kit, question))
    return pieces


def other_piece(kit: Kit, question: Question) -> Piece:
    """Return the "Sonstiges, und zwar:" box with a line to write on after it."""
    w, label = kit.writer(), _("Sonstiges, und zwar:")
    box = w.box(0, 0.0, group=f"q{question.id}", kind="other", label=label, question=question.id)
    w.label(box, label)
    x = box.x + box.size + 5 + kit.measure.width(label, kit.style.body) + 3
    bottom = box.y + box.size
    w.shape(Shape("line", x, bottom, RIGHT, bottom, 0.25))
    w.piece.fields.append(
        Field(x, box.y - 2, RIGHT - x, box.size + 2, f"q{question.id}", "other", label, question.id)
    )
    return w.finish()


def text_piece(kit: Kit, w: Writer, question: Question) -> Piece:
    """Return ruled lines to write a text answer on."""
    count = TEXT_LINES.get(question.kind, 2)
    first, last = w.ruled(count)
    gap = kit.style.line_gap
    area = Field(
        LEFT,
        first - gap,
        RIGHT - LEFT,
        last - first + gap,
        f"q{question.id}",
        "text",
        question.text,
        question.id,
        count,
    )
    w.piece.fields.append(area)
    return w.finish()


def number_piece(kit: Kit, w: Writer, question: Question) -> Piece:
    """Return a frame to write a number in."""
    height = kit.style.box + 5
    top = w.y + 1
    w.shape(Shape("rect", LEFT, top, NUMBER_WIDTH, height, kit.style.stroke))
    w.piece.fields.append(
        Field(
            LEFT, top, NUMBER_WIDTH, height, f"q{question.id}", "number", question.text, question.id
        )
    )
    return w.finish()


def paper_hint(question: Question) -> str:
    """Return how to answer the question on paper."""
    kind = question.kind
    if kind in (T.SINGLE, T.YES_NO):
        return _("Kreuzen Sie eine Antwort an.")
    if kind is T.MULTIPLE:
        return multiple_hint(question.min_choices, question.max_choices)
    if kind in (T.SCALE, T.MATRIX):
        first = (
            _("Kreuzen Sie eine Zahl an.")
            if kind is T.SCALE
            else _("Kreuzen Sie in jeder Zeile eine Zahl an.")
        )
        return " ".join([first, scale_ends(question)]).strip()
    if kind is T.RANKING:
        return ranking_hint(question.max_choices or len(question.options))
    if kind is T.NUMBER:
        return number_hint(question)
    return _("Schreiben Sie Ihre Antwort auf die Linien.")


def ranking_hint(places: int) -> str:
    """Return how to rank on paper: a place per item, each place once."""
    online = _(
        "Geben Sie jedem Punkt, den Sie wählen, einen Platz. Platz 1 ist am "
        "wichtigsten. Jeden Platz nur einmal, höchstens %(count)s Plätze.",
        count=places,
    )
    return " ".join([online, _("Kreuzen Sie in jeder Zeile höchstens einen Platz an.")])


def multiple_hint(low: int | None, high: int | None) -> str:
    """Return how many boxes a multiple-choice question wants."""
    if low and high:
        return _(
            "Kreuzen Sie mindestens %(low)s und höchstens %(high)s Antworten an.",
            low=low,
            high=high,
        )
    if high:
        return ngettext(
            "Kreuzen Sie höchstens %(num)s Antwort an.",
            "Kreuzen Sie höchstens %(num)s Antworten an.",
            high,
        )
    if low:
        return ngettext(
            "Kreuzen Sie mindestens %(num)s Antwort an.",
            "Kreuzen Sie mindestens %(num)s Antworten an.",
            low,
        )
    return _("Sie können mehrere Antworten ankreuzen.")


def scale_ends(question: Question) -> str:
    """Return what the ends of a scale mean, e.g. "1 = gar nicht zufrieden, 5 = sehr zufrieden"."""
    ends = [
        f"{point} = {label}"
        for point, label in (
            (question.scale_min, question.scale_min_label),
            (question.scale_max, question.scale_max_label),
        )
        if label
    ]
    return ", ".join(ends) + ("." if ends else "")


def number_hint(question: Question) -> str:
    """Return the range and decimals of a number question, as the online form says them."""
    low, high = question.number_min, question.number_max
    parts = [_("Schreiben Sie die Zahl in den Rahmen.")]
    if low is not None and high is not None:
        parts.append(
            _(
                "Eine Zahl von %(low)s bis %(high)s.",
                low=format_decimal(low),
                high=format_decimal(high),
            )
        )
    elif low is not None:
        parts.append(_("Eine Zahl ab %(low)s.", low=format_decimal(low)))
    elif high is not None:
        parts.append(_("Eine Zahl bis %(high)s.", high=format_decimal(high)))
    if question.number_decimals:
        parts.append(
            _("Höchstens %(count)s Stellen nach dem Komma.", count=question.number_decimals)
        )
    else:
        parts.append(_("Eine ganze Zahl, ohne Komma."))
    return " ".join(parts)
