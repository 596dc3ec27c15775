"""What residents, staff and moderators hear about: one kind per occasion, fed by domain events.

Each kind keeps ids and the short texts the centre shows (title, name) in its payload, so the
list of notifications needs no further queries; mails are rendered at delivery.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.accounts.models import User, UserRole
from participation.comments.models import Comment, CommentThread
from participation.core import events
from participation.core.permissions import Role
from participation.extensions import db
from participation.moderation.labels import OUTCOME_LABELS, reason_label
from participation.moderation.models import NOTIFIED, Action, Decision, ModerationItem
from participation.notifications import kinds, outbox
from participation.notifications.kinds import Kind, Message
from participation.notifications.models import Choice
from participation.proposals.follows import follower_ids
from participation.proposals.forms import STATUS_LABELS
from participation.proposals.models import EventKind, Proposal, ProposalEvent, ProposalStatus


def proposal_of_thread(thread_id: int) -> Proposal | None:
    """Return the proposal owning a thread (threads of other subjects have none)."""
    return db.session.scalar(select(Proposal).where(Proposal.thread_id == thread_id))


def name_of(user_id: int | None) -> str:
    """Return an account's display name."""
    user = db.session.get(User, user_id) if user_id else None
    return user.display_name if user is not None else ""


def writer_of(comment_id: int, author_id: int | None) -> dict:
    """Return who wrote a comment, for a payload: the account's name; for a comment typed in
    from paper the name its writer agreed to show ("" without one) and `paper`."""
    comment = db.session.get(Comment, comment_id)
    if comment is not None and comment.is_from_paper:
        return {"name": comment.paper_author_name or "", "paper": True}
    return {"name": name_of(author_id)}


def holders_of(role: Role) -> list[int]:
    """Return the ids of the accounts holding `role`."""
    return list(db.session.scalars(select(UserRole.user_id).where(UserRole.role == role)))


