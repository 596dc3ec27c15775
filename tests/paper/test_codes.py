"""Sheet codes: random, well-formed, tolerant of how they are typed, and a check character that
refuses every single mistyped character and swapped neighbours."""

from __future__ import annotations

import re

import pytest

from participation.core import codes
from participation.paper.codes import make_code, read_code

CODE = re.compile(r"^PN-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$")


def test_codes_look_alike_and_differ():
    made = {make_code("PN") for _ in range(2000)}
    assert len(made) == 2000
    assert all(CODE.match(code) for code in made)


@pytest.mark.parametrize(
    "typed",
    ["{code}", "{lower}", "{bare}", " {spaced} ", "{code_with_o}"],
)
def test_a_code_is_read_however_it_is_typed(typed):
    code = "PN-7K3M-9Q2X-" + codes.check_character("7K3M9Q2X")
    variants = {
        "code": code,
        "lower": code.lower(),
        "bare": code.replace("-", ""),
        "spaced": code.replace("-", " "),
        "code_with_o": code,
    }
    zero = "PN-70K3-9Q2X-" + codes.check_character("70K39Q2X")
    assert read_code(zero.replace("70K3", "7OK3"), "PN").code == zero
    assert read_code(typed.format(**variants), "PN").code == code


def test_every_single_mistyped_character_is_caught():
    code = make_code("PN")
    body = code.replace("-", "")[2:]
    for index in range(len(body)):
        for other in codes.ALPHABET:
            if other == body[index]:
                continue
            typed = "PN" + body[:index] + other + body[index + 1 :]
            assert read_code(typed, "PN").problem == "check", typed


def test_swapped_neighbours_are_caught():
    caught = total = 0
    for _ in range(300):
        body = make_code("PN").replace("-", "")[2:]
        for index in range(len(body) - 1):
            if body[index] == body[index + 1]:
                continue
            swapped = body[:index] + body[index + 1] + body[index] + body[index + 2 :]
            total += 1
            caught += read_code("PN" + swapped, "PN").problem == "check"
    assert caught / total > 0.9  # Luhn mod 32 misses only a few pairs of characters


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "format"),
        ("PN-7K3M-9Q2X", "format"),
        ("PN-7K3M-9Q2X-44", "format"),
        ("PN-7K3M-9Q2U-4", "format"),  # U is not in the alphabet
        ("XY-7K3M-9Q2X-4", "prefix"),
        ("<script>", "format"),
        ("P" * 5000, "format"),
    ],
)
def test_what_cannot_be_a_code_says_why(typed, problem):
    assert read_code(typed, "PN") == read_code(typed, "PN")
    assert read_code(typed, "PN").code is None
    assert read_code(typed, "PN").problem == problem
