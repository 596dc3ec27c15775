"""Translated names of the survey enums, shared by the builder, the answer form and the results."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.surveys.models import Audience, Phase, QuestionType

QUESTION_TYPE_LABELS = {
    QuestionType.SINGLE: _l("Einfachauswahl"),
    QuestionType.MULTIPLE: _l("Mehrfachauswahl"),
    QuestionType.YES_NO: _l("Ja oder Nein"),
    QuestionType.SCALE: _l("Skala"),
    QuestionType.MATRIX: _l("Matrix (Zeilen mit einer Skala)"),
    QuestionType.RANKING: _l("Rangfolge"),
    QuestionType.SHORT_TEXT: _l("Kurzer Text"),
    QuestionType.LONG_TEXT: _l("Langer Text"),
    QuestionType.NUMBER: _l("Zahl"),
}

AUDIENCE_LABELS = {
    Audience.ANYONE: _l("Alle, auch ohne Konto"),
    Audience.RESIDENTS: _l("Angemeldete Einwohnerinnen und Einwohner"),
    Audience.VERIFIED: _l("Nur bestätigte Einwohnerinnen und Einwohner"),
}

PHASE_LABELS = {
    Phase.DRAFT: _l("Entwurf"),
    Phase.UPCOMING: _l("Noch nicht geöffnet"),
    Phase.OPEN: _l("Offen"),
    Phase.CLOSED: _l("Beendet"),
}
