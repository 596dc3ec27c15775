"""The records of processing activities (Verzeichnis von Verarbeitungstätigkeiten) for admins:
generated from the settings in force and the town settings, as a page and as Markdown."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

ACTIVITIES = (
    "Konten und Anmeldung",
    "Bestätigung im Bürgerbüro",
    "Vorschläge, Kommentare und Unterstützung",
    "Umfragen",
    "Abstimmungen",
    "Papier: Bögen, Ausgabe, Erfassung und Scans",
    "Benachrichtigungen und E-Mails",
    "Moderation",
    "Protokoll der Handlungen mit besonderen Rechten",
    "Schutz vor Missbrauch: Begrenzung von Anfragen und Protokolle",
    "Anfragen zu personenbezogenen Daten",
)


def text_of(response) -> str:
    """Return the page's text without tags, entities resolved, spaces collapsed."""
    plain = html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
    return re.sub(r"\s+", " ", plain)


@pytest.fixture()
def admin(login_as):
    return login_as("admin")


@pytest.fixture()
def town_privacy(app, monkeypatch):
    """Give the town a [privacy] table: town_privacy({"officer": "…"})."""

    def give(table: dict) -> None:
        town = app.extensions["town"]
        extra = {**town.extra, "privacy": table}
        monkeypatch.setitem(app.extensions, "town", dataclasses.replace(town, extra=extra))

    return give


def test_the_page_lists_every_activity_with_its_parts(client, admin):
    response = client.get("/admin/privacy")
    assert response.status_code == 200
    page = text_of(response)
    assert "Verzeichnis von Verarbeitungstätigkeiten" in page
    for number, name in enumerate(ACTIVITIES, start=1):
        assert f"{number}. {name}" in page
    for part in ("Zweck", "Rechtsgrundlage", "Betroffene Personen", "Kategorien von Daten"):
        assert page.count(part) >= len(ACTIVITIES)
    assert page.count("Löschfristen") == len(ACTIVITIES)
    assert "Technische und organisatorische Maßnahmen" in page
    assert "Keine Übermittlung in Drittländer" in page


def test_the_controller_is_the_towns_contact(client, admin):
    page = text_of(client.get("/admin/privacy"))
    assert "Verantwortliche Stelle Stadtverwaltung Pößneck, Bürgerbüro" in page
    assert "Markt 1, 07381 Pößneck" in page and "buergerbuero@example.org" in page


def test_retention_periods_come_from_the_settings(client, admin, app, monkeypatch):
    settings = {
        "UNCONFIRMED_ACCOUNT_DAYS": 14,
        "SESSION_IDLE_DAYS": 60,
        "DATA_REQUEST_RETENTION_DAYS": 730,
        "SCAN_RETENTION_DAYS": 0,
        "IP_RETENTION_HOURS": 12,
        "CONFIRM_TOKEN_MAX_AGE": 86400,
        "RESET_TOKEN_MAX_AGE": 1800,
    }
    for name, value in settings.items():
        monkeypatch.setitem(app.config, name, value)
    page = text_of(client.get("/admin/privacy"))
    assert "gelöscht 14 Tage nach der Registrierung (UNCONFIRMED_ACCOUNT_DAYS)" in page
    assert "gelöscht, wenn sie 60 Tage lang nicht benutzt wurden (SESSION_IDLE_DAYS)" in page
    assert "Gelöscht 2 Jahre nach dem Abschluss (DATA_REQUEST_RETENTION_DAYS)" in page
    assert "Scans werden nicht automatisch gelöscht (SCAN_RETENTION_DAYS ist 0)" in page
    assert "höchstens 12 Stunden (IP_RETENTION_HOURS)" in page
    assert "Das längste eingestellte Zeitfenster ist 1 Stunde" in page  # "10 per hour"
    assert "Links zum Bestätigen gelten 24 Stunden" in page
    assert "Links zum Zurücksetzen des Passworts 30 Minuten" in page


def test_the_defaults_say_what_is_kept_how_long(client, admin):
    page = text_of(client.get("/admin/privacy"))
    assert "gelöscht 30 Tage nach der Registrierung (UNCONFIRMED_ACCOUNT_DAYS)" in page
    assert "Gelöscht 3 Jahre nach dem Abschluss" in page
    assert "Scans: gelöscht 400 Tage nach dem späteren" in page
    assert "höchstens 24 Stunden (IP_RETENTION_HOURS)" in page


