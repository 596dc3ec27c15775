"""Safeguards that hold posts for review before anyone sees them, each one a setting."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import func, select

from participation.comments import services as comment_services
from participation.comments.models import Comment, CommentState
from participation.core import events
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.moderation.models import Cause, HoldRule, ModerationItem
from participation.proposals import services as proposal_services
from participation.proposals.models import ModerationState, Proposal, ProposalStatus
from tests.proposals.test_listing import listed_titles

WAITING = "wartet auf die Freigabe"
CHECKED = "Ihr Beitrag wird von der Moderation geprüft"
FOUR_LINKS = "Seht https://a.example https://b.example www.c.example und http://d.example/x"
THREE_LINKS = "Seht https://a.example https://b.example und www.c.example"


def sign_in_as(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token


def items(db):
    return list(db.session.scalars(select(ModerationItem).order_by(ModerationItem.id)))


@pytest.fixture()
def first_posts(app, monkeypatch):
    """Hold the first two posts of every new account."""
    monkeypatch.setitem(app.config, "MODERATION_PREMODERATE_FIRST_POSTS", 2)


@pytest.fixture()
def write(proposal):
    """write(author, text) → a comment on `proposal` via the service."""

    def make(author, text="Mein Beitrag."):
        return comment_services.post_comment(proposal.thread, author, text)

    return make


@pytest.fixture()
def submit(make_proposal, db):
    """submit(author, **fields) → a proposal published via the service (screened)."""

    def make(author, **fields):
        proposal = make_proposal(author, status="draft", **fields)
        proposal_services.publish(proposal, author)
        db.session.flush()
        return proposal

    return make


@pytest.fixture()
def posted_events(app):
    """Record the comment.posted events emitted during the test."""
    seen = []

    def handler(**payload):
        seen.append(payload)

    events.subscribe(events.COMMENT_POSTED, handler)
    yield seen
    app.extensions["event_handlers"][events.COMMENT_POSTED].remove(handler)


def test_default_settings_hold_nothing(make_user, write, submit, db):
    newcomer = make_user()
    assert write(newcomer, THREE_LINKS + " Blödmann").state is CommentState.VISIBLE
    assert submit(newcomer).moderation_state is ModerationState.SHOWN
    assert items(db) == []


def test_a_new_accounts_first_comment_waits_over_http(
    client, login_as, first_posts, proposal, db, item_of
):
    newcomer = login_as("resident")
    response = client.post(
        f"/comments/thread/{proposal.thread_id}",
        data={"body": "Mein erster Beitrag"},
        follow_redirects=True,
    )
    assert CHECKED in response.text and WAITING in response.text
    comment = db.session.scalar(select(Comment).where(Comment.author_id == newcomer.id))
    assert comment.state is CommentState.PENDING
    item = item_of("comment", comment)
    assert item.is_open and item.cause is Cause.HELD and item.hold_rule is HoldRule.NEW_ACCOUNT
    assert item.author_id == newcomer.id
    db.session.refresh(proposal.thread)
    assert proposal.thread.comment_count == 0


def test_others_do_not_see_a_held_comment(
    client, login_as, first_posts, make_user, write, proposal
):
    write(make_user(), "Geheimer Erstbeitrag")
    assert "Geheimer Erstbeitrag" not in client.get(f"/proposals/{proposal.id}").text
    login_as("resident")
    assert "Geheimer Erstbeitrag" not in client.get(f"/proposals/{proposal.id}").text


def test_others_do_not_see_a_held_comment_on_its_own_page(client, first_posts, make_user, write):
    held = write(make_user(), "Geheimer Erstbeitrag")
    page = client.get(f"/comments/{held.id}")
    assert "Geheimer Erstbeitrag" not in page.text


def test_moderators_see_a_held_comment(client, login_as, first_posts, make_user, write, proposal):
    write(make_user(), "Geheimer Erstbeitrag")
    login_as("moderator")
    assert "Geheimer Erstbeitrag" in client.get(f"/proposals/{proposal.id}").text


def test_a_new_accounts_first_proposal_waits_over_http(client, login_as, first_posts, db, item_of):
    login_as("resident")
    form = {
        "submission_key": "k1",
        "title": "Erster Vorschlag",
        "body": "Text",
        "category": "Sonstiges",
    }
    client.post("/proposals/new", data=form)
    proposal = db.session.scalar(select(Proposal).where(Proposal.title == "Erster Vorschlag"))
    response = client.post(f"/proposals/{proposal.id}/publish", follow_redirects=True)
    assert "Ihr Vorschlag wird von der Moderation geprüft" in response.text
    assert WAITING in response.text
    db.session.refresh(proposal)
    assert proposal.status is ProposalStatus.PUBLISHED
    assert proposal.moderation_state is ModerationState.PENDING
    item = item_of("proposal", proposal)
    assert item.cause is Cause.HELD and item.hold_rule is HoldRule.NEW_ACCOUNT and item.is_open
    login_as("resident")
    assert client.get(f"/proposals/{proposal.id}").status_code == 404
    assert "Erster Vorschlag" not in listed_titles(client)


def test_the_third_post_goes_through_once_the_first_two_are_approved(
    first_posts, make_user, write, submit, moderator, decide, item_of
):
    newcomer = make_user()
    first, second = write(newcomer), submit(newcomer)
    assert first.state is CommentState.PENDING
    assert second.moderation_state is ModerationState.PENDING
    assert write(newcomer).state is CommentState.PENDING  # the first two still wait
    decide(item_of("comment", first), moderator, "approve")
    decide(item_of("proposal", second), moderator, "approve")
    assert first.state is CommentState.VISIBLE
    assert second.moderation_state is ModerationState.SHOWN
    third = write(newcomer)
    assert third.state is CommentState.VISIBLE and item_of("comment", third) is None


def test_deleting_held_posts_does_not_skip_the_approval(
    client, first_posts, make_user, write, proposal, db
):
    newcomer = make_user()
    held = [write(newcomer), write(newcomer)]
    sign_in_as(client, newcomer)
    for comment in held:
        assert client.post(f"/comments/{comment.id}/delete").status_code == 302
    assert write(newcomer, "Jetzt ungeprüft?").state is CommentState.PENDING


def test_a_held_proposal_withdrawn_does_not_count_as_released(
    first_posts, make_user, submit, write
):
    newcomer = make_user()
    for _ in range(2):
        proposal_services.withdraw(submit(newcomer), newcomer)
    assert write(newcomer).state is CommentState.PENDING


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.STAFF, Role.ADMIN])
def test_staff_and_moderators_are_never_held(app, monkeypatch, make_user, write, submit, role):
    monkeypatch.setitem(app.config, "MODERATION_PREMODERATE_FIRST_POSTS", 5)
    monkeypatch.setitem(app.config, "MODERATION_PREMODERATE_CATEGORIES", ["Sonstiges"])
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS", ["Blödmann"])
    trusted = make_user(roles=(role,))
    assert write(trusted, FOUR_LINKS + " Blödmann").state is CommentState.VISIBLE
    assert submit(trusted).moderation_state is ModerationState.SHOWN


def test_approving_a_held_comment_counts_it_and_announces_it(
    client, first_posts, make_user, write, proposal, moderator, decide, item_of, db, posted_events
):
    newcomer = make_user()
    held = write(newcomer, "Endlich freigegeben")
    assert posted_events == []
    decide(item_of("comment", held), moderator, "approve")
    assert posted_events == [
        {"thread_id": proposal.thread_id, "comment_id": held.id, "author_id": newcomer.id}
    ]
    db.session.refresh(proposal)
    assert (proposal.thread.comment_count, proposal.comment_count) == (1, 1)
    assert "Endlich freigegeben" in client.get(f"/proposals/{proposal.id}").text


def test_a_premoderated_category_holds_only_its_proposals(
    app, monkeypatch, make_user, submit, write, item_of
):
    monkeypatch.setitem(app.config, "MODERATION_PREMODERATE_CATEGORIES", ["Bürgerbeteiligung"])
    author = make_user()
    held = submit(author, category="Bürgerbeteiligung")
    shown = submit(author, category="Sonstiges")
    assert held.moderation_state is ModerationState.PENDING
    assert item_of("proposal", held).hold_rule is HoldRule.CATEGORY
    assert shown.moderation_state is ModerationState.SHOWN
    assert write(author).state is CommentState.VISIBLE


def test_more_links_than_allowed_are_held(make_user, write, item_of):
    author = make_user()
    assert write(author, THREE_LINKS).state is CommentState.VISIBLE
    held = write(author, FOUR_LINKS)
    assert held.state is CommentState.PENDING
    assert item_of("comment", held).hold_rule is HoldRule.LINKS


def test_links_in_a_proposal_are_held(make_user, submit, item_of):
    held = submit(make_user(), body=FOUR_LINKS)
    assert held.moderation_state is ModerationState.PENDING
    assert item_of("proposal", held).hold_rule is HoldRule.LINKS


def test_markdown_links_count_like_plain_ones(make_user, write):
    text = " ".join(f"[Seite {n}](https://example.org/{n})" for n in range(4))
    assert write(make_user(), text).state is CommentState.PENDING


@pytest.mark.parametrize(
    "text",
    [
        "".join(f"[{n}](https://example.org/{n})" for n in range(4)),
        ",".join(f"https://example.org/{n}" for n in range(4)),
        "<https://a.example><https://b.example><https://c.example><www.d.example>",
    ],
)
def test_links_without_blanks_between_them_are_each_counted(make_user, write, text):
    assert write(make_user(), text).state is CommentState.PENDING


def test_a_link_with_www_counts_once(make_user, write):
    text = " ".join(f"https://www.example.org/{n}" for n in range(3))
    assert write(make_user(), text).state is CommentState.VISIBLE


def test_the_link_limit_is_a_setting_and_zero_turns_it_off(app, monkeypatch, make_user, write):
    author = make_user()
    monkeypatch.setitem(app.config, "MODERATION_MAX_LINKS", 1)
    assert write(author, "https://a.example und https://b.example").state is CommentState.PENDING
    monkeypatch.setitem(app.config, "MODERATION_MAX_LINKS", 0)
    many = " ".join(f"https://{n}.example" for n in range(20))
    assert write(author, many).state is CommentState.VISIBLE


@pytest.mark.parametrize(
    "text",
    ["Du Blödmann!", "BLÖDMANN", "blödmann, wirklich.", "(Blödmann)", "Das ist Schund"],
)
def test_blocked_words_are_held_in_any_case(app, monkeypatch, make_user, write, item_of, text):
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS", ["Blödmann", "schund"])
    held = write(make_user(), text)
    assert held.state is CommentState.PENDING
    assert item_of("comment", held).hold_rule is HoldRule.BLOCKED_WORD


@pytest.mark.parametrize(
    "text", ["Blödmanns Freund", "Blödmänner", "Schundroman", "Kunstschund", "Blod mann"]
)
def test_blocked_words_inside_other_words_are_not_held(app, monkeypatch, make_user, write, text):
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS", ["Blödmann", "Schund"])
    assert write(make_user(), text).state is CommentState.VISIBLE


def test_blocked_words_in_a_proposal_title_are_held(app, monkeypatch, make_user, submit, item_of):
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS", ["Blödmann"])
    held = submit(make_user(), title="Der Bürgermeister ist ein Blödmann")
    assert held.moderation_state is ModerationState.PENDING
    assert item_of("proposal", held).hold_rule is HoldRule.BLOCKED_WORD


def test_blocked_words_match_whatever_unicode_form_the_umlaut_has(
    app, monkeypatch, make_user, write
):
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS", ["Blödmann"])
    decomposed = unicodedata.normalize("NFD", "Du Blödmann")
    assert decomposed != "Du Blödmann"
    assert write(make_user(), decomposed).state is CommentState.PENDING


def test_blocked_words_come_from_a_file_too(app, monkeypatch, tmp_path, make_user, write):
    words = tmp_path / "blocked.txt"
    words.write_text(
        "# Wörter, die zurückgehalten werden\nBlödmann\n\n  Schwachkopf  \n  # auch Kommentar\n",
        encoding="utf-8",
    )
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS_FILE", str(words))
    author = make_user()
    assert write(author, "So ein Blödmann").state is CommentState.PENDING
    assert write(author, "SCHWACHKOPF!").state is CommentState.PENDING
    for harmless in ("Wörter zurückgehalten", "Kommentar", "# auch Kommentar", "Schwachkopfe"):
        assert write(author, harmless).state is CommentState.VISIBLE, harmless


def test_a_blocked_words_file_saved_with_a_byte_order_mark_works(
    app, monkeypatch, tmp_path, make_user, write
):
    words = tmp_path / "blocked.txt"
    words.write_text("Blödmann\r\nSchwachkopf\r\n", encoding="utf-8-sig")
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS_FILE", str(words))
    assert write(make_user(), "Blödmann").state is CommentState.PENDING


def test_a_blocked_words_file_with_decomposed_umlauts_works(
    app, monkeypatch, tmp_path, make_user, write
):
    words = tmp_path / "blocked.txt"
    words.write_text(unicodedata.normalize("NFD", "Blödmann\n"), encoding="utf-8")
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS_FILE", str(words))
    assert write(make_user(), "Du Blödmann").state is CommentState.PENDING


def test_a_missing_blocked_words_file_holds_nothing(app, monkeypatch, tmp_path, make_user, write):
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS_FILE", str(tmp_path / "nope.txt"))
    assert write(make_user(), "Ganz harmlos").state is CommentState.VISIBLE


def test_a_blocked_words_file_read_fresh_after_a_change(
    app, monkeypatch, tmp_path, make_user, write
):
    words = tmp_path / "blocked.txt"
    words.write_text("Blödmann\n", encoding="utf-8")
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS_FILE", str(words))
    author = make_user()
    assert write(author, "Schwachkopf").state is CommentState.VISIBLE
    words.write_text("Blödmann\nSchwachkopf\n", encoding="utf-8")
    assert write(author, "Schwachkopf").state is CommentState.PENDING


def test_editing_a_comment_into_spam_is_refused_and_keeps_the_text(
    client, app, monkeypatch, login_as, proposal, db
):
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS", ["Blödmann"])
    login_as("resident")
    client.post(f"/comments/thread/{proposal.thread_id}", data={"body": "Harmlos"})
    comment = db.session.scalar(select(Comment).where(Comment.body == "Harmlos"))
    page = client.post(f"/comments/{comment.id}/edit", data={"body": FOUR_LINKS})
    assert page.status_code == 400 and "mehr als 3 Links" in page.text
    assert "http://d.example/x" in page.text  # what was typed is still in the form
    page = client.post(f"/comments/{comment.id}/edit", data={"body": "Du Blödmann"})
    assert page.status_code == 400 and "nicht erlaubt" in page.text
    db.session.refresh(comment)
    assert comment.body == "Harmlos" and comment.state is CommentState.VISIBLE


def test_editing_a_published_proposal_into_spam_is_refused(client, login_as, submit, db):
    author = login_as("resident")
    proposal = submit(author, title="Harmlos")
    form = {"title": "Harmlos", "body": FOUR_LINKS, "category": "Sonstiges", "district": ""}
    page = client.post(f"/proposals/{proposal.id}/edit", data=form)
    assert page.status_code == 400 and "mehr als 3 Links" in page.text
    db.session.refresh(proposal)
    assert proposal.body != FOUR_LINKS and proposal.moderation_state is ModerationState.SHOWN


def test_a_proposal_update_with_many_links_is_refused(client, login_as, submit, make_user, db):
    from participation.proposals import supports

    author = login_as("resident")
    proposal = submit(author, title="Harmlos genug")
    supports.add_support(proposal, make_user())
    db.session.flush()
    page = client.post(f"/proposals/{proposal.id}/update", data={"body": FOUR_LINKS})
    assert page.status_code == 400 and "mehr als 3 Links" in page.text


def test_staff_may_edit_in_many_links(client, login_as, proposal, db):
    from participation.comments import services

    staff = login_as("staff")
    comment = services.post_comment(proposal.thread, staff, "Vorläufig")
    db.session.flush()
    answer = client.post(f"/comments/{comment.id}/edit", data={"body": FOUR_LINKS})
    assert answer.status_code == 302


def test_held_posts_appear_in_the_queue_with_the_rule(
    client, login_as, app, monkeypatch, make_user, write, submit
):
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS", ["Blödmann"])
    monkeypatch.setitem(app.config, "MODERATION_PREMODERATE_CATEGORIES", ["Bürgerbeteiligung"])
    author = make_user()
    write(author, FOUR_LINKS)
    write(author, "Ein Blödmann")
    submit(author, title="Zurückgehaltener Vorschlag", category="Bürgerbeteiligung")
    monkeypatch.setitem(app.config, "MODERATION_PREMODERATE_FIRST_POSTS", 5)
    write(make_user(), "Mein allererster Beitrag")
    login_as("moderator")
    page = client.get("/moderation/")
    assert page.status_code == 200
    for label in (
        "Viele Links",
        "Enthält ein gesperrtes Wort",
        "In diesem Thema werden alle Vorschläge vorher geprüft",
        "Neues Konto: die ersten Beiträge werden geprüft",
        "Wartet auf Freigabe",
        "Zurückgehaltener Vorschlag",
        "Mein allererster Beitrag",
    ):
        assert label in page.text, label


def test_a_held_post_is_audited(make_user, write, db):
    write(make_user(), FOUR_LINKS)
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "moderation.held"))
    assert entry.after == {"rule": "links"}


def test_only_the_first_matching_rule_is_named(app, monkeypatch, first_posts, make_user, write, db):
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS", ["Blödmann"])
    held = write(make_user(), FOUR_LINKS + " Blödmann")
    assert held.state is CommentState.PENDING
    assert [item.hold_rule for item in items(db)] == [HoldRule.NEW_ACCOUNT]
    assert db.session.scalar(select(func.count()).select_from(ModerationItem)) == 1
