"""A town full of XSS payloads, written through the app's own services, and the pages that show
them (`World.visits`, each with the account that may open it). The HTTP check
(tests/core/test_xss_rendering.py) and the browser check (tests/browser/test_xss.py) share it.

Every payload goes into every field that many rows of one page show: comments and replies (and
their writers' display names) on one discussion, letters typed in from paper, report notes,
moderation statements and appeals in the queue, survey sections, questions, options and
free-text answers, vote options, corrections of a publication, implementation updates, the
titles in every list, notifications and the audit log. Fields a page shows once (a survey's
intro, a vote's explanation, a publication's statement, a draft's form) are written for every
payload too where a list shows them; their own pages are visited for `corpus.sample()`, and by
the browser for `corpus.browser_sample()` only, so the run stays short. Proposals are the exception:
each payload has one, and its page (title, text, picture, updates, answer, closing reason) is
opened for every payload.

This module writes accounts, proposals, comments, moderation and paper (idea cards, batches,
scans); xss_world_results.py surveys, votes, publications and implementation tracking;
xss_world_accounts.py data requests and the pages of accounts; xss_lists.py adds every page of
every list.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from urllib.parse import quote

from PIL import Image

from participation.accounts import roles as role_service
from participation.accounts import services as accounts
from participation.comments import paging
from participation.comments import services as comments
from participation.comments.rules import MAX_BODY, REASON_MAX
from participation.core.permissions import Role
from participation.extensions import db
from participation.moderation import appeals, decisions, items, reports
from participation.moderation.models import Action, Reason, SubjectType
from participation.paper import batches, ideas, scans
from participation.paper import comments as paper_comments
from participation.paper.models import SheetKind
from participation.proposals import images
from participation.proposals import services as proposals
from participation.proposals.models import Proposal, ProposalStatus
from tests import xss_corpus as corpus
from tests.xss_corpus import fit

PASSWORD = "Lange-Testphrase-2026"
AUTHOR = "xss.autorin@example.org"  # writes the proposals; is told about everything
STAFF = "xss.verwaltung@example.org"
MODERATOR = "xss.moderation@example.org"
COUNCIL = "xss.stadtrat@example.org"
ADMIN = "xss.admin@example.org"
# The staff member's and the moderator's own names are payloads too.
STAFF_NAME = '"><img src=x onerror=alert(1)>'
MODERATOR_NAME = "<svg/onload=alert(1)//"
NAME_MAX = 50  # users.display_name
DISCUSSION = "Diskussion mit allen Nutzlasten"


@dataclass(frozen=True)
class Visit:
    """A page to check: who looks (an address, None for a guest), where, whether the browser
    opens it too (the HTTP check opens every page), and the status it answers with (None: 200,
    or 400 where a search is too long or too short for its form)."""

    who: str | None
    path: str
    browser: bool = True
    status: int | None = 200


@dataclass
class World:
    """The payloads written, and the pages that show them."""

    payloads: tuple[str, ...]
    visits: list[Visit] = field(default_factory=list)

    def see(self, who: str | None, *paths: str, browser: bool = True, status=200) -> None:
        """Add pages for `who` to look at."""
        self.visits.extend(Visit(who, path, browser, status) for path in paths)

    def see_sampled(self, payload: str, who: str | None, *paths: str, status=200) -> None:
        """Add the pages of one row written for a sampled payload: the HTTP check opens them
        for every sampled payload, the browser for `corpus.browser_sample()`."""
        if payload in corpus.sample():
            self.see(who, *paths, browser=payload in corpus.browser_sample(), status=status)


def voice(index: int) -> str:
    """Return the address of the account whose display name is payload `index`."""
    return f"xss.stimme{index}@example.org"


def account(address: str, name: str, *roles: Role):
    """Create a confirmed account (with `roles`) through the sign-up service."""
    user = accounts.register(address, name.strip() or "Name", PASSWORD, "de").user
    user.confirm_email()
    if roles:
        role_service.set_roles(user, set(roles), actor=None)
    return user


def png(colour: str = "#2e7d32") -> bytes:
    """Return a small PNG picture."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="PNG")
    return out.getvalue()


def seed_community(world: World) -> dict:
    """Write the accounts, the proposals, the discussion with its moderation, and paper;
    return the accounts by role."""
    people = {
        "author": account(AUTHOR, "Xenia Autorin"),
        "staff": account(STAFF, STAFF_NAME, Role.STAFF),
        "moderator": account(MODERATOR, MODERATOR_NAME, Role.MODERATOR),
        "council": account(COUNCIL, "Rita Rat", Role.COUNCIL),
        "admin": account(ADMIN, "Adam Admin", Role.ADMIN),
    }
    voices = [account(voice(i), fit(p, NAME_MAX)) for i, p in enumerate(world.payloads)]
    db.session.flush()
    for payload in world.payloads:
        seed_proposal(world, people, payload)
    seed_discussion(world, people, voices)
    seed_paper(world, people["staff"])
    db.session.commit()
    return people


