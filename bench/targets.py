"""Pick what `make bench` measures on a seeded database and sign its staff member in.

    APP_ENV=production DATABASE_URL=… (the server's settings) .venv/bin/python bench/targets.py

Run by bench/pages.py with the environment of the server it is about to start: prints one JSON
object with the proposal to open (a public one at the 90th percentile of comment counts), the
survey with the most responses, the closed vote with the most ballots (null where the data has
none) and the session cookie of a staff account created for the bench, signed in through the
real sign-in form (TWO_FACTOR_ROLES=none, so no second factor is asked).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import bench_staff  # noqa: E402
from participation import create_app  # noqa: E402
from participation.core import pagination  # noqa: E402
from participation.core.models import utcnow  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.proposals import listing  # noqa: E402
from participation.proposals.models import ModerationState, Proposal  # noqa: E402
from participation.surveys.models import Response  # noqa: E402
from participation.votes.models import Ballot, Vote  # noqa: E402

PASSWORD = "Bench-Passwort-2026"  # bench_staff's; the account exists only in bench databases
EMAIL = "bench-staff@example.org"


def public_proposals() -> tuple:
    """Return the conditions of the proposals the public list shows (no filter chosen)."""
    return (
        Proposal.status.in_(listing.LISTED_BY_DEFAULT),
        Proposal.moderation_state == ModerationState.SHOWN,
    )


def typical_proposal() -> dict | None:
    """Return the public proposal at the 90th percentile of comment counts (id and count)."""
    public = public_proposals()
    total = db.session.scalar(select(func.count()).where(*public))
    if not total:
        return None
    row = db.session.execute(
        select(Proposal.id, Proposal.comment_count)
        .where(*public)
        .order_by(Proposal.comment_count, Proposal.id)
        .offset(min(total - 1, int(total * 0.9)))
        .limit(1)
    ).one()
    return {"id": row.id, "count": row.comment_count}


def largest_survey() -> dict | None:
    """Return the survey with the most responses (id and count)."""
    count = func.count(Response.id)
    row = db.session.execute(
        select(Response.survey_id, count).group_by(Response.survey_id).order_by(count.desc())
    ).first()
    return {"id": row[0], "count": row[1]} if row else None


def largest_closed_vote() -> dict | None:
    """Return the closed (published, past its close) vote with the most ballots."""
    count = func.count(Ballot.id)
    row = db.session.execute(
        select(Ballot.vote_id, count)
        .join(Vote, Vote.id == Ballot.vote_id)
        .where(Vote.published_at.is_not(None), Vote.closes_at < utcnow())
        .group_by(Ballot.vote_id)
        .order_by(count.desc())
    ).first()
    return {"id": row[0], "count": row[1]} if row else None


def ensure_staff() -> None:
    """Create the bench's staff account (confirmed) unless it exists."""
    staff = bench_staff()
    staff.confirm_email()
    db.session.commit()


def staff_cookie(app) -> str:
    """Sign the staff account in through the sign-in form; return its session cookie."""
    answer = app.test_client().post("/account/signin", data={"email": EMAIL, "password": PASSWORD})
    cookies = [
        header.split(";", 1)[0]
        for header in answer.headers.getlist("Set-Cookie")
        if header.startswith("session=")
    ]
    if answer.status_code != 302 or answer.location != "/" or not cookies:
        raise SystemExit(f"staff sign-in failed: {answer.status_code} to {answer.location}")
    return cookies[-1]


def main() -> None:
    """Print the targets and the staff cookie as JSON."""
    app = create_app(WTF_CSRF_ENABLED=False)  # the form is filled here, not in a browser
    with app.app_context():
        ensure_staff()
        found = {
            "listed": db.session.scalar(select(func.count()).where(*public_proposals())),
            "per_page": getattr(listing, "PER_PAGE", pagination.PER_PAGE),
            "proposal": typical_proposal(),
            "survey": largest_survey(),
            "vote": largest_closed_vote(),
        }
        db.session.remove()
    found["cookie"] = staff_cookie(app)
    print(json.dumps(found))


if __name__ == "__main__":
    main()
