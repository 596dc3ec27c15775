"""Example votes of every kind: the demo data and the fixtures the tests and benchmark share.

`build_vote` writes a vote from a plain description (title, explanation, options), so the demo,
the tests and the benchmark use the same examples.
"""

from __future__ import annotations

from datetime import timedelta

from participation.comments.threads import create_thread
from participation.core.markup import render_markdown
from participation.core.models import utcnow
from participation.extensions import db
from participation.votes.models import Eligibility, Vote, VoteKind, VoteOption

MARKET_SQUARE = {
    "title": "Soll der Marktplatz an Samstagen autofrei werden?",
    "kind": VoteKind.YES_NO,
    "explanation": (
        "Der Stadtrat möchte wissen, ob der Marktplatz **samstags von 8 bis 18 Uhr** für Autos "
        "gesperrt werden soll. Lieferverkehr bleibt bis 10 Uhr erlaubt.\n\n"
        "Sie können auch auf Papier abstimmen: Stimmzettel gibt es im Bürgerbüro."
    ),
    "options": [("Ja", ""), ("Nein", "")],
}

PLAYGROUND = {
    "title": "Welches Spielgerät kommt auf den Spielplatz am Viehmarkt?",
    "kind": VoteKind.SINGLE,
    "explanation": "Die Stadt kauft **ein** neues Spielgerät. Welches soll es sein?",
    "options": [
        ("Kletterturm", "Mit Rutsche, für Kinder ab 4 Jahren."),
        ("Seilbahn", "25 Meter lang, für Kinder ab 6 Jahren."),
        ("Wasserspielplatz", "Mit Pumpe und Rinnen, nur im Sommer in Betrieb."),
    ],
}

TOWN_FESTIVAL = {
    "title": "Was soll es beim Stadtfest geben?",
    "kind": VoteKind.MULTIPLE,
    "max_choices": 2,
    "explanation": "Wählen Sie **bis zu zwei** Angebote für das Stadtfest.",
    "options": [
        ("Live-Musik auf dem Markt", ""),
        ("Flohmarkt", ""),
        ("Kinderprogramm im Park", ""),
        ("Lesungen in der Stadtbibliothek", ""),
    ],
}

CITIZENS_BUDGET = {
    "title": "Bürgerbudget 2026: Wofür geben wir 30.000 Euro aus?",
    "kind": VoteKind.BUDGET,
    "budget": 30_000,
    "explanation": (
        "Sie entscheiden mit, welche Projekte die Stadt aus dem Bürgerbudget bezahlt. "
        "Wählen Sie die Projekte, die Sie unterstützen. Zusammen dürfen sie **höchstens "
        "30.000 Euro** kosten."
    ),
    "options": [
        ("Neue Bänke im Stadtpark", "Zehn Bänke mit Rückenlehne entlang der Wege.", 8_000),
        ("Trinkbrunnen am Markt", "Ein Brunnen mit Trinkwasser, im Sommer in Betrieb.", 12_000),
        ("Bücherschrank am Bahnhof", "Ein offener Schrank zum Tauschen von Büchern.", 3_000),
        ("Beleuchtung Fußweg Schlossberg", "LED-Lampen für den dunklen Weg.", 15_000),
        ("Obstbäume an der Orla", "Zwanzig Bäume, die alle ernten dürfen.", 5_000),
    ],
}

EXAMPLES = {VoteKind.YES_NO: MARKET_SQUARE, VoteKind.SINGLE: PLAYGROUND}
EXAMPLES |= {VoteKind.MULTIPLE: TOWN_FESTIVAL, VoteKind.BUDGET: CITIZENS_BUDGET}


def build_vote(
    spec: dict = MARKET_SQUARE,
    *,
    author=None,
    eligibility: Eligibility = Eligibility.VERIFIED,
    districts: list[str] | None = None,
    published: bool = True,
    opens_in: timedelta = timedelta(days=-1),
    open_for: timedelta = timedelta(days=14),
    eligible_count: int | None = None,
) -> Vote:
    """Write a vote with its options (flushed, not committed)."""
    now = utcnow()
    vote = Vote(
        title=spec["title"],
        kind=spec["kind"],
        explanation=spec.get("explanation", ""),
        explanation_html=str(render_markdown(spec.get("explanation", ""))),
        max_choices=spec.get("max_choices"),
        budget=spec.get("budget"),
        opens_at=now + opens_in,
        closes_at=now + opens_in + open_for,
        eligibility=eligibility,
        districts=list(districts or []),
        eligible_count=eligible_count,
        published_at=now if published else None,
        created_by_id=author.id if author else None,
        thread_id=create_thread("vote").id,
    )
    vote.options = [
        option_of(position, option) for position, option in enumerate(spec["options"], 1)
    ]
    db.session.add(vote)
    db.session.flush()
    return vote


def option_of(position: int, spec: tuple) -> VoteOption:
    """Return an option from (title, description[, cost])."""
    title, description, *cost = spec
    return VoteOption(
        position=position,
        title=title,
        description=description,
        description_html=str(render_markdown(description)),
        cost=cost[0] if cost else None,
    )
