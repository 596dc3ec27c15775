"""Marking sheets returned in bulk (the service): issued sheets move to returned with who and
when, returned and entered ones are reported and left alone, unusable codes are refused with
the registry's messages, each code is reported once, and the limits hold."""

# ruff: noqa: F811  (the fixtures imported from returns_fixtures are test arguments here)
from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from participation.paper import registry, returns
from participation.paper.models import Sheet, SheetEvent, SheetStatus
from participation.paper.returns import Kind
from tests.paper.returns_fixtures import (  # noqa: F401
    clerk,
    mistyped,
    move_to,
    never_printed,
    sheets,
)

S = SheetStatus


@pytest.fixture(autouse=True)
def in_german(app):
    """A request context in German, for the messages."""
    with app.test_request_context(), force_locale("de"):
        yield


def events_to(db, status: SheetStatus) -> list[SheetEvent]:
    """Return the moves to `status`, oldest first."""
    query = select(SheetEvent).where(SheetEvent.to_status == status).order_by(SheetEvent.id)
    return list(db.session.scalars(query))


def status_of(db, sheet: Sheet) -> SheetStatus:
    """Return the sheet's status as stored."""
    db.session.expire(sheet)
    return db.session.get(Sheet, sheet.id).status


def refusal(reason: str) -> str:
    """Return the registry's message for `reason`."""
    return registry.SheetRefused(reason).message


# --- each outcome -----------------------------------------------------------------------------


def test_issued_sheets_are_marked_returned_with_who_and_when(db, clerk, sheets):
    first, second, untouched = sheets(3)
    report = returns.mark_returned([first.code, second.code], clerk)
    assert [o.kind for o in report.outcomes] == [Kind.RETURNED, Kind.RETURNED]
    assert [o.sheet_id for o in report.outcomes] == [first.id, second.id]
    assert [o.message for o in report.outcomes] == ["Jetzt als zurückgegeben vermerkt."] * 2
    assert (report.returned, report.already, report.refused) == (2, 0, 0)
    assert status_of(db, first) is status_of(db, second) is S.RETURNED
    assert status_of(db, untouched) is S.ISSUED
    events = events_to(db, S.RETURNED)
    assert [(e.sheet_id, e.from_status, e.actor_id) for e in events] == [
        (first.id, S.ISSUED, clerk.id),
        (second.id, S.ISSUED, clerk.id),
    ]
    assert all(event.at is not None for event in events)


def test_a_returned_sheet_is_reported_and_left_alone(db, clerk, sheets, make_user):
    [sheet] = sheets(1)
    earlier = make_user(display_name="Frieda Früher")
    move_to(sheet, S.RETURNED, earlier)
    [outcome] = returns.mark_returned([sheet.code], clerk).outcomes
    assert outcome.kind is Kind.ALREADY_RETURNED and not outcome.refused
    assert outcome.message == "Dieser Bogen ist schon als zurückgegeben vermerkt."
    assert outcome.sheet_id == sheet.id
    assert [event.actor_id for event in events_to(db, S.RETURNED)] == [earlier.id]


def test_an_entered_sheet_is_reported_and_not_moved_back(db, clerk, sheets):
    [sheet] = sheets(1)
    move_to(sheet, S.ENTERED, clerk)
    report = returns.mark_returned([sheet.code], clerk)
    [outcome] = report.outcomes
    assert outcome.kind is Kind.ALREADY_ENTERED
    assert outcome.message == "Dieser Bogen ist schon erfasst."
    assert (report.returned, report.already, report.refused) == (0, 1, 0)
    assert status_of(db, sheet) is S.ENTERED
    assert len(events_to(db, S.RETURNED)) == 1  # the move on the way to entered, no other


