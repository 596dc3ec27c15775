"""Requests no browser sends to the publication's pages still get an answer, not a 500 (found
by the fuzz tests: a draft sent without its statement field broke the database's NOT NULL)."""

from __future__ import annotations

from participation.core.permissions import Role
from participation.extensions import db
from participation.results.models import Publication
from tests.results.test_publication_pages import prepared


def test_a_draft_sent_without_any_field_saves_an_empty_statement(client, login_as, closed_vote):
    login_as(Role.STAFF)
    pid = prepared(client, f"vote-{closed_vote.id}")
    response = client.post(f"/results/manage/{pid}", data={})
    assert response.status_code == 302
    assert db.session.get(Publication, pid).statement == ""
    login_as(Role.COUNCIL)
    refused = client.post(f"/results/manage/{pid}/publish", follow_redirects=True)
    assert "Bitte schreiben Sie die Erklärung des Stadtrats" in refused.get_data(as_text=True)
    assert not db.session.get(Publication, pid).is_published
