"""Bench accounts: confirmed, one shared password hash, some verified in person, one staff member."""

from __future__ import annotations

import bisect
import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from participation.accounts.models import User, UserRole
from participation.accounts.passwords import hash_password
from participation.core.benchdata import text
from participation.core.benchdata.loader import Loader, next_id
from participation.core.town import current_town

BENCH_PASSWORD = "Bench-Passwort-2026"  # every bench account's; bench databases only
VERIFIED_SHARE = 0.3
ENGLISH_SHARE = 0.05
YEARS = 3.5  # accounts were opened over this many years
USER_COLUMNS = (
    "id", "email", "display_name", "password_hash", "locale", "email_confirmed_at",
    "session_token", "identity_key", "verified_at", "verified_by_id", "district", "created_at",
)  # fmt: skip


@dataclass
class People:
    """The bench accounts as the later steps need them: ids, names, identity keys, and
    cumulative weights of how much each one writes (a few write a lot)."""

    ids: list[int]
    names: list[str]
    keys: list[str | None]
    activity: list[float]
    staff_email: str = ""

    @property
    def staff_id(self) -> int:
        """Return the staff member's id (the first account)."""
        return self.ids[0]

    def index_of(self, account_id: int) -> int:
        """Return the index of an account (the ids run without gaps)."""
        return account_id - self.ids[0]

    def writers(self, chance: random.Random, count: int) -> list[int]:
        """Return the indexes of `count` writers, the active ones more often."""
        total = self.activity[-1]
        return [bisect.bisect(self.activity, chance.random() * total) for _ in range(count)]


def ascii_name(name: str) -> str:
    """Return a name fit for an address: "Jürgen" → "juergen"."""
    name = name.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def account_row(number: int, account_id: int, created: datetime, chance, tokens) -> dict:
    """Return one account row (the first is the staff member, verified by nobody)."""
    first, last = text.person_name(chance)
    name = f"{first} {last}" if number else "Stadtverwaltung (Bench)"
    local = f"{ascii_name(first)}.{ascii_name(last)}" if number else "verwaltung"
    verified = number == 0 or chance.random() < VERIFIED_SHARE
    districts = current_town().districts
    return {
        "id": account_id, "email": f"{local}.{account_id}@example.org", "display_name": name,
        "password_hash": "", "locale": "en" if chance.random() < ENGLISH_SHARE else "de",
        "email_confirmed_at": created + timedelta(minutes=chance.randint(2, 600)),
        "session_token": f"{tokens.getrandbits(256):064x}",
        "identity_key": f"{tokens.getrandbits(256):064x}" if verified else None,
        "verified_at": created + timedelta(days=chance.randint(1, 60)) if verified else None,
        "verified_by_id": None, "created_at": created,
        "district": chance.choice(districts) if verified and districts else None,
    }  # fmt: skip


def write_accounts(loader: Loader, count: int, chance, tokens, now: datetime) -> People:
    """Write `count` accounts and their roles; return them as People."""
    first_id, password_hash = next_id(User.__table__), hash_password(BENCH_PASSWORD)
    span = timedelta(days=365 * YEARS)
    opened = sorted(now - span + span * chance.random() for _ in range(count))
    people = People([], [], [], [])
    with loader.phase():
        users, roles = loader.sink(User.__table__, USER_COLUMNS), loader.sink(UserRole.__table__)
        for number, created in enumerate(opened):
            row = account_row(number, first_id + number, created, chance, tokens)
            row["password_hash"] = password_hash
            if number and row["identity_key"]:
                row["verified_by_id"] = first_id
            row["verified_at"] = row["verified_at"] and min(row["verified_at"], now)
            loader.put(users, row)
            for role in role_names(number, row):
                loader.put(roles, role_row(row, role, first_id))
            remember(people, row, chance)
    return people


def role_names(number: int, row: dict) -> list[str]:
    """Return the stored roles of an account: staff for the first, verified for the checked."""
    return (["staff"] if number == 0 else []) + (["verified"] if row["identity_key"] else [])


def role_row(row: dict, role: str, staff_id: int) -> dict:
    """Return a role grant (the staff role granted by nobody, verification by the staff)."""
    granted_by = staff_id if role == "verified" and row["id"] != staff_id else None
    granted_at = row["verified_at"] if role == "verified" else row["created_at"]
    return {
        "user_id": row["id"],
        "role": role,
        "granted_at": granted_at,
        "granted_by_id": granted_by,
    }


def remember(people: People, row: dict, chance: random.Random) -> None:
    """Keep what later steps need of an account."""
    people.staff_email = people.staff_email or row["email"]
    people.ids.append(row["id"])
    people.names.append(row["display_name"])
    people.keys.append(row["identity_key"])
    weight = chance.lognormvariate(0, 1.2)
    people.activity.append((people.activity[-1] if people.activity else 0.0) + weight)
