"""What a sheet tells the person filling it in: pen, cross, the one correction rule, where and
by when to hand it in, and a ballot's rule — in plain language, or in easy language (Leichte
Sprache: short sentences, one idea each) for the easy variant. Called inside force_locale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_date, format_time, ngettext
from flask_babel import gettext as _

from participation.core.clock import to_town_time
from participation.core.town import current_town
from participation.paper.models import SheetKind
from participation.votes.ballot_form import euros
from participation.votes.models import Vote, VoteKind


@dataclass(frozen=True)
class Steps:
    """The instructions in blocks: before the samples, the cross, the correction, after."""

    heading: str
    pen: list[str]
    cross: list[str]  # printed next to a sample box with a cross
    correct: list[str]  # printed next to a sample box filled in
    after: list[str]


def closing(moment: datetime) -> tuple[str, str]:
    """Return the closing date and time in the town's time zone, e.g. ("15. März 2026", "18:00")."""
    local = to_town_time(moment)
    return format_date(local, "long", rebase=False), format_time(local, "short", rebase=False)


def place() -> str:
    """Return where sheets are handed in: the town's contact and address."""
    town = current_town()
    return ", ".join(part for part in (town.contact_name, town.contact_address) if part)


def steps(kind: SheetKind, closes_at: datetime | None, easy: bool) -> Steps:
    """Return the instructions for a sheet of `kind` (plain or easy language)."""
    return easy_steps(kind, closes_at) if easy else plain_steps(kind, closes_at)


def plain_steps(kind: SheetKind, closes_at: datetime | None) -> Steps:
    """Return the instructions in plain language."""
    pen = [_("Benutzen Sie einen dunklen Stift (blau oder schwarz).")]
    if kind is not SheetKind.VOTE:
        pen.append(_("Schreiben Sie deutlich, am besten in Druckbuchstaben."))
    after = []
    if kind is SheetKind.VOTE:
        after.append(
            _("Schreiben Sie Ihren Namen nicht auf den Stimmzettel. Ihre Wahl ist geheim.")
        )
    correct = _(
        "Zum Korrigieren malen Sie das Kästchen ganz aus. Ein ausgemaltes Kästchen zählt nicht."
    )
    return Steps(
        heading=_("So füllen Sie den Bogen aus"),
        pen=pen,
        cross=[_("Machen Sie ein Kreuz in das Kästchen.")],
        correct=[correct],
        after=[*after, hand_in(closes_at)],
    )


def hand_in(closes_at: datetime | None) -> str:
    """Return where (and by when, if the subject closes) to hand the sheet in."""
    if closes_at is None:
        return _("Geben Sie den Bogen hier ab: %(place)s.", place=place())
    day, time = closing(closes_at)
    return _(
        "Geben Sie den Bogen bis zum %(date)s um %(time)s Uhr hier ab: %(place)s.",
        date=day,
        time=time,
        place=place(),
    )


def easy_steps(kind: SheetKind, closes_at: datetime | None) -> Steps:
    """Return the instructions in easy language (Leichte Sprache)."""
    pen = [_("Nehmen Sie einen dunklen Stift."), _("Zum Beispiel einen blauen Kugelschreiber.")]
    if kind is not SheetKind.VOTE:
        pen.append(_("Schreiben Sie deutlich."))
    after = []
    if kind is SheetKind.VOTE:
        after += [_("Ihre Wahl ist geheim."), _("Schreiben Sie nicht Ihren Namen auf den Zettel.")]
    after.append(_("Bringen Sie den Zettel zurück."))
    if closes_at is not None:
        day, time = closing(closes_at)
        after += [_("Bis zum %(date)s.", date=day), _("Spätestens um %(time)s Uhr.", time=time)]
    after.append(_("Hier geben Sie den Zettel ab: %(place)s.", place=place()))
    return Steps(
        heading=_("So geht es"),
        pen=pen,
        cross=[_("Machen Sie ein Kreuz in das Kästchen.")],
        correct=[
            _("Sie haben sich vertan?"),
            _("Dann malen Sie das Kästchen ganz aus."),
            _("Dann zählt das Kästchen nicht."),
        ],
        after=after,
    )


def vote_rule(vote: Vote, easy: bool) -> list[str]:
    """Return the ballot's rule: how many boxes, the budget, abstaining, too many crosses."""
    return easy_vote_rule(vote) if easy else plain_vote_rule(vote)


def plain_vote_rule(vote: Vote) -> list[str]:
    """Return the ballot's rule in plain language."""
    limit = vote.choice_limit()
    if vote.kind is VoteKind.BUDGET:
        first = _(
            "Kreuzen Sie die Projekte an, die Sie unterstützen. Zusammen dürfen sie höchstens "
            "%(amount)s kosten.",
            amount=euros(vote.budget),
        )
        invalid = _("Kosten die angekreuzten Projekte zusammen mehr, ist der Stimmzettel ungültig.")
    elif vote.kind is VoteKind.MULTIPLE:
        first = ngettext(
            "Kreuzen Sie höchstens %(num)s Feld an.",
            "Kreuzen Sie höchstens %(num)s Felder an.",
            limit,
        )
        invalid = _("Mit mehr Kreuzen ist der Stimmzettel ungültig.")
    else:
        first = _("Kreuzen Sie genau ein Feld an.")
        invalid = _("Mit mehr als einem Kreuz ist der Stimmzettel ungültig.")
    rule = [first]
    if vote.kind in (VoteKind.MULTIPLE, VoteKind.BUDGET):
        rule.append(_("Oder kreuzen Sie nur „Ich enthalte mich“ an."))
    return [*rule, invalid]


def easy_vote_rule(vote: Vote) -> list[str]:
    """Return the ballot's rule in easy language."""
    if vote.kind is VoteKind.BUDGET:
        rule = [
            _("Jedes Projekt kostet Geld."),
            _("Der Preis steht beim Projekt."),
            _("Sie können mehrere Projekte ankreuzen."),
            _(
                "Zusammen dürfen die Projekte höchstens %(amount)s kosten.",
                amount=euros(vote.budget),
            ),
        ]
    elif vote.kind is VoteKind.MULTIPLE:
        limit = vote.choice_limit()
        rule = [
            ngettext(
                "Sie dürfen %(num)s Kreuz machen.",
                "Sie dürfen bis zu %(num)s Kreuze machen.",
                limit,
            )
        ]
    else:
        rule = [_("Machen Sie nur 1 Kreuz.")]
    return rule + [
        _("Sie wollen nichts wählen?"),
        _("Dann machen Sie ein Kreuz bei „Ich enthalte mich“."),
        _("Zu viele Kreuze? Dann zählt der Zettel nicht."),
    ]
