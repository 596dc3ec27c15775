"""Implementation tracking (Umsetzungsstand): staff start tracking an accepted proposal or a
funded project of a closed budget vote, keep its department, status, progress and completion
dates, and add dated updates (text and an optional photo), which also set the current status
and progress. Every act is audited; an update of a proposal tells its followers. Services: they
flush, never commit.

A funded project is one that either rule of the tally funds (the greedy rule or Equal Shares):
the tally shows both and the council decides which applies, so staff may track either.

An update form sent twice (a double click) adds one update: the implementation's row is locked
while an update is added, and an update equal to the newest one (same author, date, text,
status, progress, photo and description) is not added again. There is no submission-key
column on implementation_updates, so the content is the key.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.core import audit, events
from participation.core.markup import render_comment_markdown
from participation.core.models import utcnow
from participation.extensions import db
from participation.proposals.models import Proposal
from participation.results import implementation_photos as photos
from participation.results.implementation_subjects import (  # noqa: F401 (the service's API)
    EQUAL_SHARES,
    GREEDY,
    funding_rules,
    is_funded_option,
    is_trackable,
    is_trackable_proposal,
    untracked_projects,
    untracked_proposals,
)
from participation.results.models import (
    Implementation,
    ImplementationStatus,
    ImplementationUpdate,
)
from participation.votes.models import VoteOption

STARTED = "results.implementation_started"
CHANGED = "results.implementation_changed"
UPDATE_ADDED = "results.implementation_update_added"

audit.register_actions(
    {
        STARTED: _l("Umsetzungsstand angelegt"),
        CHANGED: _l("Umsetzungsstand geändert"),
        UPDATE_ADDED: _l("Neuigkeit zur Umsetzung hinzugefügt"),
    }
)
audit.register_target_types(
    {
        "implementations": _l("Umsetzungsstand"),
        "implementation_updates": _l("Neuigkeit zur Umsetzung"),
    }
)


class NotTrackable(Exception):
    """The proposal or project cannot be tracked (not accepted, not funded, not shown)."""


@dataclass(frozen=True)
class Settings:
    """What staff set on an implementation directly."""

    department: str
    status: ImplementationStatus
    progress: int
    planned_completion: date | None = None
    actual_completion: date | None = None

    def snapshot(self) -> dict:
        """Return the settings as JSON for the audit log."""
        values = asdict(self)
        values["status"] = self.status.value
        for key in ("planned_completion", "actual_completion"):
            values[key] = values[key].isoformat() if values[key] else None
        return values


@dataclass(frozen=True)
class UpdateFields:
    """What an update says: when it happened, the text, the status and progress it reports,
    when the work was completed (status done only; default: the update's date) and the photo's
    description."""

    happened_on: date
    text: str
    status: ImplementationStatus
    progress: int
    completed_on: date | None = None
    photo_alt: str = ""


def settings_of(implementation: Implementation) -> Settings:
    """Return the implementation's current settings."""
    return Settings(
        implementation.department,
        implementation.status,
        implementation.progress,
        implementation.planned_completion,
        implementation.actual_completion,
    )


# --- starting and changing ----------------------------------------------------------------


def implementation_of(subject: Proposal | VoteOption) -> Implementation | None:
    """Return the implementation of a proposal or budget project, if it is tracked."""
    column = (
        Implementation.proposal_id
        if isinstance(subject, Proposal)
        else Implementation.vote_option_id
    )
    return db.session.scalar(select(Implementation).where(column == subject.id))


def start(subject: Proposal | VoteOption, staff, settings: Settings) -> tuple[Implementation, bool]:
    """Start tracking `subject`; return the implementation and whether it is new (a second
    start, also at the same moment, returns the first). Raises NotTrackable."""
    existing = implementation_of(subject)
    if existing is not None:
        return existing, False
    if not is_trackable(subject):
        raise NotTrackable
    key = "proposal_id" if isinstance(subject, Proposal) else "vote_option_id"
    implementation = Implementation(**{key: subject.id}, updated_at=utcnow())
    apply_settings(implementation, settings)
    try:
        with db.session.begin_nested():
            db.session.add(implementation)
    except IntegrityError:  # the same form arrived twice at the same moment
        return implementation_of(subject), False
    audit.record(STARTED, implementation, actor=staff, after=settings.snapshot())
    return implementation, True


def apply_settings(implementation: Implementation, settings: Settings) -> None:
    """Copy the settings onto the implementation."""
    for key, value in asdict(settings).items():
        setattr(implementation, key, value)


def change(implementation: Implementation, staff, settings: Settings) -> bool:
    """Change the settings (audited with before and after); return whether anything changed."""
    before = settings_of(implementation)
    if before == settings:
        return False
    apply_settings(implementation, settings)
    implementation.updated_at = utcnow()
    db.session.flush()
    audit.record(
        CHANGED, implementation, actor=staff, before=before.snapshot(), after=settings.snapshot()
    )
    return True


# --- updates ------------------------------------------------------------------------------


def lock(implementation: Implementation) -> None:
    """Lock the implementation's row until commit, so updates are added one at a time."""
    query = select(Implementation.id).where(Implementation.id == implementation.id)
    db.session.execute(query.with_for_update())


def newest_update(implementation_id: int) -> ImplementationUpdate | None:
    """Return the update added last to the implementation."""
    query = select(ImplementationUpdate).where(
        ImplementationUpdate.implementation_id == implementation_id
    )
    return db.session.scalar(query.order_by(ImplementationUpdate.id.desc()).limit(1))


def is_repeat(
    update: ImplementationUpdate, staff, fields: UpdateFields, photo: photos.CleanPhoto | None
) -> bool:
    """Whether `update` is what the same form sent before (a double click)."""
    return (
        update.author_id == staff.id
        and (update.happened_on, update.text, update.status, update.progress)
        == (fields.happened_on, fields.text, fields.status, fields.progress)
        and update.photo_alt == (fields.photo_alt if photo else "")
        and photos.same_photo(update.photo_name, photo)
    )


def add_update(
    implementation: Implementation,
    staff,
    fields: UpdateFields,
    photo: photos.CleanPhoto | None = None,
) -> tuple[ImplementationUpdate, bool]:
    """Add a dated update (with its photo stored) and set the implementation's status,
    progress and completion from it; return the update and whether it is new (the same form
    sent twice returns the first). Followers of a proposal are told."""
    lock(implementation)
    newest = newest_update(implementation.id)
    if newest is not None and is_repeat(newest, staff, fields, photo):
        return newest, False
    update = ImplementationUpdate(
        implementation_id=implementation.id,
        happened_on=fields.happened_on,
        text=fields.text,
        text_html=str(render_comment_markdown(fields.text)),
        status=fields.status,
        progress=fields.progress,
        photo_name=photos.store(photo) if photo else None,
        photo_alt=fields.photo_alt if photo else "",
        author_id=staff.id,
    )
    db.session.add(update)
    report(implementation, fields)
    db.session.flush()
    audit.record(UPDATE_ADDED, update, actor=staff, after=update_snapshot(update))
    if implementation.proposal_id is not None:
        events.emit(
            events.IMPLEMENTATION_UPDATED,
            implementation_id=implementation.id,
            update_id=update.id,
            actor_id=staff.id,
        )
    return update, True


def report(implementation: Implementation, fields: UpdateFields) -> None:
    """Set the implementation's status, progress and completion date from an update."""
    implementation.status = fields.status
    implementation.progress = fields.progress
    implementation.updated_at = utcnow()
    if fields.status is not ImplementationStatus.DONE:
        implementation.actual_completion = None
    elif fields.completed_on or not implementation.actual_completion:
        implementation.actual_completion = fields.completed_on or fields.happened_on


def update_snapshot(update: ImplementationUpdate) -> dict:
    """Return what an update says, for the audit log."""
    return {
        "implementation_id": update.implementation_id,
        "happened_on": update.happened_on.isoformat(),
        "status": update.status.value,
        "progress": update.progress,
        "photo": bool(update.photo_name),
    }
