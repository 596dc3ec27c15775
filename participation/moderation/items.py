"""Moderation items: one per reported or held proposal, comment or account."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from participation.core import events
from participation.core.models import utcnow
from participation.extensions import db
from participation.moderation import targets
from participation.moderation.models import Cause, ModerationItem, SubjectType


def find_item(subject_type: SubjectType, subject_id: int) -> ModerationItem | None:
    """Return the item of a subject, if it was ever reported or held."""
    query = select(ModerationItem).where(
        ModerationItem.subject_type == subject_type, ModerationItem.subject_id == subject_id
    )
    return db.session.scalar(query)


def item_for(subject_type: SubjectType, subject, cause: Cause) -> ModerationItem:
    """Return the subject's item, creating it (closed) if needed; safe against a race."""
    item = find_item(subject_type, subject.id)
    if item is not None:
        return item
    item = ModerationItem(
        subject_type=subject_type,
        subject_id=subject.id,
        author_id=targets.author_of(subject_type, subject),
        cause=cause,
        is_open=False,
    )
    try:
        with db.session.begin_nested():
            db.session.add(item)
    except IntegrityError:  # another request created it at the same moment
        return find_item(subject_type, subject.id)
    return item


def open_item(item: ModerationItem, cause: Cause, hold_rule=None) -> None:
    """Put the item (back) into the queue; an item already open keeps its cause and age."""
    if item.is_open and cause is not Cause.APPEAL:
        return
    values = {"is_open": True, "cause": cause, "opened_at": utcnow(), "hold_rule": hold_rule}
    values["version"] = ModerationItem.version + 1
    db.session.execute(update(ModerationItem).where(ModerationItem.id == item.id).values(values))
    db.session.refresh(item)
    events.emit(events.MODERATION_ITEM_OPENED, item_id=item.id, cause=cause.value)


def count_report(item: ModerationItem) -> None:
    """Add one reporter to the item's counter in SQL (simultaneous reports all count)."""
    db.session.execute(
        update(ModerationItem)
        .where(ModerationItem.id == item.id)
        .values(report_count=ModerationItem.report_count + 1)
    )
    db.session.refresh(item)


def claim(item: ModerationItem, version: int) -> bool:
    """Take the item for one decision; False when someone decided since `version` was read."""
    result = db.session.execute(
        update(ModerationItem)
        .where(ModerationItem.id == item.id, ModerationItem.version == version)
        .values(version=ModerationItem.version + 1)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(item)
    return True
