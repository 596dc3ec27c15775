"""What the live server adds for the proposal and comment pages, next to the demo accounts and
the demo proposals: written through the same services the pages use. helpers.py reaches the
page states through the names defined here."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from sqlalchemy import select, update

from participation.accounts import services
from participation.accounts.seed import DEMO_PASSWORD
from participation.comments import paging
from participation.comments import services as comment_services
from participation.comments.models import Comment, CommentState
from participation.core.models import utcnow
from participation.extensions import db
from participation.moderation import appeals, decisions, items, reports
from participation.moderation.models import Action, Cause, Reason, SubjectType
from participation.moderation.seed import ensure_demo_reports
from participation.notifications import delivery
from participation.notifications.models import Delivery, Notification
from participation.proposals import images, supports
from participation.proposals import services as proposal_services
from participation.proposals.models import Proposal, ProposalStatus
from participation.proposals.seed import DEMO_PROPOSALS, ensure_demo_proposals

DISTRICTS = ("Innenstadt", "Jüdewein", "Köstitz", "Öpitz", "Schlettwein")


@dataclass(frozen=True)
class OwnProposals:
    """What the resident of one language (signed in as role "resident") has written."""

    editable: str  # published, nobody supported or commented yet: edit and withdraw
    supported: str  # published with one support: only an update, and withdraw
    draft: str  # not published: the preview
    comment: str  # a comment on NEIGHBOURS, young enough to edit


# Demo proposal 1 (einwohnerin@example.org): the official answer and a discussion with a reply.
ANSWERED = DEMO_PROPOSALS[0][0]
# Demo proposal 4 has an official comment; the live server closes its discussion.
CLOSED = DEMO_PROPOSALS[3][0]
CLOSED_REASON = "Die Stadtverwaltung hat alle Hinweise gesammelt. Danke fürs Mitdiskutieren!"
# By bestaetigt@example.org: a picture, a district, and replies nested deeper than shown.
NEIGHBOURS = "Fahrradbügel am Bahnhof"
LONG_TALK = "Mehr Sitzbänke in der Breiten Straße"  # a discussion of two pages
NEIGHBOURS_ROOT = "Am Bahnhof fehlen wirklich Stellplätze, vor allem morgens."
OWN = {
    "de": OwnProposals(
        editable="Mehr Grün auf dem Schulhof",
        supported="Spielplatz im Stadtpark erneuern",
        draft="Bücherschrank am Markt",
        comment="Ein Bügel direkt am Eingang wäre am besten, dann steht niemand im Weg.",
    ),
    "en": OwnProposals(
        editable="A bicycle repair stand at the station",
        supported="Longer opening hours for the town library",
        draft="A book exchange shelf on the market square",
        comment="A stand right next to the entrance would be best, out of everyone's way.",
    ),
}


def png_bytes(width: int = 48, height: int = 32, colour: str = "#2e7d32") -> bytes:
    """Return a small PNG picture (a plain rectangle)."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def town_settings(folder: Path) -> str:
    """Write town settings with districts (Pößneck's default has none), so the district
    fields of the proposal pages are checked too; return the file's path."""
    path = folder / "browser-town.toml"
    names = ", ".join(f'"{name}"' for name in DISTRICTS)
    path.write_text(f"districts = [{names}]\n", encoding="utf-8")
    return str(path)


def person(address: str):
    """Return the account with this address."""
    user = services.find_by_email(address)
    assert user is not None, address
    return user


def draft(author, title: str, body: str, district: str | None = None, pictures=()) -> Proposal:
    """Write a draft (category "Sonstiges") through the same service the form uses."""
    fields = {"title": title, "body": body, "category": "Sonstiges", "district": district}
    return proposal_services.create_draft(author, fields, list(pictures))


def published(author, title: str, body: str, **options) -> Proposal:
    """Write and publish a proposal through the same services the pages use."""
    proposal = draft(author, title, body, **options)
    proposal_services.publish(proposal, author)
    return proposal


def seed_proposals(residents: dict[str, str]) -> None:
    """Add the demo proposals, a neighbour's proposal with a picture and a discussion deeper
    than the page shows, each language's resident's (`residents`: language → address) own
    proposals, draft and comment, and a closed discussion."""
    ensure_demo_proposals()
    staff, neighbour = person("verwaltung@example.org"), person("bestaetigt@example.org")
    picture = images.store_image(io.BytesIO(png_bytes(640, 400)))
    racks = published(
        neighbour,
        NEIGHBOURS,
        "Am Bahnhof stehen die Räder an Laternen und Zäunen. **Zwanzig Bügel** unter dem "
        "Vordach würden reichen.",
        district="Innenstadt",
        pictures=[(picture, "Fahrräder, an einen Zaun vor dem Bahnhof gelehnt")],
    )
    parent = comment_services.post_comment(
        racks.thread, person("moderation@example.org"), NEIGHBOURS_ROOT
    )
    talkers = [person("stadtrat@example.org"), neighbour]
    for depth in range(1, 6):  # one level deeper than the page shows
        text = f"Antwort auf Ebene {depth}: Das sehe ich auch so."
        parent = comment_services.post_comment(racks.thread, talkers[depth % 2], text, parent.id)
    for lang, texts in OWN.items():
        resident = person(residents[lang])
        comment_services.post_comment(racks.thread, resident, texts.comment)
        published(resident, texts.editable, "Ein paar Bäume und Beete statt Asphalt.")
        supported = published(resident, texts.supported, "Die Geräte sind alt. *Neue* wären gut.")
        supports.add_support(supported, neighbour)
        draft(resident, texts.draft, "Ein Regal zum Tauschen von Büchern, mit Dach.")
    closed = db.session.scalar(select(Proposal).where(Proposal.title == CLOSED))
    comment_services.close_thread(closed.thread, staff, CLOSED_REASON)
    seed_long_discussion(neighbour, talkers)
    db.session.commit()


