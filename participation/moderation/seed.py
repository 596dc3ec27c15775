"""Demo moderation data: a few reported items in the queue, one of them hidden automatically."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.accounts import services as accounts
from participation.comments.models import Comment
from participation.comments.services import post_comment
from participation.extensions import db
from participation.moderation import reports
from participation.moderation.models import ModerationItem, Reason, SubjectType
from participation.proposals.models import Proposal

SPAM_ADDRESS = "werbung@example.org"
SPAM_TEXT = "Günstige Kredite ohne Schufa! Jetzt anrufen, nur heute!"
OFF_TOPIC_TEXT = "Weiß jemand, wann der Wochenmarkt im Winter öffnet?"


def ensure_demo_reports(password: str) -> int:
    """Create the reported demo items once; return how many items wait in the queue."""
    if not db.session.scalar(select(Comment.id).where(Comment.body == SPAM_TEXT)):
        add_demo_reports(password)
    return db.session.scalar(
        select(func.count()).select_from(ModerationItem).where(ModerationItem.is_open)
    )


def add_demo_reports(password: str) -> None:
    """Post a spam comment and an off-topic one, and report them and the spammer."""
    people = {email: accounts.find_by_email(email) for email in DEMO_REPORTERS}
    spammer = demo_spammer(password)
    consultation = proposal_titled("Sprechstunde des Stadtrats vor Ort")
    spam = post_comment(consultation.thread, spammer, SPAM_TEXT)
    off_topic = post_comment(consultation.thread, people["bestaetigt@example.org"], OFF_TOPIC_TEXT)
    db.session.flush()
    reports.report(
        SubjectType.COMMENT,
        off_topic.id,
        people["einwohnerin@example.org"],
        Reason.OFF_TOPIC,
        "Passt nicht zum Vorschlag.",
    )
    reports.report(
        SubjectType.USER,
        spammer.id,
        people["einwohnerin@example.org"],
        Reason.SPAM,
        "Schreibt überall Werbung.",
    )
    for email in DEMO_REPORTERS:  # three reports: hidden until a moderator decides
        reports.report(SubjectType.COMMENT, spam.id, people[email], Reason.SPAM)


DEMO_REPORTERS = ("einwohnerin@example.org", "bestaetigt@example.org", "stadtrat@example.org")


def demo_spammer(password: str):
    """Return the demo account that posts advertising."""
    user = accounts.find_by_email(SPAM_ADDRESS)
    if user is None:
        user = accounts.register(SPAM_ADDRESS, "Werbung Weber", password, "de").user
        user.confirm_email()
        db.session.flush()
    return user


def proposal_titled(title: str) -> Proposal:
    """Return a demo proposal by its title."""
    return db.session.scalar(select(Proposal).where(Proposal.title == title))
