"""Bench notifications: comments on one's proposals, replies to one's comments and official
answers, made from the rows written before; most delivered, some read, a few failed."""

from __future__ import annotations

from datetime import datetime, timedelta

from participation.core.benchdata.accounts import People
from participation.core.benchdata.comments import Discussions
from participation.core.benchdata.loader import Loader, next_id
from participation.core.benchdata.proposals import Planned
from participation.notifications.models import Notification

KIND_WEIGHTS = {"proposal.comment": 5, "comment.reply": 3, "proposal.answer": 2}
DELIVERIES = {"sent": 85, "none": 12, "failed": 3}
READ_SHARE = 0.6
TRIES = 20  # picks to find a cause whose recipient is not its writer
ANSWERED = {"in_review", "accepted", "rejected", "implemented"}


class Causes:
    """What notifications can be about, and picking one at random."""

    def __init__(self, planned: list[Planned], found: Discussions, people: People):
        self.planned, self.found, self.people = planned, found, people
        self.replies = [offset for offset, parent in enumerate(found.parents) if parent]
        self.answered = [p for p in planned if p.status in ANSWERED]
        self.kinds = {"proposal.comment": len(found), "comment.reply": len(self.replies),
                      "proposal.answer": len(self.answered)}  # fmt: skip

    def pick(self, chance) -> tuple[int, str, dict, datetime]:
        """Return (recipient id, kind, payload, time) of one notification."""
        kinds = [kind for kind, available in self.kinds.items() if available]
        if not kinds:  # proposals without comments or answers: staff hear of supports
            proposal = chance.choice(self.planned)
            payload = {"proposal_id": proposal.id, "title": proposal.title,
                       "supports": proposal.supports}  # fmt: skip
            return self.people.staff_id, "proposal.threshold", payload, proposal.published_at
        kind = chance.choices(kinds, weights=[KIND_WEIGHTS[kind] for kind in kinds])[0]
        return getattr(self, kind.replace(".", "_"))(chance)

    def proposal_answer(self, chance):
        """An official answer, for the proposal's author (who follows it)."""
        proposal = chance.choice(self.answered)
        payload = {"proposal_id": proposal.id, "title": proposal.title, "status": proposal.status}
        recipient = self.people.ids[proposal.author]
        return recipient, "proposal.answer", payload, proposal.answered_at

    def proposal_comment(self, chance):
        """A comment on a proposal, for its author (not one's own comment)."""
        for _ in range(TRIES):
            offset = chance.randrange(len(self.found))
            proposal = self.planned[self.found.proposals[offset]]
            if proposal.author != self.found.authors[offset]:
                break
        return self.people.ids[proposal.author], "proposal.comment", *self.about(offset)

    def comment_reply(self, chance):
        """A reply, for the author of the comment answered (not one's own)."""
        for _ in range(TRIES):
            offset = chance.choice(self.replies)
            parent = self.found.parents[offset] - self.found.first_id
            if self.found.authors[parent] != self.found.authors[offset]:
                break
        recipient = self.people.ids[self.found.authors[parent]]
        return recipient, "comment.reply", *self.about(offset)

    def about(self, offset: int) -> tuple[dict, datetime]:
        """Return the payload and time of a notification about the comment at `offset`."""
        proposal = self.planned[self.found.proposals[offset]]
        writer = self.people.names[self.found.authors[offset]]
        payload = {"comment_id": self.found.first_id + offset, "title": proposal.title,
                   "name": writer}  # fmt: skip
        return payload, self.found.time_of(offset)


def write_notifications(loader: Loader, count: int, causes: Causes, chance, now) -> None:
    """Write `count` notifications in the order they were made."""
    made = sorted((causes.pick(chance) for _ in range(count)), key=lambda made: made[3])
    first_id = next_id(Notification.__table__)
    with loader.phase():
        sink = loader.sink(Notification.__table__, COLUMNS)
        for offset, (recipient, kind, payload, created) in enumerate(made):
            row = {"id": first_id + offset, "recipient_id": recipient, "kind": kind,
                   "payload": payload, "created_at": created}  # fmt: skip
            loader.put(sink, {**row, **delivery(created, chance, now)})


COLUMNS = (
    "id", "recipient_id", "kind", "payload", "created_at", "read_at", "delivery", "attempts",
    "sent_at", "last_error",
)  # fmt: skip


def delivery(created: datetime, chance, now: datetime) -> dict:
    """Return how the notification went out and whether it was read."""
    state = chance.choices(list(DELIVERIES), weights=list(DELIVERIES.values()))[0]
    read = chance.random() < READ_SHARE
    return {
        "delivery": state,
        "attempts": {"sent": 1, "none": 0, "failed": 5}[state],
        "sent_at": created + timedelta(seconds=chance.randint(5, 300)) if state == "sent" else None,
        "last_error": "550 mailbox unavailable" if state == "failed" else None,
        "read_at": min(created + timedelta(hours=chance.randint(1, 96)), now) if read else None,
    }
