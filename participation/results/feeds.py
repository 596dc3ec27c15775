"""Atom feeds of official answers, published results and implementation updates, each
narrowed by category where it has one (`?category=`). The feed of new proposals lives with the
proposals (proposals/list_views.py) and shares its template filters (xml_text, atom_date).

Every feed is Atom 1.0 with the data licence as <rights>, at most FEED_SIZE entries, an ETag
and conditional GET (304). No Last-Modified: when moderation hides a proposal the feed gets
shorter but not newer, and a client asking only "modified since?" would keep the hidden entry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    current_app,
    get_template_attribute,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from participation.core.permissions import public
from participation.core.town import current_town
from participation.proposals.labels import timeline_label
from participation.results import feed_queries as queries
from participation.results.implementation_forms import STATUS_LABELS
from participation.results.models import Publication

bp = Blueprint("feeds", __name__, url_prefix="/feeds")
MAX_AGE = 300  # seconds a reader or proxy may keep a feed before asking again
EMPTY_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)  # a fixed date keeps an empty feed's ETag
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CONTENT = "results/feeds/_content.html"


@dataclass(frozen=True)
class Entry:
    """One entry of a feed, ready for the template (content is HTML the template escapes)."""

    id: str
    title: str
    link: str
    published: datetime
    updated: datetime
    content: str
    author: str = ""
    category: str = ""
    category_label: str = ""


@dataclass(frozen=True)
class Feed:
    """A feed's head and entries."""

    title: str
    self_url: str
    alternate_url: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def updated(self) -> datetime:
        """Return when the newest entry changed (a fixed date for an empty feed)."""
        return max((entry.updated for entry in self.entries), default=EMPTY_UPDATED)

    @property
    def licence_url(self) -> str:
        """Return the address of the data licence."""
        return current_app.config.get("DATA_LICENCE_URL") or LICENCE_URL

    @property
    def rights(self) -> str:
        """Return the licence line."""
        name = current_app.config.get("DATA_LICENCE_NAME") or LICENCE_NAME
        return _("Lizenz: %(licence)s, %(url)s", licence=name, url=self.licence_url)


def feed_title(base: str, topic_label: str | None = None) -> str:
    """Return a feed's title: what it lists, its category, the platform."""
    platform = current_town().platform_name
    return f"{base}: {topic_label} – {platform}" if topic_label else f"{base} – {platform}"


def macro(name: str):
    """Return a macro of the entries' HTML template."""
    return get_template_attribute(CONTENT, name)


def answer_entry(row) -> Entry:
    """Return the entry of an official answer."""
    event, title, category = row
    page = url_for("proposals.detail", proposal_id=event.proposal_id, _external=True)
    return Entry(
        id=f"{page}#answer-{event.id}",
        title=_("Antwort auf: %(title)s", title=title),
        link=f"{page}#timeline",
        published=event.created_at,
        updated=event.created_at,
        content=macro("answer")(event, timeline_label(event)),
        author=event.department or "",
        category=category,
    )


def result_entry(found: Publication) -> Entry:
    """Return the entry of a published result; its corrections make it updated."""
    page = url_for("results.show", publication_id=found.id, _external=True)
    published = found.published_at or found.created_at
    kind, label = ("vote", _("Abstimmung")) if found.vote_id else ("survey", _("Umfrage"))
    return Entry(
        id=page,
        title=_("Ergebnis: %(title)s", title=found.subject.title),
        link=page,
        published=published,
        updated=max([published, *(c.created_at for c in found.corrections)]),
        content=macro("result")(found, label),
        category=kind,
        category_label=label,
    )


def update_entry(row) -> Entry:
    """Return the entry of an implementation update."""
    update = row[0]
    page = url_for(
        "implementation.detail",
        implementation_id=update.implementation_id,
        _external=True,
        _anchor=f"update-{update.id}",
    )
    photo = update.photo_name and url_for(
        "implementation.photo", update_id=update.id, _external=True
    )
    return Entry(
        id=page,
        title=_("Umsetzung: %(title)s", title=row.proposal_title or row.project_title),
        link=page,
        published=update.created_at,
        updated=update.created_at,
        content=macro("update")(update, STATUS_LABELS[update.status], photo),
        category=row.category or f"vote-{row.vote_id}",
        category_label="" if row.category else row.vote_title,
    )


def topic_label(topic: queries.Topic) -> str | None:
    """Return the name of the feed's category (a budget vote by its title)."""
    if topic.vote_id:
        return queries.public_vote_title(topic.vote_id)
    return topic.category


def atom_response(feed: Feed) -> Response:
    """Render the feed with an ETag; answer 304 when the reader has it already."""
    response = make_response(render_template("results/feeds/feed.xml", feed=feed))
    response.mimetype = "application/atom+xml"
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    # Shared caches may keep it only when no cookie came: a session cookie may be refreshed.
    if request.cookies:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response.make_conditional(request)


@bp.get("/answers.atom")
@public
def answers():
    """Offer the newest official answers to public proposals as an Atom feed."""
    topic = queries.read_topic(request.args.get("category"))
    feed = Feed(
        title=feed_title(_("Antworten der Stadtverwaltung"), topic_label(topic)),
        self_url=url_for("feeds.answers", _external=True, **topic.args()),
        alternate_url=url_for("proposals.index", _external=True, **topic.filter_args()),
        entries=[answer_entry(row) for row in queries.answers(topic)],
    )
    return atom_response(feed)


@bp.get("/results.atom")
@public
def results():
    """Offer the newest published (or corrected) results as an Atom feed."""
    feed = Feed(
        title=feed_title(_("Veröffentlichte Ergebnisse")),
        self_url=url_for("feeds.results", _external=True),
        alternate_url=url_for("results.index", _external=True),
        entries=[result_entry(found) for found in queries.results()],
    )
    return atom_response(feed)


@bp.get("/implementation.atom")
@public
def implementation():
    """Offer the newest implementation updates as an Atom feed."""
    topic = queries.read_topic(request.args.get("category"), votes=True)
    label = topic_label(topic)
    if topic.vote_id and label is None:
        topic = queries.Topic(asked=topic.asked, unknown=True)
    feed = Feed(
        title=feed_title(_("Neuigkeiten zur Umsetzung"), label),
        self_url=url_for("feeds.implementation", _external=True, **topic.args()),
        alternate_url=url_for("implementation.index", _external=True, **topic.filter_args()),
        entries=[update_entry(row) for row in queries.updates(topic)],
    )
    return atom_response(feed)
