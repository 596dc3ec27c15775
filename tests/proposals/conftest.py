"""Proposal factory for browsing tests (small on purpose: the real service may replace it)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from participation.comments.threads import create_thread
from participation.core.markup import render_markdown
from participation.proposals.models import ModerationState, Proposal, ProposalStatus

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture()
def make_proposal(db, make_user):
    """Factory: make_proposal(author=None, status="published", title=..., body=..., ...).

    Each proposal is published one hour after the previous one unless `published_at` is
    given; drafts get no publication date.
    """
    numbers = count(1)
    authors = []  # one default author: hashing a password per proposal would be slow

    def factory(author=None, status=ProposalStatus.PUBLISHED, **fields):
        number = next(numbers)
        if status == "hidden":  # published, then hidden by the moderation
            status = ProposalStatus.PUBLISHED
            fields.update(moderation_state=ModerationState.HIDDEN, hidden_reason="spam")
        status = ProposalStatus(status)
        published = START + timedelta(hours=number) if status is not ProposalStatus.DRAFT else None
        values = {
            "title": f"Vorschlag Nummer {number}",
            "body": f"Beschreibung von Vorschlag {number}.",
            "category": "Sonstiges",
            "published_at": published,
            "last_activity_at": published or START,
        }
        values.update(fields)
        if author is None:
            authors[:] = authors or [make_user()]
            author = authors[0]
        proposal = Proposal(
            author_id=author.id,
            thread_id=create_thread("proposal").id,
            status=status,
            body_html=str(render_markdown(values["body"])),
            **values,
        )
        db.session.add(proposal)
        db.session.flush()
        return proposal

    return factory
