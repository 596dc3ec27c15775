"""Comments handed in on paper (a letter, a note at the Bürgerbüro about a proposal): staff type
them in, and they join the proposal's discussion marked "Auf Papier eingereicht". Services:
they flush, never commit.

A paper comment has no author account. The staff member who typed it in is recorded in the
audit log ("paper.comment_transcribed"), never shown as its author. It goes through the same
steps as an online comment (comments.services: add, screen, publish), so it is counted,
held where the moderation's checks hold a new account's first post, and announced (the
proposal's author hears of it) exactly once, like an online comment. It is not counted
against the staff member's comment limit: they did not write it. The writer's name is shown
only when they agreed. A form sent twice (a double click) makes one comment.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.comments import services as comments
from participation.comments.models import Comment
from participation.core import audit
from participation.core.channels import Channel
from participation.extensions import db
from participation.proposals import permissions
from participation.proposals import services as proposals
from participation.proposals.models import Proposal

audit.register_actions({"paper.comment_transcribed": _l("Kommentar von Papier erfasst")})

# Who wrote it, as the moderation's checks see them: no account, no trusted role.
WRITER = proposals.CARD_AUTHOR
CLOSED = _l(
    "Die Diskussion zu diesem Vorschlag ist geschlossen. Auch Kommentare auf Papier können wir dort nicht mehr veröffentlichen."
)
NOT_OPEN = _l(
    "Dieser Vorschlag nimmt gerade keine Kommentare an, zum Beispiel weil er zurückgezogen oder ausgeblendet ist oder noch auf die Freigabe wartet."
)


@dataclass(frozen=True)
class Letter:
    """What staff read off the paper: the text as written, the name the writer agreed to show
    (None: without a name), and the key of the form they sent."""

    body: str
    author_name: str | None
    submission_key: str


class AlreadyPosted(Exception):
    """The form was sent before (a double click); `comment` is what the first one made."""

    def __init__(self, comment: Comment):
        super().__init__(comment.id)
        self.comment = comment


def transcribe(letter: Letter, proposal: Proposal, staff) -> Comment:
    """Add the comment from paper to the proposal's discussion and audit who typed it in. A
    form sent again returns the comment the first one made; a discussion that takes no
    comments now raises CommentError with the reason."""
    try:
        comment = post(letter, proposal)
    except AlreadyPosted as sent:
        return sent.comment
    audit.record(
        "paper.comment_transcribed",
        comment,
        actor=staff,
        after={"proposal": proposal.id, "name_published": comment.paper_author_name is not None},
    )
    return comment


def post(letter: Letter, proposal: Proposal) -> Comment:
    """Post the letter as a top-level comment with no author account, through the steps of
    every comment; raise AlreadyPosted when its form made a comment before."""
    earlier = find_by_submission_key(letter.submission_key)
    if earlier is not None:
        raise AlreadyPosted(earlier)
    check_open(proposal)
    text = comments.checked_body(letter.body)
    columns = {
        "channel": Channel.PAPER,
        "paper_author_name": letter.author_name or None,
        "submission_key": letter.submission_key,
    }
    try:
        with db.session.begin_nested():
            comment = comments.add_comment(proposal.thread, text, None, **columns)
    except IntegrityError:  # the same form arrived twice at the same moment
        earlier = find_by_submission_key(letter.submission_key)
        if earlier is None:
            raise
        raise AlreadyPosted(earlier) from None
    comments.screen(comment, None, WRITER)
    return comment


def find_by_submission_key(key: str | None) -> Comment | None:
    """Return the comment a form submission already made, if any."""
    if not key:
        return None
    return db.session.scalar(select(Comment).where(Comment.submission_key == key))


def refusal(proposal: Proposal):
    """Return why the proposal's discussion takes no comments now (words for staff), or None."""
    if comments.thread_refusal(proposal.thread) is None:
        return None
    return CLOSED if proposal.thread.is_closed else NOT_OPEN


def check_open(proposal: Proposal) -> None:
    """Refuse a comment when the proposal's discussion takes none now."""
    problem = refusal(proposal)
    if problem is not None:
        raise comments.CommentError(problem, 403)


def proposal_for(proposal_id, viewer) -> Proposal | None:
    """Return the proposal with this id if `viewer` may see it, else None."""
    if not proposal_id or not 0 < proposal_id < 2**31:  # beyond an id column, never an id
        return None
    proposal = db.session.get(Proposal, proposal_id)
    return proposal if proposal is not None and permissions.can_view(viewer, proposal) else None


def paper_comment(comment_id, proposal: Proposal) -> Comment | None:
    """Return the paper comment with this id in the proposal's discussion (for the note)."""
    if not comment_id or not 0 < comment_id < 2**31:
        return None
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.thread_id != proposal.thread_id or not comment.is_from_paper:
        return None
    return comment
