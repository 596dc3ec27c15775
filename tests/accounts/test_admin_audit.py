"""The audit log page: filters, pages, bad input, access, read-only routes, bounded queries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from participation.core import audit
from participation.core.audit import AuditEntry
from tests.querycount import counted_queries

WHEN = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
MARK = re.compile(r"mark: (\w+)")
PACKAGE = Path(audit.__file__).resolve().parents[1]


@pytest.fixture()
def make_entry(db):
    """Factory: make_entry(mark, action=..., target_type=..., target_id=..., actor=..., at=...)."""

    def factory(
        mark,
        action="thread.closed",
        target_type="comment_threads",
        target_id=7,
        actor=None,
        at=WHEN,
    ):
        entry = AuditEntry(
            action=action,
            target_type=target_type,
            target_id=target_id,
            actor_id=actor.id if actor else None,
            created_at=at,
            after={"mark": mark},
        )
        db.session.add(entry)
        db.session.flush()
        return entry

    return factory


@pytest.fixture()
def admin(login_as):
    """A signed-in admin (signing in writes a "roles.changed" entry without a mark)."""
    return login_as("admin", display_name="Ada Admin")


def shown(response) -> list[str]:
    """Return the marks of the entries a log page lists, top to bottom."""
    return MARK.findall(response.text)


def input_value(response, name: str) -> str:
    """Return the value the filter field `name` shows (a text or date input)."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', response.text)
    return match.group(1) if match else ""


# --- each filter -----------------------------------------------------------------------------


def test_without_filters_every_entry_is_listed_newest_first(client, admin, make_entry):
    make_entry("old", at=WHEN - timedelta(days=1))
    make_entry("new", at=WHEN)
    response = client.get("/admin/audit")
    assert response.status_code == 200
    assert shown(response) == ["new", "old"]
    assert "3 Einträge insgesamt." in response.text  # and the admin's own role grant


def test_filter_by_action(client, admin, make_entry):
    make_entry("closed", action="thread.closed")
    make_entry("reopened", action="thread.reopened")
    response = client.get("/admin/audit?action=thread.reopened")
    assert response.status_code == 200
    assert shown(response) == ["reopened"]
    assert "1 Eintrag passt zu den Filtern." in response.text
    assert '<option selected value="thread.reopened">' in response.text


def test_the_action_list_names_every_audited_act_in_german(client, admin):
    page = client.get("/admin/audit").text
    for label in (
        "Rollen geändert",
        "Antwort der Stadtverwaltung in einer Diskussion",
        "Diskussion geschlossen",
        "Diskussion wieder geöffnet",
    ):
        assert f">{label}</option>" in page


def test_every_action_the_code_records_has_a_label(app):
    recorded = set()
    for path in PACKAGE.rglob("*.py"):
        recorded |= set(re.findall(r'audit\.record\(\s*"([^"]+)"', path.read_text("utf-8")))
    assert "roles.changed" in recorded and "thread.closed" in recorded
    assert recorded <= set(audit.ACTION_LABELS), recorded - set(audit.ACTION_LABELS)


def test_filter_by_target_type(client, admin, make_entry):
    make_entry("thread", target_type="comment_threads")
    make_entry("comment", action="comment.official", target_type="comments")
    make_entry("proposal", target_type="proposals")
    response = client.get("/admin/audit?target_type=comments")
    assert shown(response) == ["comment"]
    page = client.get("/admin/audit?target_type=users").text
    assert "Rollen geändert" in page and not MARK.search(page)
    for label in ("Konto", "Kommentar", "Diskussion", "Vorschlag"):
        assert f">{label}</option>" in page


def test_filter_by_target_id(client, admin, make_entry):
    make_entry("seven", target_id=7)
    make_entry("seventy", target_id=70)
    assert shown(client.get("/admin/audit?target_id=7")) == ["seven"]
    assert shown(client.get("/admin/audit?target_id=%2007%20")) == ["seven"]


def test_filter_by_actor_name_or_address_in_any_case(client, admin, make_entry, make_user):
    berta = make_user(display_name="Berta Beispiel", email="b.amt@example.org")
    carl = make_user(display_name="Carl Muster", email="carl@example.org")
    make_entry("berta", actor=berta)
    make_entry("carl", actor=carl)
    make_entry("system")
    assert shown(client.get("/admin/audit?actor=bEISP")) == ["berta"]
    assert shown(client.get("/admin/audit?actor=B.AMT@")) == ["berta"]
    assert shown(client.get("/admin/audit?actor=%20carl%20")) == ["carl"]
    assert shown(client.get("/admin/audit?actor=example.org")) == ["carl", "berta"]


