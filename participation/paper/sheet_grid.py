"""Rows of boxes under numbered columns: a scale (one row), a matrix (a row per item, a column
per scale point) and a ranking (a row per item, a column per place)."""

from __future__ import annotations

from participation.paper.plan import Piece, Writer
from participation.paper.sheet_parts import Kit
from participation.paper.style import CLEAR, LEFT, RIGHT
from participation.surveys.models import Question
from participation.surveys.models import QuestionType as T

MIN_LABEL_ROOM = 45.0  # narrower than this, a row's label goes on its own line above the boxes


def last_column(kit: Kit) -> int:
    """Return the rightmost grid column whose box still fits in the content column."""
    return int((RIGHT - LEFT - kit.style.box) // kit.style.pitch)


def numbers_over(kit: Kit, w: Writer, first: int, labels: list[str]) -> float:
    """Write column labels centred over columns `first`…; return the row their boxes go on."""
    style = kit.style
    height = style.line_height(style.small)
    w.bottom = max(w.bottom, w.y + height)
    row = w.row()
    for offset, label in enumerate(labels):
        centre = LEFT + (first + offset) * style.pitch + style.box / 2
        x = centre - kit.measure.width(label, style.small, True) / 2
        w.text(x, row - CLEAR - height, [label], style.small, bold=True)
    return row


def scale_row(kit: Kit, w: Writer, question: Question) -> None:
    """Write one box per scale point, the points written over them."""
    points = question.scale_points()
    row = numbers_over(kit, w, 0, [str(point) for point in points])
    for column, point in enumerate(points):
        w.box(
            column,
            row,
            group=f"q{question.id}",
            kind="point",
            label=str(point),
            question=question.id,
            value=point,
        )


def columns_of(question: Question) -> tuple[list[int], list[str], str]:
    """Return a matrix's scale points or a ranking's places, their labels, and the box kind."""
    if question.kind is T.MATRIX:
        points = question.scale_points()
        return points, [str(point) for point in points], "point"
    places = list(range(1, (question.max_choices or len(question.options)) + 1))
    return places, [f"{place}." for place in places], "rank"


def grid_pieces(kit: Kit, w: Writer, question: Question) -> list[Piece]:
    """Return a matrix or ranking: numbered columns, then a row of boxes per item."""
    values, labels, kind = columns_of(question)
    first = max(0, last_column(kit) - len(values) + 1)
    room = first * kit.style.pitch - CLEAR
    beside = room >= MIN_LABEL_ROOM  # else each row's label goes above its boxes
    pieces = []
    for index, option in enumerate(question.options):
        if not beside:
            w.paragraph(option.label, gap=1)
        row = numbers_over(kit, w, first, labels) if index == 0 else w.row()
        if beside:
            lines = kit.measure.wrap(option.label, kit.style.body, False, room)
            top = row + kit.style.box / 2 - kit.style.line_height(kit.style.body) / 2
            w.text(LEFT, top, lines, kit.style.body, side=True)
        for offset, value in enumerate(values):
            meaning = {"kind": kind, "question": question.id, "option": option.id, "value": value}
            w.box(first + offset, row, group=f"q{question.id}", label=option.label, **meaning)
        pieces.append(w.finish())
        w = kit.writer()
    return pieces
