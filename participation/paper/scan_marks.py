"""What the scan reader saw, as the values of the manual entry form. Every box of a printed
sheet stands for one field and value of that form (entry_marks.py, entry_survey.py): so a
sheet read from a scan is counted, reviewed and compared through the same code as a sheet
typed in by hand. Pure functions: no database.

- `box_field(box)`: the field and value a layout box stands for;
- `form_values(readings)`: the form values of the crossed boxes (a filled box is a cross
  cancelled under the printed correction rule: not ticked);
- `merged(posted, certain)`: a reviewer's form with the machine's reading put back on every
  box the machine was certain of (the scan's own entry where double entry is on);
- `needs_typing(layout, values)`: whether a person must type what is written on the sheet.
"""

from __future__ import annotations

from collections.abc import Iterable

from werkzeug.datastructures import MultiDict

from participation.paper.entry_marks import ABSTAIN, MARK_FIELD
from participation.paper.layout import Box, Layout
from participation.paper.omr import BoxReading, BoxState

WRITTEN = ("text", "number")  # write-in fields nobody but a person can read


def box_field(box: Box) -> tuple[str, str] | None:
    """Return the entry form's field name and value that a box stands for (None for a box
    no entry form has, such as an idea card's)."""
    if box.question is None:  # a ballot
        if box.kind == "abstain":
            return MARK_FIELD, ABSTAIN
        return (MARK_FIELD, str(box.option)) if box.kind == "option" else None
    base = f"q{box.question}"
    if box.kind == "option":
        return base, str(box.option)
    if box.kind in ("other", "yes", "no"):
        return base, box.kind
    if box.kind in ("point", "rank"):
        name = base if box.option is None else f"{base}-{box.option}"
        return name, str(box.value)
    return None


def form_values(readings: Iterable[BoxReading]) -> dict[str, list[str]]:
    """Return the form values of the crossed boxes among `readings`."""
    values: dict[str, list[str]] = {}
    for reading in readings:
        field = box_field(reading.box)
        if field is not None and reading.state is BoxState.CROSSED:
            values.setdefault(field[0], []).append(field[1])
    return values


def merged(posted: MultiDict, certain: Iterable[BoxReading]) -> MultiDict:
    """Return the posted form with every box in `certain` ticked or not as the machine read
    it (what a person typed on the lines, and the other boxes, stay as posted)."""
    values = {name: list(posted.getlist(name)) for name in posted}
    for reading in certain:
        field = box_field(reading.box)
        if field is None:
            continue
        name, value = field
        kept = [item for item in values.get(name, []) if item.strip() != value]
        if reading.state is BoxState.CROSSED:
            kept.append(value)
        values[name] = kept
    return MultiDict([(name, value) for name, items in values.items() for value in items])


def needs_typing(layout: Layout, values: dict[str, list[str]]) -> bool:
    """Whether a person must type what is written on the sheet: it has lines for text or a
    number, or a crossed "Sonstiges" box with its line."""
    fields = [field for page in layout.pages for field in page.fields]
    if any(field.kind in WRITTEN for field in fields):
        return True
    return any("other" in ticked for ticked in values.values())
