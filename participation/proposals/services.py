"""Proposal rules: drafts, publishing, editing, withdrawing, staff answers. They flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.comments.threads import create_thread
from participation.core import audit, events, screening
from participation.core.channels import Channel
from participation.core.markup import render_markdown
from participation.core.models import utcnow
from participation.extensions import db
from participation.proposals import follows
from participation.proposals.images import StoredImage
from participation.proposals.models import (
    EventKind,
    ModerationState,
    Proposal,
    ProposalEvent,
    ProposalImage,
    ProposalStatus,
)

ANSWERED = "proposal.answered"
audit.register_actions({ANSWERED: _l("Vorschlag offiziell beantwortet")})


class ProposalError(Exception):
    """A rule was broken; the view turns the code into a message."""


def find_by_submission_key(key: str | None) -> Proposal | None:
    """Return the proposal a form submission already created, if any."""
    if not key:
        return None
    return db.session.scalar(select(Proposal).where(Proposal.submission_key == key))


def create_draft(author, fields: dict, images: list[tuple[StoredImage, str]]) -> Proposal:
    """Create a draft with its thread and pictures; a repeated submission returns the first."""
    existing = find_by_submission_key(fields.get("submission_key"))
    if existing is not None:
        return existing
    proposal = new_proposal(fields, author_id=author.id)
    add_images(proposal, images)
    try:
        with db.session.begin_nested():
            db.session.add(proposal)
    except IntegrityError:  # the same form arrived twice at the same moment
        return find_by_submission_key(fields["submission_key"])
    return proposal


def new_proposal(fields: dict, **columns) -> Proposal:
    """Return a new draft (not yet added) with its thread, the fields and `columns` set."""
    proposal = Proposal(
        status=ProposalStatus.DRAFT, thread_id=create_thread("proposal").id, **columns
    )
    apply_fields(proposal, fields)
    proposal.submission_key = fields.get("submission_key") or None
    return proposal


def apply_fields(proposal: Proposal, fields: dict) -> None:
    """Copy the edited text fields and render the body."""
    proposal.title = fields["title"]
    proposal.body = fields["body"]
    proposal.body_html = str(render_markdown(fields["body"]))
    proposal.category = fields["category"]
    proposal.district = fields.get("district") or None


def add_images(proposal: Proposal, images: list[tuple[StoredImage, str]]) -> None:
    """Attach stored pictures with their descriptions, after the existing ones."""
    start = len(proposal.images)
    for offset, (stored, alt) in enumerate(images):
        proposal.images.append(
            ProposalImage(
                position=start + offset,
                filename=stored.filename,
                content_type=stored.content_type,
                width=stored.width,
                height=stored.height,
                alt_text=alt,
            )
        )


def remove_images(proposal: Proposal, image_ids: set[int]) -> list[str]:
    """Detach the chosen pictures; return their file names (delete the files after commit)."""
    removed = [image for image in proposal.images if image.id in image_ids]
    for image in removed:
        proposal.images.remove(image)
    for position, image in enumerate(proposal.images):
        image.position = position
    return [image.filename for image in removed]


def add_event(proposal: Proposal, kind: EventKind, actor=None, **values) -> ProposalEvent:
    """Write one entry of the public timeline."""
    event = ProposalEvent(
        proposal_id=proposal.id, kind=kind, actor_id=actor.id if actor else None, **values
    )
    db.session.add(event)
    return event


def publish(proposal: Proposal, author) -> None:
    """Make a draft public; the author follows it from now on."""
    go_public(proposal, author)
    follows.follow_automatically(proposal.id, author.id)
    db.session.flush()
    screen(proposal, author)


def go_public(proposal: Proposal, actor) -> None:
    """Publish a draft, held until `screen` lets it through; `actor` is on the timeline."""
    if proposal.status is not ProposalStatus.DRAFT:
        raise ProposalError("not-a-draft")
    now = utcnow()
    proposal.status = ProposalStatus.PUBLISHED
    proposal.moderation_state = ModerationState.PENDING  # until the checks let it through
    proposal.published_at = now
    proposal.last_activity_at = now
    add_event(proposal, EventKind.PUBLISHED, actor, to_status=ProposalStatus.PUBLISHED)


def screen(proposal: Proposal, author) -> None:
    """Show the new proposal unless a moderation check holds it for review."""
    post = screening.Post(
        "proposal", proposal.id, author, f"{proposal.title}\n{proposal.body}", proposal.category
    )
    if not screening.hold_reason(post):
        proposal.moderation_state = ModerationState.SHOWN
        events.emit(events.PROPOSAL_PUBLISHED, proposal_id=proposal.id)


class CardAuthor:
    """Who wrote a paper idea card, as the moderation's checks see them: no account, so no
    trusted role and no post let through before. A card is screened like the first post of a
    new account (held where the town holds those)."""

    id = 0  # no account has this id
    is_authenticated = False

    def has_any_role(self, *roles) -> bool:
        """Hold no role."""
        return False


CARD_AUTHOR = CardAuthor()


def create_from_paper(fields: dict, sheet_code: str, staff, author_name: str | None) -> Proposal:
    """Publish the proposal that staff typed from the paper idea card `sheet_code`, with no
    author account and the name the author agreed on the card to show (None: without a
    name); screened like an online proposal. The card's code and the form's submission key
    are unique: a second proposal from the same card raises IntegrityError."""
    with db.session.begin_nested():  # a refused proposal leaves no thread behind either
        proposal = new_proposal(
            fields, channel=Channel.PAPER, sheet_code=sheet_code, paper_author_name=author_name
        )
        db.session.add(proposal)
    go_public(proposal, staff)
    db.session.flush()
    screen(proposal, CARD_AUTHOR)
    return proposal


def release(proposal: Proposal) -> None:
    """Show a proposal that waited for review; it counts as published from now on."""
    if proposal.moderation_state is not ModerationState.PENDING:
        return
    now = utcnow()
    proposal.moderation_state = ModerationState.SHOWN
    proposal.published_at = proposal.last_activity_at = now
    db.session.flush()
    events.emit(events.PROPOSAL_PUBLISHED, proposal_id=proposal.id)


def hide(proposal: Proposal, reason: str) -> None:
    """Hide a proposal by moderation: its page shows a placeholder with `reason`."""
    proposal.moderation_state = ModerationState.HIDDEN
    proposal.hidden_reason = reason


def restore(proposal: Proposal) -> None:
    """Show a hidden proposal again."""
    if proposal.moderation_state is ModerationState.HIDDEN:
        proposal.moderation_state = ModerationState.SHOWN
        proposal.hidden_reason = None


def change_problem(proposal: Proposal, author, text: str) -> str | None:
    """Return why a change to a published proposal (an edit, an update) is refused, e.g. too
    many links or a blocked word; None when it is fine. Drafts are checked when published."""
    if proposal.status is ProposalStatus.DRAFT:
        return None
    post = screening.Post("proposal", proposal.id, author, text, proposal.category)
    return screening.edit_problem(post)


def edit(proposal: Proposal, fields: dict) -> None:
    """Change an editable proposal; a public one is marked as edited."""
    if not proposal.is_editable():
        raise ProposalError("not-editable")
    apply_fields(proposal, fields)
    if proposal.status is not ProposalStatus.DRAFT:
        proposal.edited_at = utcnow()


def add_update(proposal: Proposal, author, text: str) -> None:
    """Add the author's news to the timeline."""
    add_event(proposal, EventKind.UPDATE, author, body=text, body_html=str(render_markdown(text)))
    proposal.last_activity_at = utcnow()


