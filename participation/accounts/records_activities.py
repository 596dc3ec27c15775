"""The processing activities of taking part (see records.py): accounts, verification,
contributions, surveys, votes and paper, each with its purpose, legal basis, people, data,
recipients and the retention periods taken from the settings."""

from __future__ import annotations

from flask_babel import gettext as _

from participation.accounts.records import (
    Activity,
    duration,
    hosting,
    kept_for,
    mail_server,
    public_task,
    setting,
    staff,
)
from participation.core.town import Town


def accounts(town: Town) -> Activity:
    """Accounts and sign-in."""
    return Activity(
        key="accounts",
        name=_("Konten und Anmeldung"),
        purpose=_(
            "Ein Konto anlegen und schützen, damit Personen Vorschläge einreichen, diskutieren, an Umfragen und Abstimmungen teilnehmen und Nachrichten bekommen."
        ),
        legal_basis=public_task(),
        people=(
            _("Einwohnerinnen und Einwohner mit Konto"),
            _("Beschäftigte, Moderation, Stadtrat und Administration"),
        ),
        data=(
            _("E-Mail-Adresse, Anzeigename, Sprache"),
            _("Passwort nur als Argon2id-Hash"),
            _("Zeitpunkt der Registrierung und der Bestätigung der E-Mail-Adresse"),
            _("Rollen und wer sie wann vergeben hat"),
            _(
                "Zwei-Faktor-Anmeldung: geheimer Schlüssel der App, Wiederherstellungscodes nur als Hash"
            ),
            _(
                "Angemeldete Browser: Anmeldung, letzter Besuch, kurze Beschreibung des Browsers (keine IP-Adresse)"
            ),
            _("Sperren durch die Moderation"),
        ),
        recipients=(_("Administration (Konten und Rollen)"), mail_server(), hosting(town)),
        retention=(
            _("Bis die Person ihr Konto löscht oder löschen lässt."),
            kept_for(
                "UNCONFIRMED_ACCOUNT_DAYS",
                _(
                    "Nicht bestätigte Konten: gelöscht %(period)s nach der Registrierung (%(name)s), außer sie haben eine Rolle oder Beiträge."
                ),
                _(
                    "Nicht bestätigte Konten werden nicht automatisch gelöscht (UNCONFIRMED_ACCOUNT_DAYS ist 0)."
                ),
            ),
            kept_for(
                "SESSION_IDLE_DAYS",
                _(
                    "Angemeldete Browser: abgemeldet und gelöscht, wenn sie %(period)s lang nicht benutzt wurden (%(name)s)."
                ),
                _(
                    "Angemeldete Browser werden nicht automatisch gelöscht (SESSION_IDLE_DAYS ist 0)."
                ),
            ),
            _(
                "Links zum Bestätigen gelten %(confirm)s, Links zum Zurücksetzen des Passworts %(reset)s.",
                confirm=duration(setting("CONFIRM_TOKEN_MAX_AGE")),
                reset=duration(setting("RESET_TOKEN_MAX_AGE")),
            ),
        ),
    )


def verification(town: Town) -> Activity:
    """In-person verification at the Bürgerbüro."""
    return Activity(
        key="verification",
        name=_("Bestätigung im Bürgerbüro"),
        purpose=_(
            "Prüfen, dass eine Person in der Stadt wohnt und nur einmal teilnimmt, online und auf Papier."
        ),
        legal_basis=public_task(),
        people=(
            _("Personen, die sich im Bürgerbüro bestätigen lassen"),
            _("Beschäftigte im Bürgerbüro"),
        ),
        data=(
            _(
                "Identitätsschlüssel: ein HMAC-SHA256 aus Nachname, erstem Vornamen und Geburtsdatum. Diese Angaben selbst werden nicht gespeichert, auch keine Ausweisdaten oder Kopien."
            ),
            _("Ortsteil laut Ausweis"),
            _("Wer bestätigt hat und wann"),
        ),
        recipients=(staff(),),
        retention=(
            _(
                "Solange das Konto besteht. Nimmt die Verwaltung die Bestätigung zurück, werden Schlüssel und Ortsteil gelöscht."
            ),
        ),
    )


