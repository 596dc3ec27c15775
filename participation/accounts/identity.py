"""The identity key: who a person is, without storing who they are.

Staff type surname, given name and date of birth from an ID card (at verification in the
Bürgerbüro, and when they hand out a paper ballot). The platform keeps only
HMAC-SHA256(IDENTITY_KEY_SECRET, normalised name + date), so the same person gets the same key
on every channel, and the key alone reveals nothing without the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from datetime import date

from flask import current_app

# Spellings staff may use for the same letter (an ID card shows "Müller", a keyboard may give
# "Mueller"): fold both to the same form before hashing. The letters after the umlauts have no
# Unicode decomposition, so without a fold they would vanish; their spelling follows the
# transliteration of the machine-readable zone of ID cards (ICAO 9303: Ø → OE, Þ → TH, Ł → L).
GERMAN_FOLDS = str.maketrans(
    {
        **{"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"},
        **{"æ": "ae", "ø": "oe", "œ": "oe", "þ": "th", "ł": "l", "đ": "d", "ð": "d"},
        **{"ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k"},
    }
)
NOT_A_LETTER = re.compile(r"[^a-z]")


def normalise_name(name: str) -> str:
    """Return `name` folded to lower-case ASCII letters: case, umlaut spellings, accents,
    spaces, hyphens and apostrophes do not matter ("Müller-Lüdenscheidt" = "mueller luedenscheidt")."""
    folded = unicodedata.normalize("NFC", name).casefold().translate(GERMAN_FOLDS)
    decomposed = unicodedata.normalize("NFKD", folded)
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    return NOT_A_LETTER.sub("", ascii_only)


def unreadable_letters(name: str) -> list[str]:
    """Return the letters of `name` the key cannot use (other scripts than Latin): they would
    be dropped silently, so "Ørsted" and "rsted" must never be the same person by accident."""
    return sorted(
        {char for char in name if char.isalpha() and not normalise_name(char)},
    )


def first_given_name(given_names: str) -> str:
    """Return the first given name as printed on the ID ("Anna Maria" → "Anna"); blanks or
    stray marks typed before it ("- Anna") do not count as a name."""
    return next((part for part in given_names.split() if normalise_name(part)), "")


def identity_key(surname: str, given_names: str, birth_date: date) -> str:
    """Return the identity key (64 hex characters) of a person.

    Only the first given name counts: staff may not type every middle name the same way.
    """
    surname_part = normalise_name(surname)
    given_part = normalise_name(first_given_name(given_names))
    if not surname_part or not given_part:
        raise ValueError("surname and given name need at least one letter")
    message = f"{surname_part}|{given_part}|{birth_date.isoformat()}".encode()
    secret = current_app.config["IDENTITY_KEY_SECRET"].encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()
