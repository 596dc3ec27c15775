"""The technical and organisational measures (Art. 32 DSGVO) of the records, from the settings."""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy.engine import make_url

from participation.accounts.records import duration, privacy_settings, setting
from participation.core.permissions import role_label
from participation.core.town import Town


def two_factor() -> str:
    """Return who must sign in with a second factor (TWO_FACTOR_ROLES)."""
    roles = [str(role_label(role)) for role in setting("TWO_FACTOR_ROLES") or ()]
    if not roles:
        return _(
            "Anmeldung mit zweitem Faktor (Code aus einer App): für alle möglich, für niemanden Pflicht."
        )
    return _(
        "Anmeldung mit zweitem Faktor (Code aus einer App): Pflicht für %(roles)s; für alle anderen möglich.",
        roles=", ".join(roles),
    )


def passwords() -> str:
    """Return how passwords are kept."""
    return _(
        "Passwörter nur als Argon2id-Hash; mindestens %(length)s Zeichen; bekannte und leicht zu erratende Passwörter werden abgelehnt.",
        length=setting("PASSWORD_MIN_LENGTH"),
    )


def transport() -> str:
    """Return how connections are protected (TLS, HSTS, secure cookies)."""
    seconds = int(setting("HSTS_SECONDS") or 0)
    if seconds and setting("SESSION_COOKIE_SECURE"):
        return _(
            "Verbindungen nur verschlüsselt (HTTPS mit TLS); der Browser merkt sich das %(period)s lang (HSTS); Cookies nur über HTTPS.",
            period=duration(seconds),
        )
    return _(
        "Achtung: HSTS oder sichere Cookies sind aus. Das ist nur im Testbetrieb richtig; im Betrieb (APP_ENV=production) sind beide an."
    )


def database() -> str:
    """Return where the data is stored (never the address or password of the database)."""
    backend = make_url(setting("SQLALCHEMY_DATABASE_URI") or "sqlite://").get_backend_name()
    name = "PostgreSQL" if backend.startswith("postgres") else "SQLite"
    return _(
        "Daten in einer %(database)s-Datenbank auf dem eigenen Server; Zähler und Warteschlangen in Redis, wenn eingerichtet.",
        database=name,
    )


def backups(town: Town) -> str:
    """Return how backups are kept (town.toml [privacy] backups), or what the operator must do."""
    text = str(privacy_settings(town).get("backups") or "").strip()
    return text or _(
        "Sicherungen: Datenbank und Instanzordner regelmäßig sichern, verschlüsselt und mit einer Löschfrist. Gelöschte Daten verschwinden aus den Sicherungen erst, wenn diese ablaufen. Bitte in town.toml beschreiben (Abschnitt [privacy], Schlüssel backups)."
    )


def measures(town: Town) -> Iterator[str]:
    """Yield the measures in force."""
    yield passwords()
    yield two_factor()
    yield transport()
    yield _(
        "Nur ein signiertes Sitzungs-Cookie; keine Cookies zur Verfolgung, keine Anfragen an fremde Server; Content-Security-Policy."
    )
    yield _(
        "Formulare gegen fremde Absender geschützt (CSRF); Anfragen je Adresse und Konto begrenzt."
    )
    yield _(
        "Jede Seite legt fest, welche Rollen sie nutzen dürfen; jede Handlung mit besonderen Rechten steht im Protokoll, das die Anwendung nicht ändern kann."
    )
    yield _(
        "Identitätsschlüssel statt Ausweisdaten; der geheime Schlüssel dazu liegt außerhalb der Datenbank."
    )
    yield _(
        "Geheime Abstimmungen: Stimmzettel getrennt von der Teilnahme gespeichert und gemischt."
    )
    yield database()
    yield backups(town)
