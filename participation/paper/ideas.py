"""Paper idea cards ("Ideenkarten"): staff type a card in, and it becomes a proposal marked
"auf Papier eingereicht". Services: they flush, never commit.

The card's code is read through the registry (an unknown, void, mistyped or counted code is
refused with its message; a ballot's or a survey sheet's code too). The sheet stays locked
until commit, and the proposal keeps the card's code (unique), so a card becomes one proposal
even when two people type it at once. A form sent twice (a double click) finds the proposal
the first one made. The author's name is published only when the author agreed on the card.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.core import audit
from participation.core.channels import Channel
from participation.extensions import db
from participation.paper import registry
from participation.paper.models import Sheet, SheetKind, SheetStatus
from participation.proposals import services as proposals
from participation.proposals.models import Proposal

audit.register_actions({"paper.idea_transcribed": _l("Ideenkarte als Vorschlag erfasst")})

RECENT = 10  # cards shown on the page as typed in last
NOT_AN_IDEA = {
    SheetKind.VOTE: _l(
        "Das ist ein Stimmzettel, keine Ideenkarte. Stimmzettel erfassen Sie unter „Papierbögen erfassen“."
    ),
    SheetKind.SURVEY: _l(
        "Das ist ein Fragebogen, keine Ideenkarte. Fragebögen erfassen Sie unter „Papierbögen erfassen“."
    ),
}


class NotAnIdeaCard(registry.SheetRefused):
    """The code is a ballot's or a survey sheet's, not an idea card's."""

    def __init__(self, sheet: Sheet):
        super().__init__("kind", sheet)

    @property
    def message(self) -> str:
        """Return the refusal in words, naming what the sheet is."""
        return str(NOT_AN_IDEA[self.sheet.kind])


@dataclass(frozen=True)
class Card:
    """What staff read off an idea card. `fields` are the proposal's (title, body, category,
    district, submission_key); `author_name` is None unless the author agreed to show it."""

    code: str
    fields: dict
    author_name: str | None


def transcribe(card: Card, staff) -> Proposal:
    """Turn the card into a published proposal (held, if a moderation check says so), count
    the card, and audit it. A form sent again returns the proposal the first one made; any
    other use of a counted card raises SheetRefused, as do wrong codes."""
    try:
        sheet = idea_sheet(card.code)
        proposal = create(card, sheet, staff)
    except registry.SheetRefused as refusal:
        earlier = sent_before(card, refusal)
        if earlier is None:
            raise
        return earlier
    count(sheet, staff)
    audit.record(
        "paper.idea_transcribed",
        proposal,
        actor=staff,
        after={"code": sheet.code, "name_published": card.author_name is not None},
    )
    return proposal


def idea_sheet(typed: str) -> Sheet:
    """Return the idea card of a typed code, locked; refuse every other code."""
    sheet = registry.sheet_for_entry(typed)
    if sheet.kind is not SheetKind.IDEA:
        raise NotAnIdeaCard(sheet)
    return sheet


def sent_before(card: Card, refusal: registry.SheetRefused) -> Proposal | None:
    """Return the proposal this very form made before (a double click), else None."""
    if refusal.reason != "counted" or refusal.sheet is None:
        return None
    earlier = proposals.find_by_submission_key(card.fields.get("submission_key"))
    if earlier is None or earlier.sheet_code != refusal.sheet.code:
        return None
    return earlier


def create(card: Card, sheet: Sheet, staff) -> Proposal:
    """Create the proposal; a proposal made from the card meanwhile refuses it as counted."""
    try:
        return proposals.create_from_paper(card.fields, sheet.code, staff, card.author_name)
    except IntegrityError as error:  # the card's code or the form's key is taken already
        raise registry.SheetRefused("counted", sheet) from error


def count(sheet: Sheet, staff) -> None:
    """Move the card through "entered" to "counted", with who and when."""
    if sheet.status is not SheetStatus.ENTERED:
        registry.move(sheet, SheetStatus.ENTERED, staff)
    registry.move(sheet, SheetStatus.COUNTED, staff)


def proposal_of_card(code: str | None) -> Proposal | None:
    """Return the proposal made from the card with this code, if any."""
    if not code:
        return None
    return db.session.scalar(select(Proposal).where(Proposal.sheet_code == code))


def paper_proposal(proposal_id) -> Proposal | None:
    """Return the proposal with this id if it came in on paper (for the confirmation)."""
    if not proposal_id or not 0 < proposal_id < 2**31:  # beyond an id column, never an id
        return None
    proposal = db.session.get(Proposal, proposal_id)
    return proposal if proposal is not None and proposal.channel is Channel.PAPER else None


def recent() -> list[Proposal]:
    """Return the proposals typed in from cards last, newest first."""
    query = (
        select(Proposal)
        .where(Proposal.channel == Channel.PAPER)
        .order_by(Proposal.id.desc())
        .limit(RECENT)
    )
    return list(db.session.scalars(query))
