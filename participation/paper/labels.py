"""Translated names of the paper enums, shared by the printing pages, the registry and the
entry screens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.paper.models import BatchState, SheetKind, SheetStatus, Variant

KIND_LABELS = {
    SheetKind.VOTE: _l("Stimmzettel"),
    SheetKind.SURVEY: _l("Fragebogen"),
    SheetKind.IDEA: _l("Ideenkarte"),
}

STATUS_LABELS = {
    SheetStatus.ISSUED: _l("Ausgegeben"),
    SheetStatus.RETURNED: _l("Zurückgekommen"),
    SheetStatus.ENTERED: _l("Erfasst"),
    SheetStatus.COUNTED: _l("Gezählt"),
    SheetStatus.VOID: _l("Ungültig"),
}

VARIANT_LABELS = {
    Variant.STANDARD: _l("Normale Schrift"),
    Variant.LARGE: _l("Große Schrift (mindestens 16 Punkt, größere Kästchen)"),
    Variant.EASY: _l("Leichte Sprache (große Schrift, einfache Anleitung)"),
}

STATE_LABELS = {
    BatchState.PRINTING: _l("PDF wird erstellt"),
    BatchState.READY: _l("PDF ist fertig"),
    BatchState.FAILED: _l("PDF konnte nicht erstellt werden"),
}
