"""Bench proposals: spread over three years and the town's categories and districts, mostly
published, with their threads, timeline, authors' follows and supports, counters exact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from participation.comments.models import CommentThread
from participation.core.benchdata import plan, text
from participation.core.benchdata.accounts import People
from participation.core.benchdata.loader import Loader, next_id
from participation.core.town import current_town
from participation.proposals.models import (
    Proposal,
    ProposalEvent,
    ProposalFollow,
    ProposalSupport,
)

YEARS = 3
POOL = 1_000  # distinct proposal bodies, each rendered once
DECIDED = {"in_review": 3, "accepted": 3, "rejected": 2, "implemented": 2, "withdrawn": 1.5}
ANSWER_OF = {"in_review": 0, "accepted": 1, "rejected": 2, "implemented": 3}
PROPOSAL_COLUMNS = (
    "id", "author_id", "thread_id", "title", "body", "body_html", "category", "district",
    "status", "published_at", "last_activity_at", "support_count", "comment_count",
    "moderation_state", "channel", "created_at",
)  # fmt: skip
THREAD_COLUMNS = ("id", "subject_type", "comment_count", "last_comment_at", "created_at")
EVENT_COLUMNS = (
    "id", "proposal_id", "created_at", "kind", "actor_id", "from_status", "to_status", "body",
    "body_html", "department",
)  # fmt: skip


@dataclass
class Planned:
    """One proposal as the later steps need it."""

    id: int
    thread_id: int
    author: int  # index into People
    title: str
    status: str
    published_at: datetime
    answered_at: datetime | None
    top_level: int = 0
    replies: int = 0
    last_comment_at: datetime | None = None
    supports: int = 0

    @property
    def comments(self) -> int:
        """Return how many comments its discussion gets."""
        return self.top_level + self.replies


def plan_proposals(sizes: plan.Sizes, people: People, chance, now: datetime) -> list[Planned]:
    """Decide every proposal's author, time, status and counts before anything is written."""
    first_id, first_thread = next_id(Proposal.__table__), next_id(CommentThread.__table__)
    span = timedelta(days=365 * YEARS)
    times = sorted(now - span + span * chance.random() for _ in range(sizes.proposals))
    authors = people.writers(chance, sizes.proposals)
    planned = [
        Planned(
            first_id + n, first_thread + n, authors[n], text.proposal_title(chance), "", t, None
        )
        for n, t in enumerate(times)
    ]
    for proposal in planned:
        proposal.status, proposal.answered_at = status_of(proposal.published_at, chance, now)
    plan_comments(planned, sizes, chance, now)
    plan_supports(planned, sizes, len(people.ids), chance)
    return planned


def status_of(published: datetime, chance, now: datetime) -> tuple[str, datetime | None]:
    """Return a status (older proposals are more often decided) and when it was set."""
    age = (now - published).days
    if chance.random() >= min(0.4, age / 1000):
        return "published", None
    status = chance.choices(list(DECIDED), weights=list(DECIDED.values()))[0]
    return status, published + (now - published) * chance.uniform(0.2, 0.9)


def plan_comments(planned: list[Planned], sizes: plan.Sizes, chance, now: datetime) -> None:
    """Give each proposal its top-level comments and replies and its last comment's time."""
    replies = int(sizes.comments * sizes.reply_share)
    top_level = sizes.comments - replies
    if sizes.comments and not top_level:
        top_level, replies = 1, replies - 1
    if sizes.even:
        tops = plan.spread(top_level, [1.0] * len(planned))
    else:
        cap = plan.top_level_cap(top_level, len(planned))
        tops = plan.spread(top_level, plan.skewed(chance, len(planned), 1.4), cap)
    for proposal, count, reply_count in zip(
        planned, tops, plan.spread(replies, [float(n) for n in tops]), strict=True
    ):
        proposal.top_level, proposal.replies = count, reply_count
        if count:
            span = (now - proposal.published_at) * chance.uniform(0.05, 1.0) ** 2
            proposal.last_comment_at = proposal.published_at + span


def plan_supports(planned: list[Planned], sizes: plan.Sizes, accounts: int, chance) -> None:
    """Give each proposal its number of supports (skewed unless even; never its author's)."""
    weights = [1.0] * len(planned) if sizes.even else plan.skewed(chance, len(planned), 1.6)
    counts = plan.spread(sizes.supports, weights, cap=max(accounts - 1, 0))
    for proposal, count in zip(planned, counts, strict=True):
        proposal.supports = count


