"""An account that has left a trace in every table that can name an account, built through
the services as the site would; shared by the export, deletion and request tests."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from participation.accounts import data_export
from participation.accounts.request_models import DataRequest, RequestChannel, RequestKind
from participation.accounts.security_models import AccountSession, RecoveryCode
from participation.comments import services as comments
from participation.comments.models import Comment
from participation.core.models import utcnow
from participation.core.permissions import Role
from participation.extensions import db
from participation.moderation import appeals, decisions, reports
from participation.moderation.items import find_item
from participation.moderation.models import Action, Reason, SubjectType
from participation.notifications import preferences
from participation.notifications.models import Choice, Digest
from participation.proposals import images, supports
from participation.proposals import services as proposal_services
from participation.proposals.models import (
    EventKind,
    Proposal,
    ProposalImage,
    ProposalStatus,
)
from participation.surveys import responses
from participation.surveys.answering import Row
from participation.surveys.models import QuestionType
from participation.surveys.seed import build_survey
from participation.votes import casting
from participation.votes.seed import build_vote
from tests.conftest import verify_person
from tests.proposals.conftest import make_proposal  # noqa: F401 - a shared fixture

PERSON = "Petra Probe"
TOTP_SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BAN5XGK4Q"


@dataclass
class Trace:
    """The person, the others around them, and what they made."""

    person: object
    other: object
    staff: object
    moderator: object
    own: Proposal
    draft: Proposal
    others: Proposal
    comment: Comment
    reply: Comment
    others_comment: Comment
    survey: object
    vote: object
    receipt: str
    files: list[str] = field(default_factory=list)


def picture(proposal: Proposal, folder, name: str) -> str:
    """Attach a (tiny, fake) picture file to `proposal`; return its file name."""
    filename = f"{name}.png"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / filename).write_bytes(b"\x89PNG fake " + name.encode())
    proposal.images.append(
        ProposalImage(
            position=len(proposal.images),
            filename=filename,
            content_type="image/png",
            width=10,
            height=10,
            alt_text=f"Bild {name}",
        )
    )
    return filename


def answer_survey(survey, person) -> None:
    """Answer the example survey's text and yes/no questions."""
    text = next(q for q in survey.questions() if q.kind is QuestionType.LONG_TEXT)
    yes_no = next(q for q in survey.questions() if q.kind is QuestionType.YES_NO)
    responses.submit(
        survey, person, {text.id: [Row(value_text="Mehr Radwege")], yes_no.id: [Row(value_int=1)]}
    )


def security_rows(person) -> None:
    """A signed-in browser and a recovery code (as the sessions and two-factor pages make)."""
    db.session.add(AccountSession(user_id=person.id, token_hash="a" * 64, browser="Firefox"))
    db.session.add(RecoveryCode(user_id=person.id, code_hash="b" * 64))
    person.totp_secret, person.totp_enabled_at = TOTP_SECRET, utcnow()


def moderation_rows(trace: Trace) -> None:
    """The person reports a comment, is warned about their own, and appeals."""
    reports.report(SubjectType.COMMENT, trace.others_comment.id, trace.person, Reason.OFF_TOPIC)
    reports.report(SubjectType.COMMENT, trace.comment.id, trace.other, Reason.INSULT, "grob")
    item = find_item(SubjectType.COMMENT, trace.comment.id)
    db.session.refresh(item)
    choice = decisions.Choice(
        action=Action.WARN, version=item.version, reason=Reason.INSULT, statement="Bitte sachlich."
    )
    decision = decisions.decide(item, trace.moderator, choice)
    appeals.lodge(decision, trace.person, "Das war nicht beleidigend gemeint.")
    reports.report(SubjectType.USER, trace.person.id, trace.other, Reason.SPAM)


def build_trace(make_user, make_proposal, upload_folder) -> Trace:  # noqa: F811
    """Build the person with a trace in every table; flushed, not committed."""
    staff = make_user(display_name="Sven Schalter", roles=(Role.STAFF,))
    moderator = make_user(display_name="Mona Moderation", roles=(Role.MODERATOR,))
    other = make_user(display_name="Otto Anders")
    person = make_user(display_name=PERSON)
    verify_person(person, "Probe", given="Petra", district="Innenstadt")
    person.verified_by_id = staff.id
    security_rows(person)

    own = make_proposal(person, title="Trinkbrunnen am Markt", body="Ein Brunnen für alle.")
    draft = make_proposal(person, status=ProposalStatus.DRAFT, title="Entwurf: Bänke")
    others = make_proposal(other, title="Mehr Radwege", body="Radwege bitte.")
    files = [picture(own, upload_folder, "brunnen"), picture(draft, upload_folder, "entwurf")]
    proposal_services.add_event(own, EventKind.UPDATE, person, body="Neu: ein Ort ist gefunden.")

    supports.add_support(others, person)
    supports.add_support(own, other)
    others_comment = comments.post_comment(others.thread, other, "Gute Idee, Otto.")
    comment = comments.post_comment(others.thread, person, "Ich bin dafür, Petra.")
    reply = comments.post_comment(others.thread, other, "Danke, Petra!", parent_id=comment.id)
    comments.set_vote(others_comment, person, True)
    comments.set_vote(comment, other, True)

    survey = build_survey(author=staff)
    answer_survey(survey, person)
    later = build_survey(author=staff)
    responses.save_draft(later, person, {"q": ["halb fertig"]})
    vote = build_vote(author=staff)
    receipt = casting.cast(person, vote, [vote.options[0].id], abstain=False)

    preferences.save(person.id, {"proposal.comment": Choice.DAILY})
    db.session.add(Digest(user_id=person.id, day=utcnow().date() - timedelta(days=1)))
    trace = Trace(
        person, other, staff, moderator, own, draft, others, comment, reply, others_comment,
        survey, vote, receipt, files,
    )  # fmt: skip
    moderation_rows(trace)
    db.session.add(
        DataRequest(
            kind=RequestKind.ACCESS,
            channel=RequestChannel.LETTER,
            requester="Petra Probe",
            contact="Markt 2, 07381 Pößneck",
            user_id=person.id,
            received_on=utcnow().date(),
            due_on=utcnow().date() + timedelta(days=30),
            received_by_id=staff.id,
        )
    )
    db.session.flush()
    return trace


@pytest.fixture()
def trace(db, make_user, make_proposal):  # noqa: F811
    """The person with a trace in every table (their picture files removed afterwards)."""
    folder = images.upload_folder()
    built = build_trace(make_user, make_proposal, folder)
    yield built
    for name in built.files:
        (folder / name).unlink(missing_ok=True)


def read_zip(data: bytes) -> tuple[dict, zipfile.ZipFile]:
    """Return data.json of an export and the opened zip."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    return json.loads(archive.read("data.json")), archive


def export_of(user) -> tuple[dict, zipfile.ZipFile]:
    """Build the export of `user` through the service and open it."""
    with data_export.export_file(user) as file:
        return read_zip(file.read())
