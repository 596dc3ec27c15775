"""Typing in comments handed in on paper: a letter becomes a top-level comment on the proposal
with no author account, counted, screened and announced exactly like an online comment; the
staff member is in the audit log, not the thread, and not limited as if they wrote it; the name
only with consent; a form sent twice makes one comment; refusals keep what was typed; access
per role."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from participation.comments import services as comment_services
from participation.comments import throttle
from participation.comments.models import Comment, CommentState
from participation.core.audit import AuditEntry
from participation.core.channels import Channel
from participation.core.permissions import Role
from participation.moderation import decisions, items
from participation.moderation.models import Action, Cause, HoldRule, SubjectType
from participation.notifications import kinds
from participation.notifications.models import Notification
from participation.proposals import follows
from participation.proposals import services as proposal_services
from participation.proposals.models import ModerationState, ProposalStatus
from tests.access import ROLES, role_id
from tests.paper import paper_comment_fixtures as fx

clerk, author, proposal, transcribe = fx.clerk, fx.author, fx.proposal, fx.transcribe
LETTER, letter_form, paper_comments_of = fx.LETTER, fx.letter_form, fx.paper_comments_of
KIND = "proposal.comment"  # "comment on my proposal"


@pytest.fixture()
def signed_in_clerk(client, clerk):
    """The clerk, signed in on `client`."""
    with client.session_transaction() as session:
        session["_user_id"] = clerk.session_token
    return clerk


def send(client, proposal, **changes):
    """Send the form for a letter on `proposal`, with `changes`."""
    return client.post(fx.url_for_proposal(proposal), data=letter_form(**changes))


def text_of(response) -> str:
    """Return the page's HTML."""
    return response.get_data(as_text=True)


def told(db, kind: str = KIND) -> list[Notification]:
    """Return the notifications of `kind` written so far."""
    query = select(Notification).where(Notification.kind == kind).order_by(Notification.id)
    return list(db.session.scalars(query))


def audited(db) -> list[AuditEntry]:
    """Return the audit entries of transcribed comments."""
    query = select(AuditEntry).where(AuditEntry.action == "paper.comment_transcribed")
    return list(db.session.scalars(query))


def counts(db, proposal) -> tuple[int, int]:
    """Return (the thread's comment count, the proposal's comment count), as stored."""
    db.session.expire_all()
    return proposal.thread.comment_count, proposal.comment_count


# --- the service ------------------------------------------------------------------------------


def test_a_letter_becomes_a_top_level_comment_without_an_author_account(db, proposal, transcribe):
    comment = transcribe(proposal, body="Eine **Bank** <script>x</script>")
    assert comment.channel is Channel.PAPER and comment.author_id is None
    assert comment.paper_author_name is None
    assert (comment.parent_id, comment.depth, comment.is_official) == (None, 0, False)
    assert comment.state is CommentState.VISIBLE
    assert "<strong>Bank</strong>" in comment.body_html and "<script" not in comment.body_html


def test_it_is_counted_like_an_online_comment(db, proposal, transcribe, make_user):
    before = proposal.last_activity_at
    transcribe(proposal, key="k1")
    assert counts(db, proposal) == (1, 1)
    comment_services.post_comment(proposal.thread, make_user(), "Online dazu.")
    transcribe(proposal, key="k2")
    assert counts(db, proposal) == (3, 3)
    assert proposal.thread.last_comment_at is not None and proposal.last_activity_at > before


def test_the_proposals_author_is_told_once_like_for_an_online_comment(
    db, proposal, transcribe, author, clerk, app
):
    comment = transcribe(proposal, name="Erika Muster")
    [note] = told(db)
    assert note.recipient_id == author.id
    assert note.payload == {
        "comment_id": comment.id,
        "title": fx.TITLE,
        "name": "Erika Muster",
        "paper": True,
    }
    assert [row.recipient_id for row in db.session.scalars(select(Notification))] == [author.id]
    assert not follows.is_following(proposal.id, clerk.id)


