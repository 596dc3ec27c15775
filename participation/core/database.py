"""Engine tuning: real transactions and foreign keys on SQLite."""

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


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
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _on_begin(connection) -> None:
    """Start the transaction that pysqlite would otherwise delay.

    IMMEDIATE takes the write lock at once, so concurrent requests queue (busy_timeout)
    instead of failing with "database is locked" when a reader later wants to write.
    """
    autocommit = connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
    if connection.dialect.name == "sqlite" and not autocommit:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
