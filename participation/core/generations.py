"""Table generations: a counter per table, raised in the transaction of every write to it.

Whatever is computed from some tables (a rendered page, see page_cache.py) stays valid exactly
as long as the generations of those tables are unchanged. The write side needs no cooperation
from feature code: every statement the engine sends is looked at (its SQL text, so ORM flushes,
bulk statements and `text()` alike), the tables it writes are noted on the connection, and when
the ORM session commits, one upsert raises their generations just before the COMMIT. Rows
removed or changed by ON DELETE CASCADE / SET NULL count as writes to the referencing tables,
and the SQLite search table (kept by triggers) counts as its proposals table.

Two rules for code outside the ORM session: a write on a connection of its own (bulk loading)
must call `raise_all()` afterwards, and restoring a database from a backup needs a restart of
the app (generations would go back; the page cache lives in the worker processes).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar

from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.types import BigInteger, String

from participation.extensions import db

WRITTEN = "written_tables"  # key in Connection.info: tables written in the open transaction
# Tables whose writes are not counted: this one, and a row per signed-in browser refreshed every
# few minutes (its counter would be a hot row). Whatever reads them is never cached.
UNCOUNTED = frozenset({"table_generations", "account_sessions", "alembic_version"})
SAME_AS = {"proposals_fts": "proposals"}  # tables filled by triggers → the table they mirror
EVERY_TABLE = "*"

TABLE = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE)\s+(?:ONLY\s+)?"?([A-Za-z_]\w*)', re.IGNORECASE)
WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|COPY|MERGE|TRUNCATE)\b", re.IGNORECASE)
DELETE = re.compile(r"\s*(DELETE|TRUNCATE)\b", re.IGNORECASE)  # rows of other tables may go too
MAX_REMEMBERED = 4096

_reads: ContextVar[set[str] | None] = ContextVar("generation_reads", default=None)
_parsed: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
_cascades: dict[str, frozenset[str]] = {}


class TableGeneration(db.Model):
    """How often a table was written: raised by one in each transaction that wrote it."""

    __tablename__ = "table_generations"

    name: Mapped[str] = mapped_column(String(63), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)


READ_ALL = select(TableGeneration.name, TableGeneration.value)


def parse(statement: str) -> tuple[frozenset[str], frozenset[str]]:
    """Return (tables read or written, tables written) by one SQL statement."""
    found = _parsed.get(statement)
    if found is None:
        if len(_parsed) >= MAX_REMEMBERED:
            _parsed.clear()
        tables = frozenset(table_name(name) for name in TABLE.findall(statement))
        written = frozenset()
        if WRITE.match(statement):
            written = tables if statement.lstrip()[:4].upper() == "WITH" else first_of(statement)
        elif statement.lstrip()[:4].upper() == "WITH" and re.search(
            r"\b(INSERT|UPDATE|DELETE)\b", statement, re.IGNORECASE
        ):
            written = tables
        found = _parsed[statement] = (tables, written)
    return found


def table_name(name: str) -> str:
    """Return the table a name in SQL stands for (lower case; trigger-kept tables mapped)."""
    name = name.lower()
    return SAME_AS.get(name, name)


def first_of(statement: str) -> frozenset[str]:
    """Return the table a plain INSERT, UPDATE, DELETE or COPY names first."""
    keyword = WRITE.match(statement).group(1).upper()
    if keyword == "COPY":
        name = statement.split()[1].split("(")[0].strip('"')
        return frozenset({table_name(name)})
    match = TABLE.search(statement)
    return frozenset({table_name(match.group(1))}) if match else frozenset({EVERY_TABLE})


def note_statement(conn, cursor, statement, parameters, context, executemany) -> None:
    """Engine hook: remember the tables a statement writes (and reads, while tracking)."""
    tables, written = parse(statement)
    if written:
        if DELETE.match(statement):
            written = with_cascades(written)
        conn.info.setdefault(WRITTEN, set()).update(written)
    reads = _reads.get()
    if reads is not None:
        reads.update(tables)


def with_cascades(tables: Iterable[str]) -> set[str]:
    """Return the tables and every table whose rows a delete there may change (by cascade)."""
    found = set(tables)
    reach = cascades()
    for name in tables:
        found |= reach.get(name, frozenset())
    return found


def cascades() -> dict[str, frozenset[str]]:
    """Return the cascade map of the models (worked out at the first delete: by then every
    feature's models are imported, which is not yet the case while the app is set up)."""
    if not _cascades:
        _cascades.update(cascade_map(db.metadata))
    return _cascades


def cascade_map(metadata) -> dict[str, frozenset[str]]:
    """Return table → the tables reached from it by ON DELETE CASCADE / SET NULL keys."""
    direct: dict[str, set[str]] = {}
    for table in metadata.tables.values():
        for key in table.foreign_keys:
            if (key.ondelete or "").upper() in ("CASCADE", "SET NULL", "SET DEFAULT"):
                direct.setdefault(key.column.table.name, set()).add(table.name)
    closure = {}
    for name in direct:
        seen, todo = set(), [name]
        while todo:
            for child in direct.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        closure[name] = frozenset(seen)
    return closure


def forget_writes(conn) -> None:
    """Engine hook at COMMIT or ROLLBACK: the transaction's writes are settled."""
    conn.info.pop(WRITTEN, None)


def raise_before_commit(session: Session) -> None:
    """Session hook: flush, then raise the generations of every table the transaction wrote.

    Not when a savepoint is released (the hook runs then too): the counters would stay locked
    while the transaction goes on taking other locks, so two transactions could deadlock.
    """
    if not session.in_transaction() or session.in_nested_transaction():
        return
    session.flush()
    connection = session.connection()
    written = connection.info.pop(WRITTEN, set()) - UNCOUNTED
    if written:
        raise_generations(connection, written)


def raise_generations(connection, names: Iterable[str]) -> None:
    """Add one to each table's generation in the connection's transaction (rows made as needed).

    The names are sorted, so two transactions lock the rows in the same order: no deadlock.
    """
    names = sorted(all_tables() if EVERY_TABLE in names else set(names) - UNCOUNTED)
    if not names:
        return
    upsert = postgres_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = upsert(TableGeneration).values([{"name": name, "value": 1} for name in names])
    statement = statement.on_conflict_do_update(
        index_elements=["name"], set_={"value": TableGeneration.value + 1}
    )
    connection.execute(statement)


def all_tables() -> set[str]:
    """Return the name of every table of the models (for a write of unknown reach)."""
    return set(db.metadata.tables) - UNCOUNTED


def raise_all() -> None:
    """Raise every table's generation in the session's transaction (after bulk loading)."""
    raise_generations(db.session.connection(), {EVERY_TABLE})


def current() -> dict[str, int]:
    """Return the generation of every committed write so far (missing: never written, 0)."""
    bind = db.session.get_bind()
    if not isinstance(bind, Engine):  # a session kept on one connection (the tests' rollback)
        return dict(db.session.execute(READ_ALL).all())
    return _reader.read(bind)


class Reader:
    """A connection of this process (and thread) kept open for reading generations.

    One round trip per read, outside any transaction: a page served from the cache leaves the
    request's session unused, and no pool checkout with its ping and reset is paid.
    """

    SQL = "SELECT name, value FROM table_generations"

    def __init__(self):
        self.local = threading.local()

    def read(self, engine: Engine) -> dict[str, int]:
        """Return the generations; a broken connection is replaced once."""
        try:
            return self.query(engine)
        except engine.dialect.loaded_dbapi.Error:
            self.close()
            return self.query(engine)

    def query(self, engine: Engine) -> dict[str, int]:
        """Run the read on this thread's connection (opened on first use)."""
        connection = self.connection(engine)
        cursor = connection.cursor()
        try:
            cursor.execute(self.SQL)
            return dict(cursor.fetchall())
        finally:
            cursor.close()

    def connection(self, engine: Engine):
        """Return this thread's DBAPI connection in autocommit mode."""
        held = getattr(self.local, "held", None)
        if held is None or held[0] != os.getpid() or held[1] is not engine:
            fairy = engine.raw_connection()
            driver = fairy.driver_connection
            fairy.detach()  # ours now: the pool neither resets nor hands it to others
            if engine.dialect.name == "postgresql":
                driver.autocommit = True
            held = self.local.held = (os.getpid(), engine, driver)
        return held[2]

    def close(self) -> None:
        """Drop this thread's connection."""
        held = getattr(self.local, "held", None)
        self.local.held = None
        if held is not None:
            with suppress(Exception):  # already broken: nothing to give back
                held[2].close()


_reader = Reader()


@contextmanager
def tracking_reads() -> Iterator[set[str]]:
    """Collect the tables every statement in the block reads (for what it computes)."""
    reads: set[str] = set()
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def init_app(app: Flask) -> None:
    """Install the engine and session hooks once per process."""
    if not event.contains(Engine, "before_cursor_execute", note_statement):
        event.listen(Engine, "before_cursor_execute", note_statement)
        event.listen(Engine, "commit", forget_writes)
        event.listen(Engine, "rollback", forget_writes)
        event.listen(Session, "before_commit", raise_before_commit)
