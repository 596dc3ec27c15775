"""A ballot in easy language runs over three pages, its options on pages 2 and 3: the sheet
is judged once every page with boxes is read, over the boxes of all of them."""

# ruff: noqa: F811
from __future__ import annotations

from participation.paper.omr import read_page, read_sheet
from tests.paper.omr.scan_fixtures import crossed, layouts, printed  # noqa: F401
from tests.paper.omr.scan_fixtures import page_image as printed_page


def readings(printed, marks: dict[int, list[int]]):
    """Return the readings of the easy ballot's pages, crossed as `marks` (page → boxes)."""
    sheet = printed["vote-budget-easy"]
    return sheet, [
        read_page(crossed(printed_page(sheet, page=n), sheet, n, boxes), layouts(printed), "PN")
        for n, boxes in marks.items()
    ]


def test_a_ballot_over_three_pages_is_certain_only_when_all_are_read(printed):
    sheet, pages = readings(printed, {1: [], 2: [1], 3: []})
    code, layout = sheet.codes[0], sheet.layout
    assert read_sheet(layout, code, pages[:2]).missing == (3,)
    assert not read_sheet(layout, code, pages[:2]).certain
    whole = read_sheet(layout, code, pages[::-1])
    assert whole.certain
    (group,) = whole.groups
    assert [box.option for box in group.marked] == [layout.pages[1].boxes[1].option]


def test_abstaining_on_one_page_and_choosing_on_another_needs_review(printed):
    sheet, pages = readings(printed, {2: [0], 3: [1]})  # an option, and "Ich enthalte mich"
    assert [page.status.value for page in pages] == ["read", "read"]  # each page alone is fine
    whole = read_sheet(sheet.layout, sheet.codes[0], pages)
    (group,) = whole.groups
    assert (whole.complete, whole.review, group.reason) == (True, True, "mixed")
