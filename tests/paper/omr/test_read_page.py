"""Reading single pages: a ballot read as marked, upside down and sideways; page 2 of a
survey sheet; three markers (degraded) and two (not measured); a covered QR code (review,
never a guessed code); blank pages, noise, other forms and paper sizes (not a sheet, never
an exception); codes no batch printed and codes of another town."""

# ruff: noqa: F811
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from participation.paper.layout import Rect
from participation.paper.omr import BoxState, Status, box_image, page_image, read_page
from participation.paper.omr.geometry import NOMINAL, Frame
from tests.paper.omr.scan_fixtures import crossed, layouts, printed  # noqa: F401
from tests.paper.omr.scan_fixtures import page_image as printed_page

DPI = 200


def painted(image: np.ndarray, rect: Rect, value: int = 255, dpi: int = DPI) -> np.ndarray:
    """Paint a rectangle (mm) of an upright page image."""
    k = dpi / 25.4
    image[
        int(rect.y * k) : int((rect.y + rect.h) * k) + 1,
        int(rect.x * k) : int((rect.x + rect.w) * k) + 1,
    ] = value
    return image


def states(reading) -> list[BoxState]:
    """Return the state of every box read."""
    return [box.state for box in reading.boxes]


def test_every_printed_page_has_the_nominal_frame(printed):
    for sheet in printed.values():
        for page in sheet.layout.pages:
            assert Frame.of(sheet.layout, page.number) == NOMINAL


def test_a_marked_ballot_is_read_as_marked(printed):
    sheet = printed["vote-multiple"]
    image = crossed(printed_page(sheet), sheet, 1, [0, 2])
    reading = read_page(image, layouts(printed), "PN")
    assert (reading.status, reading.code, reading.page) == (Status.READ, sheet.codes[0], 1)
    assert states(reading) == [
        BoxState.CROSSED,
        BoxState.EMPTY,
        BoxState.CROSSED,
        BoxState.EMPTY,
        BoxState.EMPTY,
    ]
    (group,) = reading.groups
    assert [box.option for box in group.marked] == [
        sheet.layout.pages[0].boxes[i].option for i in (0, 2)
    ]
    assert not reading.degraded and not group.unclear


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_a_page_upside_down_or_sideways_is_read(printed, turns):
    sheet = printed["vote-single"]
    image = crossed(printed_page(sheet, index=1), sheet, 1, [1])
    reading = read_page(np.rot90(image, -turns), layouts(printed), "PN")
    assert (reading.status, reading.code, reading.turns) == (Status.READ, sheet.codes[1], turns)
    assert states(reading)[1] is BoxState.CROSSED
    assert states(reading).count(BoxState.EMPTY) == len(reading.boxes) - 1


def test_page_two_of_a_survey_sheet_is_read_with_its_boxes(printed):
    sheet = printed["survey"]
    image = crossed(printed_page(sheet, page=2), sheet, 2, [0, 6])
    reading = read_page(image, layouts(printed), "PN")
    assert (reading.status, reading.code, reading.page) == (Status.READ, sheet.codes[0], 2)
    assert [r.box for r in reading.boxes] == sheet.layout.pages[1].boxes
    assert [i for i, s in enumerate(states(reading)) if s is BoxState.CROSSED] == [0, 6]


@pytest.mark.parametrize("corner", [0, 1, 2, 3])
def test_three_markers_are_enough_but_the_page_is_degraded(printed, corner):
    sheet = printed["vote-yes_no"]
    image = crossed(printed_page(sheet), sheet, 1, [0])
    painted(image, sheet.layout.marker_rects()[corner].grown(0.5))
    reading = read_page(image, layouts(printed), "PN")
    assert (reading.status, reading.code, reading.degraded) == (Status.READ, sheet.codes[0], True)
    assert states(reading)[0] is BoxState.CROSSED


def test_two_markers_are_not_enough(printed):
    sheet = printed["vote-yes_no"]
    image = printed_page(sheet)
    for marker in sheet.layout.marker_rects()[:2]:
        painted(image, marker.grown(0.5))
    reading = read_page(image, layouts(printed), "PN")
    assert (reading.status, reading.code, reading.problem) == (
        Status.UNREADABLE,
        sheet.codes[0],
        "markers",
    )
    assert reading.boxes == () and reading.to_image is None


@pytest.mark.parametrize("turns", [0, 2])
def test_a_covered_qr_code_sends_the_page_to_review_without_a_code(printed, turns):
    sheet = printed["vote-single"]
    image = crossed(printed_page(sheet), sheet, 1, [2])
    image = np.rot90(painted(image, sheet.layout.pages[0].qr.grown(1)), turns)
    reading = read_page(image, layouts(printed), "PN")
    assert (reading.status, reading.code, reading.page) == (Status.REVIEW, None, None)
    assert reading.problem == "no_code" and reading.boxes == ()
    assert page_image(image, reading).shape == (2376, 1680)  # shown straightened for review
    typed = read_page(image, layouts(printed), "PN", known=(sheet.codes[0], 1))
    assert (typed.status, typed.code, typed.turns) == (Status.READ, sheet.codes[0], turns)
    assert states(typed)[2] is BoxState.CROSSED


