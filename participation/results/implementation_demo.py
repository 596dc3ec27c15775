"""Demo data for implementation tracking: the demo's accepted proposal (online appointments at
the Bürgerbüro) is tracked with three dated updates, one with a photo drawn here, and the book
case of the closed citizens' budget (funded by both rules) is tracked and done. Everything goes
through the services the staff pages use; running it again changes nothing."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from participation.accounts import services as accounts
from participation.core.clock import town_today
from participation.extensions import db
from participation.proposals.models import Proposal
from participation.proposals.seed import DEMO_PROPOSALS
from participation.results import implementation as service
from participation.results import implementation_photos as photos
from participation.results.models import Implementation, ImplementationStatus
from participation.votes.models import Vote

S = ImplementationStatus
STAFF = "verwaltung@example.org"
BOOK_CASE = "Bücherschrank am Bahnhof"
PHOTO_ALT = (
    "Ein Bildschirm im Bürgerbüro zeigt einen Kalender. Freie Termine sind grün markiert, "
    "ein gebuchter Termin hat einen Haken."
)
# (days ago, text, status, progress, with the photo)
APPOINTMENT_UPDATES = (
    (
        50,
        "Das Geld für die Terminbuchung ist freigegeben. Das Bürgerbüro sucht jetzt ein "
        "Programm aus, das auch mit einem Bildschirmleser gut funktioniert.",
        S.IN_PROGRESS,
        15,
        False,
    ),
    (
        21,
        "Das Programm ist eingerichtet. Die Mitarbeiterinnen und Mitarbeiter im Bürgerbüro "
        "testen die Buchung.\n\n- Termine gibt es auch am Samstagvormittag\n"
        "- Eine Erinnerung kommt per E-Mail\n\n**Telefonisch und vor Ort** geht es weiterhin.",
        S.IN_PROGRESS,
        50,
        True,
    ),
    (
        5,
        "Der Test ist fast fertig. Ab dem nächsten Monat können Sie Termine online buchen.",
        S.IN_PROGRESS,
        80,
        False,
    ),
)


def ensure_demo_implementations(budget: Vote | None) -> int:
    """Track the demo's accepted proposal and the budget's book case once; return how many
    implementations the demo has."""
    staff = accounts.find_by_email(STAFF)
    if staff is None:
        return 0
    tracked = [
        track_appointments(staff),
        track_book_case(budget, staff) if budget is not None else None,
    ]
    db.session.flush()
    return len([implementation for implementation in tracked if implementation is not None])


def track_appointments(staff) -> Implementation | None:
    """Track the accepted demo proposal with its three updates (once)."""
    title = DEMO_PROPOSALS[0][0]
    proposal = db.session.scalar(select(Proposal).where(Proposal.title == title))
    if proposal is None or not service.is_trackable_proposal(proposal):
        return None
    existing = service.implementation_of(proposal)
    if existing is not None:
        return existing
    today = town_today()
    settings = service.Settings("Bürgerbüro", S.PLANNED, 0, today + timedelta(days=30))
    implementation, _created = service.start(proposal, staff, settings)
    for days_ago, text, status, progress, with_photo in APPOINTMENT_UPDATES:
        photo = photos.cleaned(io.BytesIO(drawn_calendar())) if with_photo else None
        fields = service.UpdateFields(
            happened_on=today - timedelta(days=days_ago),
            text=text,
            status=status,
            progress=progress,
            photo_alt=PHOTO_ALT if with_photo else "",
        )
        service.add_update(implementation, staff, fields, photo)
    return implementation


def track_book_case(budget: Vote, staff) -> Implementation | None:
    """Track the budget's book case as done (once), if a rule funds it."""
    option = next((o for o in budget.options if o.title == BOOK_CASE), None)
    if option is None:
        return None
    existing = service.implementation_of(option)
    if existing is not None or not service.is_funded_option(option):
        return existing
    settings = service.Settings("Bauhof", S.IN_PROGRESS, 30)
    implementation, _created = service.start(option, staff, settings)
    fields = service.UpdateFields(
        happened_on=town_today() - timedelta(days=2),
        text="Der Bücherschrank steht am Bahnhof. Bringen Sie Bücher mit, und nehmen Sie welche mit!",
        status=S.DONE,
        progress=100,
    )
    service.add_update(implementation, staff, fields)
    return implementation


def drawn_calendar() -> bytes:
    """Return a simple drawn picture (PNG): a screen with an appointment calendar."""
    image = Image.new("RGB", (800, 500), (233, 239, 246))
    draw = ImageDraw.Draw(image)
    draw.rectangle((330, 430, 470, 470), fill=(90, 90, 90))  # the stand
    draw.rectangle((100, 40, 700, 420), fill=(40, 40, 40))  # the screen's frame
    draw.rectangle((120, 60, 680, 400), fill=(255, 255, 255))
    draw.rectangle((120, 60, 680, 110), fill=(11, 79, 140))  # the calendar's title bar
    for row in range(4):
        for column in range(7):
            left, top = 140 + column * 76, 125 + row * 68
            free = (row + column) % 3 == 0
            draw.rectangle(
                (left, top, left + 64, top + 56),
                fill=(190, 230, 200) if free else (240, 240, 240),
                outline=(150, 150, 150),
            )
    left, top = 140 + 3 * 76, 125 + 2 * 68  # a booked appointment, ticked
    draw.line(
        (left + 14, top + 30, left + 28, top + 44, left + 52, top + 12), fill=(0, 100, 0), width=6
    )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
