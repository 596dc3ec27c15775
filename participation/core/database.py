"""Engine tuning: real transactions and foreign keys on SQLite."""

import sqlite3
import time

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 5000  # statements inside a transaction (a commit waiting for a reader)
LOCK_WAIT_SECONDS = 30.0  # how long a transaction waits for the write lock
POLL_SECONDS = 0.001


def init_app(app: Flask) -> None:
    """Install the SQLite connection hooks (a no-op on other databases)."""
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


def _on_connect(dbapi_connection, connection_record) -> None:
    """Let SQLAlchemy issue BEGIN itself so savepoints work; enforce foreign keys."""
    if not _is_sqlite(dbapi_connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _on_begin(connection) -> None:
    """Start the transaction that pysqlite would otherwise delay.

    IMMEDIATE takes the write lock at once, so concurrent requests queue instead of failing
    with "database is locked" when a reader later wants to write.
    """
    autocommit = connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
    if connection.dialect.name == "sqlite" and not autocommit:
        begin_immediate(connection.connection.driver_connection)


def begin_immediate(driver: sqlite3.Connection) -> None:
    """Take SQLite's write lock, asking again every millisecond for up to LOCK_WAIT_SECONDS.

    SQLite's own busy handler waits up to 100 ms between tries: a worker serving requests back
    to back releases and retakes the lock within that pause, so another worker could wait past
    any timeout (seen under load as "database is locked"). Short tries find the gap.
    """
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    driver.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                driver.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() >= deadline:
                    raise
                time.sleep(POLL_SECONDS)
    finally:
        driver.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
