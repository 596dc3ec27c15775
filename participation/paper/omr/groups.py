"""What the boxes of one question (or the ballot) say together. A group is unclear when one of
its boxes is, or when its crosses break the sheet's rule: more than its `limit` allows (two
crosses on a single-choice ballot or question), "Ich enthalte mich" together with an answer,
two points in one row of a matrix, two places for one item or one place for two items of a
ranking. Such a group goes to review: a machine never decides that a ballot is invalid."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from participation.paper.layout import Box, Group
from participation.paper.omr.boxes import BoxState


@dataclass(frozen=True)
class GroupReading:
    """The crossed and the cancelled (filled) boxes of a group, and whether it needs review
    (`reason`: "box" for an unclear box, "over" for too many crosses, "mixed" for abstaining
    with an answer)."""

    key: str
    marked: tuple[Box, ...]
    cancelled: tuple[Box, ...]
    unclear: bool
    reason: str | None = None

    def as_dict(self, index: dict[Box, int]) -> dict:
        """Return the group's reading as JSON-safe data (boxes by their `index` on the page)."""
        return {
            "key": self.key,
            "marked": [index[box] for box in self.marked],
            "cancelled": [index[box] for box in self.cancelled],
            "unclear": self.unclear,
            "reason": self.reason,
        }


def read_groups(groups: Iterable[Group], boxes: Iterable) -> list[GroupReading]:
    """Return the reading of every group that has boxes among `boxes` (BoxReadings of one
    page, or of every page of a sheet for a question printed over two pages)."""
    by_group: dict[str, list] = {}
    for reading in boxes:
        by_group.setdefault(reading.box.group, []).append(reading)
    return [judged(group, by_group[group.key]) for group in groups if group.key in by_group]


def judged(group: Group, readings: list) -> GroupReading:
    """Return the reading of one group from its boxes' readings."""
    marked = tuple(r.box for r in readings if r.state is BoxState.CROSSED)
    cancelled = tuple(r.box for r in readings if r.state is BoxState.FILLED)
    if any(r.state is BoxState.UNCLEAR for r in readings):
        return GroupReading(group.key, marked, cancelled, True, "box")
    reason = broken_rule(group, marked)
    return GroupReading(group.key, marked, cancelled, reason is not None, reason)


def broken_rule(group: Group, marked: tuple[Box, ...]) -> str | None:
    """Return which rule the crosses of a group break ("over", "mixed"), or None."""
    answers = [box for box in marked if box.kind != "abstain"]
    if answers and len(answers) < len(marked):
        return "mixed"
    if group.limit is not None and len(answers) > group.limit:
        return "over"
    if group.kind == "matrix" and repeated(box.option for box in answers):
        return "over"
    if group.kind == "ranking" and (
        repeated(box.option for box in answers) or repeated(box.value for box in answers)
    ):
        return "over"
    return None


def repeated(values: Iterable) -> bool:
    """Whether any value occurs more than once."""
    return any(count > 1 for count in Counter(values).values())