@pytest.mark.parametrize(("status", "reason"), [(S.VOID, "void"), (S.COUNTED, "counted")])
def test_void_and_counted_sheets_are_refused_with_the_registry_message(
    db, clerk, sheets, status, reason
):
    [sheet] = sheets(1)
    move_to(sheet, status, clerk)
    before = db.session.scalar(select(func.count()).select_from(SheetEvent))
    [outcome] = returns.mark_returned([sheet.code.lower()], clerk).outcomes
    assert (outcome.kind, outcome.reason, outcome.sheet_id) == (Kind.REFUSED, reason, sheet.id)
    assert outcome.message == refusal(reason)
    assert status_of(db, sheet) is status
    assert db.session.scalar(select(func.count()).select_from(SheetEvent)) == before


@pytest.mark.parametrize(
    ("make_typed", "reason", "readable"),
    [
        (mistyped, "check", False),
        (lambda code: never_printed(), "unknown", True),
        (lambda code: "PN-1234", "format", False),
        (lambda code: "XY" + code[2:], "prefix", False),
    ],
)
def test_codes_that_name_no_sheet_are_refused_with_the_registry_message(
    db, clerk, sheets, make_typed, reason, readable
):
    [sheet] = sheets(1)
    typed = make_typed(sheet.code)
    [outcome] = returns.mark_returned([f"  {typed}  "], clerk).outcomes
    assert (outcome.kind, outcome.reason, outcome.sheet_id) == (Kind.REFUSED, reason, None)
    assert outcome.typed == typed
    assert (outcome.code is not None) is readable
    assert outcome.message == refusal(reason)
    assert status_of(db, sheet) is S.ISSUED and events_to(db, S.RETURNED) == []


def test_one_submission_with_every_outcome(db, clerk, sheets):
    fresh, returned, entered, void = sheets(4)
    move_to(returned, S.RETURNED, clerk)
    move_to(entered, S.ENTERED, clerk)
    move_to(void, S.VOID, clerk)
    typed = [void.code, "", fresh.code, "Quatsch", returned.code, "   ", entered.code]
    report = returns.mark_returned(typed, clerk)
    assert [(o.typed, o.kind) for o in report.outcomes] == [
        (void.code, Kind.REFUSED),
        (fresh.code, Kind.RETURNED),
        ("Quatsch", Kind.REFUSED),
        (returned.code, Kind.ALREADY_RETURNED),
        (entered.code, Kind.ALREADY_ENTERED),
    ]
    assert report.totals == {
        Kind.RETURNED: 1,
        Kind.ALREADY_RETURNED: 1,
        Kind.ALREADY_ENTERED: 1,
        Kind.REFUSED: 2,
    }
    assert (report.returned, report.already, report.refused) == (1, 2, 2)
    assert report.usable and report.refused_lines == [void.code, "Quatsch"]


# --- how codes are read -----------------------------------------------------------------------


def test_codes_are_read_as_staff_type_them_and_kept_as_typed(db, clerk, sheets):
    [sheet] = sheets(1)
    typed = sheet.code.lower().replace("-", " ").replace("0", "o")
    [outcome] = returns.mark_returned([f"\t{typed} "], clerk).outcomes
    assert (outcome.typed, outcome.code, outcome.kind) == (typed, sheet.code, Kind.RETURNED)


def test_a_code_typed_twice_is_reported_once_and_moved_once(db, clerk, sheets):
    first, second = sheets(2)
    typed = [first.code, second.code, first.code.lower(), first.code.replace("-", "")]
    report = returns.mark_returned(typed, clerk)
    assert [(o.code, o.kind, o.times) for o in report.outcomes] == [
        (first.code, Kind.RETURNED, 3),
        (second.code, Kind.RETURNED, 1),
    ]
    assert len(events_to(db, S.RETURNED)) == 2


def test_the_same_wrong_line_twice_is_refused_once(db, clerk):
    report = returns.mark_returned(["PN 12", "pn-12", "PN-12 "], clerk)
    [outcome] = report.outcomes
    assert (outcome.typed, outcome.kind, outcome.times) == ("PN 12", Kind.REFUSED, 3)
    assert report.refused_lines == ["PN 12"] and not report.usable


