"""Parts every sheet shares: the header beside the QR code, the instructions with sample boxes,
running text, and lists of boxes (one below the other, or in columns)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _

from participation.paper.instructions import Steps
from participation.paper.layout import Group, Rect
from participation.paper.measure import Measure
from participation.paper.plan import Piece, Shape, Writer
from participation.paper.style import (
    CLEAR,
    LEFT,
    QR_QUIET,
    QR_SIZE,
    QR_X,
    QR_Y,
    RIGHT,
    TOP,
    Style,
)

PARAGRAPH_LINES = 12  # running text is split into pieces of this many lines at most
BLOCK_TAGS = re.compile(r"</(p|li|h[1-6]|blockquote|pre)>|<br\s*/?>", re.IGNORECASE)
ITEM_TAG = re.compile(r"<li[^>]*>", re.IGNORECASE)
ANY_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Kit:
    """What building a sheet needs: the measure, the variant's style, easy language or not."""

    measure: Measure
    style: Style
    easy: bool

    def writer(self, group: Group | None = None) -> Writer:
        """Return a writer for a new piece."""
        return Writer(self.measure, self.style, group)


@dataclass(frozen=True)
class Item:
    """One box of a list: the label, an optional description and right-hand text, its meaning."""

    label: str
    meaning: dict
    description: str = ""
    aside: str = ""  # printed at the right edge, e.g. a project's cost


def plain_paragraphs(rendered: str) -> list[str]:
    """Return the paragraphs of rendered Markdown as plain text (list items with a bullet)."""
    text = ITEM_TAG.sub("• ", BLOCK_TAGS.sub("\n", rendered or ""))
    text = html.unescape(ANY_TAG.sub("", text))
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def header(kit: Kit, kind_label: str, platform: str, title: str) -> Callable[[int], Piece]:
    """Return the header of each page: what the sheet is, its title, the code beside the QR."""
    made: dict[int, Piece] = {}

    def build(page: int) -> Piece:
        """Return the header of page `page` (made once per page number)."""
        if page not in made:
            line = f"{kind_label} · {platform}"
            if page > 1:
                line = _("%(kind)s, Seite %(page)s", kind=kind_label, page=page)
            made[page] = header_piece(kit, line, title)
        return made[page]

    return build


def header_piece(kit: Kit, line: str, title: str) -> Piece:
    """Return a page's header; the code itself is drawn per sheet at `code_at`."""
    style, w = kit.style, kit.writer()
    width = QR_X - QR_QUIET - 4 - LEFT
    w.paragraph(line, size=style.small, width=width, gap=1)
    w.paragraph(title, size=style.title, bold=True, width=width, gap=3)
    code_height, label_height = style.line_height(style.code), style.line_height(style.small)
    top = max(w.y, QR_Y + QR_SIZE - TOP - code_height - label_height)
    w.text(LEFT, top, [_("Bogen-Code")], style.small)
    code_width = kit.measure.width("MMMM-MMMM-MMMM-M", style.code, bold=True)
    w.piece.code_at = Rect(LEFT, top + label_height, code_width, code_height)
    w.bottom = max(w.bottom, top + label_height + code_height, QR_Y + QR_SIZE + QR_QUIET - TOP)
    return w.finish()


def instructions_block(kit: Kit, steps: Steps) -> Piece:
    """Return the instructions, with a sample cross and a sample filled box."""
    style, w = kit.style, kit.writer()
    w.paragraph(steps.heading, size=style.heading, bold=True, gap=1.5)
    for sentence in steps.pen:
        w.paragraph(sentence, size=style.small, gap=0.5)
    sample(kit, w, steps.cross, filled=False)
    sample(kit, w, steps.correct, filled=True)
    for sentence in steps.after:
        w.paragraph(sentence, size=style.small, gap=0.5)
    w.y += 1
    w.shape(Shape("line", LEFT, w.y, RIGHT, w.y, 0.3))
    return w.finish()


