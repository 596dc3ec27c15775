"""Every page state the browser tests visit: how to reach it and what it must show."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect

from tests.browser.data_rights_pages import DATA_RIGHTS_PAGES
from tests.browser.entry_pages import ENTRY_PAGES
from tests.browser.handout_pages import HANDOUT_PAGES
from tests.browser.helpers import (
    ACCOUNTS,
    PASSWORD,
    RESET_ACCOUNTS,
    SUBMIT,
    new_address,
    sign_up,
)
from tests.browser.ideas_pages import IDEAS_PAGES
from tests.browser.implementation_pages import IMPLEMENTATION_PAGES
from tests.browser.moderation_pages import MODERATION_PAGES
from tests.browser.notification_pages import NOTIFICATION_PAGES
from tests.browser.paper_comment_pages import PAPER_COMMENT_PAGES
from tests.browser.paper_pages import PAPER_PAGES
from tests.browser.privacy_pages import PRIVACY_PAGES
from tests.browser.results_pages import RESULTS_PAGES
from tests.browser.returns_pages import RETURNS_PAGES
from tests.browser.scan_pages import SCAN_PAGES
from tests.browser.seed import ANSWERED, CLOSED, LONG_TALK, NEIGHBOURS, NEIGHBOURS_ROOT, OWN
from tests.browser.session_pages import SESSION_PAGES
from tests.browser.survey_answer_pages import SURVEY_ANSWER_PAGES
from tests.browser.survey_builder_pages import SURVEY_BUILDER_PAGES
from tests.browser.survey_results_pages import SURVEY_RESULTS_PAGES
from tests.browser.two_factor_pages import TWO_FACTOR_PAGES
from tests.browser.verification_pages import VERIFICATION_PAGES
from tests.browser.visits import PageCase, comment, go, proposal
from tests.browser.vote_ballot_pages import VOTE_BALLOT_PAGES
from tests.browser.vote_builder_pages import VOTE_BUILDER_PAGES
from tests.browser.vote_results_pages import VOTE_RESULTS_PAGES

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer


def signup_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send the sign-up form with a bad address and a short, unrepeated password."""
    sign_up(page, "keine-adresse", "Fehlerprobe", "kurz", repeat="anders")
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#password")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#password_confirm")).to_have_attribute("aria-invalid", "true")


def signin_failed(page: Page, server: LiveServer, lang: str) -> None:
    """Try to sign in with a wrong password."""
    page.goto("/account/signin")
    page.locator("#email").fill(ACCOUNTS[("resident", "de")])
    page.locator("#password").fill("falsches-Passwort-123")
    page.locator(SUBMIT).click()
    expect(page.locator(".form-summary")).to_be_visible()


def check_mail_after_signup(page: Page, server: LiveServer, lang: str) -> None:
    """Sign up and stay on the 'please check your mail' page."""
    address = new_address()
    sign_up(page, address, "Neue Person", PASSWORD)
    expect(page.locator("main")).to_contain_text(address)
    assert server.mails_to(address), "the confirmation mail was not written"


def reset_form_from_mail(page: Page, server: LiveServer, lang: str) -> None:
    """Ask for a reset link, then open the link from the mail."""
    address = RESET_ACCOUNTS[lang]
    before = len(server.mails_to(address))
    page.goto("/account/reset")
    page.locator("#email").fill(address)
    page.locator(SUBMIT).click()
    expect(page.locator("main")).to_contain_text(address)
    assert len(server.mails_to(address)) == before + 1, "the reset mail was not written"
    response = page.goto(server.last_link_to(address))
    assert response.status == 200, f"the reset link answered {response.status}"
    expect(page.locator("#password_confirm")).to_be_visible()


def roles_page(page: Page, server: LiveServer, lang: str) -> None:
    """Open the roles page of the demo resident."""
    go(f"/admin/users/{server.user_id(ACCOUNTS[('resident', 'de')])}")(page, server, lang)


# --- proposals and comments (tests/browser/seed.py adds what these pages show) ------------


def own(kind: str) -> Callable[[str], str]:
    """Return the title (or comment text) of `kind` for the language's resident."""
    return lambda lang: getattr(OWN[lang], kind)


