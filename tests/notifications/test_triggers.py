"""Who is told about what: each kind of notification, its recipients (and who is left out), what
it keeps in its payload and how the centre reads it. Everything goes through the services the
pages use, so the domain events fire as they do in production."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.comments import services as comment_services
from participation.comments.models import CommentState
from participation.core.permissions import Role
from participation.moderation import appeals, decisions, items, reports
from participation.moderation.models import Action, Cause, Reason, SubjectType
from participation.notifications import kinds, outbox
from participation.notifications.models import Choice, Delivery, Notification, Preference
from participation.proposals import follows, supports
from participation.proposals import services as proposal_services
from participation.proposals.models import ProposalStatus

TITLE = "Mehr Bänke am Markt"


# --- helpers --------------------------------------------------------------------------------


def rows(db, kind: str | None = None) -> list[Notification]:
    """Return the notifications written so far (of one kind), oldest first."""
    query = select(Notification).order_by(Notification.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


def recipients(db, kind: str) -> list[int]:
    """Return the ids of the accounts told about `kind`, in the order written."""
    return [row.recipient_id for row in rows(db, kind)]


def kinds_for(db, user) -> list[str]:
    """Return the kinds of notification `user` got, in the order written."""
    return [row.kind for row in rows(db) if row.recipient_id == user.id]


def publish(author, title: str = TITLE):
    """Write and publish a proposal through the services (the author follows it)."""
    fields = {"title": title, "body": "Bitte mehr Bänke.", "category": "Sonstiges"}
    proposal = proposal_services.create_draft(author, fields | {"district": None}, [])
    proposal_services.publish(proposal, author)
    return proposal


def say(proposal, author, text="Gute Idee!", parent=None):
    """Post a comment (a reply to `parent`) on the proposal's discussion."""
    return comment_services.post_comment(
        proposal.thread, author, text, parent.id if parent else None
    )


def decide(moderator, subject_type, subject, action, reason=None, statement=None, days=None):
    """Take a moderation decision on the subject's item through the service."""
    item = items.find_item(SubjectType(subject_type), subject.id)
    choice = decisions.Choice(
        Action(action), item.version, Reason(reason) if reason else None, statement, days
    )
    return decisions.decide(item, moderator, choice)


@pytest.fixture(autouse=True)
def in_a_request(app):
    """Summaries and links are made in a request (the language, the URLs); a context of its
    own, so nothing this test keeps in `g` reaches the next one."""
    with app.app_context(), app.test_request_context():
        yield


@pytest.fixture()
def author(make_user):
    return make_user(display_name="Anna Autorin")


@pytest.fixture()
def proposal(db, author):
    return publish(author)


@pytest.fixture()
def moderators(make_user):
    return [make_user(display_name=f"Moderator {n}", roles=(Role.MODERATOR,)) for n in (1, 2)]


@pytest.fixture()
def staff(make_user):
    return [make_user(display_name=f"Verwaltung {n}", roles=(Role.STAFF,)) for n in (1, 2)]


# --- comments -------------------------------------------------------------------------------


def test_a_comment_tells_the_proposal_author_and_never_the_commenter(db, make_user, proposal):
    commenter, bystander = make_user(display_name="Kurt Kommentar"), make_user()
    comment = say(proposal, commenter)
    [row] = rows(db, "proposal.comment")
    assert row.recipient_id == proposal.author_id
    assert row.payload == {"comment_id": comment.id, "title": TITLE, "name": "Kurt Kommentar"}
    assert row.read_at is None and row.delivery is Delivery.PENDING
    assert kinds_for(db, commenter) == [] and kinds_for(db, bystander) == []
    kind = kinds.get("proposal.comment")
    assert kind.summary(row.payload) == f"Kurt Kommentar hat Ihren Vorschlag „{TITLE}“ kommentiert."
    assert kind.link(row.payload) == f"/comments/{comment.id}"


def test_the_author_commenting_on_their_own_proposal_tells_nobody(db, author, proposal):
    say(proposal, author, "Nachtrag von mir.")
    assert rows(db) == []


def test_a_reply_tells_the_parent_author_and_the_proposal_author(db, make_user, author, proposal):
    first, second = make_user(display_name="Erste"), make_user(display_name="Zweiter")
    parent = say(proposal, first)
    reply = say(proposal, second, "Sehe ich anders.", parent=parent)
    replies = rows(db, "comment.reply")
    assert [row.recipient_id for row in replies] == [first.id]
    assert replies[0].payload == {"comment_id": reply.id, "title": TITLE, "name": "Zweiter"}
    # the proposal's author hears about both comments; the replier about nothing
    assert recipients(db, "proposal.comment") == [author.id, author.id]
    assert kinds_for(db, second) == []
    summary = kinds.get("comment.reply").summary(replies[0].payload)
    assert summary == f"Zweiter hat auf Ihren Kommentar zu „{TITLE}“ geantwortet."


