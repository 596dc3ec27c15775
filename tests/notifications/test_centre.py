"""The notification centre: the list (newest first, paged), the unread count in the header,
opening one, marking all read, the empty state, and a fixed number of queries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask_login import login_user
from sqlalchemy import select

from participation.core.models import utcnow
from participation.notifications import views
from participation.notifications.models import Delivery, Notification
from tests.querycount import counted_queries

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

PAYLOADS = {
    "proposal.comment": lambda n: {"comment_id": 1000 + n, "title": f"Titel {n}", "name": "Kim"},
    "comment.reply": lambda n: {"comment_id": 2000 + n, "title": f"Titel {n}", "name": "Kim"},
    "proposal.answer": lambda n: {"proposal_id": n, "title": f"Titel {n}", "status": "accepted"},
    "proposal.threshold": lambda n: {"proposal_id": n, "title": f"Titel {n}", "supports": 50},
    "moderation.decision": lambda n: {"decision_id": n, "action": "hide", "reason": "spam"},
    "moderation.waiting": lambda n: {"item_id": n, "cause": "reports"},
}


def add(db, user, number=0, kind="proposal.comment", read=False, minutes=None) -> Notification:
    """Write one notification for `user` (the n-th: later numbers are newer)."""
    row = Notification(
        recipient_id=user.id,
        kind=kind,
        payload=PAYLOADS[kind](number) if kind in PAYLOADS else {"new": "x@example.org"},
        created_at=START + timedelta(minutes=number if minutes is None else minutes),
        read_at=utcnow() if read else None,
        delivery=Delivery.NONE,
    )
    db.session.add(row)
    db.session.flush()
    return row


def add_many(db, user, count: int) -> list[Notification]:
    """Write `count` notifications of every kind in turn, every second one read."""
    names = list(PAYLOADS)
    return [add(db, user, n, names[n % len(names)], read=bool(n % 2)) for n in range(1, count + 1)]


def titles_listed(html: str) -> list[str]:
    """Return the "Titel n" of the listed notifications, in page order."""
    entries = re.findall(r'<li class="notification[^"]*">(.*?)</li>', html, re.S)
    return [re.search(r"Titel (\d+)", entry).group(1) for entry in entries]


def header_badge(html: str) -> str | None:
    """Return the text of the unread badge in the main navigation (with what only screen
    readers get), if any."""
    found = re.search(r'<span class="unread-count">(.*?)</a>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else None


@pytest.fixture()
def resident(login_as):
    return login_as("resident")


# --- the list -------------------------------------------------------------------------------


def test_guests_are_sent_to_sign_in(client):
    for answer in (
        client.get("/notifications/"),
        client.post("/notifications/1/open"),
        client.post("/notifications/read"),
    ):
        assert answer.status_code == 302
        assert "/account/signin" in answer.headers["Location"]


def test_the_list_is_newest_first_with_unread_ones_marked(client, db, resident):
    add(db, resident, 1, read=True)
    add(db, resident, 3)
    add(db, resident, 2, "proposal.answer")
    html = client.get("/notifications/").text
    assert titles_listed(html) == ["3", "2", "1"]
    assert html.count("notification--unread") == 2
    assert "Sie haben 2 ungelesene Benachrichtigungen." in html
    assert "Die Stadtverwaltung hat auf „Titel 2“ geantwortet. Status: Angenommen." in html
    assert "Alle als gelesen markieren" in html
    # each "Ansehen" button names its notification for screen readers
    assert '<span class="kern-sr-only">: Kim hat Ihren Vorschlag „Titel 3“ kommentiert.' in html


def test_the_header_shows_the_unread_count_for_screen_readers_too(client, db, resident):
    assert header_badge(client.get("/").text) is None
    add(db, resident, 1)
    add(db, resident, 2)
    add(db, resident, 3, read=True)
    html = client.get("/").text
    assert header_badge(html) == "2 ungelesen"  # "Benachrichtigungen 2 ungelesen"
    assert '<span class="unread-count__number">2</span>' in html  # what the eye sees
    assert '<span class="kern-sr-only"> ungelesen</span>' in html


def test_other_peoples_notifications_and_account_mails_are_not_listed(
    client, db, make_user, resident
):
    add(db, make_user(), 1)
    add(db, resident, 2, "account.email_change")  # mail only
    html = client.get("/notifications/").text
    assert titles_listed(html) == []
    assert "Noch keine Benachrichtigungen." in html
    assert header_badge(html) is None


def test_the_empty_centre_says_so_and_offers_the_settings(client, resident):
    html = client.get("/notifications/").text
    assert "Noch keine Benachrichtigungen." in html
    assert "ungelesene Benachrichtigungen" not in html
    assert "Alle als gelesen markieren" not in html
    assert 'href="/notifications/settings"' in html


def test_the_list_is_paged(client, db, resident):
    for n in range(1, 31):
        add(db, resident, n)
    first = client.get("/notifications/").text
    assert titles_listed(first) == [str(n) for n in range(30, 5, -1)]
    assert "Seite 1 von 2" in first and 'href="/notifications/?page=2"' in first
    second = client.get("/notifications/?page=2").text
    assert titles_listed(second) == ["5", "4", "3", "2", "1"]
    assert titles_listed(client.get("/notifications/?page=abc").text)[0] == "30"
    past_the_end = client.get("/notifications/?page=99")  # an old link: back to the start
    assert past_the_end.status_code == 302
    assert past_the_end.headers["Location"] == "/notifications/"


# --- open and mark read ---------------------------------------------------------------------


def test_opening_one_marks_it_read_and_goes_to_its_page(client, db, resident):
    row = add(db, resident, 7)
    other = add(db, resident, 8)
    answer = client.post(f"/notifications/{row.id}/open")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/comments/1007"
    db.session.refresh(row)
    db.session.refresh(other)
    assert row.read_at is not None and other.read_at is None
    again = client.post(f"/notifications/{row.id}/open")  # already read: still leads there
    assert again.headers["Location"] == "/comments/1007"


@pytest.mark.parametrize(
    ("kind", "link"),
    [
        ("proposal.answer", "/proposals/4"),
        ("moderation.decision", "/moderation/decisions/4"),
        ("moderation.waiting", "/moderation/items/4"),
    ],
)
def test_each_kind_leads_to_its_page(client, db, resident, kind, link):
    row = add(db, resident, 4, kind)
    assert client.post(f"/notifications/{row.id}/open").headers["Location"] == link


def test_opening_needs_a_post(client, db, resident):
    row = add(db, resident, 1)
    assert client.get(f"/notifications/{row.id}/open").status_code == 405
    db.session.refresh(row)
    assert row.read_at is None


def test_someone_elses_notification_is_not_found(client, db, make_user, resident):
    foreign = add(db, make_user(), 1)
    assert client.post(f"/notifications/{foreign.id}/open").status_code == 404
    assert client.post("/notifications/999999/open").status_code == 404
    db.session.refresh(foreign)
    assert foreign.read_at is None


def test_mark_all_read(client, db, make_user, resident):
    for n in (1, 2, 3):
        add(db, resident, n)
    foreign = add(db, make_user(), 4)
    answer = client.post("/notifications/read", follow_redirects=True)
    assert answer.request.path == "/notifications/"
    assert "Alle Benachrichtigungen sind als gelesen markiert." in answer.text
    assert "notification--unread" not in answer.text and header_badge(answer.text) is None
    assert "Alle als gelesen markieren" not in answer.text
    assert "Sie haben 0 ungelesene Benachrichtigungen." in answer.text
    unread = select(Notification.id).where(Notification.read_at.is_(None))
    assert list(db.session.scalars(unread)) == [foreign.id]  # someone else's stays unread
    again = client.post("/notifications/read", follow_redirects=True)
    assert "Es gab keine ungelesenen Benachrichtigungen." in again.text


def test_a_suspended_account_can_still_read_and_open(client, db, resident):
    resident.suspended_until = utcnow() + timedelta(days=3)
    db.session.flush()
    row = add(db, resident, 1, "moderation.decision")
    assert client.get("/notifications/").status_code == 200
    assert client.post(f"/notifications/{row.id}/open").status_code == 302
    assert client.post("/notifications/read").status_code == 302


# --- queries --------------------------------------------------------------------------------


def queries_for(client, db, path="/notifications/") -> int:
    client.get(path)  # warm up what is cached per process
    with counted_queries(db.engine) as statements:
        answer = client.get(path)
    assert answer.status_code == 200
    return len(statements)


def test_the_centre_runs_the_same_number_of_queries_however_many_there_are(
    client, db, make_user, login_as
):
    few = login_as("resident")
    add_many(db, few, 3)
    small = queries_for(client, db)
    many = login_as("moderator")
    add_many(db, many, 60)
    large = queries_for(client, db)
    assert small == large, (small, large)
    assert small <= 8


def test_the_header_count_is_one_query(app, db, resident):
    add_many(db, resident, 10)
    with app.app_context(), app.test_request_context():
        login_user(resident)
        with counted_queries(db.engine) as statements:
            shown = views.unread_for_header()
    assert shown == {"unread_notifications": 5}
    queries = [sql for sql in statements if not sql.startswith("SAVEPOINT")]  # the test's own
    assert len(queries) == 1, statements


def test_guests_cost_no_query_for_the_header(app, db):
    with app.app_context(), app.test_request_context(), counted_queries(db.engine) as statements:
        assert views.unread_for_header() == {"unread_notifications": 0}
    assert statements == []