def new_proposal_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send the proposal form with a short title and no category."""
    page.goto("/proposals/new")
    page.locator("#title").fill("Bank")
    page.locator("#body").fill("Eine Bank im Schatten am Markt.")
    page.locator(SUBMIT).click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#category")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#body")).to_have_value("Eine Bank im Schatten am Markt.")


def empty_comment_sent(page: Page, server: LiveServer, lang: str) -> None:
    """Send an empty comment: the form comes back on a page of its own, with the error."""
    proposal(NEIGHBOURS)(page, server, lang)
    page.locator("form.comment-form:has(#new-comment-body) button[type=submit]").first.click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#body")).to_have_attribute("aria-invalid", "true")


def close_without_reason(page: Page, server: LiveServer, lang: str) -> None:
    """Staff try to close a discussion without a reason: the close page with the error."""
    proposal(NEIGHBOURS)(page, server, lang)
    page.locator("details.comments__close summary").click()
    page.locator("details.comments__close button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#reason")).to_have_attribute("aria-invalid", "true")


SUPPORT_BUTTON = "#support button[value=add]"
FOLLOW_BUTTON = "#follow button"
NEW_COMMENT = "#new-comment-body"
REPLY_FORM = "details.comment__reply textarea"
ANSWER_FORM = "#staff-answer #answer"

PROPOSAL_PAGES = [
    PageCase("proposals", go("/proposals/", shows=(".proposal-card",))),
    PageCase(
        "proposals-filtered",
        go(
            "/proposals/?q=B%C3%A4nke&category=Sonstiges&status=published",
            shows=(".proposal-card",),
        ),
        role="resident",
    ),
    PageCase("proposals-none-found", go("/proposals/?q=Zeppelinlandeplatz")),
    PageCase("proposal-new", go("/proposals/new", shows=("#image_1",)), role="resident"),
    PageCase("proposal-new-errors", new_proposal_with_errors, role="resident"),
    PageCase("proposal-preview", proposal(own("draft"), "/preview"), role="resident"),
    PageCase("proposal-guest", proposal(ANSWERED, shows=("#official-answer", ".comment"))),
    PageCase(
        "proposal-discussion-page-2",
        proposal(LONG_TALK, "?comments_page=2", shows=(".comments .pager", ".comment")),
    ),
    PageCase(
        "proposal-resident",
        proposal(
            NEIGHBOURS,
            shows=(SUPPORT_BUTTON, FOLLOW_BUTTON, NEW_COMMENT, REPLY_FORM, ".proposal-image img"),
            open_all=True,
        ),
        role="resident",
    ),
    PageCase(
        "proposal-author",
        proposal(own("editable"), shows=("a[href$='/edit']", "#confirm")),
        role="resident",
    ),
    PageCase(
        "proposal-author-update",
        proposal(own("supported"), shows=("form[action$='/update'] textarea", "#confirm")),
        role="resident",
    ),
    PageCase(
        "proposal-staff",
        proposal(NEIGHBOURS, shows=(ANSWER_FORM, "#close-reason"), open_all=True),
        role="staff",
    ),
    PageCase(
        "proposal-closed-discussion",
        proposal(CLOSED, shows=(".comments__closed", ".comment--official")),
    ),
    PageCase("proposal-edit", proposal(own("editable"), "/edit"), role="resident"),
    PageCase("proposals-mine", go("/proposals/mine", shows=(".proposal-card",)), role="resident"),
    PageCase(
        "proposals-followed", go("/proposals/followed", shows=(".proposal-card",)), role="resident"
    ),
    PageCase(
        "comment",
        comment(NEIGHBOURS_ROOT, shows=(".comment__more", REPLY_FORM), open_all=True),
        role="resident",
    ),
    PageCase("comment-edit", comment(own("comment"), "/edit", shows=("#body",)), role="resident"),
    PageCase(
        "comment-delete",
        comment(own("comment"), "/delete", shows=(".comment-quote",)),
        role="resident",
    ),
    PageCase("comment-errors", empty_comment_sent, role="resident"),
    PageCase("discussion-close-errors", close_without_reason, role="staff"),
]

PAGES = [
    PageCase("home", go("/")),
    PageCase("impressum", go("/impressum")),
    PageCase("datenschutz", go("/datenschutz")),
    PageCase("barrierefreiheit", go("/barrierefreiheit")),
    PageCase("open-data-api", go("/api/", shows=(".open-data__endpoint", "a[rel=license]"))),
    PageCase("signup", go("/account/signup")),
    PageCase("signup-errors", signup_with_errors),
    PageCase("check-mail", check_mail_after_signup),
    PageCase("signin", go("/account/signin")),
    PageCase("signin-failed", signin_failed),
    PageCase("reset-request", go("/account/reset")),
    PageCase("reset-password", reset_form_from_mail),
    PageCase("resend-confirmation", go("/account/confirm")),
    PageCase("link-problem", go("/account/confirm/garbage", 400)),
    PageCase("not-found", go("/gibt-es-nicht", 404)),
    PageCase("profile", go("/profile/"), role="resident"),
    PageCase("forbidden", go("/admin/users", 403), role="resident"),
    PageCase("admin-users", go("/admin/users"), role="admin"),
    PageCase("admin-user-roles", roles_page, role="admin"),
    PageCase("admin-audit", go("/admin/audit"), role="admin"),
    *PRIVACY_PAGES,
    *PROPOSAL_PAGES,
    *MODERATION_PAGES,
    *NOTIFICATION_PAGES,
    *SURVEY_BUILDER_PAGES,
    *SURVEY_ANSWER_PAGES,
    *SURVEY_RESULTS_PAGES,
    *VERIFICATION_PAGES,
    *VOTE_BUILDER_PAGES,
    *VOTE_BALLOT_PAGES,
    *VOTE_RESULTS_PAGES,
    *PAPER_PAGES,
    *HANDOUT_PAGES,
    *IDEAS_PAGES,
    *PAPER_COMMENT_PAGES,
    *ENTRY_PAGES,
    *RETURNS_PAGES,
    *SCAN_PAGES,
    *RESULTS_PAGES,
    *IMPLEMENTATION_PAGES,
    *SESSION_PAGES,
    *TWO_FACTOR_PAGES,
    *DATA_RIGHTS_PAGES,
]
