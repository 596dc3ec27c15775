"""Readable, translated words for what the proposal timeline shows."""

from __future__ import annotations

from flask_babel import gettext as _

from participation.proposals.forms import STATUS_LABELS
from participation.proposals.models import EventKind, ProposalEvent


def timeline_label(entry: ProposalEvent) -> str:
    """Describe one timeline entry in a sentence."""
    status = STATUS_LABELS[entry.to_status] if entry.to_status else ""
    department = entry.department or ""
    texts = {
        EventKind.PUBLISHED: lambda: _("Der Vorschlag wurde veröffentlicht."),
        EventKind.STATUS_CHANGED: lambda: (
            _(
                "%(department)s hat den Status auf „%(status)s“ gesetzt und geantwortet.",
                department=department,
                status=status,
            )
            if entry.from_status != entry.to_status
            else _("%(department)s hat geantwortet.", department=department)
        ),
        EventKind.UPDATE: lambda: _("Neuigkeit von der Person, die den Vorschlag gemacht hat:"),
        EventKind.EDITED: lambda: _("Der Vorschlag wurde bearbeitet."),
        EventKind.WITHDRAWN: lambda: _("Der Vorschlag wurde zurückgezogen."),
        EventKind.THRESHOLD_REACHED: lambda: _(
            "Genug Unterstützung: Die Stadtverwaltung prüft den Vorschlag jetzt."
        ),
    }
    return texts[entry.kind]()