def seed_long_discussion(author, talkers) -> None:
    """A proposal with more top-level comments than one page of the discussion shows."""
    bench = published(author, LONG_TALK, "Ältere Menschen brauchen unterwegs Plätze zum Ausruhen.")
    for number in range(paging.PER_PAGE + 5):
        text = f"Beitrag {number + 1}: Eine Bank vor der Apotheke wäre gut."
        comment_services.post_comment(bench.thread, talkers[number % 2], text)


# --- moderation (tests/browser/moderation_pages.py and test_moderation_flows.py) -------------

# The live server holds posts with this word for review (MODERATION_BLOCKED_WORDS).
BLOCKED_WORD = "Blockwort"
# A demo proposal whose discussion has the spam comment hidden after three reports.
SPAM_PROPOSAL = "Sprechstunde des Stadtrats vor Ort"


@dataclass(frozen=True)
class Moderated:
    """What the moderation did to the resident and the suspended account of one language."""

    hidden: str  # the resident's published proposal that a moderator hid
    pending: str  # the resident's comment on NEIGHBOURS held for review (blocked word)
    appeal: str  # the suspended account's appeal against its suspension


MODERATED = {
    "de": Moderated(
        hidden="Parkplätze am Rathaus nur für Ratsmitglieder",
        pending=f"Das {BLOCKED_WORD} gehört hier eigentlich nicht hin, aber die Bügel schon.",
        appeal="Ich habe nur auf eine Veranstaltung hingewiesen, das war keine Werbung.",
    ),
    "en": Moderated(
        hidden="Parking at the town hall for council members only",
        pending=f"The word {BLOCKED_WORD} is out of place, the racks are not.",
        appeal="I only pointed to an event, that was not advertising.",
    ),
}
HIDDEN_STATEMENT = "Der Vorschlag beleidigt die Mitglieder des Stadtrats."
SUSPENSION_STATEMENT = "Sie haben in vielen Diskussionen für ein Geschäft geworben."

# The moderation journeys: their own proposal, with one comment per journey, by LOUD.
LOUD = "laut@example.org"  # Lutz Laut
FLOW_PROPOSAL = "Trinkbrunnen im Stadtpark"
FLOW_COMMENTS = {
    "keyboard": "Wer so etwas vorschlägt, hat von Wasser keine Ahnung. Lächerlich.",
    "nojs": "Nur Dummköpfe trinken aus öffentlichen Brunnen.",
    "bulk_1": "Ein Brunnen? Dann doch lieber gleich ein Freibad.",
    "bulk_2": "Brunnen gibt es am Markt doch schon genug.",
}
BULK_REPORTER = "stadtrat@example.org"


def seed_moderation(residents: dict[str, str], suspended: dict[str, str], moderators) -> None:
    """Add the demo reports (an automatically hidden spam comment among them); for each
    language (`residents`, `suspended`, `moderators`: language → address) a hidden proposal
    of the resident, the resident's comment held for review, and an account suspended for
    30 days that appealed; and the content of the moderation journeys."""
    ensure_demo_reports(DEMO_PASSWORD)
    racks = db.session.scalar(select(Proposal).where(Proposal.title == NEIGHBOURS))
    for lang, texts in MODERATED.items():
        resident = person(residents[lang])
        hide_proposal(published(resident, texts.hidden, "Nur die Ratsmitglieder sollen parken."))
        held = comment_services.post_comment(racks.thread, resident, texts.pending)
        assert held.state is CommentState.PENDING, f"{texts.pending!r} was not held for review"
        # The other language's moderator suspends, so this language's moderator may decide
        # on the appeal.
        other = moderators["en" if lang == "de" else "de"]
        suspend_with_appeal(person(suspended[lang]), person(other), texts.appeal)
    seed_flow_content()
    db.session.commit()


