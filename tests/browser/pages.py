"""Every page state the browser tests visit: how to reach it and what it must show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    ACCOUNTS,
    PASSWORD,
    RESET_ACCOUNTS,
    SUBMIT,
    new_address,
    open_details,
    sign_up,
)
from tests.browser.seed import ANSWERED, CLOSED, NEIGHBOURS, NEIGHBOURS_ROOT, OWN

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

Visit = Callable[[Page, "LiveServer", str], None]


@dataclass(frozen=True)
class PageCase:
    """A page in a given state, reached as a guest (role None) or as an account holding `role`."""

    name: str
    visit: Visit
    role: str | None = None


def go(path: str, status: int = 200, shows: tuple[str, ...] = ()) -> Visit:
    """Return a visit step that opens `path` and checks the status code, the final address
    and that an element matching each selector in `shows` is visible."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        response = page.goto(path)
        assert response.status == status, f"{path} answered {response.status}"
        assert page.url == server.url + path, f"{path} was sent on to {page.url}"
        expect_visible(page, shows)

    return visit


def expect_visible(page: Page, selectors: tuple[str, ...]) -> None:
    """Fail unless an element matching each selector is visible."""
    for selector in selectors:
        expect(page.locator(selector).first).to_be_visible()


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


def page_of(kind: str, lookup: str) -> Callable[..., Visit]:
    """Return a builder of visits to a `kind` page (proposals, comments) found by its text."""

    def builder(text, path: str = "", shows: tuple[str, ...] = (), open_all=False) -> Visit:
        def visit(page: Page, server: LiveServer, lang: str) -> None:
            wanted = text if isinstance(text, str) else text(lang)
            item_id = getattr(server, lookup)(wanted)
            go(f"/{kind}/{item_id}{path}")(page, server, lang)
            if open_all:
                open_details(page)
            expect_visible(page, shows)

        return visit

    return builder


# A visit to a proposal (by title) or comment (by text), or to `path` below it; the text may be
# a function of the language returning it.
proposal = page_of("proposals", "proposal_id")
comment = page_of("comments", "comment_id")


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
    *PROPOSAL_PAGES,
]
