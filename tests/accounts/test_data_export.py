"""The data export: a zip with data.json (every part, stable keys, ISO times), the pictures and
a readable summary in the account's language; nothing secret, never a vote's choice."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select

from participation.accounts.export_account import account_columns
from participation.accounts.export_parts import NOT_INCLUDED, PARTS
from participation.extensions import db
from participation.votes.models import Ballot
from tests.accounts.data_rights_helpers import (  # noqa: F401
    PERSON,
    TOTP_SECRET,
    export_of,
    make_proposal,
    trace,
)

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$")


def test_the_zip_holds_data_summary_and_pictures(trace):  # noqa: F811
    data, archive = export_of(trace.person)
    names = set(archive.namelist())
    assert names == {
        "data.json",
        "zusammenfassung.html",
        "images/brunnen.png",
        "images/entwurf.png",
    }
    assert archive.read("images/brunnen.png").startswith(b"\x89PNG fake brunnen")
    assert list(data) == ["format", *(part.key for part in PARTS), "not_included"]
    assert data["format"]["name"] == "participation-data-export"
    assert ISO_UTC.match(data["format"]["created_at"])


def test_the_account_part_and_its_secrets(trace):  # noqa: F811
    data, archive = export_of(trace.person)
    person = trace.person
    assert data["account"]["email"] == person.email
    assert data["account"]["display_name"] == PERSON
    assert ISO_UTC.match(data["account"]["created_at"])
    assert datetime.fromisoformat(data["account"]["created_at"]) == person.created_at
    text = archive.read("data.json").decode()
    secrets = (person.password_hash, person.session_token, TOTP_SECRET, "a" * 64, "b" * 64)
    for secret in secrets:
        assert secret not in text
    assert set(data["not_included"]) == {key for key, _text in NOT_INCLUDED}
    assert "Prüfwert" in data["not_included"]["password"]


def test_roles_verification_and_security(trace):  # noqa: F811
    data, _archive = export_of(trace.person)
    assert [row["role"] for row in data["roles"]] == ["verified"]
    verification = data["verification"]
    assert verification["verified"] is True
    assert verification["verified_by"] == "Sven Schalter"
    assert verification["district"] == "Innenstadt"
    assert re.fullmatch(r"[0-9a-f]{64}", verification["identity_key"])
    assert [row["browser"] for row in data["sign_in_sessions"]] == ["Firefox"]
    assert data["two_factor"]["enabled_at"]
    assert len(data["two_factor"]["recovery_codes"]) == 1


def test_contributions(trace):  # noqa: F811
    data, _archive = export_of(trace.person)
    assert [p["title"] for p in data["proposals"]] == ["Trinkbrunnen am Markt", "Entwurf: Bänke"]
    assert data["proposals"][0]["body"] == "Ein Brunnen für alle."
    assert data["proposals"][0]["page"].endswith(f"/proposals/{trace.own.id}")
    assert {i["file_in_export"] for i in data["proposal_images"]} == {
        "images/brunnen.png",
        "images/entwurf.png",
    }
    assert [u["body"] for u in data["proposal_updates"]] == ["Neu: ein Ort ist gefunden."]
    assert [c["body"] for c in data["comments"]] == ["Ich bin dafür, Petra."]
    assert data["comments"][0]["discussion_of"] == "proposal"
    assert data["comments"][0]["helpful_count"] == 1
    assert [v["comment_id"] for v in data["comment_votes"]] == [trace.others_comment.id]
    assert [s["title"] for s in data["supports"]] == ["Mehr Radwege"]
    assert "Mehr Radwege" in {f["title"] for f in data["follows"]}


def test_surveys_and_votes_without_the_choice(trace):  # noqa: F811
    data, archive = export_of(trace.person)
    [response] = data["survey_responses"]
    assert response["survey"] == trace.survey.title
    values = {answer["value_text"] or answer["value_int"] for answer in response["answers"]}
    assert values == {"Mehr Radwege", 1}
    assert [p["survey_id"] for p in data["survey_participations"]] == [trace.survey.id]
    assert len(data["survey_drafts"]) == 1
    [taken] = data["vote_participations"]
    assert set(taken) == {"vote_id", "vote", "channel", "day"}
    assert taken["vote_id"] == trace.vote.id
    text = archive.read("data.json").decode()
    assert trace.receipt not in text
    ballot_ids = db.session.scalars(select(Ballot.id).where(Ballot.vote_id == trace.vote.id))
    assert all(ballot_id not in text for ballot_id in ballot_ids)


def test_notifications_and_moderation(trace):  # noqa: F811
    data, _archive = export_of(trace.person)
    kinds = {n["kind"] for n in data["notifications"]}
    assert "comment.reply" in kinds
    reply = next(n for n in data["notifications"] if n["kind"] == "comment.reply")
    assert "Otto Anders" in reply["text"]
    assert data["notification_settings"] == [{"kind": "proposal.comment", "choice": "daily"}]
    assert len(data["notification_digests"]) == 1
    assert [(r["subject_type"], r["reason"]) for r in data["reports"]] == [("comment", "off_topic")]
    assert {(i["subject_type"], i["subject_id"]) for i in data["moderation_items"]} == {
        ("comment", trace.comment.id),
        ("user", trace.person.id),
    }
    [decision] = data["moderation_decisions"]
    assert (decision["action"], decision["statement"]) == ("warn", "Bitte sachlich.")
    assert "moderator" not in str(decision).lower()
    assert [a["text"] for a in data["appeals"]] == ["Das war nicht beleidigend gemeint."]
    assert [r["requester"] for r in data["data_requests"]] == ["Petra Probe"]
    actions = {entry["action"] for entry in data["audit_entries"]}
    assert "accounts.verified" in actions


def test_mentions_count_every_column_that_names_an_account(trace):  # noqa: F811
    data, _archive = export_of(trace.person)
    listed = {(row["table"], row["column"]): row["rows"] for row in data["mentions"]}
    assert set(listed) == set(account_columns())
    assert ("comments", "author_id") in listed and ("votes", "created_by_id") in listed
    for (table_name, column_name), rows in listed.items():
        column = db.metadata.tables[table_name].c[column_name]
        assert rows == db.session.scalar(select(func.count()).where(column == trace.person.id))
    assert listed[("proposal_supports", "user_id")] == 1
    assert listed[("vote_participations", "user_id")] == 1


def test_every_list_part_has_rows_for_this_account(trace):  # noqa: F811
    data, _archive = export_of(trace.person)
    empty = [part.key for part in PARTS if part.many and not data[part.key]]
    assert empty == []


def test_the_summary_explains_each_part_in_the_accounts_language(trace):  # noqa: F811
    data, archive = export_of(trace.person)
    summary = archive.read("zusammenfassung.html").decode()
    assert '<html lang="de">' in summary
    assert "Ihre Daten bei" in summary
    assert trace.person.email in summary
    assert "Sven Schalter" in summary
    assert "nicht zurückrechnen" in summary
    for part in PARTS:
        assert f"<code>{part.key}</code>" in summary
    assert "Stimmzettel sind mit keinem Konto verbunden" in summary
    assert "<script" not in summary and "http" not in summary.split("<main>")[0]


def test_an_english_account_gets_an_english_summary(make_user):
    person = make_user(locale="en")
    data, archive = export_of(person)
    assert "summary.html" in archive.namelist()
    assert '<html lang="en">' in archive.read("summary.html").decode()
    assert data["account"]["locale"] == "en"


def test_an_empty_account_exports_empty_lists(make_user):
    person = make_user()
    data, archive = export_of(person)
    assert data["proposals"] == [] and data["verification"]["verified"] is False
    assert data["verification"]["identity_key"] is None
    assert archive.namelist() == ["data.json", "zusammenfassung.html"]
