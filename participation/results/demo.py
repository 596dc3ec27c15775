"""Demo data: the council's publication of the closed citizens' budget 2026. Staff prepare it
(a statement in plain German naming the projects the rule chosen by the council funds, the
decision and its date), the council member of the demo accounts publishes it; both through the
same services as the pages. Running it again changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

from participation.accounts import services as accounts
from participation.core.clock import town_today
from participation.results import publication
from participation.results.models import Publication
from participation.votes.demo import existing
from participation.votes.models import Vote
from participation.votes.seed import CITIZENS_BUDGET

STAFF, COUNCIL = "verwaltung@example.org", "stadtrat@example.org"
DECISION_NUMBER = 27
DAYS_TO_DECIDE = 5  # the council decided a few days after the vote closed


def ensure_demo_publication() -> Publication | None:
    """Publish the result of the demo budget vote once; return its publication (None while
    the vote is missing or still open)."""
    budget = existing(CITIZENS_BUDGET)
    if budget is None or not publication.subject_closed(budget):
        return None
    found = publication.of_subject(budget)
    if found is not None and found.is_published:
        return found
    staff, council = accounts.find_by_email(STAFF), accounts.find_by_email(COUNCIL)
    found = publication.draft_for(budget, staff)
    decided = decision_date(budget)
    decision = f"Beschluss des Stadtrats Nr. {DECISION_NUMBER}/{decided.year}"
    publication.save_draft(found, statement(found), decision, decided, staff)
    publication.publish(found, council)
    return found


def decision_date(vote: Vote) -> date:
    """Return the day of the council's decision: a few days after the close, never later
    than today."""
    return min(vote.closes_at.date() + timedelta(days=DAYS_TO_DECIDE), town_today())


def statement(found: Publication) -> str:
    """Return the council's statement: thanks, the rule it chose and the funded projects."""
    figures = publication.thawed_figures(found, publication.current_figures(found))
    tally, funded = figures["tally"], figures["funded"]
    titles = {option.id: (option.title, option.cost or 0) for option in tally.options}
    projects = "\n".join(
        f"- {titles[project_id][0]} ({euros(titles[project_id][1])})"
        for project_id in funded.equal_shares.funded
    )
    return (
        "Vielen Dank, dass Sie beim Bürgerbudget mitgemacht haben. "
        f"{tally.ballots.total} Stimmzettel sind abgegeben worden, online und auf Papier.\n\n"
        "Der Stadtrat hat beschlossen: Es gilt die **Methode der gleichen Anteile**. "
        "So bekommen auch kleinere Gruppen ihre Projekte.\n\n"
        f"Diese Projekte bezahlt die Stadt:\n\n{projects}\n\n"
        f"Vom Budget bleiben {euros(funded.equal_shares.left)} übrig. "
        "Sie kommen in das Bürgerbudget im nächsten Jahr.\n\n"
        "Die Arbeiten beginnen im Frühjahr. Haben Sie Fragen? "
        "Dann schreiben Sie uns oder kommen Sie ins Bürgerbüro.\n\n"
        "*Demo: Die Stimmen und dieser Beschluss sind erfunden.*"
    )


def euros(amount: int) -> str:
    """Return whole euros as German text, for example "3.000 Euro"."""
    return f"{amount:,} Euro".replace(",", ".")