def test_the_notification_says_it_came_on_paper(db, proposal, transcribe, app):
    transcribe(proposal, name="Erika Muster", key="k1")
    transcribe(proposal, key="k2")
    kind = kinds.get(KIND)
    with app.test_request_context():
        named, nameless = (kind.summary(note.payload) for note in told(db))
    assert named == "Erika Muster hat Ihren Vorschlag „Mehr Bänke am Markt“ auf Papier kommentiert."
    assert nameless == (
        "Zu Ihrem Vorschlag „Mehr Bänke am Markt“ ist ein Kommentar auf Papier eingegangen."
    )


def test_the_clerk_is_audited_not_shown_as_author(db, proposal, transcribe, clerk):
    comment = transcribe(proposal, name="Erika Muster")
    [entry] = audited(db)
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        clerk.id,
        "comments",
        comment.id,
    )
    assert entry.after == {"proposal": proposal.id, "name_published": True}
    assert comment.author_id is None


def test_the_same_form_twice_makes_one_comment_counted_and_told_once(db, proposal, transcribe):
    first = transcribe(proposal, key="same-form")
    second = transcribe(proposal, key="same-form", body="Anders getippt")
    assert first.id == second.id
    assert len(paper_comments_of(db, proposal)) == 1
    assert counts(db, proposal) == (1, 1)
    assert len(told(db)) == 1 and len(audited(db)) == 1


def test_it_is_screened_like_a_first_post_and_told_only_when_released(
    db, proposal, transcribe, app, monkeypatch, make_user, author
):
    monkeypatch.setitem(app.config, "MODERATION_PREMODERATE_FIRST_POSTS", 1)
    comment = transcribe(proposal)
    assert comment.state is CommentState.PENDING
    item = items.find_item(SubjectType.COMMENT, comment.id)
    assert (item.cause, item.hold_rule, item.author_id) == (Cause.HELD, HoldRule.NEW_ACCOUNT, None)
    assert counts(db, proposal) == (0, 0) and told(db) == []
    moderator = make_user(roles=(Role.MODERATOR,))
    with app.test_request_context():
        choice = decisions.Choice(Action.APPROVE, item.version, None, None, None)
        decisions.decide(item, moderator, choice)
    db.session.flush()
    assert comment.state is CommentState.VISIBLE
    assert counts(db, proposal) == (1, 1)
    assert [note.recipient_id for note in told(db)] == [author.id]


