"""Bench discussions: each proposal's comments in time order, replies down to depth 4, written
with the counts its thread and proposal already carry."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from datetime import UTC, datetime

from participation.comments.models import MAX_DEPTH_SHOWN, Comment
from participation.core.benchdata import text
from participation.core.benchdata.accounts import People
from participation.core.benchdata.loader import Loader, next_id
from participation.core.benchdata.proposals import Planned

POOL = 3_000  # distinct comment texts, each rendered once
MAX_DEPTH = MAX_DEPTH_SHOWN  # replies go down to this depth
COMMENT_COLUMNS = (
    "id", "thread_id", "parent_id", "author_id", "depth", "body", "body_html", "state",
    "is_official", "vote_count", "channel", "created_at",
)  # fmt: skip


@dataclass
class Discussions:
    """What notifications need of the comments written: per comment (by id − first id) its
    author (index into People), parent id (0: none), proposal (index) and time."""

    first_id: int
    authors: array = field(default_factory=lambda: array("l"))
    parents: array = field(default_factory=lambda: array("q"))
    proposals: array = field(default_factory=lambda: array("l"))
    times: array = field(default_factory=lambda: array("d"))

    def __len__(self) -> int:
        return len(self.authors)

    def time_of(self, offset: int) -> datetime:
        """Return when the comment at `offset` was written."""
        return datetime.fromtimestamp(self.times[offset], UTC)


def write_comments(loader: Loader, planned: list[Planned], people: People, chance) -> Discussions:
    """Write every proposal's discussion; return what notifications need of it."""
    total = sum(proposal.comments for proposal in planned)
    pool = text.comment_pool(chance, min(POOL, max(total, 1)))
    found = Discussions(next_id(Comment.__table__))
    with loader.phase():
        comments = loader.sink(Comment.__table__, COMMENT_COLUMNS)
        for index, proposal in enumerate(planned):
            for row in thread_rows(proposal, found.first_id + len(found), pool, people, chance):
                loader.put(comments, row)
                remember(found, row, index, people)
    return found


def comment_times(proposal: Planned, chance) -> list[datetime]:
    """Return the comments' times in order, the last one the thread's `last_comment_at`."""
    count, last = proposal.comments, proposal.last_comment_at
    if not count:
        return []
    span = last - proposal.published_at
    earlier = sorted(proposal.published_at + span * chance.random() for _ in range(count - 1))
    return [*earlier, last]


def reply_flags(proposal: Planned, chance) -> list[bool]:
    """Return for each comment in order whether it is a reply (the first never is)."""
    flags = [False] * (proposal.top_level - 1) + [True] * proposal.replies
    chance.shuffle(flags)
    return [False, *flags] if proposal.comments else []


def thread_rows(proposal: Planned, first_id: int, pool, people: People, chance) -> list[dict]:
    """Return the rows of one discussion; a reply answers an earlier comment above MAX_DEPTH."""
    times, flags = comment_times(proposal, chance), reply_flags(proposal, chance)
    writers = people.writers(chance, proposal.comments)
    rows, open_ = [], []  # open_: (id, depth) of the comments that may still get replies
    for offset, (moment, is_reply) in enumerate(zip(times, flags, strict=True)):
        parent, depth = chance.choice(open_) if is_reply else (None, -1)
        said = chance.choice(pool)
        row = {
            "id": first_id + offset, "thread_id": proposal.thread_id, "parent_id": parent,
            "author_id": people.ids[writers[offset]], "depth": depth + 1, "body": said.body,
            "body_html": said.html, "state": "visible", "is_official": False, "vote_count": 0,
            "channel": "online", "created_at": moment,
        }  # fmt: skip
        if depth + 1 < MAX_DEPTH:
            open_.append((row["id"], depth + 1))
        rows.append(row)
    return rows


def remember(found: Discussions, row: dict, proposal_index: int, people: People) -> None:
    """Keep what notifications need of one comment."""
    found.authors.append(people.index_of(row["author_id"]))
    found.parents.append(row["parent_id"] or 0)
    found.proposals.append(proposal_index)
    found.times.append(row["created_at"].timestamp())
