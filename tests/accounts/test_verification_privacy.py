"""What staff type from an ID is never kept: not in any table, not in the log, not in the
session, not in any SQL statement; only the identity key is."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from sqlalchemy import event, inspect, text

from participation.core.permissions import Role
from tests.accounts.conftest import id_card

SURNAME, GIVEN, BORN = "Quaxelbrink-Übel", "Ottilie Henriette", "17.03.1953"
# Whole dates only: a year or "17.03" alone can turn up in the microseconds of any timestamp.
TRACES = ("quaxelbrink", "uebel", "übel", "ottilie", "henriette")
TRACES += ("17.03.1953", "1953-03-17", "19530317", "17031953")
PERSON = id_card(surname=SURNAME, given_names=GIVEN, birth_date=BORN, district="Innenstadt")


def database_dump(session) -> str:
    """Return every value of every row of every table, as text, in lower case."""
    names = inspect(session.connection()).get_table_names()
    values = []
    for name in names:
        for row in session.execute(text(f'SELECT * FROM "{name}"')):
            values.extend(str(value) for value in row)
    return "\n".join(values).lower()


@contextmanager
def sql_sent(engine):
    """Yield a list of every statement and its parameters run on `engine` in the block."""
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(f"{statement} {parameters!r}")

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


@contextmanager
def every_log_line(caplog):
    """Capture every log record at DEBUG, the app's own logger (which does not propagate)
    included."""
    app_logger = logging.getLogger("participation")
    app_logger.addHandler(caplog.handler)
    level = app_logger.level
    app_logger.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    try:
        yield caplog
    finally:
        app_logger.removeHandler(caplog.handler)
        app_logger.setLevel(level)


def desk_day(client, make_user) -> None:
    """Verify an account, try the same person on a second one, mistype once, revoke and
    verify again: every way the typed data passes through the desk."""
    first, second = make_user(), make_user()
    assert client.post(f"/verification/{first.id}", data=PERSON).status_code == 302
    assert client.post(f"/verification/{second.id}", data=PERSON).status_code == 409
    mistyped = {**PERSON, "birth_date": "17.13.1953"}
    assert client.post(f"/verification/{second.id}", data=mistyped).status_code == 400
    assert client.post(f"/verification/{first.id}/revoke", data={"confirm": "y"}).status_code == 302
    assert client.post(f"/verification/{second.id}", data=PERSON).status_code == 302
    client.get(f"/verification/{second.id}")  # the flashed message is read


def test_typed_name_and_birth_date_are_stored_and_logged_nowhere(
    app, client, login_as, make_user, districts, db, caplog
):
    login_as(Role.STAFF)
    with every_log_line(caplog), sql_sent(db.engine) as statements:
        desk_day(client, make_user)
    assert any("/verification/" in record.getMessage() for record in caplog.records)
    assert any("update users set identity_key" in s.lower() for s in statements)
    dump = database_dump(db.session)
    assert "innenstadt" in dump and "accounts.verified" in dump  # the dump does see the rows
    logged = "\n".join(record.getMessage() for record in caplog.records).lower()
    sql = "\n".join(statements).lower()
    with client.session_transaction() as session:
        kept_in_session = repr(dict(session)).lower()
    for trace in TRACES:
        assert trace not in dump, f"{trace!r} is stored in the database"
        assert trace not in logged, f"{trace!r} is in the log"
        assert trace not in sql, f"{trace!r} was sent to the database"
        assert trace not in kept_in_session, f"{trace!r} is in the session"
