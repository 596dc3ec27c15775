"""The blank "Ideenkarte": lines for the title and the idea, boxes for the category and the
district (the town's own lists), and the author's consent to show their name, with a name line."""

from __future__ import annotations

from flask_babel import gettext as _

from participation.core.town import current_town
from participation.paper import instructions
from participation.paper.layout import Field, Group
from participation.paper.models import SheetKind
from participation.paper.plan import Piece, Planner, Shape, Writer
from participation.paper.sheet_parts import (
    Item,
    Kit,
    header,
    instructions_block,
    item_grid,
    item_row,
)
from participation.paper.style import LEFT, RIGHT

DESCRIPTION_LINES = 5


def plan_card(kit: Kit) -> Planner:
    """Lay out the idea card (one page in standard print)."""
    town = current_town()
    title = _("Ihre Idee für %(town)s", town=town.name)
    planner = Planner(kit.style, header(kit, _("Ideenkarte"), town.platform_name, title))
    planner.place([instructions_block(kit, instructions.steps(SheetKind.IDEA, None, kit.easy))])
    planner.place([title_piece(kit)])
    hint = _("Was möchten Sie verändern? Warum ist es wichtig?")
    lines = DESCRIPTION_LINES
    planner.place([lines_piece(kit, "description", _("Ihre Idee"), hint, lines)])
    planner.place(
        choice_pieces(
            kit,
            "category",
            _("Themenbereich"),
            _("Kreuzen Sie einen Themenbereich an."),
            town.categories,
        )
    )
    if town.districts:
        hint = _("Betrifft Ihre Idee einen Ortsteil? Dann kreuzen Sie ihn an.")
        planner.place(choice_pieces(kit, "district", _("Ortsteil"), hint, town.districts))
    planner.place([consent_piece(kit)])
    return planner


def lines_piece(kit: Kit, key: str, heading: str, hint: str, count: int) -> Piece:
    """Return a heading with ruled lines to write on."""
    w = kit.writer(Group(key=key, kind=key, label=heading, page=1))
    w.paragraph(heading, size=kit.style.heading, bold=True, gap=1)
    if hint:
        w.paragraph(hint, size=kit.style.small, gap=1)
    first, last = w.ruled(count)
    gap = kit.style.line_gap
    w.piece.fields.append(
        Field(LEFT, first - gap, RIGHT - LEFT, last - first + gap, key, key, heading, None, count)
    )
    return w.finish()


def title_piece(kit: Kit) -> Piece:
    """Return the line for the idea's title, the heading at its start."""
    heading = _("Titel Ihrer Idee:")
    w = kit.writer(Group(key="title", kind="title", label=heading.rstrip(":"), page=1))
    size, gap = kit.style.heading, kit.style.line_gap
    x = LEFT + kit.measure.width(heading, size, True) + 3
    w.text(LEFT, gap - kit.style.line_height(size) + 1, [heading], size, bold=True)
    w.shape(Shape("line", x, gap, RIGHT, gap, 0.25))
    w.piece.fields.append(Field(x, 0.0, RIGHT - x, gap, "title", "title", heading.rstrip(":")))
    return w.finish()


def choice_pieces(kit: Kit, key: str, heading: str, hint: str, names) -> list[Piece]:
    """Return a heading, a hint and a box for each name (in columns if they fit)."""
    w = kit.writer(Group(key=key, kind=key, label=heading, page=1, limit=1))
    w.paragraph(heading, size=kit.style.heading, bold=True, gap=1)
    w.paragraph(hint, size=kit.style.small, gap=1)
    items = [Item(name, {"kind": key, "value": name}) for name in names]
    return item_grid(kit, w, items, key, most=2)


def consent_piece(kit: Kit) -> Piece:
    """Return the consent box to show the author's name, and the line for the name."""
    heading, label = _("Ihr Name"), _("Mein Name darf veröffentlicht werden.")
    w = kit.writer(Group(key="consent", kind="consent", label=heading, page=1, limit=1))
    w.paragraph(heading, size=kit.style.heading, bold=True, gap=1)
    hint = _("Ohne Kreuz veröffentlichen wir Ihre Idee ohne Namen.")
    item_row(kit, w, Item(label, {"kind": "consent"}, hint), "consent", bold=True)
    name_line(kit, w)
    return w.finish()


def name_line(kit: Kit, w: Writer) -> None:
    """Write "Name:" and a line to write the name on, below what is there."""
    label, gap = _("Name:"), kit.style.line_gap
    x = LEFT + kit.measure.width(label, kit.style.body) + 3
    line = w.y + gap
    w.text(LEFT, line - kit.style.line_height(kit.style.body) + 1, [label], kit.style.body)
    w.shape(Shape("line", x, line, RIGHT, line, 0.25))
    area = Field(x, line - gap, RIGHT - x, gap, "consent", "name", _("Name"), None, 1)
    w.piece.fields.append(area)
