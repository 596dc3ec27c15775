"""Setting up a vote (staff): creating it, publishing, withdrawing, deleting. They flush, never
commit. Changing the settings is in builder_changes.py, the options in builder_options.py, and
what a vote needs before publication in builder_checks.py.

Locks: once a vote has opened, nothing that shapes the ballot or who may cast it changes (kind,
options and their order, titles and costs, budget, max_choices, eligibility, districts, opening
time). What still may: typo fixes in the title, the explanation and the options' descriptions;
while open, a later (never an earlier) end and the number of eligible people, which only turns
turnout into a share. A published vote must stay complete. Every change after publication is
written to the audit log with the old and the new values.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from participation.comments.models import Comment, CommentThread
from participation.comments.threads import create_thread
from participation.core import audit
from participation.core.markup import render_markdown
from participation.core.models import utcnow
from participation.extensions import db
from participation.votes import builder_checks as checks
from participation.votes.models import (
    Ballot,
    Eligibility,
    Phase,
    Vote,
    VoteKind,
    VoteOption,
    VoteParticipation,
)

audit.register_actions(
    {
        "vote.created": _l("Abstimmung angelegt"),
        "vote.changed": _l("Abstimmung nach dem Veröffentlichen geändert"),
        "vote.option_changed": _l("Antwort einer Abstimmung nach dem Veröffentlichen geändert"),
        "vote.published": _l("Abstimmung veröffentlicht"),
        "vote.unpublished": _l("Abstimmung zurück in den Entwurf genommen"),
        "vote.deleted": _l("Abstimmung gelöscht"),
    }
)
audit.register_target_types({"votes": _l("Abstimmung")})

YES_NO_OPTIONS = ("Ja", "Nein")  # stored like the example votes; the ballot adds abstaining


class BuilderError(Exception):
    """A building rule was broken; `problems` maps form field names (None: the whole form)
    to messages."""

    def __init__(self, message, field: str | None = None, problems: dict | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.problems = problems or {field: message}


def refuse(problems: dict) -> None:
    """Raise a BuilderError carrying every problem, if there are any."""
    if problems:
        field, message = next(iter(problems.items()))
        raise BuilderError(message, field, problems)


@dataclass
class VoteSettings:
    """The vote's own fields as the settings form delivers them (times in UTC)."""

    title: str
    explanation: str
    kind: VoteKind
    opens_at: datetime
    closes_at: datetime
    eligibility: Eligibility = Eligibility.VERIFIED
    districts: list[str] = field(default_factory=list)
    max_choices: int | None = None
    budget: int | None = None
    eligible_count: int | None = None


def settings_of(vote: Vote) -> VoteSettings:
    """Return the vote's stored settings."""
    return VoteSettings(
        title=vote.title,
        explanation=vote.explanation,
        kind=vote.kind,
        opens_at=vote.opens_at,
        closes_at=vote.closes_at,
        eligibility=vote.eligibility,
        districts=list(vote.districts),
        max_choices=vote.max_choices,
        budget=vote.budget,
        eligible_count=vote.eligible_count,
    )


def normalised(settings: VoteSettings) -> VoteSettings:
    """Drop the limits the kind does not use and order the districts as the town does."""
    order = {name: index for index, name in enumerate(checks.town_districts())}
    districts = sorted(set(settings.districts), key=lambda name: (order.get(name, 1e9), name))
    return replace(
        settings,
        districts=districts,
        max_choices=settings.max_choices if settings.kind is VoteKind.MULTIPLE else None,
        budget=settings.budget if settings.kind is VoteKind.BUDGET else None,
    )


def rule_problems(settings: VoteSettings) -> dict:
    """Return the settings that break a rule, by form field."""
    problems = {}
    if settings.closes_at <= settings.opens_at:
        problems["closes_at"] = _l("Das Ende muss nach dem Beginn liegen.")
    if settings.kind is VoteKind.MULTIPLE and not settings.max_choices:
        problems["max_choices"] = _l("Bitte geben Sie an, wie viele Antworten man wählen darf.")
    if settings.kind is VoteKind.BUDGET and not (settings.budget and settings.budget > 0):
        problems["budget"] = _l("Bitte geben Sie das Budget ein: mehr als 0 Euro.")
    if problem := district_problem(settings.districts, settings.eligibility):
        problems["districts"] = problem
    if settings.eligible_count is not None and settings.eligible_count < 1:
        problems["eligible_count"] = _l("Bitte geben Sie eine Zahl ab 1 ein.")
    return problems


def district_problem(districts: list[str], eligibility: Eligibility | None):
    """Return why these districts cannot limit the vote (unknown to the town, or not
    verified residents), or None."""
    unknown = [name for name in districts if name not in checks.town_districts()]
    if unknown:
        return checks.unknown_district(unknown[0])
    if districts and eligibility is not Eligibility.VERIFIED:
        return checks.DISTRICTS_NEED_VERIFIED
    return None


# --- creating ------------------------------------------------------------------------------


