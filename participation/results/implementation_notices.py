"""The notification of a new implementation update: it reaches the followers of the proposal
(not the staff member who wrote it) through the outbox and each person's chosen strategy.
Budget projects have no followers, so their updates tell nobody. A proposal that moderation
holds or hides tells nobody either: the link would lead to a page they may not see."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.core import events
from participation.extensions import db
from participation.notifications import kinds, outbox
from participation.notifications.kinds import Kind, Message
from participation.proposals.follows import follower_ids
from participation.results.implementation_forms import STATUS_LABELS
from participation.results.models import Implementation, ImplementationStatus


def proposal_of(implementation_id: int):
    """Return the implementation's proposal if everyone may read it, else None."""
    implementation = db.session.get(Implementation, implementation_id)
    proposal = implementation.proposal if implementation is not None else None
    return proposal if proposal is not None and proposal.is_public and proposal.is_shown else None


class ImplementationUpdated(Kind):
    """Staff reported progress on a proposal I follow."""

    name = "proposal.implementation"
    label = _l("Neues zur Umsetzung von Vorschlägen, denen ich folge")

    def recipients(self, implementation_id, actor_id=None, **_ignored):
        proposal = proposal_of(implementation_id)
        if proposal is None:
            return []
        return [user_id for user_id in follower_ids(proposal.id) if user_id != actor_id]

    def payload(self, implementation_id, update_id, **_ignored):
        implementation = db.session.get(Implementation, implementation_id)
        return {
            "implementation_id": implementation_id,
            "update_id": update_id,
            "title": implementation.proposal.title,
            "status": implementation.status.value,
            "progress": implementation.progress,
        }

    def summary(self, payload):
        return _(
            "Neues zur Umsetzung von „%(title)s“: %(status)s, %(progress)s %%.",
            title=payload["title"],
            status=STATUS_LABELS[ImplementationStatus(payload["status"])],
            progress=payload["progress"],
        )

    def link(self, payload, external=False):
        return url_for(
            "implementation.detail",
            implementation_id=payload["implementation_id"],
            _anchor=f"update-{payload['update_id']}",
            _external=external,
        )

    def message(self, payload, user):
        return Message(
            subject=_l("Neues zur Umsetzung eines Vorschlags"),
            template="notifications/generic",
            context={"summary": self.summary(payload), "link": self.link(payload, external=True)},
        )


def on_updated(**event) -> None:
    """Tell the followers."""
    outbox.notify(ImplementationUpdated.name, **event)


def init_app(app) -> None:
    """Register the kind and listen to new updates."""
    with app.app_context():
        kinds.register(ImplementationUpdated())
        events.subscribe(events.IMPLEMENTATION_UPDATED, on_updated)
