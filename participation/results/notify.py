"""The notification that a result was published: it reaches everyone who took part in the
vote or survey (online, with an account: paper ballots and guests have none) and everyone who
discussed it, once, through the outbox and each person's chosen strategy."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, union

from participation.comments.models import Comment
from participation.core import events
from participation.extensions import db
from participation.notifications import kinds, outbox
from participation.notifications.kinds import Kind, Message
from participation.results.models import Publication
from participation.results.publication import RESULTS_PUBLISHED
from participation.surveys.models import Participation as SurveyParticipation
from participation.votes.models import VoteParticipation


def participant_ids(publication: Publication) -> list[int]:
    """Return the accounts that took part in the subject or commented on it."""
    subject = publication.subject
    if publication.vote_id is not None:
        took_part = select(VoteParticipation.user_id).where(
            VoteParticipation.vote_id == subject.id, VoteParticipation.user_id.is_not(None)
        )
    else:
        took_part = select(SurveyParticipation.user_id).where(
            SurveyParticipation.survey_id == subject.id
        )
    discussed = select(Comment.author_id).where(
        Comment.thread_id == subject.thread_id, Comment.author_id.is_not(None)
    )
    return list(db.session.scalars(union(took_part, discussed)))


class ResultPublished(Kind):
    """The council published the result of a vote or survey I took part in or discussed."""

    name = "results.published"
    label = _l(
        "Veröffentlichte Ergebnisse von Abstimmungen und Umfragen, bei denen ich mitgemacht habe"
    )

    def recipients(self, publication_id, actor_id=None, **_ignored):
        publication = db.session.get(Publication, publication_id)
        return [user_id for user_id in participant_ids(publication) if user_id != actor_id]

    def payload(self, publication_id, **_ignored):
        publication = db.session.get(Publication, publication_id)
        return {"publication_id": publication_id, "title": publication.subject.title}

    def summary(self, payload):
        return _("Das Ergebnis von „%(title)s“ ist veröffentlicht.", title=payload["title"])

    def link(self, payload, external=False):
        return url_for("results.show", publication_id=payload["publication_id"], _external=external)

    def message(self, payload, user):
        return Message(
            subject=_l("Ein Ergebnis ist veröffentlicht"),
            template="notifications/generic",
            context={"summary": self.summary(payload), "link": self.link(payload, external=True)},
        )


def on_published(**event) -> None:
    """Tell the participants."""
    outbox.notify(ResultPublished.name, **event)


def init_app(app) -> None:
    """Register the kind and listen to publications."""
    with app.app_context():
        kinds.register(ResultPublished())
        events.subscribe(RESULTS_PUBLISHED, on_published)