def sample(kit: Kit, w: Writer, sentences: list[str], filled: bool) -> None:
    """Write sentences beside a sample box (crossed or filled) at the left."""
    size, font = kit.style.box, kit.style.small
    top = w.y + 1
    w.shape(Shape("fill" if filled else "rect", LEFT, top, size, size, kit.style.stroke))
    if not filled:
        w.shape(Shape("line", LEFT + 0.8, top + 0.8, LEFT + size - 0.8, top + size - 0.8, 0.5))
        w.shape(Shape("line", LEFT + 0.8, top + size - 0.8, LEFT + size - 0.8, top + 0.8, 0.5))
    x = LEFT + size + 4
    height = kit.style.line_height(font)
    lines = [line for text in sentences for line in kit.measure.wrap(text, font, False, RIGHT - x)]
    w.y = top + size / 2 - height / 2 if len(lines) == 1 else top
    w.paragraph("\n".join(lines), size=font, x=x, gap=0.5)
    w.y = max(w.y, top + size) + 1.5


def paragraphs(kit: Kit, texts: list[str], size=None, bold=False) -> list[Piece]:
    """Return running text as pieces of at most PARAGRAPH_LINES lines each."""
    size = size or kit.style.body
    pieces, w = [], None
    for text in texts:
        for line in kit.measure.wrap(text, size, bold, RIGHT - LEFT):
            if w is not None and len(w.piece.texts) >= PARAGRAPH_LINES:
                pieces.append(w.finish())
                w = None
            w = w or kit.writer()
            w.text(LEFT, w.y, [line], size, bold)
            w.y = w.bottom
        if w is not None:
            w.y += 1.5
    return [*pieces, w.finish()] if w else pieces


def item_row(kit: Kit, w: Writer, item: Item, group: str, bold: bool) -> None:
    """Write one box with its label (and description and aside) on the next grid row."""
    style = kit.style
    box = w.box(0, w.row(), group=group, label=item.label, **item.meaning)
    aside_width = kit.measure.width(item.aside, style.body, bold=True) if item.aside else 0.0
    right = RIGHT - aside_width - 4 if item.aside else RIGHT
    bottom = w.label(box, item.label, bold=bold, right=right)
    if item.aside:
        top = box.y + box.size / 2 - style.line_height(style.body) / 2
        w.text(RIGHT - aside_width, top, [item.aside], style.body, bold=True, side=True)
    if item.description:
        x = box.x + box.size + CLEAR
        lines = kit.measure.wrap(item.description, style.small, False, right - x)
        w.text(x, bottom + 0.5, lines, style.small, side=True)


def item_list(kit: Kit, first: Writer, items: list[Item], group: str, bold=False) -> list[Piece]:
    """Return the items one below the other; the first joins the piece `first` began."""
    pieces, w = [], first
    for item in items:
        item_row(kit, w, item, group, bold)
        pieces.append(w.finish())
        w = kit.writer()
    return pieces


def columns_for(kit: Kit, labels: list[str], most: int = 3) -> int:
    """Return how many columns of boxes fit the labels on one line each (1 to `most`)."""
    style, grid = kit.style, int((RIGHT - LEFT + CLEAR) // kit.style.pitch)
    for count in range(min(most, len(labels)), 1, -1):
        room = (grid // count) * style.pitch - style.box - 2 * CLEAR
        if all(kit.measure.width(label, style.body) <= room for label in labels):
            return count
    return 1


def item_grid(kit: Kit, first: Writer, items: list[Item], group: str, most=3) -> list[Piece]:
    """Return the items in columns (left to right, then down) if their labels fit, else a list."""
    count = columns_for(kit, [item.label for item in items], most)
    if count == 1:
        return item_list(kit, first, items, group)
    span = int((RIGHT - LEFT + CLEAR) // kit.style.pitch) // count
    pieces, w = [], first
    for start in range(0, len(items), count):
        top = w.row()
        for offset, item in enumerate(items[start : start + count]):
            box = w.box(offset * span, top, group=group, label=item.label, **item.meaning)
            w.label(box, item.label, right=box.x + span * kit.style.pitch - CLEAR)
        pieces.append(w.finish())
        w = kit.writer()
    return pieces