def contributions(town: Town) -> Activity:
    """Proposals, comments and supports."""
    return Activity(
        key="contributions",
        name=_("Vorschläge, Kommentare und Unterstützung"),
        purpose=_(
            "Ideen sammeln, öffentlich diskutieren und von der Verwaltung beantworten lassen."
        ),
        legal_basis=public_task(),
        people=(
            _("Verfasserinnen und Verfasser"),
            _("Unterstützende und Folgende"),
            _("In Beiträgen genannte Personen"),
        ),
        data=(
            _(
                "Titel, Text, Bilder (ohne Metadaten neu gespeichert), Kategorie, Ortsteil, Zeitpunkte"
            ),
            _("Anzeigename der Verfasserin oder des Verfassers"),
            _("Wer einen Vorschlag unterstützt oder ihm folgt (öffentlich ist nur die Zahl)"),
            _("Bewertungen von Kommentaren"),
        ),
        recipients=(
            _(
                "Öffentlichkeit: veröffentlichte Beiträge mit Anzeigenamen, auch als offene Daten und in Feeds"
            ),
            staff(),
        ),
        retention=(
            _(
                "Solange die Beteiligung dokumentiert wird. Wird das Konto gelöscht, bleiben veröffentlichte Beiträge ohne Namen stehen, außer die Person löscht sie mit; Unterstützung, Bewertungen und Folgen werden gelöscht."
            ),
        ),
    )


def surveys(town: Town) -> Activity:
    """Surveys."""
    return Activity(
        key="surveys",
        name=_("Umfragen"),
        purpose=_("Meinungen zu Fragen der Stadt erheben und auswerten."),
        legal_basis=public_task(),
        people=(
            _("Teilnehmende mit Konto, ohne Konto und auf Papier"),
            _("Beschäftigte, die Umfragen erstellen"),
        ),
        data=(
            _("Antworten; bei anonymen Umfragen ohne Verbindung zum Konto"),
            _("Wer teilgenommen hat, nur um eine zweite Antwort abzulehnen"),
            _("Weg (online oder Papier) und Tag der Antwort"),
            _("Zwischenstände von Antworten mit Konto"),
        ),
        recipients=(
            _("Verwaltung: Auswertung und Export ohne Kontodaten"),
            _(
                "Öffentlichkeit: nur zusammengefasste Ergebnisse, nachdem der Stadtrat sie veröffentlicht hat"
            ),
        ),
        retention=(
            _(
                "Solange die Umfrage und ihr Ergebnis dokumentiert werden. Wird das Konto gelöscht, bleiben Antworten ohne Konto erhalten."
            ),
        ),
    )


def votes(town: Town) -> Activity:
    """Votes."""
    return Activity(
        key="votes",
        name=_("Abstimmungen"),
        purpose=_("Abstimmungen und Bürgerhaushalte geheim und nachprüfbar durchführen."),
        legal_basis=public_task(),
        people=(
            _("Abstimmende online und auf Papier"),
            _("Beschäftigte, die Abstimmungen erstellen"),
        ),
        data=(
            _("Teilnahme: Abstimmung, Konto oder Identitätsschlüssel, Weg und Tag"),
            _(
                "Stimmzettel getrennt davon, ohne Verbindung zur Person: zufällige Nummer, keine Uhrzeit"
            ),
            _("Quittungscode: nur in der Sitzung der Person, nicht beim Konto"),
        ),
        recipients=(
            _("Öffentlichkeit: alle Stimmzettel nach dem Ende, ohne Bezug zu Personen"),
            staff(),
        ),
        retention=(
            _(
                "Solange das Ergebnis dokumentiert wird. Stimmzettel lassen sich keiner Person zuordnen."
            ),
        ),
    )


def paper(town: Town) -> Activity:
    """Paper sheets, hand-out, entry and scans."""
    return Activity(
        key="paper",
        name=_("Papier: Bögen, Ausgabe, Erfassung und Scans"),
        purpose=_(
            "Teilnahme ohne Internet gleichwertig möglich machen: Bögen drucken, ausgeben, erfassen und scannen."
        ),
        legal_basis=_(
            "Wie Umfragen und Abstimmungen; den Namen auf Ideenkarten und Briefen zeigen wir nur mit Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)."
        ),
        people=(_("Teilnehmende auf Papier"), _("Beschäftigte, die Bögen ausgeben und erfassen")),
        data=(
            _("Code jedes Bogens und sein Verlauf: wer ihn wann erfasst hat"),
            _("Bei der Ausgabe von Stimmzetteln nur der Identitätsschlüssel, kein Name"),
            _("Eingaben der Beschäftigten (doppelte Erfassung)"),
            _("Bilder gescannter Seiten und die hochgeladenen Dateien"),
            _("Name auf Ideenkarten und Briefen, nur wenn die Person zugestimmt hat"),
        ),
        recipients=(staff(),),
        retention=(
            kept_for(
                "SCAN_RETENTION_DAYS",
                _(
                    "Scans: gelöscht %(period)s nach dem späteren von Hochladen und Ende der Abstimmung oder Umfrage (%(name)s). Was gelesen wurde, bleibt."
                ),
                _("Scans werden nicht automatisch gelöscht (SCAN_RETENTION_DAYS ist 0)."),
            ),
            _("Bögen und Erfassungen: solange das Ergebnis dokumentiert wird."),
        ),
    )


PARTICIPATION = (accounts, verification, contributions, surveys, votes, paper)
