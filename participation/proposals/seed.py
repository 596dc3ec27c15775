"""A dozen realistic demo proposals for Pößneck, with supports and one official answer."""

from __future__ import annotations

from sqlalchemy import select

from participation.accounts import services as accounts
from participation.comments.services import post_comment
from participation.extensions import db
from participation.proposals import services, supports
from participation.proposals.models import Proposal, ProposalStatus

DEMO_PROPOSALS = (
    (
        "Online-Termine im Bürgerbüro",
        "Verwaltungsleistungen",
        "Ich möchte Termine im Bürgerbüro **online buchen** können, auch am Wochenende.\n\n"
        "- Weniger Wartezeit im Flur\n- Erinnerung per E-Mail oder SMS\n\n"
        "Wer kein Internet hat, soll weiter anrufen oder vorbeikommen können.",
    ),
    (
        "Formulare zum Ausfüllen am Computer",
        "Verwaltungsleistungen",
        "Viele Anträge gibt es nur als PDF zum Ausdrucken. Schön wäre es, sie direkt am Computer "
        "auszufüllen und abzuschicken. Papierformulare sollte es trotzdem weiter geben.",
    ),
    (
        "Freies WLAN auf dem Marktplatz",
        "Digitale Infrastruktur",
        "Auf dem Marktplatz und vor dem Rathaus wäre ein **kostenloses WLAN** praktisch, "
        "für Gäste der Stadt und für alle, die unterwegs etwas nachsehen wollen.",
    ),
    (
        "Glasfaser für die Gewerbegebiete",
        "Digitale Infrastruktur",
        "Betriebe im Gewerbegebiet klagen über langsames Internet. Die Stadt könnte den Ausbau "
        "mit den Anbietern beschleunigen.",
    ),
    (
        "Digitaler Stadtrundgang durch die Altstadt",
        "Kultur und Tourismus",
        "Ein Rundgang mit Stationen zur Geschichte der Stadt: das Rathaus, die Stadtkirche, "
        "die alten Gassen. Mit Texten zum Lesen und Hören, auch in Leichter Sprache.",
    ),
    (
        "Veranstaltungskalender für alle Vereine",
        "Kultur und Tourismus",
        "Ein gemeinsamer Kalender, in den alle Vereine ihre Termine eintragen. Für ältere "
        "Menschen sollte es ihn auch gedruckt im Amtsblatt geben.",
    ),
    (
        "Sprechstunde des Stadtrats vor Ort",
        "Bürgerbeteiligung",
        "Einmal im Monat sitzen Stadträtinnen und Stadträte im Rathaus und hören zu. "
        "Ohne Anmeldung, ohne Internet.",
    ),
    (
        "Jugendbeteiligung an der Planung des Skateparks",
        "Bürgerbeteiligung",
        "Die Jugendlichen, die den Skatepark nutzen, sollten bei der Planung mitreden. "
        "Vielleicht mit einem Workshop in der Schule.",
    ),
    (
        "Mehr Bänke in der Innenstadt",
        "Sonstiges",
        "Für ältere Menschen fehlen Sitzplätze zwischen Markt und Bahnhof. Zwei oder drei "
        "Bänke im Schatten würden schon helfen.",
    ),
    (
        "Trinkbrunnen am Viehmarkt",
        "Sonstiges",
        "Im Sommer wird es heiß. Ein Trinkbrunnen wäre gut für Kinder, Sportler und Gäste.",
    ),
    (
        "Papierformulare weiter im Bürgerbüro",
        "Bürgerbeteiligung",
        "Bitte alle Beteiligungen auch **auf Papier** anbieten. Nicht jeder hat einen Computer.",
    ),
    (
        "Leichte Sprache auf der Website der Stadt",
        "Verwaltungsleistungen",
        "Die wichtigsten Seiten der Stadt sollten auch in Leichter Sprache da sein.",
    ),
)


def ensure_demo_proposals() -> int:
    """Create the demo proposals that are missing; return how many exist."""
    author = accounts.find_by_email("einwohnerin@example.org")
    supporters = [
        accounts.find_by_email(e)
        for e in ("bestaetigt@example.org", "moderation@example.org", "stadtrat@example.org")
    ]
    staff = accounts.find_by_email("verwaltung@example.org")
    for index, (title, category, body) in enumerate(DEMO_PROPOSALS):
        if db.session.scalar(select(Proposal.id).where(Proposal.title == title)):
            continue
        fields = {
            "title": title,
            "body": body,
            "category": category,
            "district": None,
            "submission_key": None,
        }
        proposal = services.create_draft(author, fields, [])
        services.publish(proposal, author)
        for supporter in supporters[: index % 4]:
            supports.add_support(proposal, supporter)
        add_demo_discussion(proposal, index, supporters + [staff])
        if index == 0:
            services.answer(
                proposal,
                staff,
                ProposalStatus.ACCEPTED,
                "Danke für die Idee! Ab dem Frühjahr können Sie Termine online buchen. "
                "Telefonisch und vor Ort geht es weiterhin.",
                "Bürgerbüro",
            )
    return len(DEMO_PROPOSALS)


DEMO_COMMENTS = (
    "Gute Idee! Das würde vielen helfen.",
    "Wichtig ist, dass es auch ohne Internet weiter geht.",
    "Ich kann mich gern bei der Umsetzung beteiligen.",
)
DEMO_REPLY = "Das sehe ich auch so. Im Bürgerbüro könnte man dabei helfen."


def add_demo_discussion(proposal, index: int, people: list) -> None:
    """Give some demo proposals a short discussion with one reply."""
    if index % 3:
        return
    first = post_comment(proposal.thread, people[0], DEMO_COMMENTS[0])
    post_comment(proposal.thread, people[1], DEMO_COMMENTS[1])
    post_comment(proposal.thread, people[2], DEMO_REPLY, parent_id=first.id)
    if index == 3:
        post_comment(
            proposal.thread,
            people[3],
            "Wir prüfen das gerade. Danke für die Hinweise!",
            official=True,
        )
