"""Every area of privileged acts leaves an entry in the one audit log: roles, verification,
moderation decisions, paper entries and arbitration, official answers, publication, exports
and settings."""

# ruff: noqa: F401, F811 - fixtures shared from other test packages
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from participation.accounts import verification
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.extensions import db
from participation.results import publication
from participation.votes.models import VoteKind
from tests.moderation.conftest import (
    author,
    comment,
    decide,
    item_of,
    moderator,
    proposal,
    report_by,
)
from tests.notifications.test_admin import given_up
from tests.paper.entry_fixtures import (
    ballot_form,
    clerks,
    enter,
    in_request,
    make_paper_vote,
    make_sheets,
)
from tests.proposals.conftest import make_proposal
from tests.results.conftest import closed_survey, closed_vote, council


def entries(action: str) -> list[AuditEntry]:
    """Return the audit entries of `action`, oldest first."""
    query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


def test_roles(client, login_as, make_user):
    admin = login_as("admin")
    person = make_user()
    client.post(f"/admin/users/{person.id}", data={"roles": ["moderator"]})
    [entry] = [e for e in entries("roles.changed") if e.actor_id == admin.id]
    assert (entry.target_type, entry.target_id) == ("users", person.id)
    assert entry.after == {"roles": ["moderator"]}


def test_verification(db, make_user, in_request):
    staff, person = make_user(roles=(Role.STAFF,)), make_user()
    verification.verify(
        person,
        surname="Muster",
        given_names="Erika",
        birth_date=date(1980, 5, 1),
        district=None,
        staff=staff,
    )
    [entry] = entries("accounts.verified")
    assert (entry.actor_id, entry.target_id) == (staff.id, person.id)


def test_moderation_decisions(db, comment, moderator, report_by, decide, item_of):
    report_by("comment", comment.id)
    decide(item_of("comment", comment), moderator, "hide", "insult", "Bitte sachlich.")
    [entry] = entries("moderation.hide")
    assert entry.actor_id == moderator.id and entry.after["hidden"] is True


def test_paper_entries_and_arbitration(make_paper_vote, clerks, in_request):
    vote = make_paper_vote(VoteKind.SINGLE)
    (code,) = make_sheets(vote, 1)
    enter(code, clerks[0], ballot_form(vote.options[0].id))
    enter(code, clerks[1], ballot_form(vote.options[1].id))  # they differ: a third decides
    enter(code, clerks[2], ballot_form(vote.options[1].id))
    assert [e.actor_id for e in entries("paper.sheet_entered")] == [clerks[0].id, clerks[1].id]
    assert [e.actor_id for e in entries("paper.sheet_arbitrated")] == [clerks[2].id]


def test_official_answers_to_proposals(client, login_as, make_proposal):
    proposal = make_proposal()
    clerk = login_as("staff")
    data = {"status": "accepted", "answer": "Wir bauen ihn 2027.", "department": "Bauamt"}
    client.post(f"/proposals/{proposal.id}/answer", data=data)
    [entry] = entries("proposal.answered")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        clerk.id,
        "proposals",
        proposal.id,
    )
    assert entry.before == {"status": "published"}
    assert entry.after == {"status": "accepted", "department": "Bauamt"}


def test_publication(closed_vote, council, in_request):
    draft = publication.draft_for(closed_vote, council)
    publication.save_draft(draft, "Der Stadtrat folgt dem Ergebnis.", "", None, council)
    publication.publish(draft, council)
    [entry] = entries("results.published")
    assert (entry.actor_id, entry.target_id) == (council.id, draft.id)


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_survey_exports(client, login_as, closed_survey, kind):
    clerk = login_as("staff")
    response = client.get(f"/surveys/{closed_survey.id}/results.{kind}?channel=paper")
    assert response.status_code == 200
    response.get_data()
    [entry] = entries("survey.exported")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        clerk.id,
        "surveys",
        closed_survey.id,
    )
    assert entry.after == {"format": kind, "channel": "paper"}


def test_audit_log_export(client, login_as):
    admin = login_as("admin")
    client.get("/admin/audit.csv").get_data()
    [entry] = entries("audit.exported")
    assert entry.actor_id == admin.id


def test_settings_double_entry(client, login_as, make_paper_vote):
    clerk = login_as("staff")
    vote = make_paper_vote(VoteKind.YES_NO)
    client.post(f"/paper/votes/{vote.id}", data={"double_entry": "no"})
    [entry] = entries("paper.double_entry_changed")
    assert entry.actor_id == clerk.id


def test_settings_mails_retried(client, login_as, make_user, db):
    row = given_up(db, make_user())
    admin = login_as("admin")
    client.post("/admin/notifications/retry", data={"notification": row.id})
    [entry] = entries("notifications.retried")
    assert entry.actor_id == admin.id
    assert entry.after == {"count": 1, "notification": row.id}


def test_settings_failed_job_requeued(app, client, login_as, monkeypatch):
    from redis import Redis
    from rq import Queue, SimpleWorker

    from tests.notifications.test_admin import failing_job
    from tests.redisutil import require_redis

    url = require_redis()
    connection = Redis.from_url(url)
    connection.flushdb()
    monkeypatch.setitem(app.config, "REDIS_URL", url)
    queue = Queue("default", connection=connection)
    job = queue.enqueue(failing_job)
    SimpleWorker([queue], connection=connection).work(burst=True)
    admin = login_as("admin")
    assert client.post(f"/admin/notifications/jobs/{job.id}/retry").status_code == 302
    [entry] = entries("notifications.job_requeued")
    assert entry.actor_id == admin.id and entry.target_type == "rq_jobs"
    assert entry.after["job"] == job.id and entry.after["function"].endswith("failing_job")
    connection.flushdb()
