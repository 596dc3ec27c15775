"""A whole sheet from the readings of its pages: a sheet may run over several pages (a survey,
a ballot in easy language), and a question or the ballot over two of them. Judge the groups
only once every page with boxes has been read, over the boxes of all its pages."""

from __future__ import annotations

from dataclasses import dataclass

from participation.paper.layout import Layout
from participation.paper.omr.groups import GroupReading, read_groups
from participation.paper.omr.reading import PageReading, Status


@dataclass(frozen=True)
class SheetReading:
    """What the pages of one sheet read so far say together."""

    code: str
    missing: tuple[int, ...]  # pages with boxes not read yet (or not measured)
    groups: tuple[GroupReading, ...]  # judged over the boxes of every page read
    review: bool  # a page, a box or a group needs a person

    @property
    def complete(self) -> bool:
        """Whether every page with boxes has been read."""
        return not self.missing

    @property
    def certain(self) -> bool:
        """Whether the sheet can be counted as read: complete, nothing to review."""
        return self.complete and not self.review


def read_sheet(layout: Layout, code: str, pages: list[PageReading]) -> SheetReading:
    """Return what the readings of sheet `code`'s pages (any order; other codes ignored) say
    together. The last reading of a page counts."""
    latest = {r.page: r for r in pages if r.code == code}
    measured = {n: r for n, r in latest.items() if r.status in (Status.READ, Status.REVIEW)}
    needed = [page.number for page in layout.pages if page.boxes]
    missing = tuple(n for n in needed if n not in measured or not measured[n].boxes)
    boxes = [box for n in sorted(measured) for box in measured[n].boxes]
    groups = tuple(read_groups(layout.groups, boxes))
    review = any(r.status is not Status.READ for r in latest.values()) or any(
        group.unclear for group in groups
    )
    return SheetReading(code, missing, groups, review)
