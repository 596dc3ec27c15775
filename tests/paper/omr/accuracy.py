"""Comparing what the scan reader read with the truth of a synthetic scan, and adding up the
figures the requirements are about: wrong accepts, wrong codes, pages sent to review."""

from __future__ import annotations

from dataclasses import dataclass, field

from participation.paper.omr import BoxState, PageReading, Status
from tests.paper.omr.synthetic import Scan

CERTAIN = {BoxState.EMPTY, BoxState.CROSSED, BoxState.FILLED}


@dataclass(frozen=True)
class Outcome:
    """How one page was read against its truth."""

    wrong_boxes: list[str]  # "group/index: truth → read" for every box accepted wrongly
    wrong_groups: list[str]  # groups that needed a person but were accepted
    wrong_code: bool
    review: bool  # the page needs a person (anything but READ)
    boxes: int


def compared(scan: Scan, reading: PageReading) -> Outcome:
    """Return how `reading` compares with the truth of `scan`."""
    wrong_code = reading.code is not None and (reading.code, reading.page) != (
        scan.code,
        scan.page,
    )
    if reading.status not in (Status.READ, Status.REVIEW) or not reading.boxes:
        return Outcome([], [], wrong_code, reading.status is not Status.READ, len(scan.marks))
    wrong = [
        f"{r.box.group}/{i}: {truth.value} → {r.state.value} ({mark}; {r.measures})"
        for i, (r, truth, mark) in enumerate(
            zip(reading.boxes, scan.truth, scan.marks, strict=True)
        )
        if r.state in CERTAIN and r.state is not truth
    ]
    accepted = {group.key for group in reading.groups if not group.unclear}
    return Outcome(
        wrong,
        sorted(scan.unclear_groups & accepted),
        wrong_code,
        reading.status is not Status.READ,
        len(scan.marks),
    )


@dataclass
class Tally:
    """The figures of many pages."""

    pages: int = 0
    boxes: int = 0
    wrong_boxes: int = 0
    wrong_groups: int = 0
    wrong_codes: int = 0
    reviews: int = 0
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome, seconds: float = 0.0) -> None:
        """Count one page."""
        self.pages += 1
        self.boxes += outcome.boxes
        self.wrong_boxes += len(outcome.wrong_boxes)
        self.wrong_groups += len(outcome.wrong_groups)
        self.wrong_codes += int(outcome.wrong_code)
        self.reviews += int(outcome.review)
        self.seconds += seconds
        self.examples += (outcome.wrong_boxes + outcome.wrong_groups)[: 5 - len(self.examples)]

    @property
    def review_rate(self) -> float:
        """Return the share of pages sent to review."""
        return self.reviews / self.pages if self.pages else 0.0

    @property
    def wrong_accepts(self) -> int:
        """Return the boxes and groups accepted wrongly."""
        return self.wrong_boxes + self.wrong_groups
