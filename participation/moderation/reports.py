"""Reporting: any account that may take part reports a proposal, a comment or a person once.

Content reported by MODERATION_AUTO_HIDE_REPORTS distinct accounts is hidden until a
moderator decides (except posts of staff, moderators and admins: a few accounts must not be
able to hide the town's official answer). The services flush, never commit.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.core import audit
from participation.core.permissions import may_take_part
from participation.extensions import db
from participation.moderation import items, safeguards, targets
from participation.moderation.models import Cause, ModerationItem, Reason, Report, SubjectType

NOTE_MAX = 1_000
UNDER_REVIEW = "under_review"  # the placeholder reason while reports wait for a decision

GONE = _l("Diesen Beitrag gibt es nicht mehr, oder er ist schon ausgeblendet.")
OWN = _l("Ihre eigenen Beiträge können Sie nicht melden.")
SUSPENDED = _l("Ihr Konto ist gesperrt. Sie können im Moment nichts melden.")
ALREADY = _l("Sie haben das schon gemeldet. Die Moderation prüft es.")
NOTE_TOO_LONG = _l("Ihr Hinweis ist zu lang. Erlaubt sind höchstens 1.000 Zeichen.")


class ReportError(Exception):
    """The report cannot be taken; `message` is shown, `status` is the HTTP answer."""

    def __init__(self, message, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def reportable(subject_type: SubjectType, subject_id: int, reporter):
    """Return the subject if `reporter` may report it, else raise ReportError."""
    kind = targets.kind(subject_type)
    subject = kind.load(subject_id)
    if subject is None or not kind.is_reportable(subject):
        raise ReportError(GONE, 404)
    if not may_take_part(reporter):
        raise ReportError(SUSPENDED, 403)
    if targets.author_of(subject_type, subject) == reporter.id:
        raise ReportError(OWN, 403)
    return subject


def has_reported(subject_type: SubjectType, subject_id: int, reporter_id: int) -> bool:
    """Whether the account has reported this subject before."""
    query = (
        select(Report.id)
        .join(ModerationItem, ModerationItem.id == Report.item_id)
        .where(
            ModerationItem.subject_type == subject_type,
            ModerationItem.subject_id == subject_id,
            Report.reporter_id == reporter_id,
        )
    )
    return db.session.scalar(query) is not None


def report(
    subject_type: SubjectType, subject_id: int, reporter, reason: Reason, note: str | None = None
) -> Report:
    """Take one report; a second one from the same account is refused (ALREADY)."""
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX:
        raise ReportError(NOTE_TOO_LONG)
    subject = reportable(subject_type, subject_id, reporter)
    item = items.item_for(subject_type, subject, Cause.REPORTS)
    entry = Report(item_id=item.id, reporter_id=reporter.id, reason=Reason(reason), note=note)
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError:  # the unique constraint: one report per account and item
        raise ReportError(ALREADY, 409) from None
    items.count_report(item)
    items.open_item(item, Cause.REPORTS)
    hide_when_reported_often(item, subject)
    return entry


def hide_when_reported_often(item: ModerationItem, subject) -> None:
    """Hide content that enough distinct accounts reported, until a moderator decides."""
    threshold = safeguards.auto_hide_threshold()
    if not threshold or item.report_count < threshold or item.auto_hidden:
        return
    kind = targets.kind(item.subject_type)
    if item.subject_type is SubjectType.USER or kind.is_hidden(subject):
        return
    if item.author is not None and item.author.has_any_role(*safeguards.TRUSTED):
        return  # the town's and the moderators' own posts wait for a person's decision
    kind.hide(subject, UNDER_REVIEW)
    item.auto_hidden = True
    db.session.flush()
    audit.record(
        "moderation.auto_hidden",
        item,
        before={"state": "shown"},
        after={"state": "hidden", "reports": item.report_count},
    )
