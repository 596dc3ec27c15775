"""What the export lists of the person's taking part: survey responses linked to the account,
surveys and votes taken part in (never a vote's choice), notifications and their settings,
and moderation: reports filed, posts under review, decisions about the person, appeals."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import or_, select

from participation.accounts.export_account import stream
from participation.accounts.models import User
from participation.extensions import db
from participation.moderation.models import (
    Appeal,
    Decision,
    ModerationItem,
    Report,
    SubjectType,
)
from participation.notifications import kinds
from participation.notifications.models import Digest, Notification, Preference
from participation.surveys.models import (
    Answer,
    Draft,
    Option,
    Participation,
    Question,
    Response,
    Survey,
)
from participation.votes.models import Vote, VoteParticipation


def survey_responses(user: User) -> Iterator[dict]:
    """Yield the responses linked to the account, each with its answers."""
    query = (
        select(
            Response.id,
            Response.survey_id,
            Survey.title.label("survey"),
            Response.channel,
            Response.submitted_on,
            Response.submitted_at,
        )
        .join(Survey, Survey.id == Response.survey_id)
        .where(Response.user_id == user.id)
        .order_by(Response.submitted_on, Response.id)
    )
    # At most one response per survey: the list is short, and reading it whole lets the
    # answers be read response by response without two open result sets.
    for row in db.session.execute(query).mappings().all():
        yield {**row, "answers": answers(row["id"])}


def answers(response_id: str) -> list[dict]:
    """Return the answers of one response with the question and option they belong to."""
    query = (
        select(
            Question.text.label("question"),
            Option.label.label("option"),
            Answer.value_int,
            Answer.value_number,
            Answer.value_text,
        )
        .join(Question, Question.id == Answer.question_id)
        .outerjoin(Option, Option.id == Answer.option_id)
        .where(Answer.response_id == response_id)
        .order_by(Question.section_id, Question.position, Answer.item)
    )
    return [dict(row) for row in db.session.execute(query).mappings()]


def survey_participations(user: User) -> Iterator[dict]:
    """Yield the surveys the person answered (also anonymous ones: only that, not what)."""
    query = (
        select(
            Participation.survey_id,
            Survey.title.label("survey"),
            Participation.channel,
            Participation.day,
        )
        .join(Survey, Survey.id == Participation.survey_id)
        .where(Participation.user_id == user.id)
        .order_by(Participation.day, Participation.survey_id)
    )
    return stream(query)


def survey_drafts(user: User) -> Iterator[dict]:
    """Yield answers saved to be sent later."""
    query = (
        select(Draft.survey_id, Survey.title.label("survey"), Draft.saved_at, Draft.data)
        .join(Survey, Survey.id == Draft.survey_id)
        .where(Draft.user_id == user.id)
        .order_by(Draft.saved_at, Draft.survey_id)
    )
    return stream(query)


def vote_participations(user: User) -> Iterator[dict]:
    """Yield the votes the person took part in, online or on paper (never what they chose)."""
    mine = [VoteParticipation.user_id == user.id]
    if user.identity_key:  # a paper ballot handed out is recorded by the identity key alone
        mine.append(VoteParticipation.identity_key == user.identity_key)
    query = (
        select(
            VoteParticipation.vote_id,
            Vote.title.label("vote"),
            VoteParticipation.channel,
            VoteParticipation.day,
        )
        .join(Vote, Vote.id == VoteParticipation.vote_id)
        .where(or_(*mine))
        .order_by(VoteParticipation.day, VoteParticipation.vote_id)
    )
    return stream(query)


def summary_of(kind_name: str, payload: dict) -> str | None:
    """Return the line the notification centre shows, in the current language."""
    kind = kinds.get(kind_name)
    try:
        return str(kind.summary(payload)) if kind is not None else None
    except (KeyError, TypeError, ValueError):  # a payload from an older version of the kind
        return None


def notifications(user: User) -> Iterator[dict]:
    """Yield the notifications for the person, in the centre and by mail."""
    query = (
        select(
            Notification.id,
            Notification.kind,
            Notification.created_at,
            Notification.read_at,
            Notification.delivery,
            Notification.sent_at,
            Notification.payload,
        )
        .where(Notification.recipient_id == user.id)
        .order_by(Notification.created_at, Notification.id)
    )
    for row in stream(query):
        yield {**row, "text": summary_of(row["kind"], row["payload"] or {})}


def notification_settings(user: User) -> Iterator[dict]:
    """Yield the choices the person made for kinds of notification (others: the default)."""
    query = (
        select(Preference.kind, Preference.choice)
        .where(Preference.user_id == user.id)
        .order_by(Preference.kind)
    )
    return stream(query)


def digests(user: User) -> Iterator[dict]:
    """Yield the daily summaries made for the person."""
    query = (
        select(Digest.day, Digest.delivery, Digest.created_at, Digest.sent_at)
        .where(Digest.user_id == user.id)
        .order_by(Digest.day)
    )
    return stream(query)


def reports(user: User) -> Iterator[dict]:
    """Yield the reports the person filed, with what they reported."""
    query = (
        select(
            Report.id,
            Report.created_at,
            ModerationItem.subject_type,
            ModerationItem.subject_id,
            Report.reason,
            Report.note,
            (Report.decision_id.is_not(None)).label("decided"),
        )
        .join(ModerationItem, ModerationItem.id == Report.item_id)
        .where(Report.reporter_id == user.id)
        .order_by(Report.created_at, Report.id)
    )
    return stream(query)


def about_user(user: User):
    """Return the condition for moderation items about the person or their posts."""
    return or_(
        ModerationItem.author_id == user.id,
        (ModerationItem.subject_type == SubjectType.USER) & (ModerationItem.subject_id == user.id),
    )


def moderation_items(user: User) -> Iterator[dict]:
    """Yield the person's posts (or the account) that moderation reviewed or reviews."""
    query = (
        select(
            ModerationItem.subject_type,
            ModerationItem.subject_id,
            ModerationItem.cause,
            ModerationItem.hold_rule,
            ModerationItem.is_open,
            ModerationItem.report_count,
            ModerationItem.opened_at,
        )
        .where(about_user(user))
        .order_by(ModerationItem.opened_at, ModerationItem.id)
    )
    return stream(query)


def moderation_decisions(user: User) -> Iterator[dict]:
    """Yield moderation's decisions that affected the person, with the reason given."""
    query = (
        select(
            Decision.id,
            Decision.created_at,
            ModerationItem.subject_type,
            ModerationItem.subject_id,
            Decision.action,
            Decision.reason,
            Decision.statement,
            Decision.suspended_until,
        )
        .join(ModerationItem, ModerationItem.id == Decision.item_id)
        .where(Decision.affected_id == user.id)
        .order_by(Decision.created_at, Decision.id)
    )
    return stream(query)


def appeals(user: User) -> Iterator[dict]:
    """Yield the person's objections to decisions and how they ended."""
    query = (
        select(
            Appeal.id,
            Appeal.decision_id,
            Appeal.created_at,
            Appeal.text,
            Appeal.status,
            Appeal.resolved_at,
        )
        .where(Appeal.appellant_id == user.id)
        .order_by(Appeal.created_at, Appeal.id)
    )
    return stream(query)
