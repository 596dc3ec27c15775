"""Bulk writing for bench data: COPY on PostgreSQL, Core `insert()` executemany elsewhere, in
chunks, with progress lines (table, rows, rows per second) and the id sequences kept right."""

from __future__ import annotations

import json
import operator
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import JSON, Integer, Table, func, insert, select, text
from sqlalchemy.exc import DBAPIError

from participation.extensions import db

CHUNK = 10_000  # rows per statement (and per COPY) of the table that fills fastest
PROGRESS_EVERY = 250_000  # rows between progress lines of one table


@dataclass
class Sink:
    """The rows of one table waiting to be written, and how many were written so far."""

    table: Table
    columns: tuple[str, ...]
    rows: list[dict] = field(default_factory=list)
    written: int = 0
    explicit_ids: bool = False


class Loader:
    """Write rows of several tables in foreign-key order, a chunk at a time."""

    def __init__(self, echo: Callable[[str], None]):
        self.echo = echo
        self.postgres = db.session.get_bind().dialect.name == "postgresql"
        self.sinks: list[Sink] = []
        self.started = time.perf_counter()

    def sink(self, table: Table, columns: tuple[str, ...] | None = None) -> Sink:
        """Register a table of the current phase (parents before children)."""
        names = columns or tuple(column.name for column in table.columns)
        serial = "id" in table.c and isinstance(table.c.id.type, Integer)
        sink = Sink(table, names, explicit_ids=serial and "id" in names)
        self.sinks.append(sink)
        return sink

    def put(self, sink: Sink, row: dict) -> None:
        """Queue one row; write every queue once one is full."""
        sink.rows.append(row)
        if len(sink.rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        """Write what is queued, parents first."""
        for sink in self.sinks:
            if sink.rows:
                before = sink.written
                self.write(sink)
                if sink.written // PROGRESS_EVERY > before // PROGRESS_EVERY:
                    self.report(sink, "…")

    def write(self, sink: Sink) -> None:
        """Write one queue by COPY or by executemany, and empty it."""
        if self.postgres:
            copy_rows(sink)
        else:
            db.session.execute(insert(sink.table), sink.rows)
        sink.written += len(sink.rows)
        sink.rows = []

    @contextmanager
    def phase(self):
        """Write the phase's tables; then report them, fix their sequences and commit."""
        self.sinks, self.started = [], time.perf_counter()
        checks_off = self.postgres and foreign_key_checks("replica")
        yield self
        self.flush()
        if checks_off:
            foreign_key_checks("origin")
        for sink in self.sinks:
            self.report(sink, "")
            if sink.explicit_ids and self.postgres:
                sync_sequence(sink.table)
        db.session.commit()

    def report(self, sink: Sink, mark: str) -> None:
        """Print a progress line: table, rows so far, seconds and rows per second."""
        seconds = max(time.perf_counter() - self.started, 1e-6)
        rate = sink.written / seconds
        self.echo(
            f"  {sink.table.name:<22} {sink.written:>11,} rows {seconds:7.1f} s "
            f"{rate:>10,.0f} rows/s {mark}".rstrip()
        )


def copy_rows(sink: Sink) -> None:
    """COPY the queued rows through the session's own connection (its transaction)."""
    command = f"COPY {sink.table.name} ({', '.join(sink.columns)}) FROM STDIN"
    driver = db.session.connection().connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(command) as copy:
        for values in copy_values(sink):
            copy.write_row(values)


def copy_values(sink: Sink) -> Iterator[tuple]:
    """Yield the queued rows' values in column order, JSON as text (sinks have 2+ columns)."""
    getter = operator.itemgetter(*sink.columns)
    types = [sink.table.c[name].type for name in sink.columns]
    json_at = [index for index, kind in enumerate(types) if isinstance(kind, JSON)]
    for row in sink.rows:
        values = getter(row)
        if json_at:
            values = tuple(json.dumps(v) if i in json_at else v for i, v in enumerate(values))
        yield values


def foreign_key_checks(role: str) -> bool:
    """Skip ("replica") or restore ("origin") PostgreSQL's per-row foreign-key triggers for
    this transaction, as `pg_dump --disable-triggers` does: bench rows are consistent by
    construction (SQLite checks them in the tests), and the checks would double the load time.
    Needs a superuser; return False (the checks stay) without one."""
    try:
        with db.session.begin_nested():
            db.session.execute(text(f"SET LOCAL session_replication_role = {role}"))
    except DBAPIError:
        return False
    return True


def next_id(table: Table) -> int:
    """Return the first free id of `table` (bench rows get theirs in advance)."""
    return (db.session.scalar(select(func.max(table.c.id))) or 0) + 1


def sync_sequence(table: Table) -> None:
    """Move the id sequence past the ids written by hand (PostgreSQL)."""
    db.session.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
        )
    )


def analyze() -> None:
    """Gather fresh planner statistics and, on PostgreSQL, the visibility map (index-only
    scans need it): the state autovacuum leaves a settled database in."""
    db.session.commit()
    if db.engine.dialect.name != "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return
    # TRUNCATE false: giving empty pages back needs a lock that another open transaction
    # (a test's, a running app's) would make it wait for.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM (ANALYZE, TRUNCATE false)"))
