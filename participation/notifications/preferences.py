"""Reading and saving a person's choices per kind of notification."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import User
from participation.extensions import db
from participation.notifications.models import Choice, Preference


def choices_of(user_id: int) -> dict[str, Choice]:
    """Return the choices a person made (kinds without a choice use their default)."""
    query = select(Preference.kind, Preference.choice).where(Preference.user_id == user_id)
    return dict(db.session.execute(query).all())


def save(user_id: int, chosen: dict[str, Choice]) -> None:
    """Store the person's choices (the caller commits). The same choices sent twice at once
    (a double click, or a mail program's one-click unsubscribe) both succeed."""
    for kind, choice in chosen.items():
        row = db.session.get(Preference, (user_id, kind))
        if row is None:
            try:
                with db.session.begin_nested():
                    db.session.add(Preference(user_id=user_id, kind=kind, choice=choice))
                continue
            except IntegrityError:  # the person's other request stored it a moment ago
                row = db.session.get(Preference, (user_id, kind))
        row.choice = choice
    db.session.flush()


def account(user_id: int) -> User | None:
    """Return the account the preferences belong to."""
    return db.session.get(User, user_id)
