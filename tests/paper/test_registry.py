"""The sheet registry: finding a sheet by what was typed, refusing unknown, mistyped, void and
counted codes with their messages, moves with who and when, voiding a sheet or a batch
(counted sheets stay counted), and the counts by state."""

# ruff: noqa: F811  (the fixtures imported from batch_fixtures are test arguments here)
from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from participation.core import codes
from participation.core.audit import AuditEntry
from participation.paper import batches, registry
from participation.paper.models import Sheet, SheetEvent, SheetKind, SheetStatus
from tests.paper.batch_fixtures import (  # noqa: F401
    fake_pdf,
    make_batch,
    move_to,
    paper_folder,
    staff,
    vote,
)
from tests.querycount import counted_queries

S = SheetStatus


def german(refusal: registry.SheetRefused) -> str:
    """Return the refusal's message in German."""
    with force_locale("de"):
        return refusal.message


def sheets_of(db, batch) -> list[Sheet]:
    """Return the batch's sheets in page order."""
    query = select(Sheet).where(Sheet.batch_id == batch.id).order_by(Sheet.number)
    return list(db.session.scalars(query))


def mistyped(code: str) -> str:
    """Return the code with its first random character changed."""
    body = code.replace("-", "")[2:]
    other = next(c for c in codes.ALPHABET if c != body[0])
    return f"PN-{other}{body[1:4]}-{body[4:8]}-{body[8]}"


def unknown_code() -> str:
    """Return a well-formed code that was never printed."""
    body = "ZZZZ0000"
    return f"PN-ZZZZ-0000-{codes.check_character(body)}"


def test_a_sheet_is_found_however_its_code_is_typed(db, make_batch):
    sheet = sheets_of(db, make_batch(3))[1]
    for typed in (sheet.code, sheet.code.lower(), sheet.code.replace("-", " "), f" {sheet.code} "):
        assert registry.find_sheet(typed) == sheet


@pytest.mark.parametrize(
    ("typed", "reason", "says"),
    [
        (lambda code: mistyped(code), "check", "falsch abgetippt"),
        (lambda code: unknown_code(), "unknown", "nie gedruckt"),
        (lambda code: "hallo", "format", "Ein Code sieht so aus: PN-7K3M-9Q2X-4."),
        (lambda code: "XY" + code[2:], "prefix", "Er muss mit PN beginnen."),
    ],
)
def test_codes_that_are_no_sheet_are_refused_with_a_reason(db, make_batch, typed, reason, says):
    code = sheets_of(db, make_batch(1))[0].code
    with pytest.raises(registry.SheetRefused) as refused:
        registry.find_sheet(typed(code))
    assert refused.value.reason == reason and says in german(refused.value)


def test_void_and_counted_sheets_are_refused_for_use(db, make_batch, staff):
    void, counted, returned = sheets_of(db, make_batch(3))
    registry.void_sheet(void, staff, "verloren")
    move_to(counted, S.COUNTED, staff)
    move_to(returned, S.RETURNED, staff)
    for sheet, reason, says in ((void, "void", "ungültig"), (counted, "counted", "schon gezählt")):
        with pytest.raises(registry.SheetRefused) as refused:
            registry.check_open(registry.find_sheet(sheet.code))
        assert refused.value.reason == reason and refused.value.sheet == sheet
        assert says in german(refused.value)
    assert registry.check_open(registry.find_sheet(returned.code)) == returned


def test_every_move_records_who_and_when(db, make_batch, staff, make_user):
    other = make_user(display_name="Otto Zweit")
    sheet = sheets_of(db, make_batch(1))[0]
    registry.move(sheet, S.RETURNED, staff)
    registry.move(sheet, S.ENTERED, other, "erste Erfassung")
    assert [(e.from_status, e.to_status, e.actor_id, e.note) for e in sheet.events] == [
        (S.ISSUED, S.RETURNED, staff.id, ""),
        (S.RETURNED, S.ENTERED, other.id, "erste Erfassung"),
    ]
    assert all(event.at is not None for event in sheet.events)


def test_a_counted_sheet_moves_no_more(db, make_batch, staff):
    sheet = sheets_of(db, make_batch(1))[0]
    move_to(sheet, S.COUNTED, staff)
    for target in S:
        with pytest.raises(registry.SheetRefused) as refused:
            registry.move(sheet, target, staff)
        assert refused.value.reason == "counted"