def test_actor_filter_treats_wildcards_as_plain_text(client, admin, make_entry, make_user):
    make_entry("plain", actor=make_user(display_name="Plain Name"))
    make_entry("percent", actor=make_user(display_name="100% Team"))
    assert shown(client.get("/admin/audit?actor=%25")) == ["percent"]
    assert shown(client.get("/admin/audit?actor=_")) == []


def test_dates_are_whole_days_in_berlin_inclusive(client, admin, make_entry):
    # 10 March 2026 in Berlin (winter time, UTC+1) runs from 9 March 23:00 to 10 March 23:00 UTC.
    make_entry("before", at=datetime(2026, 3, 9, 22, 59, tzinfo=UTC))
    make_entry("first", at=datetime(2026, 3, 9, 23, 0, tzinfo=UTC))
    make_entry("last", at=datetime(2026, 3, 10, 22, 59, tzinfo=UTC))
    make_entry("after", at=datetime(2026, 3, 10, 23, 0, tzinfo=UTC))
    one_day = client.get("/admin/audit?date_from=2026-03-10&date_to=2026-03-10")
    assert one_day.status_code == 200
    assert shown(one_day) == ["last", "first"]
    assert shown(client.get("/admin/audit?date_from=2026-03-11")) == ["after"]
    assert shown(client.get("/admin/audit?date_to=2026-03-09")) == ["before"]


def test_dates_follow_summer_time(client, admin, make_entry):
    # 1 July 2026 in Berlin (summer time, UTC+2) starts at 30 June 22:00 UTC.
    make_entry("june", at=datetime(2026, 6, 30, 21, 59, tzinfo=UTC))
    make_entry("july", at=datetime(2026, 6, 30, 22, 0, tzinfo=UTC))
    assert shown(client.get("/admin/audit?date_from=2026-07-01&date_to=2026-07-01")) == ["july"]
    assert shown(client.get("/admin/audit?date_to=2026-06-30")) == ["june"]


def test_dates_typed_the_german_way_are_understood(client, admin, make_entry):
    make_entry("march")
    response = client.get("/admin/audit?date_from=10.03.2026&date_to=10.03.2026")
    assert response.status_code == 200
    assert shown(response) == ["march"]
    assert input_value(response, "date_from") == "10.03.2026"


def test_combined_filters_all_apply(client, admin, make_entry, make_user):
    staff = make_user(display_name="Stefan Stadt")
    make_entry("match", action="thread.closed", target_id=3, actor=staff)
    make_entry("other-action", action="thread.reopened", target_id=3, actor=staff)
    make_entry("other-id", action="thread.closed", target_id=4, actor=staff)
    make_entry("other-actor", action="thread.closed", target_id=3)
    make_entry(
        "other-day", action="thread.closed", target_id=3, actor=staff, at=WHEN + timedelta(2)
    )
    response = client.get(
        "/admin/audit?action=thread.closed&target_type=comment_threads&target_id=3"
        "&actor=stefan&date_from=2026-03-10&date_to=2026-03-11"
    )
    assert response.status_code == 200
    assert shown(response) == ["match"]
    assert input_value(response, "actor") == "stefan"
    assert input_value(response, "date_to") == "2026-03-11"


def test_no_match_says_so(client, admin, make_entry):
    make_entry("one")
    response = client.get("/admin/audit?target_id=999")
    assert response.status_code == 200
    assert "0 Einträge passen zu den Filtern." in response.text
    assert "Zu diesen Filtern gibt es keine Einträge." in response.text
    assert "Alle Filter zurücksetzen" in response.text


def test_the_target_column_names_the_record_and_links_accounts(client, admin, make_entry):
    make_entry("thread", target_type="comment_threads", target_id=12)
    make_entry("proposal", target_type="proposals", target_id=5)
    page = client.get("/admin/audit").text
    assert ">Betrifft</th>" in page
    assert ">Diskussion 12</td>" in page and ">Vorschlag 5</td>" in page
    assert f'href="/admin/users/{admin.id}">Konto {admin.id}</a>' in page


# --- pages ------------------------------------------------------------------------------------


