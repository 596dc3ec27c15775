"""Writing notifications: one row per recipient in bulk, in the transaction of their cause, the
person's choice deciding what happens to the mail, and nothing for nobody."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import insert

from participation.comments import services as comment_services
from participation.extensions import db as _db
from participation.notifications import outbox
from participation.notifications.models import Choice, Delivery, Preference
from tests.notifications.conftest import all_rows, bulk_people, publish
from tests.querycount import counted_queries

pytestmark = pytest.mark.usefixtures("test_kinds")


def choose(user_id: int, kind: str, choice: Choice) -> None:
    _db.session.execute(insert(Preference), [{"user_id": user_id, "kind": kind, "choice": choice}])


def inserts(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("INSERT INTO NOTIFICATIONS")]


def test_one_row_per_recipient_written_in_batches(app, db, monkeypatch):
    people = bulk_people(5)
    monkeypatch.setattr(outbox, "BATCH", 2)
    with counted_queries(db.engine) as statements:
        written = outbox.notify("test.ping", to=people, text="Hallo")
    assert written == 5
    assert len(inserts(statements)) == 3  # 2 + 2 + 1 rows, never one statement per person
    rows = all_rows()
    assert [row.recipient_id for row in rows] == people
    assert {row.kind for row in rows} == {"test.ping"}
    assert all(row.payload == {"text": "Hallo"} for row in rows)
    assert all(row.read_at is None and row.attempts == 0 for row in rows)
    assert all(row.delivery is Delivery.PENDING and row.next_attempt_at for row in rows)


def test_each_persons_choice_decides_the_mail(db):
    immediately, daily, off, default = bulk_people(4)
    choose(immediately, "test.ping", Choice.IMMEDIATELY)
    choose(daily, "test.ping", Choice.DAILY)
    choose(off, "test.ping", Choice.OFF)
    choose(default, "test.daily", Choice.OFF)  # a choice about another kind changes nothing
    outbox.notify("test.ping", to=[immediately, daily, off, default])
    got = {row.recipient_id: row.delivery for row in all_rows()}
    assert got == {
        immediately: Delivery.PENDING,  # mailed as soon as a worker gets to it
        daily: Delivery.DIGEST,  # waits for the daily digest
        off: Delivery.NONE,  # in the notification centre only
        default: Delivery.PENDING,  # no choice: the kind's default (immediately)
    }


def test_a_kinds_default_applies_without_a_choice(db):
    [person] = bulk_people(1)
    outbox.notify("test.daily", to=[person])
    assert [row.delivery for row in all_rows()] == [Delivery.DIGEST]


def test_a_kind_that_cannot_be_switched_off_ignores_an_off_choice(db):
    """A stored "off" (from before, or sent by hand) does not silence a required kind."""
    [person] = bulk_people(1)
    choose(person, "test.required", Choice.OFF)
    choose(person, "moderation.decision", Choice.OFF)
    outbox.notify("test.required", to=[person])
    assert [row.delivery for row in all_rows()] == [Delivery.PENDING]


def test_recipients_are_told_once_and_empty_ids_are_left_out(db):
    first, second = bulk_people(2)
    assert outbox.notify("test.ping", to=[first, None, second, first, 0]) == 2
    assert [row.recipient_id for row in all_rows()] == [first, second]


def test_an_unknown_kind_is_refused_and_writes_nothing(app, db):
    [person] = bulk_people(1)
    g.pop("notifications_waiting", None)
    with pytest.raises(KeyError, match="no.such.kind"):
        outbox.notify("no.such.kind", to=[person])
    assert all_rows() == []
    assert not outbox.dispatch_requested()


def test_nobody_to_tell_writes_nothing_and_hands_nothing_over(app, db):
    g.pop("notifications_waiting", None)
    with counted_queries(db.engine) as statements:
        assert outbox.notify("test.ping", to=[]) == 0
    assert inserts(statements) == []
    assert all_rows() == []
    assert not outbox.dispatch_requested()


def test_writing_asks_for_one_hand_over_after_the_commit(app, db):
    people = bulk_people(3)
    g.pop("notifications_waiting", None)
    outbox.notify("test.ping", to=people[:1])
    outbox.notify("test.ping", to=people[1:])
    assert outbox.dispatch_requested() is True
    assert outbox.dispatch_requested() is False  # asked once, handed over once


def test_notifications_share_the_fate_of_their_cause(db, make_user):
    """Written in the cause's transaction: when the comment is rolled back, so is the news."""
    author, commenter = make_user(), make_user()
    proposal = publish(author)
    db.session.commit()
    comment_services.post_comment(proposal.thread, commenter, "Gute Idee!")
    assert [row.recipient_id for row in all_rows("proposal.comment")] == [author.id]
    db.session.rollback()
    assert all_rows("proposal.comment") == []
