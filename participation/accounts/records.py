"""The records of processing activities (Verzeichnis von Verarbeitungstätigkeiten, Art. 30
DSGVO), generated from this installation's settings and the town settings, so the document
states the retention periods, recipients and measures that are really in force.

The town adds what the code cannot know in `town.toml` under `[privacy]`: `officer` (the data
protection officer's name and contact), `hosting` (who runs the servers), `backups` (how backups
are kept) and `[privacy.legal_basis]` with a text per activity key that replaces the proposed
legal basis.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from limits import parse_many

from participation.core.rate_limits import limit_settings
from participation.core.town import Town


@dataclass(frozen=True)
class Activity:
    """One processing activity with what Art. 30 (1) DSGVO asks for."""

    key: str
    name: str
    purpose: str
    legal_basis: str
    people: tuple[str, ...]
    data: tuple[str, ...]
    recipients: tuple[str, ...]
    retention: tuple[str, ...]


@dataclass(frozen=True)
class Records:
    """The whole register: who is responsible, the activities and the measures."""

    controller: tuple[str, ...]
    officer: str
    activities: tuple[Activity, ...]
    transfers: str
    measures: tuple[str, ...]
    generated_on: date


def privacy_settings(town: Town) -> dict:
    """Return the town's `[privacy]` table (empty when not given)."""
    table = town.extra.get("privacy")
    return table if isinstance(table, dict) else {}


def setting(name: str, default=None):
    """Return a setting of the running app."""
    return current_app.config.get(name, default)


def duration(seconds: int) -> str:
    """Return a period in words: "3 Jahre", "30 Tage", "48 Stunden", "60 Minuten"."""
    days, rest = divmod(int(seconds), 86400)
    if days and not rest and days % 365 == 0:
        return ngettext("%(num)s Jahr", "%(num)s Jahre", days // 365)
    if days > 1 and not rest:  # a single day reads better as 24 hours
        return ngettext("%(num)s Tag", "%(num)s Tage", days)
    if seconds % 3600 == 0:
        return ngettext("%(num)s Stunde", "%(num)s Stunden", seconds // 3600)
    return ngettext("%(num)s Minute", "%(num)s Minuten", max(1, round(seconds / 60)))


def days_setting(name: str) -> int:
    """Return a retention period in days (0: kept forever)."""
    return max(0, int(setting(name) or 0))


def longest_window() -> int:
    """Return the longest window of the configured rate limits, in seconds."""
    windows = [
        item.get_expiry()
        for value in limit_settings(current_app.config).values()
        for item in parse_many(value)
    ]
    return max(windows, default=0)


def public_task() -> str:
    """Return the proposed legal basis of the participation itself."""
    return _(
        "Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit dem Landesdatenschutzgesetz: Beteiligung der Einwohnerinnen und Einwohner als Aufgabe der Gemeinde. Die Teilnahme ist freiwillig."
    )


def staff() -> str:
    """Return the staff as recipients."""
    return _(
        "Beschäftigte der Stadtverwaltung mit der passenden Rolle, nur soweit ihre Aufgabe es verlangt"
    )


def mail_server() -> str:
    """Return who receives the mails for sending (the configured SMTP server)."""
    if setting("MAIL_BACKEND") == "smtp":
        return _("E-Mail-Server %(host)s (nur für den Versand)", host=setting("SMTP_HOST"))
    return _("Kein Versand: E-Mails werden als Dateien im Instanzordner abgelegt (Testbetrieb).")


def hosting(town: Town) -> str:
    """Return who runs the servers (town.toml [privacy] hosting), or what to fill in."""
    text = str(privacy_settings(town).get("hosting") or "").strip()
    return text or _(
        "Betrieb der Server: die Stadt selbst. Bei einem Dienstleister bitte den Auftragsverarbeiter (Art. 28 DSGVO) in town.toml eintragen (Abschnitt [privacy], Schlüssel hosting)."
    )


def kept_for(name: str, text: str, forever: str) -> str:
    """Return the retention sentence of a setting in days (`forever` when it is 0)."""
    days = days_setting(name)
    return text % {"period": duration(days * 86400), "name": name} if days else forever


def controller(town: Town) -> tuple[str, ...]:
    """Return the controller's name and contact as lines (from the town settings)."""
    lines = [town.contact_name, town.contact_address, town.contact_email, town.contact_phone]
    return tuple(line for line in lines if line)


def officer(town: Town) -> str:
    """Return the data protection officer's contact, or what to fill in."""
    text = str(privacy_settings(town).get("officer") or "").strip()
    return text or _(
        "Nicht eingetragen. Bitte tragen Sie Name und Kontakt in die Datei town.toml ein (Abschnitt [privacy], Schlüssel officer)."
    )


def activities(town: Town) -> Iterator[Activity]:
    """Yield every activity; a legal basis from town.toml replaces the proposed one."""
    from participation.accounts.records_activities import PARTICIPATION
    from participation.accounts.records_operations import OPERATIONS

    overrides = privacy_settings(town).get("legal_basis") or {}
    for builder in (*PARTICIPATION, *OPERATIONS):
        activity = builder(town)
        override = str(overrides.get(activity.key) or "").strip()
        if override:
            activity = Activity(**{**vars(activity), "legal_basis": override})
        yield activity


def build(town: Town, today: date) -> Records:
    """Return the register for the running app's settings and the town settings."""
    from participation.accounts.records_measures import measures

    return Records(
        controller=controller(town),
        officer=officer(town),
        activities=tuple(activities(town)),
        transfers=_(
            "Keine Übermittlung in Drittländer. Die Seiten laden nichts von fremden Servern: Schriften, Skripte und Gestaltung liegen auf dem eigenen Server."
        ),
        measures=tuple(measures(town)),
        generated_on=today,
    )


def labels() -> dict[str, str]:
    """Return the headings of an activity's parts (shared by the page and the Markdown)."""
    return {
        "purpose": _("Zweck"),
        "legal_basis": _("Rechtsgrundlage"),
        "people": _("Betroffene Personen"),
        "data": _("Kategorien von Daten"),
        "recipients": _("Empfänger"),
        "retention": _("Löschfristen"),
    }


def as_markdown(records: Records, generated_on: str) -> str:
    """Return the register as Markdown (readable as plain text too)."""
    lines = [f"# {_('Verzeichnis von Verarbeitungstätigkeiten')}", ""]
    lines += [
        _("Nach Art. 30 DSGVO. Erzeugt aus den Einstellungen am %(date)s.", date=generated_on),
        "",
    ]
    lines += [
        f"## {_('Verantwortliche Stelle')}",
        "",
        *[f"{line}  " for line in records.controller],
    ]
    lines += ["", f"## {_('Datenschutzbeauftragte Person')}", "", records.officer, ""]
    names = labels()
    for number, activity in enumerate(records.activities, start=1):
        lines += [f"## {number}. {activity.name}", ""]
        lines += [f"**{names['purpose']}:** {activity.purpose}", ""]
        lines += [f"**{names['legal_basis']}:** {activity.legal_basis}", ""]
        for part in ("people", "data", "recipients", "retention"):
            lines += [f"**{names[part]}:**", "", *[f"- {item}" for item in getattr(activity, part)]]
            lines.append("")
    lines += [f"## {_('Übermittlung in Drittländer')}", "", records.transfers, ""]
    lines += [f"## {_('Technische und organisatorische Maßnahmen')}", ""]
    lines += [f"- {measure}" for measure in records.measures]
    return "\n".join(lines) + "\n"
