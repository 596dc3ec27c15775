"""SQLite's write lock: a transaction waits for it by short tries (no starving behind a busy
worker), and gives up with "database is locked" only after LOCK_WAIT_SECONDS."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from participation.core import database


@pytest.fixture()
def two_connections(tmp_path):
    path = tmp_path / "lock.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    waiter = sqlite3.connect(path, isolation_level=None)
    yield holder, waiter
    holder.close()
    waiter.close()


def test_the_lock_is_taken_once_the_other_transaction_ends(two_connections):
    holder, waiter = two_connections
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.2, lambda: holder.execute("COMMIT"))
    release.start()
    database.begin_immediate(waiter)  # waits, then has the lock
    release.join()
    assert waiter.in_transaction
    waiter.execute("COMMIT")
    # The usual busy timeout is back for the statements of the transaction.
    assert waiter.execute("PRAGMA busy_timeout").fetchone()[0] == database.BUSY_TIMEOUT_MS


def test_a_lock_held_too_long_is_reported(two_connections, monkeypatch):
    holder, waiter = two_connections
    monkeypatch.setattr(database, "LOCK_WAIT_SECONDS", 0.1)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        database.begin_immediate(waiter)
    holder.execute("COMMIT")
    assert not waiter.in_transaction


def test_a_waiter_is_not_starved_by_back_to_back_transactions(two_connections):
    holder, waiter = two_connections
    stop = threading.Event()

    def busy_worker():  # a worker with requests queued: it retakes the lock at once
        while not stop.is_set():
            holder.execute("BEGIN IMMEDIATE")
            stop.wait(0.005)
            holder.execute("COMMIT")

    worker = threading.Thread(target=busy_worker)
    worker.start()
    try:
        for _ in range(5):
            database.begin_immediate(waiter)
            waiter.execute("COMMIT")
    finally:
        stop.set()
        worker.join()