def test_voiding_a_sheet_keeps_the_reason_and_is_audited(db, make_batch, staff):
    sheet = sheets_of(db, make_batch(1))[0]
    move_to(sheet, S.RETURNED, staff)
    registry.void_sheet(sheet, staff, "beim Bürgerbüro verloren")
    assert sheet.status is S.VOID
    assert (sheet.events[-1].to_status, sheet.events[-1].note) == (
        S.VOID,
        "beim Bürgerbüro verloren",
    )
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "paper.sheet_voided"))
    assert (entry.target_type, entry.target_id, entry.actor_id) == (
        "paper_sheets",
        sheet.id,
        staff.id,
    )
    assert entry.before == {"status": "returned"} and entry.after["reason"].startswith("beim")


def test_a_void_or_counted_sheet_cannot_be_voided(db, make_batch, staff):
    void, counted = sheets_of(db, make_batch(2))
    registry.void_sheet(void, staff, "verloren")
    move_to(counted, S.COUNTED, staff)
    for sheet, reason in ((void, "void"), (counted, "counted")):
        with pytest.raises(registry.SheetRefused) as refused:
            registry.void_sheet(sheet, staff, "noch einmal")
        assert refused.value.reason == reason
    assert len(void.events) == 1


def test_voiding_a_batch_leaves_counted_sheets_counted(db, make_batch, staff):
    batch = make_batch(5)
    issued, returned, entered, counted, void = sheets_of(db, batch)
    move_to(returned, S.RETURNED, staff)
    move_to(entered, S.ENTERED, staff)
    move_to(counted, S.COUNTED, staff)
    registry.void_sheet(void, staff, "verloren")
    assert batches.void_batch(batch, staff, "Kiste nass geworden") == 3
    statuses = {sheet.number: sheet.status for sheet in sheets_of(db, batch)}
    assert statuses == {1: S.VOID, 2: S.VOID, 3: S.VOID, 4: S.COUNTED, 5: S.VOID}
    voids = db.session.scalars(
        select(SheetEvent).where(SheetEvent.to_status == S.VOID, SheetEvent.sheet_id != void.id)
    ).all()
    assert sorted(e.sheet_id for e in voids) == sorted([issued.id, returned.id, entered.id])
    assert {(e.actor_id, e.note) for e in voids} == {(staff.id, "Kiste nass geworden")}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "paper.batch_voided"))
    assert entry.after == {"voided": 3, "reason": "Kiste nass geworden"}


def test_voiding_a_batch_twice_is_refused(db, make_batch, staff):
    batch = make_batch(2)
    batches.void_batch(batch, staff, "verloren")
    with pytest.raises(batches.BatchRefused):
        batches.void_batch(batch, staff, "noch einmal")
    events = db.session.scalar(select(func.count()).select_from(SheetEvent))
    assert events == 2


def test_counts_by_state_for_many_batches_in_one_query(db, make_batch, staff):
    first, second, empty = make_batch(4), make_batch(2, SheetKind.IDEA), None
    move_to(sheets_of(db, first)[0], S.COUNTED, staff)
    registry.void_sheet(sheets_of(db, first)[1], staff, "verloren")
    ids = [first.id, second.id, 999_999]
    db.session.flush()
    with counted_queries(db.engine) as statements:
        counts = registry.status_counts(ids)
    assert len(statements) == 1
    assert counts == {
        first.id: {S.ISSUED: 2, S.COUNTED: 1, S.VOID: 1},
        second.id: {S.ISSUED: 2},
        999_999: {},
    }
    assert registry.status_counts([]) == {} and empty is None


def test_a_sheet_and_its_history_load_in_a_fixed_number_of_queries(db, make_batch, staff):
    short, long = sheets_of(db, make_batch(2))
    registry.move(short, S.RETURNED, staff)
    move_to(long, S.COUNTED, staff)
    sizes = []
    db.session.flush()
    for sheet_id in (short.id, long.id):
        db.session.expire_all()
        with counted_queries(db.engine) as statements:
            loaded = registry.load_sheet(sheet_id)
            names = [event.actor.display_name for event in loaded.events]
            names.append(loaded.batch.created_by.display_name)
        sizes.append(len(statements))
    assert sizes[0] == sizes[1] <= 4  # sheet and batch, events and actors, their roles
