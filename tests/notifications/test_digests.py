"""Daily digests: one mail per person and calendar day in Europe/Berlin (not UTC), only for
finished days, at most once however often the cron job runs, across the days the clocks change,
and again on the next run when the SMTP server refused it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, select

from participation.extensions import db as _db
from participation.notifications import digests
from participation.notifications.models import Delivery, Digest, Notification
from tests import live
from tests.notifications.conftest import all_rows, bulk_people

BERLIN = ZoneInfo("Europe/Berlin")


def at(local: str, fold: int = 0) -> datetime:
    """Return the moment of a Berlin wall-clock time ("2026-06-10 23:30")."""
    return datetime.fromisoformat(local).replace(tzinfo=BERLIN, fold=fold)


def happened(person: int, label: str, when: datetime, delivery=Delivery.DIGEST) -> None:
    """Write a reply notification from `when` that waits for the daily digest."""
    payload = {"comment_id": 1, "title": label, "name": "Zweiter"}
    row = {"recipient_id": person, "kind": "comment.reply", "payload": payload}
    row |= {"created_at": when, "delivery": delivery, "next_attempt_at": when, "attempts": 0}
    _db.session.execute(insert(Notification), [row])
    _db.session.commit()


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def labels(message) -> list[str]:
    """Return the titles of the notifications a digest lists, in order."""
    prefix = "- Zweiter hat auf Ihren Kommentar zu „"
    return [
        line.removeprefix(prefix).removesuffix("“ geantwortet.")
        for line in body(message).splitlines()
        if line.startswith(prefix)
    ]


def digest_days(person: int) -> dict[str, Delivery]:
    _db.session.expire_all()
    query = select(Digest.day, Digest.delivery).where(Digest.user_id == person)
    return {day.isoformat(): state for day, state in _db.session.execute(query)}


@pytest.fixture()
def person(db):
    return bulk_people(1, "leser")[0]


@pytest.mark.parametrize(
    ("day", "next_day", "long_date"),
    [
        ("2026-06-10", "2026-06-11", "10. Juni 2026"),  # summer time, UTC+2
        ("2026-01-15", "2026-01-16", "15. Januar 2026"),  # winter time, UTC+1
    ],
)
def test_a_digest_holds_one_berlin_day_not_one_utc_day(
    db, person, smtp_server, day, next_day, long_date
):
    happened(person, "kurz nach Mitternacht", at(f"{day} 00:30"))  # still the day before in UTC
    happened(person, "spät am Abend", at(f"{day} 23:30"))
    happened(person, "am nächsten Tag", at(f"{next_day} 00:30"))  # the same UTC day as 23:30

    assert digests.send_due(now=at(f"{day} 23:59")) == 0  # the day is not over yet
    assert digests.send_due(now=at(f"{next_day} 00:05")) == 1  # any time after midnight
    [first] = smtp_server.messages
    assert first["To"] == "leser0@example.org"
    d, m, y = day[8:], day[5:7], day[:4]
    assert first["Subject"] == f"Ihre Neuigkeiten vom {d}.{m}.{y}"
    assert labels(first) == ["kurz nach Mitternacht", "spät am Abend"]
    assert f"das ist am {long_date} auf der Plattform" in body(first)
    assert "/comments/1" in body(first) and "/notifications/settings" in body(first)

    assert digests.send_due(now=at(f"{next_day} 09:00")) == 0  # the next day is not over
    assert digests.send_due(now=at(f"{next_day} 23:59")) == 0
    day_after = (date.fromisoformat(next_day) + timedelta(days=1)).isoformat()
    assert digests.send_due(now=at(f"{day_after} 06:00")) == 1
    assert labels(smtp_server.messages[1]) == ["am nächsten Tag"]
    assert digest_days(person) == {day: Delivery.SENT, next_day: Delivery.SENT}
    assert {(row.delivery, row.digest_id is not None) for row in all_rows()} == {
        (Delivery.SENT, True)
    }


def test_the_day_the_clocks_go_back_has_25_hours_in_one_digest(db, person, smtp_server):
    happened(person, "am Vorabend", at("2026-10-24 23:50"))
    happened(person, "nach Mitternacht", at("2026-10-25 00:10"))  # 22:10 UTC on the 24th
    happened(person, "2:30 Sommerzeit", at("2026-10-25 02:30", fold=0))  # 00:30 UTC
    happened(person, "2:30 Winterzeit", at("2026-10-25 02:30", fold=1))  # 01:30 UTC
    happened(person, "vor Mitternacht", at("2026-10-25 23:50"))  # 22:50 UTC
    assert digests.send_due(now=at("2026-10-26 07:00")) == 2
    by_subject = {message["Subject"]: labels(message) for message in smtp_server.messages}
    assert by_subject == {
        "Ihre Neuigkeiten vom 24.10.2026": ["am Vorabend"],
        "Ihre Neuigkeiten vom 25.10.2026": [
            "nach Mitternacht",
            "2:30 Sommerzeit",
            "2:30 Winterzeit",
            "vor Mitternacht",
        ],
    }


def test_the_day_the_clocks_go_forward_has_23_hours_in_one_digest(db, person, smtp_server):
    happened(person, "nach Mitternacht", at("2026-03-29 00:30"))  # 23:30 UTC on the 28th
    happened(person, "nach der Umstellung", at("2026-03-29 03:30"))  # 01:30 UTC
    happened(person, "vor Mitternacht", at("2026-03-29 23:30"))  # 21:30 UTC
    happened(person, "am Montag", at("2026-03-30 00:30"))  # 22:30 UTC on the 29th
    assert digests.send_due(now=at("2026-03-30 12:00")) == 1
    [message] = smtp_server.messages
    assert message["Subject"] == "Ihre Neuigkeiten vom 29.03.2026"
    assert labels(message) == ["nach Mitternacht", "nach der Umstellung", "vor Mitternacht"]
    assert digest_days(person) == {"2026-03-29": Delivery.SENT}


def test_one_digest_per_day_however_often_the_job_runs(db, person, smtp_server):
    happened(person, "eins", at("2026-06-10 08:00"))
    happened(person, "zwei", at("2026-06-10 20:00"))
    runs = ["2026-06-11 00:01", "2026-06-11 00:02", "2026-06-11 06:00", "2026-06-12 06:00"]
    assert [digests.send_due(now=at(moment)) for moment in runs] == [1, 0, 0, 0]
    assert digests.send_due() == 0  # and today, for real
    [message] = smtp_server.messages
    assert labels(message) == ["eins", "zwei"]


def test_each_person_gets_their_own_and_only_what_they_chose_daily(db, smtp_server):
    first, second = bulk_people(2, "leser")
    happened(first, "für die Erste", at("2026-06-10 09:00"))
    happened(first, "sofort", at("2026-06-10 10:00"), delivery=Delivery.PENDING)
    happened(first, "nur im Zentrum", at("2026-06-10 11:00"), delivery=Delivery.NONE)
    happened(second, "für den Zweiten", at("2026-06-10 12:00"))
    assert digests.send_due(now=at("2026-06-11 06:00")) == 2
    got = {message["To"]: labels(message) for message in smtp_server.messages}
    assert got == {
        "leser0@example.org": ["für die Erste"],
        "leser1@example.org": ["für den Zweiten"],
    }
    untouched = {row.payload["title"]: row.delivery for row in all_rows() if row.digest_id is None}
    assert untouched == {"sofort": Delivery.PENDING, "nur im Zentrum": Delivery.NONE}


def test_a_digest_is_written_in_the_recipients_language(db, smtp_server):
    [person] = bulk_people(1, "reader", locale="en")
    happened(person, "Bench", at("2026-06-10 09:00"))
    digests.send_due(now=at("2026-06-11 06:00"))
    [message] = smtp_server.messages
    assert message["Subject"] == "Your news of Jun 10, 2026"
    text = body(message)
    assert "Dear Reader 0," in text
    assert "Zweiter replied to your comment on “Bench”." in text


def test_a_digest_the_server_refused_goes_out_on_the_next_run(db, person, smtp_server):
    happened(person, "eins", at("2026-06-10 08:00"))
    smtp_server.refuse_next = 1
    assert digests.send_due(now=at("2026-06-11 06:00")) == 0
    assert smtp_server.refused == 1 and smtp_server.messages == []
    assert digest_days(person) == {"2026-06-10": Delivery.PENDING}  # kept, not lost

    happened(person, "zwei", at("2026-06-11 08:00"))
    assert digests.send_due(now=at("2026-06-12 06:00")) == 2  # the refused one and the new one
    assert [labels(message) for message in smtp_server.messages] == [["eins"], ["zwei"]]
    assert digest_days(person) == {"2026-06-10": Delivery.SENT, "2026-06-11": Delivery.SENT}
    assert digests.send_due(now=at("2026-06-12 07:00")) == 0


def test_two_runs_at_the_same_moment_send_one_digest(smtp_inbox):
    """Two cron runs overlap (a slow run and the next one): the unique (person, day) row lets
    only one of them send."""
    inbox, port = smtp_inbox
    settings = {"MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}
    with live.live_app("notification_digests", **settings) as app:
        with app.app_context():
            people = bulk_people(5, "leser")
            for person in people:
                happened(person, "eins", at("2026-06-10 08:00"))
            _db.session.remove()

        def run(_n):
            with app.app_context():
                return digests.send_due(now=at("2026-06-11 06:00"))

        assert sum(live.at_once(3, run)) == 5
    assert sorted(message["To"] for message in inbox.messages) == [
        f"leser{n}@example.org" for n in range(5)
    ]
