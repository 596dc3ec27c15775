"""The parts of a data export, in order: the key in data.json, a title and a plain explanation
for the summary, and the collector that reads the part. One list, so data.json and the summary
cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from participation.accounts import export_account as acc
from participation.accounts import export_activity as act
from participation.accounts import export_content as con


@dataclass(frozen=True)
class Part:
    """One part of the export. `many`: a list of rows (else one object)."""

    key: str
    title: LazyString
    explanation: LazyString
    collect: Callable
    many: bool = True


P = Part
PARTS: tuple[Part, ...] = (
    P(
        "account",
        _l("Ihr Konto"),
        _l("Adresse, Anzeigename, Sprache, seit wann es das Konto gibt und ob es gesperrt ist."),
        acc.account,
        many=False,
    ),
    P(
        "roles",
        _l("Rollen"),
        _l(
            "Rollen, die Ihnen gegeben wurden, wann und von wem. Jedes Konto ist außerdem Einwohnerin oder Einwohner."
        ),
        acc.roles,
    ),
    P(
        "verification",
        _l("Bestätigung im Bürgerbüro"),
        _l(
            "Ob, wann und von wem Ihr Ausweis geprüft wurde, und Ihr Ortsteil. Name und Geburtsdatum "
            "speichern wir nicht. Wir speichern nur den Identitätsschlüssel: einen Code, der aus Name "
            "und Geburtsdatum berechnet wird. Aus dem Code lassen sich Name und Geburtsdatum nicht "
            "zurückrechnen. Er sorgt dafür, dass eine Person nur einmal abstimmt."
        ),
        acc.verification,
        many=False,
    ),
    P(
        "sign_in_sessions",
        _l("Angemeldete Browser"),
        _l(
            "Wann Sie sich in welchem Browser angemeldet haben und wann er zuletzt da war. Keine IP-Adressen."
        ),
        acc.sign_in_sessions,
    ),
    P(
        "two_factor",
        _l("Anmeldung in zwei Schritten"),
        _l(
            "Seit wann die Anmeldung mit einer App eingeschaltet ist, und wann Ersatz-Codes erstellt und benutzt wurden."
        ),
        acc.two_factor,
        many=False,
    ),
    P(
        "proposals",
        _l("Ihre Vorschläge"),
        _l(
            "Alle Vorschläge, die Sie geschrieben haben, auch Entwürfe, mit Text, Stand und Adresse der Seite."
        ),
        con.proposals,
    ),
    P(
        "proposal_images",
        _l("Bilder zu Ihren Vorschlägen"),
        _l("Die Bilder selbst liegen im Ordner „images“ dieser Datei."),
        con.proposal_images,
    ),
    P(
        "proposal_updates",
        _l("Einträge im Verlauf von Vorschlägen"),
        _l(
            "Neuigkeiten, die Sie zu Vorschlägen geschrieben haben, und Änderungen, die Sie gemacht haben."
        ),
        con.proposal_updates,
    ),
    P(
        "comments",
        _l("Ihre Kommentare"),
        _l("Alle Kommentare mit Text und Stand. Gelöschte Kommentare haben keinen Text mehr."),
        con.comments,
    ),
    P(
        "comment_votes",
        _l("Als hilfreich markiert"),
        _l("Kommentare anderer, die Sie als hilfreich markiert haben."),
        con.comment_votes,
    ),
    P(
        "supports",
        _l("Unterstützte Vorschläge"),
        _l("Vorschläge, die Sie unterstützen."),
        con.supports,
    ),
    P(
        "follows",
        _l("Verfolgte Vorschläge"),
        _l("Vorschläge, über die Sie Nachrichten bekommen (oder ausdrücklich nicht mehr)."),
        con.follows,
    ),
    P(
        "survey_responses",
        _l("Antworten auf Umfragen"),
        _l(
            "Ihre Antworten, soweit sie mit Ihrem Konto verbunden sind. Antworten auf anonyme Umfragen sind mit keinem Konto verbunden. Sie stehen deshalb nicht hier."
        ),
        act.survey_responses,
    ),
    P(
        "survey_participations",
        _l("Teilnahme an Umfragen"),
        _l("Bei welchen Umfragen Sie mitgemacht haben. So kann niemand zweimal antworten."),
        act.survey_participations,
    ),
    P(
        "survey_drafts",
        _l("Gespeicherte Umfrage-Antworten"),
        _l("Antworten, die Sie zwischengespeichert und noch nicht abgeschickt haben."),
        act.survey_drafts,
    ),
    P(
        "vote_participations",
        _l("Teilnahme an Abstimmungen"),
        _l(
            "Bei welchen Abstimmungen Sie mitgemacht haben, online oder auf Papier. Was Sie gewählt haben, steht hier nicht: Stimmzettel werden ohne Verbindung zu einem Konto gespeichert."
        ),
        act.vote_participations,
    ),
    P(
        "notifications",
        _l("Benachrichtigungen"),
        _l(
            "Nachrichten an Sie, in der Website und per E-Mail, und ob sie gelesen oder verschickt wurden."
        ),
        act.notifications,
    ),
    P(
        "notification_settings",
        _l("Einstellungen für Benachrichtigungen"),
        _l(
            "Was Sie für einzelne Arten von Nachrichten gewählt haben. Für alle anderen gilt die Voreinstellung."
        ),
        act.notification_settings,
    ),
    P(
        "notification_digests",
        _l("Tägliche Zusammenfassungen"),
        _l("An welchen Tagen wir Ihnen eine Zusammenfassung geschickt haben."),
        act.digests,
    ),
    P(
        "reports",
        _l("Ihre Meldungen"),
        _l("Beiträge und Personen, die Sie der Moderation gemeldet haben."),
        act.reports,
    ),
    P(
        "moderation_items",
        _l("Prüfungen durch die Moderation"),
        _l("Ihre Beiträge oder Ihr Konto, die die Moderation geprüft hat oder gerade prüft."),
        act.moderation_items,
    ),
    P(
        "moderation_decisions",
        _l("Entscheidungen der Moderation"),
        _l("Entscheidungen über Ihre Beiträge oder Ihr Konto, mit der Begründung."),
        act.moderation_decisions,
    ),
    P(
        "appeals",
        _l("Ihre Einsprüche"),
        _l("Einsprüche gegen Entscheidungen und wie sie ausgingen."),
        act.appeals,
    ),
    P(
        "data_requests",
        _l("Anfragen zu Ihren Daten"),
        _l(
            "Anfragen, die Sie per Brief, Telefon oder im Bürgerbüro gestellt haben, mit Notizen und Ergebnis."
        ),
        acc.data_requests,
    ),
    P(
        "audit_entries",
        _l("Protokoll-Einträge zu Ihrem Konto"),
        _l("Was Verwaltung und Moderation an Ihrem Konto geändert haben, wann und wer."),
        acc.audit_entries,
    ),
    P(
        "mentions",
        _l("Wo Ihr Konto genannt ist"),
        _l(
            "Für jede Tabelle der Datenbank: in wie vielen Zeilen Ihr Konto steht. Dazu gehört auch Arbeit, die Sie in einer Rolle erledigt haben, zum Beispiel für die Stadtverwaltung."
        ),
        acc.mentions,
    ),
)

# What is stored but left out, and why: (key, explanation).
NOT_INCLUDED: tuple[tuple[str, LazyString], ...] = (
    (
        "password",
        _l(
            "Ihr Passwort: Wir speichern nur einen Prüfwert, aus dem sich das Passwort nicht zurückrechnen lässt."
        ),
    ),
    (
        "session_keys",
        _l(
            "Schlüssel Ihrer Anmeldungen: Mit ihnen könnte sich jemand als Sie anmelden. Darum geben wir sie nicht heraus."
        ),
    ),
    (
        "two_factor_secret",
        _l(
            "Geheimnis der Anmelde-App und Prüfwerte der Ersatz-Codes: Sie dienen nur Ihrer Sicherheit."
        ),
    ),
    (
        "ballots",
        _l(
            "Was Sie bei Abstimmungen gewählt haben: Stimmzettel sind mit keinem Konto verbunden. Niemand kann sehen, welcher Stimmzettel Ihrer ist, auch wir nicht."
        ),
    ),
    (
        "anonymous_responses",
        _l("Antworten auf anonyme Umfragen und auf Papier: Sie sind mit keinem Konto verbunden."),
    ),
)
