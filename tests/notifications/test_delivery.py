"""Delivering notification mails to a real SMTP server on loopback: claims, leases, sending
once however often a job runs, pauses between attempts, giving up and retrying, the headers a
mail program needs for one-click unsubscribe, and the recipient's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from participation.core.models import utcnow
from participation.extensions import db as _db
from participation.notifications import delivery, jobs, outbox
from participation.notifications.models import Delivery, Notification
from participation.proposals import services as proposal_services
from participation.proposals.models import ProposalStatus
from tests.notifications.conftest import all_rows, bulk_people, publish

pytestmark = pytest.mark.usefixtures("test_kinds")


def write(kind: str, people: list[int], text: str = "Ping") -> list[int]:
    """Write notifications and commit them, as the request of their cause does."""
    outbox.notify(kind, to=people, text=text)
    _db.session.commit()
    return [row.id for row in all_rows(kind) if row.recipient_id in people]


def set_rows(ids, **values) -> None:
    """Change rows as time or another process would (the test's stand-in for the clock)."""
    _db.session.execute(
        update(Notification).where(Notification.id.in_(ids)).values(**values),
        execution_options={"synchronize_session": False},
    )
    _db.session.commit()


def row(notification_id: int) -> Notification:
    _db.session.expire_all()
    return _db.session.get(Notification, notification_id)


def plain(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def close_to(moment, expected, slack=timedelta(seconds=30)) -> bool:
    return abs(moment - expected) < slack


# --- claiming -------------------------------------------------------------------------------


def test_two_claims_never_get_the_same_mail(db):
    ids = write("test.ping", bulk_people(5))
    first_token, first = delivery.claim(limit=3)
    second_token, second = delivery.claim(limit=3)
    assert first == ids[:3] and second == ids[3:]
    assert first_token != second_token
    assert {row(i).claimed_by for i in first} == {first_token}
    assert all(row(i).delivery is Delivery.SENDING and row(i).claimed_at for i in ids)
    assert delivery.claim()[1] == []  # nothing left to claim


def test_only_due_pending_mails_are_claimed(db):
    due, later, digest, none, sent, failed = write("test.ping", bulk_people(6))
    set_rows([later], next_attempt_at=utcnow() + timedelta(minutes=5))
    set_rows([digest], delivery=Delivery.DIGEST)
    set_rows([none], delivery=Delivery.NONE)
    set_rows([sent], delivery=Delivery.SENT)
    set_rows([failed], delivery=Delivery.FAILED)
    assert delivery.claim()[1] == [due]


def test_a_worker_sends_only_what_it_claimed(db, smtp_server):
    [mine] = write("test.ping", bulk_people(1))
    token, ids = delivery.claim()
    with delivery.mail_context():
        assert delivery.deliver(ids, "someone-elses-token") == 0
        assert smtp_server.messages == [] and row(mine).delivery is Delivery.SENDING
        assert delivery.deliver(ids, token) == 1
    assert row(mine).delivery is Delivery.SENT and row(mine).claimed_by is None


# --- sending once ---------------------------------------------------------------------------


def test_dispatching_twice_sends_each_mail_once(db, smtp_server):
    ids = write("test.ping", bulk_people(4))
    assert delivery.dispatch() == 4
    assert delivery.dispatch() == 0
    assert jobs.deliver_due() == 0  # the RQ job run again after the fact
    counts = smtp_server.ids()
    assert sorted(counts) == sorted(f"<notification-{i}@localhost>" for i in ids)
    assert set(counts.values()) == {1}
    assert all(row(i).delivery is Delivery.SENT and row(i).sent_at for i in ids)


def test_dispatch_works_through_several_batches(db, smtp_server, monkeypatch):
    ids = write("test.ping", bulk_people(7))
    assert delivery.dispatch(limit=3) == 7  # 3 + 3 + 1, until nothing is left
    assert len(smtp_server.messages) == 7
    assert {row(i).delivery for i in ids} == {Delivery.SENT}


def test_only_claims_older_than_the_lease_are_put_back(db, smtp_server):
    stuck, fresh, done = write("test.ping", bulk_people(3))
    delivery.claim()
    assert delivery.release_stale_claims() == 0  # a worker may still be at it
    long_ago = utcnow() - delivery.LEASE - timedelta(seconds=1)
    set_rows([stuck], claimed_at=long_ago)
    set_rows([done], delivery=Delivery.SENT, claimed_at=long_ago)
    assert delivery.release_stale_claims() == 1
    assert row(stuck).delivery is Delivery.PENDING and row(stuck).claimed_by is None
    assert row(fresh).delivery is Delivery.SENDING
    assert row(done).delivery is Delivery.SENT
    assert delivery.dispatch() == 1  # the released one goes out; the fresh claim stays its own
    assert smtp_server.ids() == {f"<notification-{stuck}@localhost>": 1}


# --- refused, retried, given up ---------------------------------------------------------------


def test_a_refused_mail_waits_growing_pauses_then_is_given_up(db, smtp_server):
    [mail] = write("test.ping", bulk_people(1))
    smtp_server.refuse_next = 100
    for attempt, pause in enumerate(delivery.PAUSES, start=1):
        before = utcnow()
        assert delivery.dispatch() == 0
        failed = row(mail)
        assert failed.attempts == attempt and failed.delivery is Delivery.PENDING
        assert "451" in failed.last_error and failed.claimed_by is None
        assert close_to(failed.next_attempt_at, before + pause)
        assert delivery.dispatch() == 0 and smtp_server.refused == attempt  # not due yet
        set_rows([mail], next_attempt_at=utcnow() - timedelta(seconds=1))  # the pause is over
    assert delivery.dispatch() == 0
    given_up = row(mail)
    assert given_up.attempts == delivery.MAX_ATTEMPTS == 5
    assert given_up.delivery is Delivery.FAILED
    assert delivery.dispatch() == 0 and smtp_server.refused == 5  # no sixth try on its own


def test_a_refused_mail_goes_out_once_the_server_takes_it(db, smtp_server):
    [mail] = write("test.ping", bulk_people(1))
    smtp_server.refuse_next = 1
    assert delivery.dispatch() == 0
    set_rows([mail], next_attempt_at=utcnow())
    assert delivery.dispatch() == 1
    assert smtp_server.ids() == {f"<notification-{mail}@localhost>": 1}
    assert row(mail).delivery is Delivery.SENT and row(mail).attempts == 1


def test_retrying_failed_mails_gives_them_a_fresh_set_of_attempts(db, smtp_server):
    first, second = write("test.ping", bulk_people(2))
    set_rows([first, second], delivery=Delivery.FAILED, attempts=5, last_error="550")
    assert delivery.retry_failed([first]) == 1  # an admin retries one of them
    assert row(first).delivery is Delivery.PENDING and row(first).attempts == 0
    assert row(second).delivery is Delivery.FAILED
    assert delivery.dispatch() == 1
    assert delivery.retry_failed() == 1  # then all that are left
    assert delivery.dispatch() == 1
    assert sorted(smtp_server.ids()) == sorted(
        f"<notification-{i}@localhost>" for i in (first, second)
    )


def test_a_mail_that_cannot_be_made_does_not_hold_up_the_others(db, smtp_server):
    """A bug in one kind's mail is counted as a failed attempt of that mail; the rest of the
    batch goes out now, not when the lease of a crashed job runs out."""
    broken_person, other = bulk_people(2)
    [broken] = write("test.broken", [broken_person])
    [fine] = write("test.ping", [other])
    assert delivery.dispatch() == 1
    assert smtp_server.ids() == {f"<notification-{fine}@localhost>": 1}
    failed = row(broken)
    assert failed.delivery is Delivery.PENDING and failed.attempts == 1
    assert "payload lacks" in failed.last_error and failed.claimed_by is None


# --- what the mail says ---------------------------------------------------------------------


def test_optional_kinds_carry_one_click_unsubscribe(db, smtp_server):
    [mail] = write("test.ping", bulk_people(1, "leser"), text="Neuigkeit")
    delivery.dispatch()
    [message] = smtp_server.messages
    assert message["To"] == "leser0@example.org"
    assert message["Subject"] == "Ping Neuigkeit"
    assert message["Message-ID"] == f"<notification-{mail}@localhost>"
    assert message["Auto-Submitted"] == "auto-generated"
    header = message["List-Unsubscribe"]
    assert header.startswith("<http://127.0.0.1:5000/notifications/unsubscribe/")
    assert header.endswith(">")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header[1:-1]
    text = plain(message)
    assert "Ping: Neuigkeit" in text and link in text
    assert "http://127.0.0.1:5000/notifications/settings" in text
    markup = html(message)
    assert f'<a href="{link}">' in markup and '<html lang="de">' in markup


def test_required_kinds_offer_no_unsubscribe(db, smtp_server):
    write("test.required", bulk_people(1))
    delivery.dispatch()
    [message] = smtp_server.messages
    assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
    assert "/notifications/unsubscribe/" not in plain(message)


def test_each_recipient_reads_the_mail_in_their_own_language(db, make_user, smtp_server):
    author = make_user(email="autorin@example.org")
    proposal = publish(author, "Ein Brunnen im Park")
    german = make_user(email="de@example.org", display_name="Dora")
    english = make_user(email="en@example.org", display_name="Eve", locale="en")
    for person in (german, english):
        proposal_services.follows.set_following(proposal.id, person.id, True)
    staff = make_user(roles=("staff",))
    proposal_services.answer(proposal, staff, ProposalStatus.ACCEPTED, "Wir bauen ihn.", "Bauamt")
    _db.session.commit()
    delivery.dispatch()

    [de] = smtp_server.to("de@example.org")
    assert de["Subject"] == "Neues zu einem Vorschlag, dem Sie folgen"
    assert "Guten Tag Dora," in plain(de) and "Status: Angenommen" in plain(de)
    assert '<html lang="de">' in html(de)
    [en] = smtp_server.to("en@example.org")
    assert en["Subject"] == "News about a proposal you follow"
    assert "Dear Eve," in plain(en) and "Status: Accepted" in plain(en)
    assert '<html lang="en">' in html(en)
