"""Deleting an account (Art. 17 DSGVO), by the person or by an admin for a request on paper.
The service flushes, never commits; the caller commits, then removes the returned picture files
and sends the returned mail.

The account row goes, and the database does the rest: sessions, roles, supports, follows,
notifications, preferences and survey participations go with it (ON DELETE CASCADE); proposals,
comments, reports, appeals and survey responses stay without a name (ON DELETE SET NULL), shown
as "Gelöschtes Konto". A vote's participation keeps only its identity key, so the person cannot
vote twice; ballots were never linked to accounts and are not touched. See deletion_content.py
for supports, drafts, and what "also delete my contributions" removes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from participation.accounts import deletion_content, farewell
from participation.accounts.models import User, UserRole
from participation.accounts.roles import admin_count
from participation.core import audit
from participation.core.errors import Refusal
from participation.core.permissions import Role
from participation.extensions import db
from participation.moderation.models import ModerationItem, SubjectType
from participation.proposals import images

PRIVILEGED = (Role.MODERATOR, Role.STAFF, Role.COUNCIL, Role.ADMIN)

audit.register_actions({"account.deleted": _l("Konto gelöscht")})


class DeletionRefused(Refusal):
    """The account cannot be deleted now."""

    reasons = {
        "last-admin": _l(
            "Dieses Konto ist das letzte mit der Rolle Administration. Geben Sie die Rolle zuerst "
            "einem anderen Konto. Sonst kann niemand mehr die Plattform verwalten."
        ),
        "privileged": _l(
            "Dieses Konto hat Rollen mit besonderen Rechten (Moderation, Stadtverwaltung, "
            "Stadtrat oder Administration). Eine Administratorin oder ein Administrator muss "
            "diese Rollen zuerst entfernen. Danach kann das Konto gelöscht werden."
        ),
        "gone": _l("Dieses Konto gibt es nicht mehr. Es wurde schon gelöscht."),
    }


@dataclass
class Deleted:
    """What is left to do after the commit: remove picture files, send the mail."""

    farewell: farewell.Farewell | None
    files: list[str] = field(default_factory=list)


def refusal(user: User, locking: bool = True) -> str | None:
    """Return why `user` cannot be deleted now (a reason key), or None. `locking`: lock the
    admins' role rows until commit (when deleting; a page that only shows it need not)."""
    if user.has_role(Role.ADMIN) and (admin_count() if locking else count_admins()) <= 1:
        return "last-admin"
    if user.has_any_role(*PRIVILEGED):
        return "privileged"
    return None


def count_admins() -> int:
    """Return how many accounts hold the admin role (without locking anything)."""
    return db.session.scalar(select(func.count()).where(UserRole.role == Role.ADMIN))


def lock(user: User) -> None:
    """Lock the account row until commit (a second deletion waits, then finds it gone)."""
    found = db.session.scalar(select(User.id).where(User.id == user.id).with_for_update())
    if found is None:
        raise DeletionRefused("gone")
    db.session.refresh(user, ["roles"])


def delete_account(
    user: User, *, actor: User | None, remove_contributions: bool, request_id: int | None = None
) -> Deleted:
    """Delete `user` (audited); raise DeletionRefused. `actor` is None when the person deletes
    their own account, else the admin acting on request `request_id`."""
    lock(user)
    reason = refusal(user)
    if reason:
        raise DeletionRefused(reason)
    done = Deleted(farewell.prepare(user, remove_contributions))
    deletion_content.withdraw_supports(user.id)
    deletion_content.withdraw_comment_votes(user.id)
    done.files += deletion_content.delete_drafts(user.id)
    if remove_contributions:
        done.files += deletion_content.remove_contributions(user)
    close_items_about(user.id)
    audit.record(
        "account.deleted",
        user,
        actor=actor,
        after=audit_facts(actor, remove_contributions, request_id),
    )
    db.session.delete(user)
    db.session.flush()
    return done


def audit_facts(actor: User | None, removed: bool, request_id: int | None) -> dict:
    """Return what the audit entry keeps besides the account's number: nothing personal."""
    facts = {
        "by": "self" if actor is None else "admin",
        "contributions": "removed" if removed else "kept",
    }
    if request_id is not None:
        facts["request"] = request_id
    return facts


def close_items_about(user_id: int) -> None:
    """Take reports about the person off the moderation queue (nobody is left to warn) and
    detach them from the number: the item names its subject by number only, and SQLite may
    give a deleted account's number to the next new account, which must not inherit them.
    A negative number belongs to no account; the reports and decisions stay for the figures."""
    db.session.execute(
        update(ModerationItem)
        .where(
            ModerationItem.subject_type == SubjectType.USER,
            ModerationItem.subject_id == user_id,
        )
        .values(is_open=False, subject_id=-user_id, version=ModerationItem.version + 1),
        execution_options={"synchronize_session": "fetch"},
    )


def finish(done: Deleted) -> bool:
    """After the commit: remove the picture files and send the mail; return whether it went."""
    for filename in done.files:
        images.delete_file(filename)
    return farewell.send(done.farewell)
