"""Browsing pages: the filtered list, the Atom feed, "my proposals" and followed proposals."""

from __future__ import annotations

import re
from datetime import datetime
from functools import partial

from flask import make_response, render_template, request
from flask_login import current_user

from participation.core.models import utcnow
from participation.core.page_cache import cached_for_guests
from participation.core.pagination import paginate
from participation.core.permissions import public, signed_in
from participation.extensions import db
from participation.proposals import listing, permissions
from participation.proposals.models import Proposal
from participation.proposals.views import bp

# XML 1.0 cannot carry these control characters, even escaped.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@bp.app_template_filter("xml_text")
def xml_text(value) -> str:
    """Drop characters that XML 1.0 does not allow."""
    return XML_INVALID.sub("", str(value or ""))


@bp.app_template_filter("atom_date")
def atom_date(value: datetime) -> str:
    """Format an aware datetime as RFC 3339, as Atom wants it."""
    return value.isoformat(timespec="seconds")


@bp.app_template_global("feed_entry_updated")
def entry_updated(proposal: Proposal) -> datetime:
    """Return when a feed entry last changed: published, or edited afterwards."""
    return max(filter(None, (proposal.published_at, proposal.edited_at)), default=utcnow())


@bp.get("/")
@public
@cached_for_guests
def index():
    """List public proposals with filters, sort, search and pages."""
    filters = listing.parse_filters(request.args)
    page = paginate(listing.list_query(filters), per_page=listing.PER_PAGE)
    return render_template(
        "proposals/list.html",
        page=page,
        filters=filters,
        states=listing.FILTER_STATES,
        sorts=listing.SORTS,
    )


@bp.get("/feed.atom")
@public
def feed():
    """Offer the newest published proposals (with the list's filters) as an Atom feed."""
    filters = listing.parse_filters(request.args)
    proposals = list(db.session.scalars(listing.feed_query(filters)))
    updated = max((entry_updated(p) for p in proposals), default=utcnow())
    body = render_template(
        "proposals/feed.xml", proposals=proposals, filters=filters, updated=updated
    )
    response = make_response(body)
    response.mimetype = "application/atom+xml"
    return response


@bp.get("/mine")
@signed_in
def mine():
    """List the signed-in account's own proposals in every state."""
    page = paginate(listing.mine_query(current_user.id))
    return render_template(
        "proposals/mine.html",
        page=page,
        can_view=partial(permissions.can_view, current_user),
    )


@bp.get("/followed")
@signed_in
def followed():
    """List the public proposals the signed-in account follows."""
    page = paginate(listing.followed_query(current_user.id))
    return render_template("proposals/followed.html", page=page)
