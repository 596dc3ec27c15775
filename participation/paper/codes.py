"""Sheet codes: `PN-7K3M-9Q2X-4` — the town's prefix, eight random characters (40 bits: a
guessed code is all but never a printed one) and a check character, so a mistyped code is
refused before anything is looked up."""

from __future__ import annotations

import re
from dataclasses import dataclass

from participation.core import codes

BODY_LENGTH = 8
PREFIX_PATTERN = re.compile(r"^[A-Z]{1,4}$")


@dataclass(frozen=True)
class Reading:
    """What a typed code turned out to be: the code as stored, or why it cannot be one."""

    code: str | None
    problem: str | None = None  # "format", "prefix" or "check"


def make_code(prefix: str) -> str:
    """Return a new random sheet code with the town's `prefix`."""
    body = codes.random_characters(BODY_LENGTH)
    return f"{prefix}-{codes.grouped(body)}-{codes.check_character(body)}"


def read_code(typed: str | None, prefix: str) -> Reading:
    """Return the stored form of a typed or scanned code (any case, with or without hyphens or
    spaces, O for 0, I or L for 1), or the problem: not a sheet code at all, another town's
    prefix, or a wrong check character (a typing mistake)."""
    text = codes.SEPARATORS.sub("", typed or "").upper()
    letters = prefix.upper()
    if not text.startswith(letters):
        return Reading(None, "prefix" if has_other_prefix(text) else "format")
    rest = text[len(letters) :].translate(codes.LOOKALIKES)
    if len(rest) != BODY_LENGTH + 1 or not codes.in_alphabet(rest):
        return Reading(None, "format")
    body, check = rest[:BODY_LENGTH], rest[BODY_LENGTH]
    if codes.check_character(body) != check:
        return Reading(None, "check")
    return Reading(f"{letters}-{codes.grouped(body)}-{check}")


def has_other_prefix(text: str) -> bool:
    """Whether `text` looks like a sheet code of another prefix (letters, then 9 characters)."""
    match = re.fullmatch(r"([A-Z]{1,4})([0-9A-Z]{9})", text)
    return match is not None
