"""The register of requests about personal data that arrive on paper, by phone or in person:
recording them, notes, linking the account, the identity check, handing over the export,
deleting the account, and closing them. Every step is audited (without the requester's name
or the texts: the audit log is append-only and must not become a second copy of them).
The services flush, never commit."""

from __future__ import annotations

import calendar
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, select

from participation.accounts import deletion
from participation.accounts.models import User
from participation.accounts.request_models import (
    DataRequest,
    RequestChannel,
    RequestKind,
    RequestState,
)
from participation.core import audit
from participation.core.clock import to_town_time
from participation.core.errors import Refusal
from participation.core.models import utcnow
from participation.extensions import db

audit.register_actions(
    {
        "data_request.registered": _l("Datenschutz-Anfrage erfasst"),
        "data_request.noted": _l("Notiz zu einer Datenschutz-Anfrage"),
        "data_request.linked": _l("Konto einer Datenschutz-Anfrage zugeordnet"),
        "data_request.identity_checked": _l("Identität für eine Datenschutz-Anfrage geprüft"),
        "data_request.exported": _l("Daten für eine Datenschutz-Anfrage heruntergeladen"),
        "data_request.account_deleted": _l("Konto auf Datenschutz-Anfrage gelöscht"),
        "data_request.closed": _l("Datenschutz-Anfrage abgeschlossen"),
    }
)
audit.register_target_types({"data_requests": _l("Datenschutz-Anfrage")})


class RequestRefused(Refusal):
    """A step the register refuses."""

    reasons = {
        "closed": _l("Diese Anfrage ist schon abgeschlossen."),
        "no-account": _l("Dieser Anfrage ist kein Konto zugeordnet."),
        "identity": _l(
            "Bitte prüfen Sie zuerst die Identität der Person. Erst dann dürfen Sie Daten "
            "herausgeben oder das Konto löschen."
        ),
        "not-erasure": _l("Ein Konto darf nur auf eine Anfrage zur Löschung gelöscht werden."),
    }


def due_date(received: date) -> date:
    """Return the day the answer is due: one calendar month later (Art. 12 (3) DSGVO); from
    31 January that is the last day of February."""
    year, month = (
        (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    )
    return date(year, month, min(received.day, calendar.monthrange(year, month)[1]))


def list_query(today: date) -> Select:
    """Return a select of every request: open ones first, the most urgent on top (overdue
    ones are the oldest due dates), then closed ones, last closed first."""
    is_open = DataRequest.state == RequestState.OPEN
    return select(DataRequest).order_by(
        case((is_open, 0), else_=1),
        case((is_open, DataRequest.due_on)),
        DataRequest.closed_at.desc(),
        DataRequest.id.desc(),
    )


def get(request_id: int) -> DataRequest | None:
    """Return the request with this number, if any."""
    return db.session.get(DataRequest, request_id)


def register(
    *,
    kind: RequestKind,
    channel: RequestChannel,
    requester: str,
    contact: str,
    received_on: date,
    user: User | None,
    identity_checked: bool,
    actor: User,
) -> DataRequest:
    """Record a request that arrived outside the site; its due date follows from the day."""
    entry = DataRequest(
        kind=kind,
        channel=channel,
        requester=requester,
        contact=contact,
        received_on=received_on,
        due_on=due_date(received_on),
        user_id=user.id if user else None,
        identity_checked=identity_checked,
        received_by_id=actor.id,
    )
    db.session.add(entry)
    db.session.flush()
    facts = {"kind": kind.value, "channel": channel.value, "received_on": received_on.isoformat()}
    audit.record(
        "data_request.registered", entry, actor=actor, after={**facts, "account": entry.user_id}
    )
    db.session.flush()
    return entry


def lock_open(entry: DataRequest) -> None:
    """Lock the request until commit and refuse steps on a closed one."""
    db.session.execute(select(DataRequest.id).where(DataRequest.id == entry.id).with_for_update())
    db.session.refresh(entry)
    if entry.state is not RequestState.OPEN:
        raise RequestRefused("closed")


def add_note(entry: DataRequest, text: str, actor: User) -> None:
    """Add a dated note with the author's name below the earlier ones."""
    db.session.execute(select(DataRequest.id).where(DataRequest.id == entry.id).with_for_update())
    db.session.refresh(entry)
    stamp = to_town_time(utcnow()).strftime("%d.%m.%Y %H:%M")
    line = f"{stamp}, {actor.display_name}: {text}"
    entry.notes = f"{entry.notes}\n\n{line}" if entry.notes else line
    audit.record("data_request.noted", entry, actor=actor)
    db.session.flush()


def link_account(entry: DataRequest, user: User, actor: User) -> None:
    """Name the account the request is about."""
    lock_open(entry)
    before = {"account": entry.user_id}
    entry.user_id = user.id
    audit.record(
        "data_request.linked", entry, actor=actor, before=before, after={"account": user.id}
    )
    db.session.flush()


def confirm_identity(entry: DataRequest, actor: User) -> None:
    """Record that the requester's identity was checked (ID seen, or a known signature)."""
    lock_open(entry)
    if not entry.identity_checked:
        entry.identity_checked = True
        audit.record(
            "data_request.identity_checked", entry, actor=actor, after={"identity_checked": True}
        )
    db.session.flush()


def account_for_action(entry: DataRequest) -> User:
    """Return the linked account, refusing when the request is closed, has none or the
    requester's identity is not checked."""
    lock_open(entry)
    if entry.user is None:
        raise RequestRefused("no-account")
    if not entry.identity_checked:
        raise RequestRefused("identity")
    return entry.user


def record_export(entry: DataRequest, actor: User) -> User:
    """Note that the linked account's export is being handed over; return the account."""
    user = account_for_action(entry)
    audit.record("data_request.exported", entry, actor=actor, after={"account": user.id})
    db.session.flush()
    return user


def delete_account(entry: DataRequest, actor: User, remove_contributions: bool) -> deletion.Deleted:
    """Delete the linked account (an erasure request only); raise RequestRefused or
    deletion.DeletionRefused."""
    if entry.kind is not RequestKind.ERASURE:
        raise RequestRefused("not-erasure")
    user = account_for_action(entry)
    user_id = user.id
    audit.record("data_request.account_deleted", entry, actor=actor, after={"account": user_id})
    return deletion.delete_account(
        user, actor=actor, remove_contributions=remove_contributions, request_id=entry.id
    )


def close(entry: DataRequest, state: RequestState, outcome: str, actor: User) -> None:
    """Close the request as done or refused, with what was done or why not."""
    lock_open(entry)
    entry.state, entry.outcome = state, outcome
    entry.closed_by_id, entry.closed_at = actor.id, utcnow()
    audit.record("data_request.closed", entry, actor=actor, after={"state": state.value})
    db.session.flush()


def is_overdue(entry: DataRequest, today: date) -> bool:
    """Whether an open request is past its due date."""
    return entry.state is RequestState.OPEN and entry.due_on < today
