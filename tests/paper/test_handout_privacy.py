"""What staff type at the hand-out is never kept: not in any table, not in the audit log, not in
the log, not in the session, not in any SQL statement; only the identity key is."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from participation.accounts.identity import identity_key
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.votes.models import VoteParticipation
from tests.accounts.test_verification_privacy import database_dump, every_log_line, sql_sent
from tests.votes import conftest as vote_fixtures

staff, make_vote, districts = vote_fixtures.staff, vote_fixtures.make_vote, vote_fixtures.districts
SURNAME, GIVEN, BORN = "Quaxelbrink-Übel", "Ottilie Henriette", "17.03.1953"
# The date in every spelling it could be kept in (a bare "1953" turns up in timestamps).
DATES = ("17.03.1953", "1953-03-17", "19530317", "17031953", "17.3.1953")
TRACES = ("quaxelbrink", "uebel", "übel", "ottilie", "henriette", *DATES)
PERSON = {
    "surname": SURNAME,
    "given_names": GIVEN,
    "birth_date": BORN,
    "district": "Innenstadt",
    "id_seen": "y",
}


def desk_day(client, town_vote, district_vote) -> None:
    """Hand out a ballot, refuse the same person again, mistype once, refuse a district:
    every way the typed data passes through the hand-out desk."""
    base = "/paper/handout"
    assert client.post(f"{base}/{town_vote.id}", data=PERSON).status_code == 302
    client.get(f"{base}/{town_vote.id}")  # the flashed message is read
    assert client.post(f"{base}/{town_vote.id}", data=PERSON).status_code == 409
    mistyped = {**PERSON, "birth_date": "17.13.1953"}
    assert client.post(f"{base}/{town_vote.id}", data=mistyped).status_code == 400
    elsewhere = {**PERSON, "district": "Schlettwein"}
    assert client.post(f"{base}/{district_vote.id}", data=elsewhere).status_code == 409
    assert client.post(f"{base}/{district_vote.id}", data=PERSON).status_code == 302
    client.get(f"{base}/")


def test_typed_name_and_birth_date_are_stored_and_logged_nowhere(
    app, client, login_as, make_vote, districts, db, caplog
):
    login_as(Role.STAFF)
    town_vote, district_vote = make_vote(), make_vote(districts=["Innenstadt"])
    with every_log_line(caplog), sql_sent(db.engine) as statements:
        desk_day(client, town_vote, district_vote)
    assert any("/paper/handout/" in record.getMessage() for record in caplog.records)
    assert any("insert into vote_participations" in s.lower() for s in statements)
    dump = database_dump(db.session)
    assert "paper.ballot_handed_out" in dump  # the dump does see the rows
    logged = "\n".join(record.getMessage() for record in caplog.records).lower()
    sql = "\n".join(statements).lower()
    with client.session_transaction() as session:
        kept_in_session = repr(dict(session)).lower()
    for trace in (*TRACES, "innenstadt"):
        assert trace not in logged, f"{trace!r} is in the log"
        assert trace not in kept_in_session, f"{trace!r} is in the session"
    for trace in TRACES:
        assert trace not in dump, f"{trace!r} is stored in the database"
        assert trace not in sql, f"{trace!r} was sent to the database"


def test_the_audit_names_the_vote_and_the_staff_member_only(
    app, client, login_as, make_vote, districts, db
):
    desk = login_as(Role.STAFF)
    town_vote, district_vote = make_vote(), make_vote(districts=["Innenstadt"])
    desk_day(client, town_vote, district_vote)
    entries = list(
        db.session.scalars(select(AuditEntry).where(AuditEntry.action == "paper.ballot_handed_out"))
    )
    assert sorted(entry.target_id for entry in entries) == sorted([town_vote.id, district_vote.id])
    assert {(e.target_type, e.actor_id, e.before, e.after) for e in entries} == {
        ("votes", desk.id, None, None)
    }


def test_only_the_identity_key_is_kept(app, client, login_as, make_vote, districts, db):
    login_as(Role.STAFF)
    town_vote, district_vote = make_vote(), make_vote(districts=["Innenstadt"])
    desk_day(client, town_vote, district_vote)
    with app.test_request_context():
        key = identity_key(SURNAME, GIVEN, date(1953, 3, 17))
    keys = db.session.scalars(
        select(VoteParticipation.identity_key).where(
            VoteParticipation.vote_id.in_([town_vote.id, district_vote.id])
        )
    )
    assert list(keys) == [key, key]