def test_a_reply_to_the_proposal_authors_comment_tells_them_once(db, make_user, author, proposal):
    parent = say(proposal, author, "Danke für die Rückmeldungen.")
    say(proposal, make_user(), "Gern!", parent=parent)
    assert kinds_for(db, author) == ["comment.reply"]


def test_a_reply_to_ones_own_comment_tells_only_the_proposal_author(
    db, make_user, author, proposal
):
    commenter = make_user()
    parent = say(proposal, commenter)
    say(proposal, commenter, "Und noch etwas.", parent=parent)
    assert recipients(db, "comment.reply") == []
    assert recipients(db, "proposal.comment") == [author.id, author.id]
    assert kinds_for(db, commenter) == []


def test_the_proposal_author_answering_a_comment_tells_only_the_commenter(
    db, make_user, author, proposal
):
    commenter = make_user()
    parent = say(proposal, commenter)
    say(proposal, author, "Danke!", parent=parent)
    assert recipients(db, "comment.reply") == [commenter.id]
    assert recipients(db, "proposal.comment") == [author.id]  # only the first comment


def test_held_comments_tell_nobody_until_they_are_approved(
    app, db, monkeypatch, make_user, author, proposal, moderators
):
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS", ["Blödmann"])
    first = make_user()
    parent = say(proposal, first, "Ein erster Gedanke.")
    before = len(rows(db))
    held = say(proposal, make_user(), "Du Blödmann, das geht so nicht.", parent=parent)
    assert held.state is CommentState.PENDING
    new = rows(db)[before:]
    assert {row.kind for row in new} == {"moderation.waiting"}  # only the moderators hear
    assert sorted(row.recipient_id for row in new) == sorted(m.id for m in moderators)

    decide(moderators[0], "comment", held, Action.APPROVE)
    assert held.state is CommentState.VISIBLE
    assert recipients(db, "comment.reply") == [first.id]
    assert recipients(db, "proposal.comment")[-1] == author.id
    assert recipients(db, "moderation.decision") == []  # approving tells the author nothing


def test_comments_on_other_subjects_tell_no_proposal_author(app, db, make_user):
    from participation.comments import subjects
    from participation.comments.threads import create_thread

    subjects.register(
        "test",
        subjects.SubjectKind(
            url=lambda thread: "/", accepts_comments=lambda t: True, is_visible=lambda t: True
        ),
    )
    try:
        thread = create_thread("test")
        first, second = make_user(), make_user(display_name="Zweiter")
        parent = comment_services.post_comment(thread, first, "Hallo")
        comment_services.post_comment(thread, second, "Hallo zurück", parent.id)
    finally:
        app.extensions["comment_subjects"].pop("test", None)
    assert recipients(db, "proposal.comment") == []
    [reply] = rows(db, "comment.reply")
    assert reply.recipient_id == first.id
    # without a proposal the line names no (empty) title
    assert kinds.get("comment.reply").summary(reply.payload) == (
        "Zweiter hat auf Ihren Kommentar geantwortet."
    )


# --- official answers -----------------------------------------------------------------------


def test_followers_get_the_official_answer_with_the_new_status(
    db, make_user, author, proposal, staff
):
    supporter, commenter, opted_out, stranger = (make_user() for _ in range(4))
    supports.add_support(proposal, supporter)
    say(proposal, commenter)
    supports.add_support(proposal, opted_out)
    follows.set_following(proposal.id, opted_out.id, False)  # an explicit "stop following"
    proposal_services.answer(
        proposal, staff[0], ProposalStatus.ACCEPTED, "Wir stellen zwei Bänke auf.", "Bauamt"
    )
    told = recipients(db, "proposal.answer")
    assert sorted(told) == sorted([author.id, supporter.id, commenter.id])
    assert opted_out.id not in told and stranger.id not in told and staff[0].id not in told
    row = rows(db, "proposal.answer")[0]
    assert row.payload == {"proposal_id": proposal.id, "title": TITLE, "status": "accepted"}
    summary = kinds.get("proposal.answer").summary(row.payload)
    assert summary == f"Die Stadtverwaltung hat auf „{TITLE}“ geantwortet. Status: Angenommen."
    assert kinds.get("proposal.answer").link(row.payload) == f"/proposals/{proposal.id}"


def test_an_answer_that_keeps_the_status_is_told_too(db, author, proposal, staff):
    proposal_services.answer(proposal, staff[0], proposal.status, "Wir prüfen das.", "Bauamt")
    [row] = rows(db, "proposal.answer")
    assert row.recipient_id == author.id and row.payload["status"] == "published"