def test_a_damaged_qr_code_is_never_guessed(printed):
    sheet = printed["vote-single"]
    image = printed_page(sheet)
    qr = sheet.layout.pages[0].qr
    painted(image, Rect(qr.x + 7, qr.y + 7, 10, 10), value=0)  # ink over its middle
    reading = read_page(image, layouts(printed), "PN")
    assert reading.code in (None, sheet.codes[0])
    assert reading.status in (Status.READ, Status.REVIEW)


def test_a_code_of_another_town_is_not_taken(printed):
    sheet = printed["vote-single"]
    reading = read_page(printed_page(sheet), layouts(printed), "XY")
    assert (reading.status, reading.code, reading.problem) == (Status.REVIEW, None, "no_code")


def test_a_code_no_batch_printed_is_reported(printed):
    sheet = printed["idea"]
    reading = read_page(printed_page(sheet), lambda code: None, "PN")
    assert (reading.status, reading.code, reading.page) == (Status.UNKNOWN_CODE, sheet.codes[0], 1)


def test_a_blank_page_is_not_a_sheet(printed):
    for image in (np.full((2339, 1654), 243, np.uint8), np.zeros((50, 40), np.uint8)):
        reading = read_page(image, layouts(printed), "PN")
        assert (reading.status, reading.code) == (Status.NOT_A_SHEET, None)


def test_noise_and_photos_are_not_sheets(printed):
    rng = np.random.default_rng(3)
    noise = rng.integers(0, 256, (1754, 1240), dtype=np.uint8)
    photo = cv2.GaussianBlur(rng.normal(128, 60, (1500, 2000)).astype(np.float32), (0, 0), 25)
    photo = cv2.normalize(photo, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    squares = np.full((1754, 1240), 240, np.uint8)
    for _ in range(40):  # dark squares everywhere, some of a marker's size
        x, y, side = rng.integers(0, 1150), rng.integers(0, 1650), int(rng.integers(20, 90))
        squares[y : y + side, x : x + side] = 20
    for image in (noise, photo, squares):
        reading = read_page(image, layouts(printed), "PN")
        assert (reading.status, reading.code, reading.boxes) == (Status.NOT_A_SHEET, None, ())


def test_another_form_and_another_paper_size_are_not_sheets(printed):
    k = DPI / 25.4
    form = np.full((int(148 * k), int(210 * k)), 245, np.uint8)  # A5 landscape, corner squares
    for x, y in ((10, 10), (192, 10), (10, 130), (192, 130)):
        painted(form, Rect(x, y, 8, 8), value=10)
    assert read_page(form, layouts(printed), "PN").status is Status.NOT_A_SHEET
    sheet = printed["vote-single"]
    letter = cv2.resize(printed_page(sheet), (int(216 * k), int(279 * k)))  # stretched
    reading = read_page(letter, layouts(printed), "PN")
    assert reading.status in (Status.NOT_A_SHEET, Status.UNREADABLE)
    assert reading.boxes == () and reading.code in (None, sheet.codes[0])


def test_an_over_vote_and_abstaining_with_an_answer_go_to_review(printed):
    single = printed["vote-single"]
    reading = read_page(crossed(printed_page(single), single, 1, [0, 1]), layouts(printed), "PN")
    assert reading.status is Status.REVIEW and reading.problem == "marks"
    (group,) = reading.groups
    assert (group.unclear, group.reason, len(group.marked)) == (True, "over", 2)
    assert {r.box for r in reading.unclear_boxes} == set(single.layout.pages[0].boxes)
    multiple = printed["vote-multiple"]
    abstain = len(multiple.layout.pages[0].boxes) - 1
    image = crossed(printed_page(multiple), multiple, 1, [0, abstain])
    (group,) = read_page(image, layouts(printed), "PN").groups
    assert (group.unclear, group.reason) == (True, "mixed")


def test_a_colour_scan_is_read_and_the_reading_can_be_stored(printed):
    sheet = printed["idea-large"]
    image = crossed(printed_page(sheet, page=2), sheet, 2, [1])
    colour = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    reading = read_page(colour, layouts(printed), "PN")
    assert (reading.status, reading.page) == (Status.READ, 2)
    assert states(reading)[1] is BoxState.CROSSED
    stored = json.loads(json.dumps(reading.as_dict()))
    assert stored["code"] == sheet.codes[0] and stored["boxes"][1]["state"] == "crossed"
    assert [group["marked"] for group in stored["groups"]] == [[1], []]  # category, consent
    crop = box_image(colour, reading, reading.boxes[1].box)
    assert crop.shape == (int((9 + 20) * 16), int((9 + 20) * 16))
    assert crop.mean() < 250  # the box and its cross are in it