def test_pages_keep_the_filters(client, admin, make_entry):
    for number in range(30):
        make_entry(f"m{number}", target_id=3, at=WHEN + timedelta(minutes=number))
    make_entry("x1", target_id=4)
    first = client.get("/admin/audit?target_id=3&date_from=2026-03-10")
    assert "30 Einträge passen zu den Filtern." in first.text
    assert len(shown(first)) == 25 and "x1" not in shown(first)
    link = re.search(r'href="([^"]*page=2[^"]*)">Nächste Seite', first.text).group(1)
    args = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert args == {"page": ["2"], "target_id": ["3"], "date_from": ["2026-03-10"]}
    second = client.get(link.replace("&amp;", "&"))
    assert shown(second) == [f"m{number}" for number in range(4, -1, -1)]
    back = re.search(r'href="([^"]*)">Vorherige Seite', second.text).group(1)
    assert "target_id=3" in back and "date_from=2026-03-10" in back


def test_a_page_past_the_end_offers_the_first_page_with_filters(client, admin, make_entry):
    make_entry("one")
    page = client.get("/admin/audit?page=9&action=thread.closed").text
    assert "Diese Seite gibt es nicht." in page
    assert 'href="/admin/audit?action=thread.closed">Zur ersten Seite' in page


# --- bad input --------------------------------------------------------------------------------

LONG = "9" * 10_000
BAD_INPUT = [
    ("action", "nope", "Bitte wählen Sie eine Handlung aus der Liste."),
    ("action", "a" * 10_000, "Bitte wählen Sie eine Handlung aus der Liste."),
    ("target_type", "alembic_version", "Bitte wählen Sie aus der Liste."),
    ("target_type", "t" * 10_000, "Bitte wählen Sie aus der Liste."),
    ("actor", "x" * 255, "Bitte geben Sie höchstens 254 Zeichen ein."),
    ("actor", "x" * 10_000, "Bitte geben Sie höchstens 254 Zeichen ein."),
    ("target_id", "zwölf", "Bitte geben Sie nur Ziffern ein, zum Beispiel 42."),
    ("target_id", "-5", "Bitte geben Sie nur Ziffern ein, zum Beispiel 42."),
    ("target_id", "4.5", "Bitte geben Sie nur Ziffern ein, zum Beispiel 42."),
    ("target_id", "0", "Diese Nummer gibt es nicht. Bitte prüfen Sie die Nummer."),
    ("target_id", "2147483648", "Diese Nummer gibt es nicht. Bitte prüfen Sie die Nummer."),
    ("target_id", LONG, "Diese Nummer gibt es nicht. Bitte prüfen Sie die Nummer."),
    ("target_id", "x" * 10_000, "Bitte geben Sie nur Ziffern ein, zum Beispiel 42."),
    ("date_from", "2026-02-30", "Bitte geben Sie ein Datum ein, zum Beispiel 31.12.2025."),
    ("date_from", "gestern", "Bitte geben Sie ein Datum ein, zum Beispiel 31.12.2025."),
    ("date_from", LONG, "Bitte geben Sie ein Datum ein, zum Beispiel 31.12.2025."),
    ("date_to", "2026-13-01", "Bitte geben Sie ein Datum ein, zum Beispiel 31.12.2025."),
    ("date_to", "9999-12-31", "Bitte geben Sie ein Datum zwischen 2000 und 2999 ein."),
    ("date_from", "0001-01-01", "Bitte geben Sie ein Datum zwischen 2000 und 2999 ein."),
]


@pytest.mark.parametrize("field, value, message", BAD_INPUT, ids=lambda v: str(v)[:20])
def test_bad_input_gets_a_message_keeps_the_text_and_lists_nothing(
    client, admin, make_entry, field, value, message
):
    make_entry("hidden")
    response = client.get("/admin/audit", query_string={field: value})
    assert response.status_code == 400
    assert response.content_type.startswith("text/html")
    assert message in response.text
    assert f'id="{field}-error"' in response.text  # next to the field
    assert "Bitte prüfen Sie Ihre Eingaben" in response.text  # and in the summary
    assert shown(response) == []
    assert "Bitte korrigieren Sie zuerst die Filter." in response.text
    if field not in ("action", "target_type"):
        assert input_value(response, field) == value


def test_dates_in_the_wrong_order_are_refused(client, admin, make_entry):
    make_entry("hidden")
    response = client.get("/admin/audit?date_from=2026-03-11&date_to=2026-03-10&actor=ada")
    assert response.status_code == 400
    assert "„Datum bis“ liegt vor „Datum von“. Bitte prüfen Sie beide Daten." in response.text
    assert 'id="date_to-error"' in response.text and 'aria-invalid="true"' in response.text
    assert input_value(response, "date_from") == "2026-03-11"
    assert input_value(response, "actor") == "ada"
    assert shown(response) == []