def test_the_staff_member_who_answers_is_not_told_even_when_following(db, author, proposal, staff):
    comment_services.post_comment(proposal.thread, staff[0], "Wir sehen uns das an.", official=True)
    assert follows.is_following(proposal.id, staff[0].id)
    proposal_services.answer(proposal, staff[0], ProposalStatus.IN_REVIEW, "Geprüft.", "Bauamt")
    assert recipients(db, "proposal.answer") == [author.id]


def test_followers_are_told_when_the_author_withdraws_the_proposal(db, make_user, author, proposal):
    supporter = make_user()
    supports.add_support(proposal, supporter)
    proposal_services.withdraw(proposal, author)
    [row] = rows(db, "proposal.answer")
    assert row.recipient_id == supporter.id  # not the author, who withdrew it
    assert row.payload["status"] == "withdrawn"
    summary = kinds.get("proposal.answer").summary(row.payload)
    assert summary == f"„{TITLE}“ wurde zurückgezogen."


def test_a_status_change_with_an_answer_is_told_once(db, make_user, author, proposal, staff):
    proposal_services.answer(proposal, staff[0], ProposalStatus.IN_REVIEW, "Geprüft.", "Bauamt")
    assert recipients(db, "proposal.answer") == [author.id]


def test_a_follower_who_chose_off_still_sees_it_in_the_centre_without_mail(
    db, author, proposal, staff
):
    db.session.add(Preference(user_id=author.id, kind="proposal.answer", choice=Choice.OFF))
    proposal_services.answer(proposal, staff[0], ProposalStatus.REJECTED, "Kein Platz.", "Bauamt")
    [row] = rows(db, "proposal.answer")
    assert row.recipient_id == author.id and row.delivery is Delivery.NONE


# --- threshold ------------------------------------------------------------------------------


def test_staff_are_told_when_a_proposal_crosses_the_support_threshold(
    app, db, monkeypatch, make_user, author, proposal, staff, moderators
):
    monkeypatch.setitem(app.config, "PROPOSAL_SUPPORT_THRESHOLD", 2)
    supporters = [make_user(), make_user()]
    supports.add_support(proposal, supporters[0])
    assert rows(db, "proposal.threshold") == []  # not yet
    supports.add_support(proposal, supporters[1])
    assert sorted(recipients(db, "proposal.threshold")) == sorted(s.id for s in staff)
    row = rows(db, "proposal.threshold")[0]
    assert row.payload == {"proposal_id": proposal.id, "title": TITLE, "supports": 2}
    assert row.delivery is Delivery.PENDING  # immediately by default
    summary = kinds.get("proposal.threshold").summary(row.payload)
    assert summary == f"„{TITLE}“ hat 2 Unterstützungen und wartet auf eine Antwort."
    everyone_else = [author, *supporters, *moderators]
    assert not any("proposal.threshold" in kinds_for(db, person) for person in everyone_else)


# --- moderation -----------------------------------------------------------------------------


def test_moderators_get_waiting_items_as_a_daily_digest_by_default(
    db, make_user, author, proposal, moderators, staff
):
    comment = say(proposal, make_user())
    reporter = make_user()
    reports.report(SubjectType.COMMENT, comment.id, reporter, Reason.SPAM)
    waiting = rows(db, "moderation.waiting")
    assert sorted(row.recipient_id for row in waiting) == sorted(m.id for m in moderators)
    assert {row.delivery for row in waiting} == {Delivery.DIGEST}
    item = items.find_item(SubjectType.COMMENT, comment.id)
    assert waiting[0].payload == {"item_id": item.id, "cause": "reports"}
    assert kinds.get("moderation.waiting").link(waiting[0].payload) == (
        f"/moderation/items/{item.id}"
    )
    # a second report on the open item is not a new item
    reports.report(SubjectType.COMMENT, comment.id, make_user(), Reason.SPAM)
    assert len(rows(db, "moderation.waiting")) == len(moderators)


def test_a_moderator_is_not_told_about_reports_on_their_own_post(
    db, make_user, proposal, moderators
):
    comment = say(proposal, moderators[0], "Meine Meinung als Bürger.")
    reports.report(SubjectType.COMMENT, comment.id, make_user(), Reason.OFF_TOPIC)
    assert recipients(db, "moderation.waiting") == [moderators[1].id]


