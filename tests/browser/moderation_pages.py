"""The moderation page states the browser tests visit (pages.py adds them to PAGES): report
forms, the queue, an item with its decision form, decisions and appeals, hidden and held
content, and what a suspended account sees. tests/browser/seed.py writes what they show."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.extensions import db
from participation.moderation.models import Action, Decision, ModerationItem, SubjectType
from participation.moderation.seed import SPAM_TEXT
from tests.browser.helpers import ACCOUNTS, SUBMIT
from tests.browser.seed import MODERATED, NEIGHBOURS, NEIGHBOURS_ROOT, SPAM_PROPOSAL
from tests.browser.visits import PageCase, Visit, expect_visible, go, proposal

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

QUEUE_LINK = ".moderation-queue__item h2 a"
DECISION_RADIOS = "fieldset#action input[type=radio]"
SEND_DECISION = "section[aria-labelledby=decide-heading] button[type=submit]"


def lookup(server: LiveServer, query):
    """Return the first value the query finds in the live server's database."""
    with server.app.app_context():
        found = db.session.scalar(query.limit(1))
    assert found is not None, f"nothing found for {query}"
    return found


def decision_of(server: LiveServer, address: str, action: Action) -> int:
    """Return the id of the (newest) decision of this kind that affects the account."""
    query = (
        select(Decision.id)
        .where(Decision.affected_id == server.user_id(address), Decision.action == action)
        .order_by(Decision.id.desc())
    )
    return lookup(server, query)


def item_of(server: LiveServer, subject_type: SubjectType, subject_id: int) -> int:
    """Return the id of the moderation item of a proposal, comment or account."""
    query = select(ModerationItem.id).where(
        ModerationItem.subject_type == subject_type, ModerationItem.subject_id == subject_id
    )
    return lookup(server, query)


# --- reporting -----------------------------------------------------------------------------


def report_form(subject_type: str, subject_id: Callable[[LiveServer], int]) -> Visit:
    """Return a visit to the report form of a subject (`subject_id` finds its id)."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        path = f"/moderation/report/{subject_type}/{subject_id(server)}"
        go(path, shows=("fieldset#reason input[type=radio]", "#note"))(page, server, lang)

    return visit


def neighbours_root(server: LiveServer) -> int:
    return server.comment_id(NEIGHBOURS_ROOT)


def neighbours_proposal(server: LiveServer) -> int:
    return server.proposal_id(NEIGHBOURS)


def neighbour(server: LiveServer) -> int:
    return server.user_id("bestaetigt@example.org")


def report_without_reason(page: Page, server: LiveServer, lang: str) -> None:
    """Send the report form without choosing a reason: the form comes back with the error."""
    report_form("comment", neighbours_root)(page, server, lang)
    page.locator("#note").fill("Das ist doch unhöflich.")
    with page.expect_navigation() as sent:
        page.locator(SUBMIT).click()
    assert sent.value.status == 400, f"the report without a reason answered {sent.value.status}"
    expect(page.locator(".form-summary a")).to_have_attribute("href", "#reason-0")
    expect(page.locator("fieldset#reason")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#reason-0")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#note")).to_have_value("Das ist doch unhöflich.")


# --- the queue and one item ----------------------------------------------------------------


def first_queue_item(page: Page, server: LiveServer, lang: str) -> None:
    """Open the queue's first item (the spam comment three people reported)."""
    go("/moderation/", shows=(QUEUE_LINK,))(page, server, lang)
    page.locator(QUEUE_LINK).first.click()
    expect(page.locator(DECISION_RADIOS).first).to_be_visible()
    expect(page.locator("main")).to_contain_text(SPAM_TEXT)