@pytest.mark.parametrize(
    "line",
    [
        "x" * 10_000,
        "\x00\x01\x02",
        "😀 PN-7K3M-9Q2X-4",
        "'; DROP TABLE paper_sheets; --",
        "PN-7K3M-9Q2X-4 PN-7K3M-9Q2X-4",
        "<script>alert(1)</script>",
        "PN-",
    ],
)
def test_malformed_lines_are_refused_not_errors(db, clerk, sheets, line):
    [sheet] = sheets(1)
    [outcome] = returns.mark_returned([line, ""], clerk).outcomes
    assert outcome.kind is Kind.REFUSED and outcome.reason in ("format", "prefix")
    assert outcome.sheet_id is None and outcome.message == refusal(outcome.reason)
    assert status_of(db, sheet) is S.ISSUED


def test_sheets_are_locked_in_one_order_whatever_the_order_typed(db, clerk, sheets, monkeypatch):
    batch = sheets(6)
    calls = []
    real = registry.find_sheet

    def spy(typed, *, for_update=False):
        calls.append((typed, for_update))
        return real(typed, for_update=for_update)

    monkeypatch.setattr(registry, "find_sheet", spy)
    typed = [sheet.code for sheet in reversed(batch)]
    report = returns.mark_returned(typed, clerk)
    assert [o.typed for o in report.outcomes] == typed  # reported in the order typed
    assert [code for code, _lock in calls] == sorted(typed)
    assert all(lock for _code, lock in calls)


# --- limits -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lines", [[], [""], ["", "   ", "\t"]])
def test_nothing_typed_is_refused(db, clerk, lines):
    with pytest.raises(returns.ReturnsRefused) as caught:
        returns.mark_returned(lines, clerk)
    assert caught.value.reason == "empty"
    assert caught.value.message == "Bitte geben Sie mindestens einen Code ein."


def test_five_hundred_codes_at_once_are_marked(db, clerk, sheets):
    batch = sheets(returns.MAX_CODES)
    report = returns.mark_returned([sheet.code for sheet in batch], clerk)
    assert report.returned == returns.MAX_CODES
    assert len(events_to(db, S.RETURNED)) == returns.MAX_CODES


def test_more_than_five_hundred_codes_are_refused_and_nothing_moves(db, clerk, sheets):
    batch = sheets(3)
    lines = [sheet.code for sheet in batch] + ["PN-1234"] * 498 + ["", ""]
    with pytest.raises(returns.ReturnsRefused) as caught:
        returns.mark_returned(lines, clerk)
    assert caught.value.reason == "too_many"
    assert caught.value.message == (
        "Das sind 501 Codes. Bitte geben Sie höchstens 500 Codes auf einmal ein."
    )
    assert events_to(db, S.RETURNED) == []


def test_a_huge_paste_is_refused_without_reading_a_code(db, clerk, monkeypatch):
    monkeypatch.setattr(registry, "find_sheet", lambda *a, **k: pytest.fail("a code was read"))
    with pytest.raises(returns.ReturnsRefused) as caught:
        returns.mark_returned(["PN-7K3M-9Q2X-4"] * 200_000, clerk)
    assert caught.value.reason == "too_many" and "200.000 Codes" in caught.value.message


# --- sending again, events, transactions ------------------------------------------------------


def test_sending_the_same_list_again_changes_nothing(db, clerk, sheets, make_user):
    batch = sheets(3)
    typed = [sheet.code for sheet in batch]
    returns.mark_returned(typed, clerk)
    again = returns.mark_returned(typed, make_user(roles=()))
    assert [o.kind for o in again.outcomes] == [Kind.ALREADY_RETURNED] * 3
    assert (again.returned, again.already, again.refused) == (0, 3, 0)
    assert {event.actor_id for event in events_to(db, S.RETURNED)} == {clerk.id}
    assert len(events_to(db, S.RETURNED)) == 3


def test_the_service_flushes_and_never_commits(db, clerk, sheets, monkeypatch):
    [sheet] = sheets(1)
    monkeypatch.setattr(db.session, "commit", lambda: pytest.fail("the service committed"))
    returns.mark_returned([sheet.code], clerk)
    flushed = select(SheetEvent.to_status).where(SheetEvent.sheet_id == sheet.id)
    assert db.session.scalars(flushed).all() == [S.RETURNED]
