"""Results versions: a counter on each subject whose figures are stored (a survey, a vote),
raised in the same transaction as every write that can change those figures, so stored figures
(core/stored_figures.py) are used only while they are still exact.

Nobody has to remember to raise it. Features register which models make up a subject's
figures and how to find the subject of an instance; two session hooks do the rest:

- before each flush, every new, changed or deleted instance of a registered model raises its
  subject's version (one UPDATE per subject table, on the session's connection);
- a bulk INSERT, UPDATE or DELETE run through the session on a registered table raises the
  version of every subject of that kind, unless the statement names its subjects with the
  execution option `results_subjects=[ids]` (raising too many is safe, too few is a bug).

SQL the session does not see (text(), raw connections, COPY) must call `raise_versions` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain

from sqlalchemy import Table, event, update
from sqlalchemy.orm import Session

SUBJECTS_OPTION = "results_subjects"  # execution option of a bulk statement: its subject ids

Owner = Callable[[Session, object], int | None]  # the subject id of an instance (None: none)


@dataclass
class Tracked:
    """The models that make up the figures of one kind of subject."""

    subject: Table  # has `id` and `results_version`
    owners: dict[type, Owner] = field(default_factory=dict)
    tables: set[str] = field(default_factory=set)  # watched for bulk statements


REGISTRY: dict[str, Tracked] = {}


def register(subject: Table, owners: dict[type, Owner]) -> None:
    """Raise `subject`'s version whenever an instance of one of `owners` changes; each owner
    function returns the subject id of an instance (None when it concerns no subject)."""
    tracked = REGISTRY.setdefault(subject.name, Tracked(subject))
    tracked.owners.update(owners)
    tracked.tables.update(
        model.__table__.name for model in owners if model.__table__ is not subject
    )


def raise_versions(session_or_connection, subject: Table, ids: Iterable[int] | None) -> None:
    """Raise the version of the subjects `ids` (None: of every subject in `subject`)."""
    statement = update(subject).values(results_version=subject.c.results_version + 1)
    if ids is not None:
        ids = sorted(
            {ids} if isinstance(ids, int) else set(ids)
        )  # a fixed order: two writers lock the rows alike
        if not ids:
            return
        statement = statement.where(subject.c.id.in_(ids))
    connection = session_or_connection
    if isinstance(connection, Session):
        connection = connection.connection()
    connection.execute(statement)


def changed(session: Session, instance) -> bool:
    """Whether a pending instance is new, deleted or really changed (not merely touched)."""
    if instance in session.new or instance in session.deleted:
        return True
    return session.is_modified(instance, include_collections=False)


@event.listens_for(Session, "before_flush")
def raise_for_flush(session: Session, flush_context, instances) -> None:
    """Raise the version of every subject whose figures this flush changes."""
    pending = list(chain(session.new, session.dirty, session.deleted))
    for tracked in REGISTRY.values():
        ids = set()
        for instance in pending:
            owner = tracked.owners.get(type(instance))
            if owner is not None and changed(session, instance):
                ids.add(owner(session, instance))
        ids.discard(None)
        if ids:
            raise_versions(session, tracked.subject, ids)


def statement_table(state) -> str | None:
    """Return the name of the table a bulk statement writes to (None for anything else)."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    return getattr(table, "name", None)


@event.listens_for(Session, "do_orm_execute")
def raise_for_bulk(state) -> None:
    """Raise versions for a bulk INSERT, UPDATE or DELETE on a registered table."""
    name = statement_table(state)
    if name is None:
        return
    for tracked in REGISTRY.values():
        if name in tracked.tables:
            ids = state.execution_options.get(SUBJECTS_OPTION)
            raise_versions(state.session, tracked.subject, ids)