def item_without_decision(page: Page, server: LiveServer, lang: str) -> None:
    """Send the decision form without choosing a decision."""
    first_queue_item(page, server, lang)
    page.locator("#statement").fill("Eindeutig Werbung.")
    with page.expect_navigation() as sent:
        page.locator(SEND_DECISION).click()
    assert sent.value.status == 400, f"the decision without a choice answered {sent.value.status}"
    expect(page.locator(".form-summary a")).to_have_attribute("href", "#action-0")
    expect(page.locator("fieldset#action")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#statement")).to_have_value("Eindeutig Werbung.")


def bulk_without_selection(page: Page, server: LiveServer, lang: str) -> None:
    """Send the bulk decision without ticking an item: the queue comes back with the error."""
    go("/moderation/", shows=("#bulk_action",))(page, server, lang)
    with page.expect_navigation() as sent:
        page.locator(".bulk-actions button[type=submit]").click()
    assert sent.value.status == 400, f"the empty bulk decision answered {sent.value.status}"
    expect(page.locator(".form-summary")).to_be_visible()


def appeal_item(page: Page, server: LiveServer, lang: str) -> None:
    """Open the appeal of the language's suspended account (decided by the other moderator)."""
    user_id = server.user_id(ACCOUNTS[("suspended", lang)])
    go(f"/moderation/items/{item_of(server, SubjectType.USER, user_id)}")(page, server, lang)
    expect(page.locator("main .appeal-box")).to_contain_text(MODERATED[lang].appeal)
    expect_visible(page, ("input[name=action][value=uphold]", "input[name=action][value=overturn]"))


# --- decisions and appeals -----------------------------------------------------------------


def decision_page(role: str, action: Action, shows: tuple[str, ...]) -> Visit:
    """Return a visit to the decision of `action` on the account that holds `role`."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        found = decision_of(server, ACCOUNTS[(role, lang)], action)
        go(f"/moderation/decisions/{found}", shows=shows)(page, server, lang)

    return visit


# --- hidden and held content ---------------------------------------------------------------


def hidden_proposal_as_guest(page: Page, server: LiveServer, lang: str) -> None:
    """A guest sees the placeholder of the resident's hidden proposal, not its title or text."""
    title = MODERATED[lang].hidden
    proposal(title, shows=("main .kern-alert--warning",))(page, server, lang)
    expect(page.locator("main h1")).not_to_have_text(title)
    expect(page.locator("main .proposal-body")).to_have_count(0)
    if lang == "de":
        expect(page.locator("main h1")).to_have_text("Ausgeblendeter Vorschlag")


def hidden_proposal_as_author(page: Page, server: LiveServer, lang: str) -> None:
    """The author sees why the proposal is hidden, and its text."""
    title = MODERATED[lang].hidden
    proposal(title, shows=("main .kern-alert--warning", "main .proposal-body"))(page, server, lang)
    expect(page.locator("main h1")).to_have_text(title)


def spam_placeholder(page: Page, server: LiveServer, lang: str) -> None:
    """A guest sees the placeholder of the spam comment hidden after three reports."""
    proposal(SPAM_PROPOSAL, shows=("article.comment .comment__placeholder",))(page, server, lang)
    expect(page.locator("main")).not_to_contain_text(SPAM_TEXT)


def own_pending_comment(page: Page, server: LiveServer, lang: str) -> None:
    """The resident sees their own comment that waits for review, marked as such."""
    proposal(NEIGHBOURS)(page, server, lang)
    held = page.locator("article.comment", has_text=MODERATED[lang].pending)
    expect(held.locator(".comment__placeholder")).to_be_visible()
    if lang == "de":
        expect(held.locator(".comment__placeholder")).to_contain_text("wartet auf die Freigabe")


# --- suspended accounts --------------------------------------------------------------------


def suspended_sends_a_proposal(page: Page, server: LiveServer, lang: str) -> None:
    """A suspended account fills in and sends the proposal form: refused with 403."""
    go("/proposals/new", shows=(".suspended-notice",))(page, server, lang)
    page.locator("#title").fill("Ein Schild am Stadtpark")
    page.locator("#body").fill("Damit alle den Weg zum Spielplatz finden.")
    page.locator("#category").select_option("Sonstiges")
    with page.expect_navigation() as sent:
        page.locator(SUBMIT).click()
    assert sent.value.status == 403, f"the suspended account's form answered {sent.value.status}"
    if lang == "de":
        expect(page.locator("main h1")).to_have_text("Ihr Konto ist gesperrt")


MODERATION_PAGES = [
    PageCase("report-comment", report_form("comment", neighbours_root), role="resident"),
    PageCase("report-errors", report_without_reason, role="resident"),
    PageCase("report-proposal", report_form("proposal", neighbours_proposal), role="resident"),
    PageCase("report-person", report_form("user", neighbour), role="resident"),
    PageCase(
        "moderation-queue",
        go("/moderation/", shows=(".moderation-queue", "input[name=item]", "#bulk_action")),
        role="moderator",
    ),
    PageCase("moderation-bulk-errors", bulk_without_selection, role="moderator"),
    PageCase(
        "moderation-decided",
        go("/moderation/?show=decided", shows=(".moderation-queue",)),
        role="moderator",
    ),
    PageCase("moderation-item", first_queue_item, role="moderator"),
    PageCase("moderation-item-errors", item_without_decision, role="moderator"),
    PageCase("moderation-item-appeal", appeal_item, role="moderator"),
    PageCase("moderation-transparency", go("/moderation/transparency", shows=("main table",))),
    PageCase(
        "moderation-decisions-mine",
        go("/moderation/decisions", shows=(".decision-list a",)),
        role="resident",
    ),
    PageCase(
        "moderation-decision-appeal-form",
        decision_page("resident", Action.HIDE, shows=("textarea#text",)),
        role="resident",
    ),
    PageCase(
        "moderation-decision-appealed",
        decision_page("suspended", Action.SUSPEND, shows=("#appeal-heading ~ .comment-quote",)),
        role="suspended",
    ),
    PageCase("proposal-hidden-guest", hidden_proposal_as_guest),
    PageCase("proposal-hidden-author", hidden_proposal_as_author, role="resident"),
    PageCase("comment-hidden-guest", spam_placeholder),
    PageCase("comment-pending-own", own_pending_comment, role="resident"),
    PageCase("suspended-notice", go("/proposals/", shows=(".suspended-notice",)), role="suspended"),
    PageCase("suspended-refused", suspended_sends_a_proposal, role="suspended"),
]