def withdraw(proposal: Proposal, author) -> None:
    """Take the proposal back (the author, until a decision is made)."""
    if not proposal.may_be_withdrawn():
        raise ProposalError("not-withdrawable")
    previous = proposal.status
    proposal.status = ProposalStatus.WITHDRAWN
    add_event(
        proposal, EventKind.WITHDRAWN, author, from_status=previous, to_status=proposal.status
    )
    db.session.flush()
    events.emit(
        events.PROPOSAL_STATUS_CHANGED,
        proposal_id=proposal.id,
        old=previous.value,
        new=proposal.status.value,
        actor_id=author.id,
    )


def answer(proposal: Proposal, staff, status: ProposalStatus, text: str, department: str) -> None:
    """Answer officially and set the status (or keep it, to only answer)."""
    if status is not proposal.status and not proposal.staff_may_set(status):
        raise ProposalError("transition")
    previous = proposal.status
    proposal.status = status
    proposal.last_activity_at = utcnow()
    add_event(
        proposal,
        EventKind.STATUS_CHANGED,
        staff,
        from_status=previous,
        to_status=status,
        body=text,
        body_html=str(render_markdown(text)),
        department=department,
    )
    audit.record(
        ANSWERED,
        proposal,
        actor=staff,
        before={"status": previous.value},
        after={"status": status.value, "department": department},
    )
    db.session.flush()
    events.emit(events.PROPOSAL_OFFICIAL_ANSWER, proposal_id=proposal.id, actor_id=staff.id)
    if status is not previous:
        events.emit(
            events.PROPOSAL_STATUS_CHANGED,
            proposal_id=proposal.id,
            old=previous.value,
            new=status.value,
            actor_id=staff.id,
        )


def timeline(proposal: Proposal) -> list[ProposalEvent]:
    """Return the public timeline, oldest first, with the actors loaded."""
    query = (
        select(ProposalEvent)
        .where(ProposalEvent.proposal_id == proposal.id)
        .order_by(ProposalEvent.created_at, ProposalEvent.id)
    )
    return list(db.session.scalars(query))


def latest_answer(entries: list[ProposalEvent]) -> ProposalEvent | None:
    """Return the newest official answer in a timeline."""
    answers = [entry for entry in entries if entry.is_official_answer]
    return answers[-1] if answers else None
