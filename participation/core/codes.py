"""Codes that people read aloud, copy from paper or type: Crockford's base 32 (digits and
upper-case letters without I, L, O and U), tolerant of how they are typed, and a check
character that catches every mistyped character and most swapped neighbours."""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Crockford's base 32 reads the letters that look like digits as those digits.
LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")


def random_characters(count: int) -> str:
    """Return `count` random characters of the alphabet (5 random bits each)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(count))


def compact(text: str | None) -> str:
    """Return what was typed without separators, in upper case, lookalikes read as digits."""
    return SEPARATORS.sub("", text or "").upper().translate(LOOKALIKES)


def in_alphabet(text: str) -> bool:
    """Whether every character of `text` belongs to the alphabet."""
    return all(character in ALPHABET for character in text)


def check_character(text: str) -> str:
    """Return the Luhn mod 32 check character of `text` (characters of the alphabet): it
    changes with any single changed character and with most swaps of neighbours."""
    factor, total, base = 2, 0, len(ALPHABET)
    for character in reversed(text):
        addend = factor * ALPHABET.index(character)
        total += addend // base + addend % base
        factor = 1 if factor == 2 else 2
    return ALPHABET[(base - total % base) % base]


def grouped(text: str, size: int = 4) -> str:
    """Return `text` in groups of `size` joined by hyphens ("7K3M9Q2X" → "7K3M-9Q2X")."""
    return "-".join(text[index : index + size] for index in range(0, len(text), size))