def write_proposals(loader: Loader, planned: list[Planned], people: People, chance) -> None:
    """Write the threads, proposals, timeline entries and the authors' follows."""
    pool, answers = text.proposal_pool(chance, min(POOL, max(len(planned), 1))), text.answer_pool()
    event_id, town = next_id(ProposalEvent.__table__), current_town()
    with loader.phase():
        threads = loader.sink(CommentThread.__table__, THREAD_COLUMNS)
        proposals = loader.sink(Proposal.__table__, PROPOSAL_COLUMNS)
        events = loader.sink(ProposalEvent.__table__, EVENT_COLUMNS)
        follows = loader.sink(ProposalFollow.__table__)
        for proposal in planned:
            created = proposal.published_at - timedelta(minutes=chance.randint(1, 2_000))
            loader.put(threads, thread_row(proposal, created))
            row = proposal_row(proposal, people, chance.choice(pool), town, chance)
            loader.put(proposals, {**row, "created_at": created})
            for event in timeline(proposal, people, answers, chance):
                loader.put(events, {**event, "id": event_id})
                event_id += 1
            loader.put(follows, {"proposal_id": proposal.id, "user_id": row["author_id"],
                                 "active": True, "created_at": proposal.published_at})  # fmt: skip


def thread_row(proposal: Planned, created: datetime) -> dict:
    """Return the row of the proposal's thread, its counter and last comment's time included."""
    return {"id": proposal.thread_id, "subject_type": "proposal", "created_at": created,
            "comment_count": proposal.comments, "last_comment_at": proposal.last_comment_at}  # fmt: skip


def proposal_row(proposal: Planned, people: People, body: text.Text, town, chance) -> dict:
    """Return the proposal's row with its counters."""
    activity = [proposal.published_at, proposal.last_comment_at, proposal.answered_at]
    district = chance.choice(town.districts) if town.districts and chance.random() < 0.85 else None
    return {
        "id": proposal.id, "author_id": people.ids[proposal.author],
        "thread_id": proposal.thread_id, "title": proposal.title, "body": body.body,
        "body_html": body.html, "category": chance.choice(town.categories), "district": district,
        "status": proposal.status, "published_at": proposal.published_at,
        "last_activity_at": max(moment for moment in activity if moment is not None),
        "support_count": proposal.supports, "comment_count": proposal.comments,
        "moderation_state": "shown", "channel": "online",
    }  # fmt: skip


def timeline(proposal: Planned, people: People, answers: list[text.Text], chance) -> list[dict]:
    """Return the public timeline: published, then an official answer or the withdrawal."""
    author, staff = people.ids[proposal.author], people.staff_id
    entries = [event(proposal.published_at, "published", author, None, "published")]
    status, when = proposal.status, proposal.answered_at
    if status == "withdrawn":
        entries.append(event(when, "withdrawn", author, "published", "withdrawn"))
    elif status == "implemented":
        accepted = proposal.published_at + (when - proposal.published_at) / 2
        entries.append(answer(accepted, staff, "published", "accepted", answers[1], chance))
        entries.append(answer(when, staff, "accepted", "implemented", answers[3], chance))
    elif status != "published":
        entries.append(answer(when, staff, "published", status, answers[ANSWER_OF[status]], chance))
    return [{**entry, "proposal_id": proposal.id} for entry in entries]


def event(when, kind: str, actor: int, old: str | None, new: str) -> dict:
    """Return a timeline entry without text."""
    return {"created_at": when, "kind": kind, "actor_id": actor, "from_status": old,
            "to_status": new, "body": None, "body_html": None, "department": None}  # fmt: skip


def answer(when, staff: int, old: str, new: str, said: text.Text, chance) -> dict:
    """Return an official answer that changes the status."""
    entry = event(when, "status_changed", staff, old, new)
    department = chance.choice(text.DEPARTMENTS)
    return {**entry, "body": said.body, "body_html": said.html, "department": department}


def write_supports(loader: Loader, planned: list[Planned], people: People, chance, now) -> None:
    """Write each proposal's supports from distinct accounts other than its author."""
    with loader.phase():
        supports = loader.sink(ProposalSupport.__table__)
        for proposal in planned:
            others = chance.sample(range(len(people.ids) - 1), proposal.supports)
            span = now - proposal.published_at
            for index in sorted(others):
                supporter = people.ids[index + (index >= proposal.author)]
                moment = proposal.published_at + span * chance.random()
                loader.put(supports, {"proposal_id": proposal.id, "user_id": supporter,
                                      "created_at": moment})  # fmt: skip