def test_a_moderator_who_chose_immediately_gets_a_mail(db, make_user, proposal, moderators):
    db.session.add(
        Preference(user_id=moderators[0].id, kind="moderation.waiting", choice=Choice.IMMEDIATELY)
    )
    comment = say(proposal, make_user())
    reports.report(SubjectType.COMMENT, comment.id, make_user(), Reason.SPAM)
    delivery = {row.recipient_id: row.delivery for row in rows(db, "moderation.waiting")}
    assert delivery == {moderators[0].id: Delivery.PENDING, moderators[1].id: Delivery.DIGEST}


def test_a_hidden_comment_tells_its_author_with_the_reason(
    db, make_user, author, proposal, moderators
):
    writer, reporter = make_user(), make_user()
    comment = say(proposal, writer)
    reports.report(SubjectType.COMMENT, comment.id, reporter, Reason.INSULT)
    decision = decide(moderators[0], "comment", comment, Action.HIDE, Reason.INSULT)
    [row] = rows(db, "moderation.decision")
    assert row.recipient_id == writer.id
    assert row.payload == {"decision_id": decision.id, "action": "hide", "reason": "insult"}
    assert row.delivery is Delivery.PENDING
    kind = kinds.get("moderation.decision")
    assert kind.summary(row.payload) == (
        "Ihr Beitrag wurde ausgeblendet. Grund: Beleidigung oder Hass"
    )
    assert kind.link(row.payload) == f"/moderation/decisions/{decision.id}"
    for other in (reporter, author, *moderators):
        assert "moderation.decision" not in kinds_for(db, other)


def test_dismissing_reports_tells_nobody(db, make_user, proposal, moderators):
    writer = make_user()
    comment = say(proposal, writer)
    reports.report(SubjectType.COMMENT, comment.id, make_user(), Reason.SPAM)
    decide(moderators[0], "comment", comment, Action.DISMISS)
    assert rows(db, "moderation.decision") == []


def test_a_decision_cannot_be_switched_off(db, make_user, proposal, moderators):
    writer = make_user()
    db.session.add(Preference(user_id=writer.id, kind="moderation.decision", choice=Choice.OFF))
    comment = say(proposal, writer)
    reports.report(SubjectType.COMMENT, comment.id, make_user(), Reason.SPAM)
    decide(moderators[0], "comment", comment, Action.HIDE, Reason.SPAM)
    [row] = rows(db, "moderation.decision")
    assert row.delivery is Delivery.PENDING


@pytest.mark.parametrize("outcome", [Action.UPHOLD, Action.OVERTURN])
def test_the_appeal_outcome_tells_the_appellant(db, make_user, proposal, moderators, outcome):
    writer = make_user()
    comment = say(proposal, writer)
    reports.report(SubjectType.COMMENT, comment.id, make_user(), Reason.SPAM)
    hidden = decide(moderators[0], "comment", comment, Action.HIDE, Reason.SPAM)
    waiting_before = len(rows(db, "moderation.waiting"))
    appeals.lodge(hidden, writer, "Das war keine Werbung.")
    # the appeal puts the item back in the queue: the moderators hear about it
    appeal_rows = rows(db, "moderation.waiting")[waiting_before:]
    assert sorted(row.recipient_id for row in appeal_rows) == sorted(m.id for m in moderators)
    assert {row.payload["cause"] for row in appeal_rows} == {Cause.APPEAL.value}

    decision = decide(moderators[1], "comment", comment, outcome)
    told = rows(db, "moderation.decision")
    assert [row.recipient_id for row in told] == [writer.id, writer.id]
    assert told[-1].payload == {
        "decision_id": decision.id,
        "action": outcome.value,
        "reason": None,
    }
    expected = {
        Action.UPHOLD: "Ihr Widerspruch wurde geprüft. Die Entscheidung bleibt bestehen.",
        Action.OVERTURN: "Ihr Widerspruch war erfolgreich. Die Entscheidung ist aufgehoben.",
    }
    assert kinds.get("moderation.decision").summary(told[-1].payload) == expected[outcome]


def test_a_suspension_tells_the_account_holder(db, make_user, moderators):
    person = make_user()
    item = items.item_for(SubjectType.USER, person, Cause.REPORTS)
    choice = decisions.Choice(Action.SUSPEND, item.version, Reason.SPAM, "Werbung", 7)
    decisions.decide(item, moderators[0], choice)
    [row] = rows(db, "moderation.decision")
    assert row.recipient_id == person.id and row.payload["action"] == "suspend"


# --- the outbox -----------------------------------------------------------------------------


def test_unknown_kinds_are_refused(db):
    with pytest.raises(KeyError):
        outbox.notify("no.such.kind", proposal_id=1)


def test_every_kind_in_the_centre_has_a_summary_and_a_label(app):
    for kind in kinds.registry().values():
        assert str(kind.label)
        if kind.in_centre:
            assert type(kind).summary is not kinds.Kind.summary, kind.name