def test_a_staff_members_own_trust_does_not_let_it_through(
    db, proposal, transcribe, app, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION_MAX_LINKS", 1)
    comment = transcribe(proposal, body="Siehe https://a.example und https://b.example")
    assert comment.state is CommentState.PENDING


def test_a_closed_discussion_refuses_it(db, proposal, transcribe, clerk):
    comment_services.close_thread(proposal.thread, clerk, "Genug gesagt.")
    with pytest.raises(comment_services.CommentError) as refused:
        transcribe(proposal)
    assert refused.value.status == 403
    assert "Die Diskussion zu diesem Vorschlag ist geschlossen." in str(refused.value.message)
    assert paper_comments_of(db, proposal) == [] and audited(db) == []


@pytest.mark.parametrize("state", ["withdrawn", "hidden"])
def test_a_proposal_that_takes_no_comments_refuses_it(db, proposal, transcribe, state):
    if state == "withdrawn":
        proposal.status = ProposalStatus.WITHDRAWN
    else:
        proposal_services.hide(proposal, "spam")
    db.session.flush()
    with pytest.raises(comment_services.CommentError) as refused:
        transcribe(proposal)
    assert "nimmt gerade keine Kommentare an" in str(refused.value.message)
    assert paper_comments_of(db, proposal) == []


@pytest.mark.parametrize("body", ["", "  \n ", "x" * 5_001])
def test_an_empty_or_too_long_text_is_refused(db, proposal, transcribe, body):
    with pytest.raises(comment_services.CommentError):
        transcribe(proposal, body=body)
    assert paper_comments_of(db, proposal) == []


def test_online_comments_are_still_online(db, proposal, make_user):
    comment = comment_services.post_comment(proposal.thread, make_user(), "Online.")
    assert comment.channel is Channel.ONLINE and comment.paper_author_name is None
    assert comment.submission_key is None


# --- the page ---------------------------------------------------------------------------------


def test_the_form_names_the_proposal_and_has_the_focus_in_the_text(
    client, signed_in_clerk, proposal
):
    response = client.get(fx.url_for_proposal(proposal))
    page = text_of(response)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Kommentar von Papier erfassen" in page
    assert f'<a class="kern-link" href="/proposals/{proposal.id}">{fx.TITLE}</a>' in page
    assert re.search(
        r'<textarea[^>]*autofocus[^>]*name="body"|<textarea[^>]*name="body"[^>]*autofocus', page
    )


def test_saving_comes_back_to_an_empty_form_with_a_note(client, db, signed_in_clerk, proposal):
    response = send(client, proposal, name_published="y", author_name="  Erika Muster ")
    [comment] = paper_comments_of(db, proposal)
    assert response.status_code == 302
    assert response.location.endswith(f"?proposal={proposal.id}&done={comment.id}")
    assert comment.paper_author_name == "Erika Muster" and comment.body == LETTER
    page = text_of(client.get(response.location))
    assert "Der Kommentar ist erfasst." in page and "Er steht jetzt in der Diskussion." in page
    assert "Auf Papier eingereicht von Erika Muster." in page
    assert f'href="/proposals/{proposal.id}#comment-{comment.id}"' in page
    assert LETTER not in page and 'value="key-letter-1"' not in page


def test_a_held_letter_is_noted_as_waiting_without_a_link(
    client, db, signed_in_clerk, proposal, app, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION_PREMODERATE_FIRST_POSTS", 1)
    response = send(client, proposal)
    [comment] = paper_comments_of(db, proposal)
    assert comment.state is CommentState.PENDING
    page = text_of(client.get(response.location))
    assert "Er wartet auf die Freigabe durch die Moderation." in page
    assert "Auf Papier eingereicht, ohne Namen." in page
    assert f"#comment-{comment.id}" not in page


def test_the_name_is_published_only_with_consent(client, db, signed_in_clerk, proposal):
    send(client, proposal, submission_key="k1", name_published="y", author_name="Erika Muster")
    send(client, proposal, submission_key="k2", author_name=None)
    named, nameless = paper_comments_of(db, proposal)
    assert (named.paper_author_name, nameless.paper_author_name) == ("Erika Muster", None)
    assert sorted(entry.after["name_published"] for entry in audited(db)) == [False, True]


def test_a_double_click_makes_one_comment(client, db, signed_in_clerk, proposal, author):
    first, second = send(client, proposal), send(client, proposal)
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert len(paper_comments_of(db, proposal)) == 1
    assert counts(db, proposal) == (1, 1)
    assert [note.recipient_id for note in told(db)] == [author.id]
    assert len(audited(db)) == 1


def test_the_clerk_is_not_limited_as_if_they_wrote_the_comments(
    client, db, signed_in_clerk, proposal, app, monkeypatch
):
    monkeypatch.setitem(app.config, "COMMENT_LIMIT", "1 per 5 minutes")
    statuses = [send(client, proposal, submission_key=f"k{n}").status_code for n in range(3)]
    assert statuses == [302, 302, 302]
    assert len(paper_comments_of(db, proposal)) == 3
    with app.test_request_context():
        assert throttle.take_post_slot(signed_in_clerk.id)  # their own slot is still free


FORM_CASES = {
    "no-verbatim-box": (
        {"verbatim": None},
        "Bitte bestätigen Sie, dass Sie den Text unverändert übernommen haben.",
    ),
    "name-without-consent": ({"author_name": "Erika Muster"}, "Ohne Kreuz bei"),
    "consent-without-name": (
        {"name_published": "y"},
        "Bitte geben Sie den Namen ein, der auf dem Papier steht.",
    ),
    "no-text": ({"body": " \r\n "}, "Bitte schreiben Sie einen Text."),
    "long-text": ({"body": "x" * 5_001}, "Ihr Text ist zu lang: 5.001 Zeichen."),
    "huge-text": ({"body": "x" * 800_000}, "Ihr Text ist zu lang: 800.000 Zeichen."),
    "long-name": (
        {"name_published": "y", "author_name": "N" * 81},
        "Der Name darf höchstens 80 Zeichen lang sein.",
    ),
    "control-in-name": (
        {"name_published": "y", "author_name": "Erika\x07"},
        "Der Name enthält ein Zeichen, das hier nicht geht.",
    ),
}


@pytest.mark.parametrize("case", FORM_CASES)
def test_bad_input_is_refused_and_what_was_typed_kept(client, db, signed_in_clerk, proposal, case):
    changes, message = FORM_CASES[case]
    response = send(client, proposal, **changes)
    page = text_of(response)
    assert response.status_code == 400
    assert message in page
    assert paper_comments_of(db, proposal) == []
    if "body" not in changes:
        assert LETTER in page
    if changes.get("author_name"):
        assert "Erika" in page or "NNNN" in page


def test_errors_are_linked_to_their_fields(client, db, signed_in_clerk, proposal):
    page = text_of(send(client, proposal, author_name="Erika Muster", verbatim=None))
    assert 'href="#author_name"' in page and 'href="#verbatim"' in page
    for name in ("author_name", "verbatim"):
        assert re.search(
            rf'<input[^>]*id="{name}"[^>]*aria-invalid="true"|<input[^>]*aria-invalid="true"[^>]*id="{name}"',
            page,
        )


def test_a_tampered_key_still_saves_once(client, db, signed_in_clerk, proposal):
    response = send(client, proposal, submission_key="k" * 500)
    assert response.status_code == 302
    [comment] = paper_comments_of(db, proposal)
    assert comment.submission_key and len(comment.submission_key) <= 64


def test_a_text_beyond_a_megabyte_is_refused_without_an_error(
    client, db, signed_in_clerk, proposal
):
    response = send(client, proposal, body="x" * (1024 * 1024 + 10))
    assert response.status_code in (400, 413)  # the form's message, or "Die Daten sind zu groß"
    assert paper_comments_of(db, proposal) == []


def test_a_closed_discussion_shows_why_and_sending_keeps_the_text(
    client, db, signed_in_clerk, proposal
):
    comment_services.close_thread(proposal.thread, signed_in_clerk, "Der Rat hat entschieden.")
    page = text_of(client.get(fx.url_for_proposal(proposal)))
    assert "Die Diskussion zu diesem Vorschlag ist geschlossen." in page
    assert "Der Rat hat entschieden." in page
    assert 'id="paper-comment-form"' not in page
    response = send(client, proposal, body="Mein Brief bleibt.")
    page = text_of(response)
    assert response.status_code == 403
    assert "Die Diskussion zu diesem Vorschlag ist geschlossen." in page
    assert "Mein Brief bleibt." in page
    assert paper_comments_of(db, proposal) == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?proposal=",
        "?proposal=abc",
        "?proposal=-3",
        "?proposal=99999999999999",
        "?proposal=987654",
    ],
)
def test_an_unknown_proposal_is_not_found(client, signed_in_clerk, proposal, query):
    assert client.get(f"{fx.BASE}{query}").status_code == 404
    assert client.post(f"{fx.BASE}{query}", data=letter_form()).status_code == 404


def test_a_proposal_the_clerk_may_not_see_is_not_found(
    client, db, signed_in_clerk, author, make_user
):
    fields = {"title": "Entwurf", "body": "Noch geheim.", "category": "Sonstiges"}
    draft = proposal_services.create_draft(author, fields, [])
    held = proposal_services.create_draft(author, fields | {"title": "Wartet"}, [])
    proposal_services.go_public(held, author)
    db.session.flush()
    assert held.moderation_state is ModerationState.PENDING
    for hidden_one in (draft, held):
        assert client.get(fx.url_for_proposal(hidden_one)).status_code == 404
        response = client.post(fx.url_for_proposal(hidden_one), data=letter_form())
        assert response.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_only_staff_may_type_in_comments(client, db, login_as, proposal, role):
    if role is not None:
        login_as(role)
    url = fx.url_for_proposal(proposal)
    responses = [client.get(url), client.post(url, data=letter_form())]
    statuses = [response.status_code for response in responses]
    if role is Role.STAFF:
        assert statuses == [200, 302]
        assert len(paper_comments_of(db, proposal)) == 1
        return
    assert statuses == ([302, 302] if role is None else [403, 403])
    assert paper_comments_of(db, proposal) == []
