"""Fixtures of the returns tests (import them by name into a test module): a staff member who
marks sheets returned, registered sheets, and codes typed wrongly."""

from __future__ import annotations

import pytest

from participation.core import codes
from participation.core.permissions import Role
from participation.extensions import db
from participation.paper import registry
from participation.paper.models import PaperBatch, Sheet, SheetKind, SheetStatus

S = SheetStatus


@pytest.fixture()
def clerk(make_user):
    """The staff member at the returns desk."""
    return make_user(roles=(Role.STAFF,), display_name="Rita Rücklauf")


def register(count: int) -> list[Sheet]:
    """Register `count` issued idea cards (a batch without a PDF); return them in page order."""
    batch = PaperBatch(kind=SheetKind.IDEA, size=count, note="Rücklauf")
    db.session.add(batch)
    db.session.flush()
    registry.register_sheets(batch)
    return sorted(batch.sheets, key=lambda sheet: sheet.number)


@pytest.fixture()
def sheets(db):
    """Factory: sheets(count=3) → issued sheets."""
    return lambda count=3: register(count)


def move_to(sheet: Sheet, status: SheetStatus, actor) -> None:
    """Move a sheet along the usual path up to `status` (returned, entered, counted), or void it."""
    if status is S.VOID:
        registry.void_sheet(sheet, actor, "verloren")
        return
    path = [S.RETURNED, S.ENTERED, S.COUNTED]
    for step in path[: path.index(status) + 1]:
        registry.move(sheet, step, actor)


def mistyped(code: str) -> str:
    """Return the code with its last random character changed (the check character fails)."""
    prefix, first, second, check = code.split("-")
    other = next(c for c in codes.ALPHABET if c != second[3])
    return f"{prefix}-{first}-{second[:3]}{other}-{check}"


def never_printed() -> str:
    """Return a well-formed code that was never printed."""
    return "PN-ZZZZ-0000-" + codes.check_character("ZZZZ0000")