def hide_proposal(proposal: Proposal) -> None:
    """A neighbour reports the proposal as an insult; the demo moderator hides it."""
    reports.report(
        SubjectType.PROPOSAL, proposal.id, person("bestaetigt@example.org"), Reason.INSULT
    )
    item = items.find_item(SubjectType.PROPOSAL, proposal.id)
    choice = decisions.Choice(Action.HIDE, item.version, Reason.INSULT, HIDDEN_STATEMENT)
    decisions.decide(item, person("moderation@example.org"), choice)


def suspend_with_appeal(user, moderator, appeal: str) -> None:
    """Suspend the account for 30 days (as spam) and let it object to that."""
    item = items.item_for(SubjectType.USER, user, Cause.REPORTS)
    choice = decisions.Choice(
        Action.SUSPEND, item.version, Reason.SPAM, SUSPENSION_STATEMENT, suspend_days=30
    )
    decision = decisions.decide(item, moderator, choice)
    appeals.lodge(decision, user, appeal)


def seed_flow_content() -> None:
    """A proposal with one comment per journey; the two for the bulk decision are reported."""
    flow = published(
        person("bestaetigt@example.org"),
        FLOW_PROPOSAL,
        "Im Sommer fehlt im Stadtpark frisches Trinkwasser. Ein Brunnen am Spielplatz hilft.",
    )
    loud = person(LOUD)
    for key, text in FLOW_COMMENTS.items():
        posted = comment_services.post_comment(flow.thread, loud, text)
        if key.startswith("bulk"):
            reports.report(SubjectType.COMMENT, posted.id, person(BULK_REPORTER), Reason.OFF_TOPIC)


# --- notifications (tests/browser/notification_pages.py and test_notification_flows.py) -----

# Who tells the residents something: comments and replies (a council member), answers (staff).
TELLER = "stadtrat@example.org"  # Renate Stadtrat
# A proposal both residents support (so they follow it) and staff answer.
FOLLOWED = "Mehr Mülleimer am Busbahnhof"
FOLLOWED_ANSWER = "Wir stellen im Frühjahr vier neue Mülleimer auf."
NOTICE_TEXTS = {
    "de": ("Das Spielgerät am Eingang ist wirklich kaputt.", "Guter Punkt, das sehe ich auch so."),
    "en": ("The swing near the entrance is really broken.", "Good point, I agree."),
}
# The keyboard journey: the account, its proposal and the comment it is told about.
NOTIFIED = "benachrichtigt@example.org"  # Bea Benachrichtigt
NOTIFIED_PROPOSAL = "Sitzbänke an der Bushaltestelle Rathaus"
NOTIFIED_COMMENT = "Eine Bank mit Lehne wäre für ältere Menschen gut."


def seed_notifications(residents: dict[str, str]) -> None:
    """Tell each language's resident (`residents`: language → address) something of every
    kind a resident gets: a comment on their proposal, a reply to their comment and an answer
    on a proposal they follow (their oldest notifications are read, the rest unread); give the
    keyboard journey's account one notification; then hand the mails over, as a request would."""
    teller, staff = person(TELLER), person("verwaltung@example.org")
    followed = published(
        person("bestaetigt@example.org"),
        FOLLOWED,
        "Am Busbahnhof quellen die Mülleimer am Wochenende über.",
    )
    for lang, (comment, reply) in NOTICE_TEXTS.items():
        resident = person(residents[lang])
        supported = db.session.scalar(select(Proposal).where(Proposal.title == OWN[lang].supported))
        comment_services.post_comment(supported.thread, teller, comment)
        own_comment = db.session.scalar(select(Comment).where(Comment.body == OWN[lang].comment))
        comment_services.post_comment(own_comment.thread, teller, reply, own_comment.id)
        supports.add_support(followed, resident)
        mark_oldest_read(resident.id, 1)
    proposal_services.answer(
        followed, staff, ProposalStatus.IN_REVIEW, FOLLOWED_ANSWER, "Ordnungsamt"
    )
    notified = published(
        person(NOTIFIED), NOTIFIED_PROPOSAL, "An der Haltestelle kann man nicht sitzen."
    )
    comment_services.post_comment(notified.thread, teller, NOTIFIED_COMMENT)
    db.session.commit()
    delivery.dispatch()
    give_up_on_one_mail(teller.id)


def give_up_on_one_mail(user_id: int) -> None:
    """Leave one mail the server kept refusing, for the admins' delivery page to list."""
    db.session.add(
        Notification(
            recipient_id=user_id,
            kind="comment.reply",
            payload={"comment_id": 1, "title": FOLLOWED, "name": "Anna"},
            delivery=Delivery.FAILED,
            attempts=5,
            last_error="550 5.1.1 Postfach nicht gefunden",
        )
    )
    db.session.commit()


def mark_oldest_read(user_id: int, count: int) -> None:
    """Mark the person's `count` oldest notifications read."""
    oldest = (
        select(Notification.id)
        .where(Notification.recipient_id == user_id)
        .order_by(Notification.id)
        .limit(count)
    )
    db.session.execute(
        update(Notification)
        .where(Notification.id.in_(list(db.session.scalars(oldest))))
        .values(read_at=utcnow())
    )
