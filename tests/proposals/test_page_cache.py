"""Pages kept for guests: served again only while every table they read is unchanged; never
to or from signed-in people, never with someone else's form token or messages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from participation.core.page_cache import (
    EXTENSION,
    TOKEN_SPOT,
    PageStore,
    StoredPage,
    stored_response,
)
from participation.proposals import supports
from participation.proposals.models import Proposal
from tests.querycount import counted_queries

LIST = "/proposals/"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture()
def pages(app):
    """A fresh page store for the test (the testing settings have none)."""
    store = PageStore(2_000_000)
    app.extensions[EXTENSION] = store
    yield store
    app.extensions.pop(EXTENSION, None)


def statements_of(client, engine, url: str) -> tuple[str, list[str]]:
    """Return the page and the statements it ran (not the tests' savepoints)."""
    with counted_queries(engine) as statements:
        body = client.get(url).get_data(as_text=True)
    return body, [sql for sql in statements if "SAVEPOINT" not in sql]


def test_a_guest_gets_the_stored_page_with_one_query(app, db, client, pages, make_proposal):
    make_proposal(title="Mehr Bänke am Markt")
    db.session.commit()
    first, rendered = statements_of(client, db.engine, LIST)
    again, served = statements_of(app.test_client(), db.engine, LIST)
    assert "Mehr Bänke am Markt" in first
    assert len(pages.pages) == 1
    assert len(served) == 1, served  # the generations, nothing else
    assert len(rendered) > 2
    assert TOKEN.sub("", again) == TOKEN.sub("", first)


def test_a_new_proposal_shows_at_once(db, client, pages, make_proposal):
    make_proposal(title="Erster Vorschlag")
    db.session.commit()
    client.get(LIST)
    make_proposal(title="Zweiter Vorschlag")
    db.session.commit()
    assert "Zweiter Vorschlag" in client.get(LIST).get_data(as_text=True)


def test_a_support_changes_the_count_on_the_stored_page(
    db, client, pages, make_proposal, make_user
):
    proposal = make_proposal()
    db.session.commit()
    assert "0 Unterstützungen" in client.get(LIST).get_data(as_text=True)
    supports.add_support(proposal, make_user(email="fan@example.org"))
    db.session.commit()
    assert "1 Unterstützung<" in client.get(LIST).get_data(as_text=True)


def test_a_bulk_update_elsewhere_is_seen(db, client, pages, make_proposal):
    proposal = make_proposal(title="Alter Titel")
    db.session.commit()
    client.get(LIST)
    db.session.execute(
        update(Proposal).where(Proposal.id == proposal.id).values(title="Neuer Titel")
    )
    db.session.commit()
    assert "Neuer Titel" in client.get(LIST).get_data(as_text=True)


def test_a_write_to_an_unrelated_table_keeps_the_page(db, client, pages, make_proposal, make_user):
    make_proposal()
    db.session.commit()
    client.get(LIST)
    stored = next(iter(pages.pages.values()))
    make_user(email="neu@example.org")
    db.session.commit()
    read = dict(stored.read)
    assert "proposals" in read
    if "users" not in read:  # the list reads no accounts: the page stays
        _body, served = statements_of(client, db.engine, LIST)
        assert len(served) == 1


def test_guests_switch_the_language_without_a_cookie_or_token(app, db, pages, make_proposal):
    make_proposal()
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        guest = app.test_client()
        first = guest.get(LIST)
        assert "Set-Cookie" not in first.headers and not TOKEN.search(first.text)
        assert "Set-Cookie" not in guest.get(LIST).headers  # from the store
        answer = guest.post("/language", data={"lang": "en", "next": LIST})
        assert answer.status_code == 302
        guest.get(LIST)  # the message about the new language
        assert 'lang="en"' in guest.get(LIST).text
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_form_token_on_a_stored_page_is_each_visitors_own(app):
    page = StoredPage(f'<input name="csrf_token" value="{TOKEN_SPOT}">'.encode(), (), ())
    tokens = set()
    for _visitor in range(2):
        with app.app_context(), app.test_request_context("/proposals/"):  # g of its own
            tokens.add(TOKEN.search(stored_response(page).get_data(as_text=True)).group(1))
    assert len(tokens) == 2 and TOKEN_SPOT not in tokens


def test_languages_are_stored_apart(db, client, pages, make_proposal):
    make_proposal()
    db.session.commit()
    german = client.get(LIST).get_data(as_text=True)
    client.post("/language", data={"lang": "en", "next": LIST})
    client.get(LIST)  # shows the message about the new language: rendered for this guest
    english = client.get(LIST).get_data(as_text=True)
    assert 'lang="de"' in german and 'lang="en"' in english
    assert len(pages.pages) == 2


def test_signed_in_people_neither_get_nor_leave_pages(db, client, pages, login_as, make_proposal):
    make_proposal()
    db.session.commit()
    client.get(LIST)
    login_as()
    own = client.get(LIST).get_data(as_text=True)
    assert "Abmelden" in own  # their own header, not the guest's page
    assert len(pages.pages) == 1


def test_pending_messages_are_not_served_from_the_store(app, db, client, pages, make_proposal):
    make_proposal()
    db.session.commit()
    client.get(LIST)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Eine Nachricht nur für Sie")]
    assert "Eine Nachricht nur für Sie" in client.get(LIST).get_data(as_text=True)
    assert "Eine Nachricht nur für Sie" not in app.test_client().get(LIST).get_data(as_text=True)


def test_each_address_is_its_own_page(db, client, pages, make_proposal):
    for number in range(20):
        make_proposal(title=f"Idee {number}")
    db.session.commit()
    first = client.get(LIST).get_data(as_text=True)
    second = client.get(LIST + "?page=2").get_data(as_text=True)
    assert first != second
    assert len(pages.pages) == 2


def test_the_store_drops_the_least_recently_used_beyond_its_limit():
    store = PageStore(limit=3 * StoredPage(b"x" * 100, (), ()).size)
    for key in "abc":
        store.put((key,), StoredPage(b"x" * 100, (), ()))
    store.get(("a",))
    store.put(("d",), StoredPage(b"x" * 100, (), ()))
    assert set(store.pages) == {("a",), ("c",), ("d",)}
    store.put(("huge",), StoredPage(b"x" * 10_000, (), ()))
    assert ("huge",) not in store.pages
    assert store.used == sum(page.size for page in store.pages.values())
