"""Browsing proposals: validated filters, sort orders and full-text search.

Only public proposals are listed, never drafts or hidden ones. Without a status filter the
list leaves out withdrawn proposals: their authors took them back, so they are no longer
ideas to support or discuss; choosing the status "withdrawn" shows them.

Search is real full-text search on both databases (objects from migration 0003):
- PostgreSQL: `to_tsvector('german', title || ' ' || body)` against
  `websearch_to_tsquery('german', q)` (German stemming, quotes, `or`, `-word`), ranked by
  ts_rank and backed by the GIN expression index `ix_proposals_search`.
- SQLite: the FTS5 table `proposals_fts` (tokenizer `porter unicode61 remove_diacritics 2`),
  each word quoted and searched as a prefix, ranked by bm25 (title counts double).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace

from sqlalchemy import Select, and_, column, func, literal_column, select, table

from participation.core.town import current_town
from participation.extensions import db
from participation.proposals.models import (
    PUBLIC_STATES,
    ModerationState,
    Proposal,
    ProposalFollow,
    ProposalStatus,
)

SORTS = ("newest", "supported", "discussed", "active", "relevance")
LISTED_BY_DEFAULT = sorted(PUBLIC_STATES - {ProposalStatus.WITHDRAWN})
FILTER_STATES = [status for status in ProposalStatus if status in PUBLIC_STATES]
MAX_QUERY = 200  # characters of the search text that are used
MAX_TERMS = 16  # words sent to FTS5
FEED_SIZE = 30
PER_PAGE = 15  # proposals per list page: short enough to scan, and one screen on a phone
WORD = re.compile(r"\w+")

GERMAN = literal_column("'german'")  # a literal, not a parameter: it must match the index
FTS = table("proposals_fts", column("rowid"))
FTS_TABLE = literal_column("proposals_fts")


@dataclass(frozen=True)
class Filters:
    """The list's validated filters; None or "" means "not filtered"."""

    category: str | None = None
    status: ProposalStatus | None = None
    district: str | None = None
    sort: str = "newest"
    q: str = ""

    @property
    def default_sort(self) -> str:
        """Best matches first when searching, else the newest."""
        return "relevance" if self.q else "newest"

    @property
    def active(self) -> bool:
        """Whether anything narrows the list."""
        return bool(self.category or self.status or self.district or self.q)

    def args(self) -> dict[str, str]:
        """Return the filters as URL query arguments (empty and default values left out)."""
        values = {key: str(value) for key, value in asdict(self).items() if value}
        if self.sort == self.default_sort:
            values.pop("sort")
        return values

    def feed_args(self) -> dict[str, str]:
        """Return the URL arguments of the matching feed (which is always newest first)."""
        return {key: value for key, value in self.args().items() if key != "sort"}


def pick(value: str | None, allowed) -> str | None:
    """Return `value` if it is one of `allowed`, else None."""
    return value if value in allowed else None


def clean_query(text: str | None) -> str:
    """Collapse blanks and cut the search text; text without any word counts as no search."""
    text = " ".join((text or "").split())[:MAX_QUERY]
    return text if WORD.search(text) else ""


def parse_filters(args: Mapping[str, str]) -> Filters:
    """Read the filters from query arguments; unknown or invalid values are ignored."""
    town = current_town()
    status = pick(args.get("status"), {status.value for status in PUBLIC_STATES})
    filters = Filters(
        category=pick(args.get("category"), town.categories),
        status=ProposalStatus(status) if status else None,
        district=pick(args.get("district"), town.districts),
        q=clean_query(args.get("q")),
    )
    sort = pick(args.get("sort"), SORTS)
    if sort is None or (sort == "relevance" and not filters.q):
        sort = filters.default_sort
    return replace(filters, sort=sort)


def list_query(filters: Filters) -> Select:
    """Return the public proposals matching `filters`, in the chosen order."""
    statuses = [filters.status] if filters.status else LISTED_BY_DEFAULT
    query = select(Proposal).where(
        Proposal.status.in_(statuses), Proposal.moderation_state == ModerationState.SHOWN
    )
    if filters.category:
        query = query.where(Proposal.category == filters.category)
    if filters.district:
        query = query.where(Proposal.district == filters.district)
    rank = None
    if filters.q:
        query, rank = with_search(query, filters.q)
    return query.order_by(*ordering(filters.sort, rank), Proposal.id.desc())


def ordering(sort: str, rank=None) -> list:
    """Return the ORDER BY terms for `sort` (the caller adds the id as tie-breaker)."""
    newest = Proposal.published_at.desc().nulls_last()
    orders = {
        "newest": [newest],
        "supported": [Proposal.support_count.desc()],
        "discussed": [Proposal.comment_count.desc()],
        "active": [Proposal.last_activity_at.desc()],
        "relevance": [rank, newest] if rank is not None else [newest],
    }
    return orders[sort]


def with_search(query: Select, text: str) -> tuple[Select, object]:
    """Narrow `query` to proposals matching `text`; return it and a relevance order term."""
    if db.engine.dialect.name == "postgresql":
        return postgres_search(query, text)
    return sqlite_search(query, text)


def search_document():
    """Return the PostgreSQL text-search vector, spelled exactly as the GIN index spells it."""
    text = Proposal.title.op("||")(literal_column("' '")).op("||")(Proposal.body)
    return func.to_tsvector(GERMAN, text)


def postgres_search(query: Select, text: str) -> tuple[Select, object]:
    """Match with German stemming; websearch syntax never raises on odd input."""
    document, wanted = search_document(), func.websearch_to_tsquery(GERMAN, text)
    return query.where(document.op("@@")(wanted)), func.ts_rank(document, wanted).desc()


def fts5_query(text: str) -> str:
    """Quote each word and search it as a prefix, so no input can be FTS5 syntax."""
    return " ".join(f'"{word}"*' for word in WORD.findall(text)[:MAX_TERMS])


def sqlite_search(query: Select, text: str) -> tuple[Select, object]:
    """Match through the FTS5 table; bm25 is smaller for better matches."""
    query = query.join(FTS, FTS.c.rowid == Proposal.id)
    query = query.where(FTS_TABLE.op("MATCH")(fts5_query(text)))
    return query, func.bm25(FTS_TABLE, 2.0, 1.0).asc()


def feed_query(filters: Filters) -> Select:
    """Return the newest published proposals matching `filters`, for the Atom feed."""
    return list_query(replace(filters, sort="newest")).limit(FEED_SIZE)


def mine_query(user_id: int) -> Select:
    """Return every proposal the account wrote, in every state, newest first."""
    return (
        select(Proposal)
        .where(Proposal.author_id == user_id)
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
    )


def followed_query(user_id: int) -> Select:
    """Return the public proposals the account follows, most recently active first."""
    follow = and_(
        ProposalFollow.proposal_id == Proposal.id,
        ProposalFollow.user_id == user_id,
        ProposalFollow.active.is_(True),
    )
    return (
        select(Proposal)
        .join(ProposalFollow, follow)
        .where(
            Proposal.status.in_(sorted(PUBLIC_STATES)),
            Proposal.moderation_state == ModerationState.SHOWN,
        )
        .order_by(Proposal.last_activity_at.desc(), Proposal.id.desc())
    )
