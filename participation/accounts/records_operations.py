"""The processing activities that support taking part (see records.py): notifications,
moderation, the audit log, abuse protection and data requests."""

from __future__ import annotations

from flask_babel import gettext as _

from participation.accounts.records import (
    Activity,
    duration,
    kept_for,
    longest_window,
    mail_server,
    public_task,
    setting,
    staff,
)
from participation.core.town import Town


def notifications(town: Town) -> Activity:
    """Notifications and mail."""
    return Activity(
        key="notifications",
        name=_("Benachrichtigungen und E-Mails"),
        purpose=_(
            "Personen über Antworten, Entscheidungen und Neuigkeiten informieren, so wie sie es eingestellt haben; E-Mails zum Konto."
        ),
        legal_basis=public_task(),
        people=(_("Personen mit Konto"),),
        data=(
            _("Empfängerin oder Empfänger, Art und Inhalt der Nachricht, Zustellung und Versuche"),
            _("Einstellungen je Art der Nachricht; gelesen oder ungelesen"),
        ),
        recipients=(mail_server(),),
        retention=(
            _("Solange das Konto besteht."),
            _(
                "Links zum Abbestellen in E-Mails gelten %(period)s.",
                period=duration(setting("UNSUBSCRIBE_MAX_AGE")),
            ),
        ),
    )


def moderation(town: Town) -> Activity:
    """Moderation."""
    return Activity(
        key="moderation",
        name=_("Moderation"),
        purpose=_(
            "Faire Diskussionen sichern: Meldungen prüfen, Beiträge ausblenden, verwarnen oder sperren, Widersprüche bearbeiten."
        ),
        legal_basis=public_task(),
        people=(
            _("Meldende Personen"),
            _("Verfasserinnen und Verfasser gemeldeter Beiträge"),
            _("Moderation"),
        ),
        data=(
            _("Meldungen: wer was mit welchem Grund gemeldet hat"),
            _("Entscheidungen mit Grund, betroffene Person, Sperren"),
            _("Widersprüche und ihr Ergebnis"),
        ),
        recipients=(
            _("Moderation"),
            _("Betroffene Person: die Entscheidung mit Grund"),
            _("Öffentlichkeit: nur monatliche Zahlen ohne Bezug zu Personen"),
        ),
        retention=(
            _(
                "Als Nachweis der Entscheidungen, solange die Plattform betrieben wird. Wird ein Konto gelöscht, bleiben Meldungen und Entscheidungen ohne Namen."
            ),
        ),
    )


def audit_log(town: Town) -> Activity:
    """The audit log."""
    return Activity(
        key="audit",
        name=_("Protokoll der Handlungen mit besonderen Rechten"),
        purpose=_(
            "Nachweisen, wer mit besonderen Rechten was getan hat: Rollen, Bestätigungen, Moderation, Papier, Veröffentlichungen, Exporte, Einstellungen."
        ),
        legal_basis=_(
            "Art. 5 Abs. 2 und Art. 32 DSGVO (Rechenschaft und Sicherheit) in Verbindung mit Art. 6 Abs. 1 lit. c und e DSGVO"
        ),
        people=(_("Beschäftigte, Moderation, Stadtrat und Administration"), _("Betroffene Konten")),
        data=(
            _(
                "Zeitpunkt, handelnde Person, Handlung, betroffener Datensatz, Zustand vorher und nachher"
            ),
        ),
        recipients=(_("Administration: lesen, filtern, als CSV herunterladen"),),
        retention=(
            _(
                "Die Anwendung ändert und löscht keine Einträge. Wird das Konto der handelnden Person gelöscht, bleibt der Eintrag ohne sie."
            ),
        ),
    )


def security(town: Town) -> Activity:
    """Rate limits and the application's logs."""
    hours = int(setting("IP_RETENTION_HOURS", 24))
    return Activity(
        key="security",
        name=_("Schutz vor Missbrauch: Begrenzung von Anfragen und Protokolle"),
        purpose=_(
            "Die Plattform vor automatisierten Angriffen und Überlastung schützen: Anmeldung, Registrierung, Passwort, Beiträge, Meldungen und offene Daten."
        ),
        legal_basis=_("Art. 6 Abs. 1 lit. e und Art. 32 DSGVO"),
        people=(_("Alle Besucherinnen und Besucher"),),
        data=(
            _("IP-Adresse, nur als Schlüssel eines Zählers"),
            _(
                "E-Mail-Adresse beim Zählen von Anmeldeversuchen, Kontonummer beim Zählen von Beiträgen"
            ),
            _(
                "Protokollzeilen der Anwendung: Methode, Seitenmuster, Status, Dauer, Nummer der Anfrage. Keine IP-Adresse, keine Links aus E-Mails."
            ),
        ),
        recipients=(_("Niemand; die Zähler liegen auf dem eigenen Server"),),
        retention=(
            _(
                "Zähler: so lange wie ihr Zeitfenster, höchstens %(limit)s (IP_RETENTION_HOURS). Das längste eingestellte Zeitfenster ist %(longest)s.",
                limit=duration(hours * 3600),
                longest=duration(longest_window()),
            ),
            _(
                "Protokolle des Servers (Journal, Webserver): Frist legt der Betrieb fest; sie enthalten keine IP-Adressen."
            ),
        ),
    )


def data_requests(town: Town) -> Activity:
    """Requests about personal data."""
    return Activity(
        key="data_requests",
        name=_("Anfragen zu personenbezogenen Daten"),
        purpose=_(
            "Anträge auf Auskunft, Löschung, Berichtigung, Einschränkung und Widerspruch fristgerecht beantworten und nachweisen."
        ),
        legal_basis=_("Art. 6 Abs. 1 lit. c DSGVO in Verbindung mit Art. 12 bis 21 DSGVO"),
        people=(_("Antragstellende Personen"),),
        data=(
            _("Name, Kontakt, Art des Antrags, Eingangsweg, Eingang und Frist"),
            _("Ob die Identität geprüft wurde, Notizen, Ergebnis, bearbeitende Beschäftigte"),
        ),
        recipients=(staff(),),
        retention=(
            kept_for(
                "DATA_REQUEST_RETENTION_DAYS",
                _("Gelöscht %(period)s nach dem Abschluss (%(name)s)."),
                _(
                    "Anfragen werden nicht automatisch gelöscht (DATA_REQUEST_RETENTION_DAYS ist 0)."
                ),
            ),
        ),
    )


OPERATIONS = (notifications, moderation, audit_log, security, data_requests)
