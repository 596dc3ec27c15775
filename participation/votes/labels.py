"""Translated names of the vote enums and the reasons a ballot is refused, shared by the pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.votes.models import BallotStatus, Eligibility, Phase, VoteKind

KIND_LABELS = {
    VoteKind.YES_NO: _l("Ja oder Nein"),
    VoteKind.SINGLE: _l("Eine Antwort aus mehreren"),
    VoteKind.MULTIPLE: _l("Mehrere Antworten (bis zu einer Anzahl)"),
    VoteKind.BUDGET: _l("Bürgerbudget (Projekte mit Kosten)"),
}

ELIGIBILITY_LABELS = {
    Eligibility.RESIDENTS: _l("Alle angemeldeten Einwohnerinnen und Einwohner"),
    Eligibility.VERIFIED: _l("Nur im Bürgerbüro bestätigte Einwohnerinnen und Einwohner"),
}

PHASE_LABELS = {
    Phase.DRAFT: _l("Entwurf"),
    Phase.UPCOMING: _l("Noch nicht geöffnet"),
    Phase.OPEN: _l("Offen"),
    Phase.CLOSED: _l("Beendet"),
}

STATUS_LABELS = {
    BallotStatus.VALID: _l("Gültig"),
    BallotStatus.ABSTENTION: _l("Enthaltung"),
    BallotStatus.INVALID: _l("Ungültig"),
}

# Why a person may not vote (see permissions.cast_refusal), as the ballot page explains it.
REFUSAL_MESSAGES = {
    "draft": _l("Diese Abstimmung ist noch nicht veröffentlicht."),
    "upcoming": _l("Die Abstimmung hat noch nicht begonnen."),
    "closed": _l("Die Abstimmung ist beendet. Sie können nicht mehr abstimmen."),
    "sign_in": _l("Bitte melden Sie sich an, um abzustimmen."),
    "suspended": _l("Ihr Konto ist gesperrt. Sie können zurzeit nicht abstimmen."),
    "verified": _l(
        "Hier dürfen nur bestätigte Einwohnerinnen und Einwohner abstimmen. "
        "Lassen Sie Ihr Konto im Bürgerbüro bestätigen. Bringen Sie dazu Ihren Ausweis mit."
    ),
    "district": _l(
        "Diese Abstimmung gilt nur für bestimmte Ortsteile. Ihr Ortsteil gehört nicht dazu."
    ),
    "voted": _l("Sie haben bei dieser Abstimmung schon abgestimmt. Jede Person hat eine Stimme."),
}