def usable_key(key: str | None) -> str | None:
    """Return the form's submission key, or None when it is missing or tampered (too long)."""
    return key if key and len(key) <= 64 else None


def find_created(author, key: str | None) -> Vote | None:
    """Return the vote a "new vote" form with `key` already created, if any."""
    key = usable_key(key)
    if key is None:
        return None
    query = select(Vote).where(Vote.submission_key == key, Vote.created_by_id == author.id)
    return db.session.scalar(query)


def create_vote(author, settings: VoteSettings, key: str | None = None) -> Vote:
    """Create a draft vote with its comment thread (and "Ja"/"Nein" for a yes/no vote); the
    same form sent twice, even at the same moment, creates one vote."""
    settings = normalised(settings)
    refuse(rule_problems(settings))
    vote = Vote(created_by_id=author.id if author else None, submission_key=usable_key(key))
    apply_settings(vote, settings)
    if settings.kind is VoteKind.YES_NO:
        vote.options = yes_no_options()
    try:
        with db.session.begin_nested():  # the thread goes too if the vote cannot be stored
            vote.thread_id = create_thread("vote").id
            db.session.add(vote)
    except IntegrityError:  # the same form arrived twice at the same moment
        return find_created(author, key)
    audit.record("vote.created", vote, actor=author, after={"title": vote.title})
    return vote


def yes_no_options() -> list[VoteOption]:
    """Return the two fixed options of a yes/no vote."""
    return [
        VoteOption(position=index, title=title) for index, title in enumerate(YES_NO_OPTIONS, 1)
    ]


def apply_settings(vote: Vote, settings: VoteSettings) -> None:
    """Copy the settings onto the vote and render the explanation."""
    vote.title = settings.title
    vote.explanation = settings.explanation
    vote.explanation_html = (
        str(render_markdown(settings.explanation)) if settings.explanation else ""
    )
    vote.kind = settings.kind
    vote.max_choices, vote.budget = settings.max_choices, settings.budget
    vote.opens_at = kept_time(vote.opens_at if vote.id else None, settings.opens_at)
    vote.closes_at = kept_time(vote.closes_at if vote.id else None, settings.closes_at)
    vote.eligibility = settings.eligibility
    vote.districts = list(settings.districts)
    vote.eligible_count = settings.eligible_count
    touch(vote)


def kept_time(stored: datetime | None, entered: datetime) -> datetime:
    """Return the stored time when the form shows the same minute (forms have no seconds)."""
    return stored if stored is not None and same_minute(stored, entered) else entered


def same_minute(first: datetime, second: datetime) -> bool:
    """Whether two times fall in the same minute."""
    return first.replace(second=0, microsecond=0) == second.replace(second=0, microsecond=0)


def touch(vote: Vote) -> None:
    """Mark the vote as changed now."""
    vote.updated_at = utcnow()


# --- publishing and deleting ---------------------------------------------------------------


def publish(vote: Vote, actor) -> None:
    """Publish a complete draft: it shows as upcoming or open according to its times."""
    if vote.published_at is not None:
        return
    problems = checks.missing(vote, checks.options_of(vote))
    if problems:
        raise BuilderError(
            _l("Die Abstimmung ist noch nicht vollständig: %(problem)s", problem=problems[0])
        )
    vote.published_at = utcnow()
    touch(vote)
    audit.record("vote.published", vote, actor=actor, after={"title": vote.title})


def unpublish(vote: Vote, actor) -> None:
    """Take a published vote back to draft before it opens."""
    if vote.published_at is None:
        return
    if vote.phase() is not Phase.UPCOMING or has_participants(vote):
        raise BuilderError(_l("Die Abstimmung hat schon begonnen. Sie bleibt veröffentlicht."))
    vote.published_at = None
    touch(vote)
    audit.record("vote.unpublished", vote, actor=actor, after={"title": vote.title})


def has_participants(vote: Vote) -> bool:
    """Whether anyone took part (online or on paper) or any ballot is stored."""
    if vote.ballot_count > 0:
        return True
    took_part = exists().where(VoteParticipation.vote_id == vote.id)
    ballots = exists().where(Ballot.vote_id == vote.id)
    return bool(db.session.scalar(select(took_part | ballots)))


def delete_vote(vote: Vote, actor) -> None:
    """Delete a draft; its thread goes too unless it holds comments."""
    if vote.published_at is not None or has_participants(vote):
        raise BuilderError(
            _l(
                "Nur Entwürfe können gelöscht werden. Nehmen Sie zuerst die Veröffentlichung zurück."
            )
        )
    audit.record("vote.deleted", vote, actor=actor, before={"title": vote.title})
    thread_id = vote.thread_id
    db.session.delete(vote)
    db.session.flush()
    count = select(func.count()).select_from(Comment).where(Comment.thread_id == thread_id)
    thread = db.session.get(CommentThread, thread_id)
    if thread is not None and not db.session.scalar(count):  # comments stay for moderation
        db.session.delete(thread)
        db.session.flush()
