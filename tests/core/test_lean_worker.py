"""A web worker that serves proposal, survey, vote and API pages never loads the libraries only
the paper scans, PDF output and password checks need (cv2, numpy, pdfium, zxing, fpdf, zxcvbn),
nor the migration tool (alembic, only for `flask db`): together they take about 90 MB of memory
per worker (issue 12: worker RSS at most 120 MB).

Each check runs in a fresh interpreter, because the test process itself has loaded them all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import dbutil

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "cv2",
    "numpy",
    "fpdf",
    "fontTools",
    "pypdf",
    "pypdfium2",
    "zxingcpp",
    "zxcvbn",
    "alembic",
    "mako",
)

# Run in the fresh interpreter: build the app on its own database, publish one proposal, visit
# the everyday pages, then use the scan reader once. Prints what it saw as one JSON line.
WORKER = """
import importlib.util, json, sys
from datetime import UTC, datetime

HEAVY = {heavy!r}


def loaded():
    # A lazy_loader stand-in that nothing has touched yet is in sys.modules but never ran.
    return sorted(
        name for name in HEAVY
        if name in sys.modules and type(sys.modules[name]) is not importlib.util._LazyModule
    )


from participation import create_app
from participation.accounts import services
from participation.comments.threads import create_thread
from participation.core.markup import render_markdown
from participation.extensions import db
from participation.proposals.models import ModerationState, Proposal, ProposalStatus

app = create_app("testing", SQLALCHEMY_DATABASE_URI={url!r})
with app.app_context():
    db.create_all()
    author = services.register("autorin@example.org", "Autorin", "Lange-Testphrase-2026", "de")
    now = datetime.now(UTC)
    proposal = Proposal(
        author_id=author.user.id, thread_id=create_thread("proposal").id,
        status=ProposalStatus.PUBLISHED, moderation_state=ModerationState.SHOWN,
        title="Mehr Bänke am Markt", body="Zum Ausruhen.", category="Sonstiges",
        body_html=str(render_markdown("Zum Ausruhen.")), published_at=now, last_activity_at=now,
    )
    db.session.add(proposal)
    db.session.commit()
    pages = ["/", "/proposals/", f"/proposals/{{proposal.id}}", "/api/v1/proposals",
             f"/api/v1/proposals/{{proposal.id}}", "/surveys/", "/votes/", "/account/signin"]
client = app.test_client()
statuses = {{page: client.get(page).status_code for page in pages}}
after_pages = loaded()

import numpy
from participation.paper.omr import qr

found = qr.decoded(numpy.full((60, 60), 255, dtype=numpy.uint8))
print(json.dumps({{"statuses": statuses, "after_pages": after_pages, "found": len(found),
                  "after_scan": loaded()}}))
"""


@pytest.fixture(scope="module")
def worker_run(tmp_path_factory):
    """Run WORKER in a fresh interpreter on a database of the run's kind; return its report."""
    url = dbutil.create_database(tmp_path_factory.mktemp("lean"), "lean")
    try:
        done = subprocess.run(
            [sys.executable, "-c", WORKER.format(heavy=HEAVY, url=url)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        dbutil.drop_database(url)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_everyday_pages_load_no_scan_pdf_or_password_library(worker_run):
    assert set(worker_run["statuses"].values()) == {200}, worker_run["statuses"]
    assert worker_run["after_pages"] == []


def test_the_scan_reader_loads_its_libraries_when_used(worker_run):
    # The same check sees them once a feature needs them, so the test above is no blind spot.
    assert worker_run["found"] == 0
    assert {"numpy", "zxingcpp"} <= set(worker_run["after_scan"])
