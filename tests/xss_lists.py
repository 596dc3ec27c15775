"""The listing pages of the XSS world: every page of every list that shows the payloads (the
browser opens the first few of each), counted from the rows the world holds."""

from __future__ import annotations

from math import ceil

from sqlalchemy import func, select

from participation.accounts import data_requests
from participation.accounts.models import User
from participation.core.audit import AuditEntry
from participation.core.clock import town_today
from participation.core.models import utcnow
from participation.core.pagination import PER_PAGE
from participation.extensions import db
from participation.moderation import queue
from participation.notifications import centre
from participation.paper.models import PaperBatch
from participation.paper.scan_models import ScanUpload
from participation.proposals import listing
from participation.results.models import Implementation
from participation.surveys.models import Survey
from participation.votes.models import Vote
from tests.xss_world import ADMIN, AUTHOR, MODERATOR, STAFF, World

BROWSER_PAGES = 3  # of each list, for the browser
# The audited acts whose before/after hold a payload.
AUDITED = (
    "thread.closed",
    "vote.option_changed",
    "results.implementation_started",
    "paper.batch_voided",
    "paper.scans_uploaded",
)


def page_count(query, per_page: int = PER_PAGE) -> int:
    """Return how many pages the rows of `query` fill."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return max(1, ceil(total / per_page))


def see_pages(world: World, who: str | None, path: str, query, per_page: int = PER_PAGE):
    """Add every page of one list (`path` may hold a query string already)."""
    joiner = "&" if "?" in path else "?"
    for number in range(1, page_count(query, per_page) + 1):
        world.see(who, f"{path}{joiner}page={number}", browser=number <= BROWSER_PAGES)


def see_lists(world: World) -> None:
    """Add the pages of every list that shows the payloads, and the feeds."""
    author = db.session.scalar(select(User.id).where(User.email == AUTHOR))
    see_pages(world, None, "/proposals/", listing.list_query(listing.parse_filters({})))
    see_pages(world, AUTHOR, "/proposals/mine", listing.mine_query(author))
    see_pages(world, AUTHOR, "/notifications/", centre.list_query(author))
    see_pages(world, None, "/implementation/", select(Implementation), per_page=20)
    closed = select(Vote).where(Vote.published_at.is_not(None), Vote.closes_at <= utcnow())
    see_pages(world, None, "/votes/", closed, per_page=20)
    see_pages(world, MODERATOR, "/moderation/", queue.queue_query())
    see_pages(world, STAFF, "/paper/", select(PaperBatch), per_page=20)
    see_pages(world, STAFF, "/paper/scans/", select(ScanUpload), per_page=20)
    see_pages(world, STAFF, "/surveys/manage/", select(Survey))
    see_pages(world, STAFF, "/votes/manage/", select(Vote))
    see_pages(world, ADMIN, "/admin/users", select(User))
    see_pages(world, ADMIN, "/admin/requests/", data_requests.list_query(town_today()))
    for action in AUDITED:
        entries = select(AuditEntry).where(AuditEntry.action == action)
        see_pages(world, ADMIN, f"/admin/audit?action={action}", entries)
    world.see(None, "/surveys/", "/results/", "/api/")
    world.see(None, "/proposals/feed.atom", "/feeds/answers.atom", "/feeds/results.atom")
    world.see(None, "/feeds/implementation.atom")
    world.see(ADMIN, "/admin/audit", "/admin/notifications/")