def answered_by(proposal_id: int) -> int | None:
    """Return who gave the newest official answer (they need not hear about their own)."""
    query = (
        select(ProposalEvent.actor_id)
        .where(
            ProposalEvent.proposal_id == proposal_id,
            ProposalEvent.kind == EventKind.STATUS_CHANGED,
        )
        .order_by(ProposalEvent.created_at.desc(), ProposalEvent.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def page(endpoint: str, external: bool, **values) -> str:
    """Return the URL of a page, absolute for mails."""
    return url_for(endpoint, _external=external, **values)


class CommentOnMyProposal(Kind):
    """Someone commented on a proposal I wrote."""

    name = "proposal.comment"
    label = _l("Neue Kommentare zu meinen Vorschlägen")

    def recipients(self, thread_id, author_id, **_ignored):
        proposal = proposal_of_thread(thread_id)
        if proposal is None or proposal.author_id == author_id:
            return []
        return [proposal.author_id]

    def payload(self, thread_id, comment_id, author_id, **_ignored):
        proposal = proposal_of_thread(thread_id)
        return {
            "comment_id": comment_id,
            "title": proposal.title,
            **writer_of(comment_id, author_id),
        }

    def summary(self, payload):
        if payload.get("paper") and not payload["name"]:
            return _(
                "Zu Ihrem Vorschlag „%(title)s“ ist ein Kommentar auf Papier eingegangen.",
                title=payload["title"],
            )
        if payload.get("paper"):
            return _(
                "%(name)s hat Ihren Vorschlag „%(title)s“ auf Papier kommentiert.",
                name=payload["name"],
                title=payload["title"],
            )
        return _(
            "%(name)s hat Ihren Vorschlag „%(title)s“ kommentiert.",
            name=payload["name"],
            title=payload["title"],
        )

    def link(self, payload, external=False):
        return page("comments.show", external, comment_id=payload["comment_id"])

    def message(self, payload, user):
        return generic(_l("Neuer Kommentar zu Ihrem Vorschlag"), self, payload)


class ReplyToMyComment(Kind):
    """Someone answered my comment."""

    name = "comment.reply"
    label = _l("Antworten auf meine Kommentare")

    def recipients(self, parent_author_id, author_id, **_ignored):
        return [parent_author_id] if parent_author_id and parent_author_id != author_id else []

    def payload(self, thread_id, comment_id, author_id, **_ignored):
        proposal = proposal_of_thread(thread_id)
        title = proposal.title if proposal is not None else ""
        return {"comment_id": comment_id, "title": title, "name": name_of(author_id)}

    def summary(self, payload):
        if not payload.get("title"):  # a discussion of something other than a proposal
            return _("%(name)s hat auf Ihren Kommentar geantwortet.", name=payload["name"])
        return _(
            "%(name)s hat auf Ihren Kommentar zu „%(title)s“ geantwortet.",
            name=payload["name"],
            title=payload["title"],
        )

    def link(self, payload, external=False):
        return page("comments.show", external, comment_id=payload["comment_id"])

    def message(self, payload, user):
        return generic(_l("Neue Antwort auf Ihren Kommentar"), self, payload)


class AnswerOnFollowedProposal(Kind):
    """The town answered a proposal I follow (often with a new status), or its author
    withdrew it: every change of status reaches the followers."""

    name = "proposal.answer"
    label = _l("Antworten der Stadtverwaltung und neuer Status bei Vorschlägen, denen ich folge")

    def recipients(self, proposal_id, actor_id=None, **_ignored):
        actor_id = actor_id or answered_by(proposal_id)
        return [user_id for user_id in follower_ids(proposal_id) if user_id != actor_id]

    def payload(self, proposal_id, **_ignored):
        proposal = db.session.get(Proposal, proposal_id)
        return {"proposal_id": proposal_id, "title": proposal.title, "status": proposal.status}

    def summary(self, payload):
        if payload["status"] == ProposalStatus.WITHDRAWN:
            return _("„%(title)s“ wurde zurückgezogen.", title=payload["title"])
        status = STATUS_LABELS[ProposalStatus(payload["status"])]
        return _(
            "Die Stadtverwaltung hat auf „%(title)s“ geantwortet. Status: %(status)s.",
            title=payload["title"],
            status=status,
        )

    def link(self, payload, external=False):
        return page("proposals.detail", external, proposal_id=payload["proposal_id"])

    def message(self, payload, user):
        return generic(_l("Neues zu einem Vorschlag, dem Sie folgen"), self, payload)


class ThresholdReached(Kind):
    """For staff: a proposal has enough supports and waits for an answer."""

    name = "proposal.threshold"
    label = _l("Vorschläge, die genug Unterstützung gesammelt haben")
    audience = (Role.STAFF,)

    def recipients(self, **_ignored):
        return holders_of(Role.STAFF)

    def payload(self, proposal_id, supports, **_ignored):
        proposal = db.session.get(Proposal, proposal_id)
        return {"proposal_id": proposal_id, "title": proposal.title, "supports": supports}

    def summary(self, payload):
        return _(
            "„%(title)s“ hat %(supports)s Unterstützungen und wartet auf eine Antwort.",
            title=payload["title"],
            supports=payload["supports"],
        )

    def link(self, payload, external=False):
        return page("proposals.detail", external, proposal_id=payload["proposal_id"])

    def message(self, payload, user):
        return generic(_l("Ein Vorschlag wartet auf Ihre Antwort"), self, payload)


class ModerationDecision(Kind):
    """A moderation decision about my post or account, or the outcome of my appeal. It is the
    statement of reasons the issue requires, so it cannot be switched off."""

    name = "moderation.decision"
    label = _l("Entscheidungen der Moderation")
    optional = False

    def recipients(self, affected_id, action, **_ignored):
        return [affected_id] if affected_id and Action(action) in NOTIFIED else []

    def payload(self, decision_id, action, **_ignored):
        decision = db.session.get(Decision, decision_id)
        reason = decision.reason.value if decision.reason else None
        return {"decision_id": decision_id, "action": action, "reason": reason}

    def summary(self, payload):
        outcome = str(OUTCOME_LABELS[Action(payload["action"])])
        if payload.get("reason"):
            return f"{outcome} " + _("Grund: %(reason)s", reason=reason_label(payload["reason"]))
        return outcome

    def link(self, payload, external=False):
        return page("moderation.decision", external, decision_id=payload["decision_id"])

    def message(self, payload, user):
        decision = db.session.get(Decision, payload["decision_id"])
        link = self.link(payload, external=True)
        return Message(
            subject=_l("Entscheidung der Moderation"),
            template="moderation/decision",
            context={"decision": decision, "link": link},
        )


class ItemsWaiting(Kind):
    """For moderators: something new waits in the moderation queue."""

    name = "moderation.waiting"
    label = _l("Neue Einträge in der Moderation")
    audience = (Role.MODERATOR,)
    default = Choice.DAILY

    def recipients(self, item_id, **_ignored):
        item = db.session.get(ModerationItem, item_id)
        own = item.author_id if item is not None else None  # someone else decides on it
        return [user_id for user_id in holders_of(Role.MODERATOR) if user_id != own]

    def payload(self, item_id, cause, **_ignored):
        return {"item_id": item_id, "cause": cause}

    def summary(self, payload):
        return _("Ein neuer Eintrag wartet in der Moderation.")

    def link(self, payload, external=False):
        return page("moderation.item", external, item_id=payload["item_id"])

    def message(self, payload, user):
        return generic(_l("Neuer Eintrag in der Moderation"), self, payload)


def generic(subject, kind: Kind, payload: dict) -> Message:
    """Return the usual mail: the summary, the link, and how to change the settings."""
    return Message(
        subject=subject,
        template="notifications/generic",
        context={"summary": kind.summary(payload), "link": kind.link(payload, external=True)},
    )


KINDS = (
    CommentOnMyProposal,
    ReplyToMyComment,
    AnswerOnFollowedProposal,
    ThresholdReached,
    ModerationDecision,
    ItemsWaiting,
)


def on_comment_posted(**event) -> None:
    """Tell the author of the proposal (replies are told to the parent's author instead)."""
    thread = db.session.get(CommentThread, event["thread_id"])
    comment = db.session.get(Comment, event["comment_id"])
    if thread is None or thread.subject_type != "proposal" or comment is None:
        return
    if event.get("parent_author_id") is None and comment.parent_id is not None:
        parent = db.session.get(Comment, comment.parent_id)
        proposal = proposal_of_thread(thread.id)
        if parent is not None and proposal is not None and parent.author_id == proposal.author_id:
            return  # the author hears about the reply to their comment instead
    outbox.notify(CommentOnMyProposal.name, **event)


def on_reply(**event) -> None:
    """Tell the author of the comment that was answered."""
    outbox.notify(ReplyToMyComment.name, **event)


def on_official_answer(**event) -> None:
    """Tell the followers of the proposal."""
    outbox.notify(AnswerOnFollowedProposal.name, **event)


def on_status_changed(**event) -> None:
    """Tell the followers when the author withdraws a proposal (the town's status changes come
    with an official answer, which tells them already)."""
    if event["new"] == ProposalStatus.WITHDRAWN:
        outbox.notify(AnswerOnFollowedProposal.name, **event)


def on_threshold(**event) -> None:
    """Tell staff."""
    outbox.notify(ThresholdReached.name, **event)


def on_decision(**event) -> None:
    """Tell the person a moderation decision affects."""
    outbox.notify(ModerationDecision.name, **event)


def on_item_opened(**event) -> None:
    """Tell the moderators that something waits."""
    outbox.notify(ItemsWaiting.name, **event)


def init_app(app) -> None:
    """Register the kinds and listen to the events that trigger them."""
    with app.app_context():
        for kind_class in KINDS:
            kinds.register(kind_class())
        events.subscribe(events.COMMENT_POSTED, on_comment_posted)
        events.subscribe(events.COMMENT_REPLY, on_reply)
        events.subscribe(events.PROPOSAL_OFFICIAL_ANSWER, on_official_answer)
        events.subscribe(events.PROPOSAL_STATUS_CHANGED, on_status_changed)
        events.subscribe(events.PROPOSAL_THRESHOLD_REACHED, on_threshold)
        events.subscribe(events.MODERATION_DECIDED, on_decision)
        events.subscribe(events.MODERATION_ITEM_OPENED, on_item_opened)