def test_empty_fields_do_not_filter(client, admin, make_entry):
    make_entry("one")
    response = client.get(
        "/admin/audit?action=&target_type=&target_id=&actor=%20%20&date_from=&date_to="
    )
    assert response.status_code == 200
    assert shown(response) == ["one"]
    assert (
        "Einträge insgesamt." in response.text and "Alle Filter zurücksetzen" not in response.text
    )


def test_nul_characters_are_refused(client, admin):
    assert client.get("/admin/audit?actor=a%00b").status_code == 400


def test_a_repeated_field_is_read_as_typed_not_a_crash(client, admin, make_entry):
    make_entry("one", target_id=7)
    assert shown(client.get("/admin/audit?target_id=7&target_id=8")) == ["one"]
    response = client.get("/admin/audit?date_from=2026-03-10&date_from=x")
    assert response.status_code == 400
    assert "Bitte geben Sie ein Datum ein" in response.text


# --- the registry -----------------------------------------------------------------------------


def test_features_register_labels_and_the_page_offers_them(client, admin, make_entry, monkeypatch):
    monkeypatch.setattr(audit, "ACTION_LABELS", dict(audit.ACTION_LABELS))
    monkeypatch.setattr(audit, "TARGET_TYPE_LABELS", dict(audit.TARGET_TYPE_LABELS))
    audit.register_actions({"moderation.hide": "Beitrag ausgeblendet"})
    audit.register_target_types({"reports": "Meldung"})
    make_entry("hid", action="moderation.hide", target_type="reports", target_id=2)
    page = client.get("/admin/audit?action=moderation.hide&target_type=reports")
    assert page.status_code == 200 and shown(page) == ["hid"]
    assert ">Beitrag ausgeblendet</td>" in page.text and ">Meldung 2</td>" in page.text
    assert '<option selected value="reports">Meldung</option>' in page.text


def test_the_registry_refuses_keys_the_log_cannot_store(monkeypatch):
    monkeypatch.setattr(audit, "ACTION_LABELS", dict(audit.ACTION_LABELS))
    with pytest.raises(ValueError):
        audit.register_actions({"x" * 65: "zu lang"})
    with pytest.raises(ValueError):
        audit.register_target_types({"": "leer"})
    assert "x" * 65 not in audit.ACTION_LABELS


def test_unregistered_actions_and_types_still_show_by_their_key(client, admin, make_entry):
    make_entry("odd", action="legacy.thing", target_type="old_table", target_id=1)
    page = client.get("/admin/audit").text
    assert ">legacy.thing</td>" in page and ">old_table 1</td>" in page


# --- access and read-only ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["resident", "verified", "moderator", "staff", "council"])
def test_other_roles_are_forbidden_even_with_filters(client, login_as, role):
    login_as(role)
    assert client.get("/admin/audit?action=roles.changed&target_id=1").status_code == 403


def test_guests_are_sent_to_sign_in(client):
    response = client.get("/admin/audit?action=roles.changed")
    assert response.status_code == 302
    assert "/account/signin" in response.headers["Location"]


def test_no_route_changes_or_deletes_audit_entries(app):
    writing = {"POST", "PUT", "PATCH", "DELETE"}
    audit_rules = [
        rule
        for rule in app.url_map.iter_rules()
        if "audit" in rule.rule or (rule.endpoint.startswith("admin.") and "audit" in rule.endpoint)
    ]
    assert "/admin/audit" in [rule.rule for rule in audit_rules]
    for rule in audit_rules:
        assert not rule.methods & writing, (rule.rule, rule.methods)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_to_the_log_page_is_not_allowed(client, admin, method):
    assert getattr(client, method)("/admin/audit").status_code == 405


# --- queries ----------------------------------------------------------------------------------


def count_queries(db, client, path: str) -> int:
    """Return how many SQL statements one request for `path` runs."""
    with counted_queries(db.engine) as statements:
        assert client.get(path).status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", ["/admin/audit", "/admin/audit?actor=person&action=thread.closed"])
def test_the_page_runs_as_many_queries_for_40_entries_as_for_3(
    db, client, admin, make_entry, make_user, path
):
    for number in range(3):
        make_entry(f"few{number}", actor=make_user())
    few = count_queries(db, client, path)
    for number in range(37):
        make_entry(f"many{number}", actor=make_user())
    many = count_queries(db, client, path)
    assert few == many
    assert many <= 10