def seed_proposal(world: World, people: dict, payload: str) -> None:
    """Write a proposal of the payload with an update, an answer and a closed discussion (and
    a draft of it, when sampled)."""
    author, staff = people["author"], people["staff"]
    proposal = write_proposal(author, payload)
    proposals.publish(proposal, author)
    proposals.add_update(proposal, author, payload)
    proposals.answer(proposal, staff, ProposalStatus.ACCEPTED, payload, fit(payload, 120))
    comments.close_thread(proposal.thread, staff, fit(payload, REASON_MAX))
    world.see(None, f"/proposals/{proposal.id}")
    world.see(None, f"/proposals/?q={quote(fit(payload, 200))}", browser=False)
    world.see_sampled(payload, ADMIN, f"/admin/audit?actor={quote(fit(payload, 254))}")
    world.see_sampled(payload, STAFF, f"/verification/?q={quote(fit(payload, 200))}", status=None)
    if payload in corpus.sample():
        draft = write_proposal(author, payload)
        world.see_sampled(payload, AUTHOR, f"/proposals/{draft.id}/edit")
        world.see_sampled(payload, AUTHOR, f"/proposals/{draft.id}/preview")
        world.see_sampled(payload, None, f"/proposals/?q={quote(fit(payload, 200))}")


def write_proposal(author, payload: str) -> Proposal:
    """Write a draft with the payload as its title, text and picture description."""
    fields = {"title": fit(payload, 150), "body": payload, "category": "Sonstiges"}
    picture = images.store_image(io.BytesIO(png()))
    fields["district"] = None
    return proposals.create_draft(author, fields, [(picture, fit(payload, 300))])


def seed_discussion(world: World, people: dict, voices: list) -> None:
    """On one proposal, every voice comments with its payload; the comment is reported, its
    writer warned and the warning appealed. Sampled payloads are also answered by the next
    voice and sent in on paper (with the payload as the writer's name)."""
    author = people["author"]
    discussion = write_proposal(author, DISCUSSION)
    proposals.publish(discussion, author)
    for index, payload in enumerate(world.payloads):
        text = fit(payload, MAX_BODY)
        comment = comments.post_comment(discussion.thread, voices[index], text)
        moderate(world, comment, people, voices[index], payload)
        world.see_sampled(payload, voices[index].email, f"/comments/{comment.id}/edit")
        world.see_sampled(payload, voices[index].email, f"/comments/{comment.id}/delete")
        world.see_sampled(payload, None, f"/comments/{comment.id}")
        if payload in corpus.sample():
            answerer = voices[(index + 1) % len(voices)]
            comments.post_comment(discussion.thread, answerer, text, comment.id)
            letter = paper_comments.Letter(text, fit(payload, 80), f"xss-letter-{index}")
            paper_comments.transcribe(letter, discussion, people["staff"])
    db.session.flush()
    pages = paging.page_roots(discussion.thread_id, "oldest", 1)[1].pages
    for number in range(1, pages + 1):  # the discussion comes in pages of top-level comments
        world.see(None, f"/proposals/{discussion.id}?comments_page={number}")
        world.see(MODERATOR, f"/proposals/{discussion.id}?comments_page={number}")


def moderate(world: World, comment, people: dict, writer, payload: str) -> None:
    """The author reports the comment with the payload as note; the moderator warns its
    writer with the payload as statement; the writer appeals with the payload."""
    reports.report(
        SubjectType.COMMENT, comment.id, people["author"], Reason.OTHER, fit(payload, 1000)
    )
    item = items.find_item(SubjectType.COMMENT, comment.id)
    statement = fit(payload, decisions.STATEMENT_MAX)
    choice = decisions.Choice(Action.WARN, item.version, Reason.OTHER, statement)
    decision = decisions.decide(item, people["moderator"], choice)
    appeals.lodge(decision, writer, fit(payload, appeals.TEXT_MAX))
    world.see_sampled(payload, writer.email, f"/moderation/decisions/{decision.id}")
    world.see_sampled(payload, writer.email, "/notifications/")
    world.see_sampled(payload, MODERATOR, f"/moderation/items/{item.id}")
    world.see_sampled(payload, AUTHOR, f"/moderation/report/comment/{comment.id}")


def seed_paper(world: World, staff) -> None:
    """Type in an idea card per payload (with the payload as the writer's name), void a
    batch per payload with the payload as its note and reason, and upload a scan per payload
    named with it."""
    cards = batches.create_batch(SheetKind.IDEA, None, len(world.payloads), staff=staff)
    for index, (code, payload) in enumerate(
        zip(batches.codes_of(cards), world.payloads, strict=True)
    ):
        fields = {"title": fit(payload, 150), "body": payload, "category": "Sonstiges"}
        fields |= {"district": None, "submission_key": f"xss-card-{index}"}
        proposal = ideas.transcribe(ideas.Card(code, fields, fit(payload, 80)), staff)
        world.see_sampled(payload, None, f"/proposals/{proposal.id}")
    for payload in world.payloads:
        batch = batches.create_batch(SheetKind.IDEA, None, 1, note=fit(payload, 200), staff=staff)
        batches.void_batch(batch, staff, fit(payload, 200))
        world.see_sampled(payload, STAFF, f"/paper/batches/{batch.id}")
        world.see_sampled(payload, STAFF, f"/paper/sheets/{batch.sheets[0].id}")
    for index, payload in enumerate(world.payloads):
        picture = io.BytesIO(png(f"#{index:06x}"))  # files differ: each is an upload of its own
        upload = scans.accept(picture, fit(payload, 255), staff)
        world.see_sampled(payload, STAFF, f"/paper/scans/{upload.id}")
    batches.requested_prints()  # no PDFs, no reading: the pages are what is checked
    scans.requested_imports()


def build_world() -> World:
    """Write the whole world (in the current app context) and return where to look."""
    from tests.xss_lists import see_lists
    from tests.xss_world_accounts import seed_accounts
    from tests.xss_world_results import seed_results

    world = World(corpus.storable())
    people = seed_community(world)
    seed_results(world, people)
    seed_accounts(world, people)
    see_lists(world)
    return world
