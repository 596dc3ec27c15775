"""Demo data for paper: a printed batch of ballots for the open market square vote, of which
some came back and were entered twice (so they count), one waits for its second entry, a
few are marked as returned and three more were scanned (demo_scans.py), and a batch of idea cards, one of them typed in as a proposal with
a letter about it typed in as a comment. Everything goes through the same
services as the staff pages; running it again changes nothing."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from participation.accounts import roles
from participation.accounts import services as accounts
from participation.accounts.seed import DEMO_PASSWORD
from participation.core.permissions import Role
from participation.extensions import db
from participation.paper import batches, entry, ideas, returns
from participation.paper import comments as paper_comments
from participation.paper.demo_scans import scan_demo_ballots
from participation.paper.models import PaperBatch, Sheet, SheetKind
from participation.votes.models import Vote

BALLOTS, COUNTED, RETURNED, IDEA_CARDS = 30, 6, 4, 10
SECOND_CLERK = ("erfassung@example.org", "Emil Erfassung")
DEMO_NOTE = "Demo: Bürgerbüro"
IDEA = {
    "title": "Trinkbrunnen am Bahnhof",
    "body": "Im Sommer wäre ein Trinkbrunnen am Bahnhof schön. Viele warten dort lange auf den Bus.",
    "category": "Sonstiges",
    "district": None,
    "submission_key": "demo-ideenkarte-1",
}
LETTER = paper_comments.Letter(
    body="Ein Brunnen wäre gut. Bitte mit einem Becher an der Kette für die Kinder.",
    author_name="Hans Habermann",
    submission_key="demo-brief-1",
)


def ensure_demo_paper(market: Vote) -> PaperBatch | None:
    """Print, hand back and enter the demo sheets once; return the ballot batch."""
    existing = db.session.scalar(select(PaperBatch).where(PaperBatch.note == DEMO_NOTE))
    if existing is not None or market.phase().value != "open":
        return existing
    staff = accounts.find_by_email("verwaltung@example.org")
    clerk = second_clerk()
    ballots = print_batch(SheetKind.VOTE, market, BALLOTS, staff)
    with current_app.test_request_context():
        enter_ballots(ballots, market, (staff, clerk))
        mark_returned(ballots, staff)
        scan_demo_ballots(ballots, COUNTED + 1 + RETURNED, staff)
        proposal = type_in_an_idea(print_batch(SheetKind.IDEA, None, IDEA_CARDS, staff), staff)
        type_in_a_letter(proposal, staff)
    return ballots


def second_clerk():
    """Return the second staff member who enters sheets (double entry needs two people)."""
    user = accounts.find_by_email(SECOND_CLERK[0])
    if user is None:
        user = accounts.register(*SECOND_CLERK, DEMO_PASSWORD, "de").user
        user.confirm_email()
        roles.set_roles(user, {Role.STAFF}, actor=None)
        db.session.flush()
    return user


def print_batch(kind: SheetKind, subject, size: int, staff) -> PaperBatch:
    """Create a batch and make its PDF at once (the demo waits for no job)."""
    batch = batches.create_batch(kind, subject, size, note=DEMO_NOTE, staff=staff)
    db.session.commit()
    batches.requested_prints()  # made here instead of by the job
    batches.make_pdf(batch)
    db.session.commit()
    return batch


def codes_of(batch: PaperBatch) -> list[str]:
    """Return the batch's codes in page order."""
    query = select(Sheet.code).where(Sheet.batch_id == batch.id).order_by(Sheet.number)
    return list(db.session.scalars(query))


def enter_ballots(batch: PaperBatch, vote: Vote, clerks: tuple) -> None:
    """Enter COUNTED returned ballots twice alike (they count) and one more once (it waits)."""
    codes = codes_of(batch)
    for number, code in enumerate(codes[: COUNTED + 1]):
        option = vote.options[number % len(vote.options)]
        for clerk in clerks[: 1 if number == COUNTED else 2]:
            role = entry.open_sheet(code, clerk, entry.Scope()).role.value
            entry.save(code, role, MultiDict([("mark", str(option.id))]), clerk, entry.Scope())
        db.session.commit()


def mark_returned(batch: PaperBatch, staff) -> None:
    """Mark RETURNED more ballots as come back (not entered yet)."""
    codes = codes_of(batch)[COUNTED + 1 : COUNTED + 1 + RETURNED]
    returns.mark_returned(codes, staff)
    db.session.commit()


def type_in_an_idea(batch: PaperBatch, staff):
    """Type the first idea card in as a proposal, with the author's agreed name; return it."""
    code = codes_of(batch)[0]
    proposal = ideas.transcribe(ideas.Card(code, IDEA, "Gisela Gärtner"), staff)
    db.session.commit()
    return proposal


def type_in_a_letter(proposal, staff) -> None:
    """Type in a letter about the proposal as a comment on paper, with the writer's name."""
    paper_comments.transcribe(LETTER, proposal, staff)
    db.session.commit()
