"""Mass fan-out: a status change on a proposal with 10,000 followers writes its notifications
with a few bulk INSERTs and hands over one job, not a statement or a job per follower."""

from __future__ import annotations

import math
import time

from sqlalchemy import func, select

from participation.notifications import outbox
from participation.notifications.models import Delivery, Notification
from tests.notifications.conftest import (
    add_followers,
    bulk_people,
    mail_queue,
    publish,
    sign_in,
)
from tests.querycount import counted_queries

FOLLOWERS = 10_000


def test_ten_thousand_followers_cost_a_few_inserts_and_one_job(
    app, client, db, make_user, redis_url, capsys
):
    author = make_user()
    proposal = publish(author, "Neuer Spielplatz")  # the author follows too
    add_followers(proposal.id, bulk_people(FOLLOWERS - 1))
    staff = make_user(roles=("staff",))
    db.session.commit()
    sign_in(client, staff)

    started = time.perf_counter()
    with counted_queries(db.engine) as statements:
        response = client.post(
            f"/proposals/{proposal.id}/answer",
            data={"status": "accepted", "answer": "Wird gebaut.", "department": "Bauamt"},
        )
    seconds = time.perf_counter() - started
    assert response.status_code == 302

    query = select(Notification.delivery, func.count()).where(
        Notification.kind == "proposal.answer"
    )
    assert db.session.execute(query.group_by(Notification.delivery)).all() == [
        (Delivery.PENDING, FOLLOWERS)
    ]
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO NOTIFICATIONS")]
    assert len(inserts) == math.ceil(FOLLOWERS / outbox.BATCH) == 10
    assert len(statements) < 60  # the whole request, whatever the number of followers
    assert mail_queue(redis_url).count == 1  # one job; the worker claims the rows in batches
    with capsys.disabled():
        print(
            f"\nfan-out: {FOLLOWERS:,} rows, {len(inserts)} INSERTs, "
            f"{len(statements)} statements in the request, {seconds:.2f} s"
        )