def test_recipients_name_the_mail_server(client, admin, app, monkeypatch):
    assert "Kein Versand: E-Mails werden als Dateien" in text_of(client.get("/admin/privacy"))
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "SMTP_HOST", "mail.musterstadt.de")
    page = text_of(client.get("/admin/privacy"))
    assert "E-Mail-Server mail.musterstadt.de (nur für den Versand)" in page


def test_measures_come_from_the_settings(client, admin, app, monkeypatch):
    monkeypatch.setitem(app.config, "TWO_FACTOR_ROLES", ["admin", "staff"])
    page = text_of(client.get("/admin/privacy"))
    assert "Pflicht für Administration, Stadtverwaltung" in page
    assert "Argon2id" in page and "mindestens 10 Zeichen" in page
    assert "HSTS oder sichere Cookies sind aus" in page  # the testing settings
    monkeypatch.setitem(app.config, "TWO_FACTOR_ROLES", [])
    monkeypatch.setitem(app.config, "HSTS_SECONDS", 31536000)
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    page = text_of(client.get("/admin/privacy"))
    assert "für alle möglich, für niemanden Pflicht" in page
    assert "1 Jahr lang (HSTS)" in page
    assert "SQLite" in page or "PostgreSQL" in page
    assert "postgres@" not in page and "sqlite:" not in page  # never the database's address


def test_the_town_fills_in_officer_hosting_backups_and_legal_bases(client, admin, town_privacy):
    before = text_of(client.get("/admin/privacy"))
    assert (
        "Nicht eingetragen. Bitte tragen Sie Name und Kontakt in die Datei town.toml ein" in before
    )
    town_privacy(
        {
            "officer": "Frau Datenschutz, datenschutz@poessneck.example",
            "hosting": "Kommunales Rechenzentrum (Art. 28 DSGVO)",
            "backups": "Nächtlich, 30 Tage",
            "legal_basis": {"accounts": "Art. 6 Abs. 1 lit. a DSGVO (Einwilligung)"},
        }
    )
    page = text_of(client.get("/admin/privacy"))
    assert "Frau Datenschutz, datenschutz@poessneck.example" in page
    assert "Kommunales Rechenzentrum (Art. 28 DSGVO)" in page and "Nächtlich, 30 Tage" in page
    accounts = page.split("1. Konten und Anmeldung")[1].split("2. Bestätigung")[0]
    assert "Rechtsgrundlage Art. 6 Abs. 1 lit. a DSGVO (Einwilligung)" in accounts
    assert "Nicht eingetragen" not in page


def test_the_markdown_download(client, admin):
    response = client.get("/admin/privacy.md")
    assert response.status_code == 200
    assert response.content_type == "text/markdown; charset=utf-8"
    assert "verarbeitungsverzeichnis-" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("# Verzeichnis von Verarbeitungstätigkeiten\n")
    assert "## 1. Konten und Anmeldung" in text and "## 11. Anfragen zu personenbezogenen" in text
    assert "**Löschfristen:**" in text and "- Passwort nur als Argon2id-Hash" in text
    assert "<" not in text.replace("<br>", "")  # no markup left


def test_the_page_is_linked_in_the_admin_navigation(client, admin):
    users = client.get("/admin/users").get_data(as_text=True)
    assert 'href="/admin/privacy">Verarbeitungsverzeichnis</a>' in users
    own = client.get("/admin/privacy").get_data(as_text=True)
    assert 'href="/admin/privacy" aria-current="page">' in own
    assert 'href="/admin/privacy.md"' in own


@pytest.mark.parametrize("path", ["/admin/privacy", "/admin/privacy.md"])
@pytest.mark.parametrize("role", [None, "resident", "staff", "moderator", "council"])
def test_only_admins_see_it(client, login_as, role, path):
    if role:
        login_as(role)
    assert client.get(path).status_code == (302 if role is None else 403)


def test_the_page_in_english(client, admin):
    client.post("/language", data={"lang": "en"})
    page = text_of(client.get("/admin/privacy"))
    assert "Records of processing activities" in page
    assert "Accounts and sign-in" in page and "Retention" in page
