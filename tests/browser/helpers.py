"""What the browser tests share: accounts, the pages to check, and small steps (sign in, switch
language, run axe, move focus with the keyboard)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect

from participation.accounts.seed import DEMO_PASSWORD
from tests.browser.seed import ANSWERED, CLOSED, NEIGHBOURS, NEIGHBOURS_ROOT, OWN

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

PASSWORD = DEMO_PASSWORD
VIEWPORTS = {
    1280: {"width": 1280, "height": 900},
    360: {"width": 360, "height": 740},
    320: {"width": 320, "height": 640},
}

# Accounts the browser tests add next to the demo accounts: (address, name, locale, roles).
# The English ones let a signed-in page be checked in English without changing a demo profile.
EXTRA_ACCOUNTS = (
    ("resident.en@example.org", "Erin Resident", "en", ()),
    ("admin.en@example.org", "Adam Admin", "en", ("admin",)),
    ("rollenprobe@example.org", "Rita Rollenprobe", "de", ()),
    ("vergesslich@example.org", "Vera Vergesslich", "de", ()),
    ("forgetful@example.org", "Fred Forgetful", "en", ()),
    ("staff.en@example.org", "Stella Staff", "en", ("staff",)),
    # The proposal journeys: one writes, the other supports and discusses.
    ("schreiberin@example.org", "Sina Schreiberin", "de", ()),
    ("mitmacher@example.org", "Malte Mitmacher", "de", ()),
)
# The account to sign in with for (role, language).
ACCOUNTS = {
    ("resident", "de"): "einwohnerin@example.org",
    ("resident", "en"): "resident.en@example.org",
    ("admin", "de"): "admin@example.org",
    ("admin", "en"): "admin.en@example.org",
    ("staff", "de"): "verwaltung@example.org",
    ("staff", "en"): "staff.en@example.org",
}
RESET_ACCOUNTS = {"de": "vergesslich@example.org", "en": "forgetful@example.org"}

AXE_URL = "/static/vendor/axe-core/axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
SUBMIT = "main form button[type=submit]"


# --- steps ---------------------------------------------------------------------------------


def sign_in(page: Page, address: str, password: str = PASSWORD) -> None:
    """Sign in through the form and wait until the sign-out button is there."""
    page.goto("/account/signin")
    page.locator("#email").fill(address)
    page.locator("#password").fill(password)
    page.locator(SUBMIT).click()
    expect(page).not_to_have_url(re.compile(r"/account/signin"))
    expect(page.locator("form[action$='/account/signout'] button")).to_be_visible()


def switch_language(page: Page, code: str) -> None:
    """Press the header's language button for `code` and wait for the page in that language."""
    page.locator(f".language-switch button[value='{code}']").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def sign_up(page: Page, address: str, name: str, password: str, repeat: str | None = None):
    """Fill in and send the sign-up form with the mouse."""
    page.goto("/account/signup")
    page.locator("#email").fill(address)
    page.locator("#display_name").fill(name)
    page.locator("#password").fill(password)
    page.locator("#password_confirm").fill(password if repeat is None else repeat)
    page.locator(SUBMIT).click()


def new_address(prefix: str = "neu") -> str:
    """Return an address no account has yet."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.org"


def open_details(page: Page) -> None:
    """Open every <details> in the main area (axe skips what is hidden, so the reply and
    close forms inside are checked only when open)."""
    page.locator("main details").evaluate_all("all => all.forEach(d => { d.open = true; })")


# --- axe -----------------------------------------------------------------------------------


def axe_violations(page: Page) -> list[dict]:
    """Load axe-core from the site itself (its CSP allows that) and return the violations."""
    page.add_script_tag(url=AXE_URL)
    return page.evaluate(
        "options => axe.run(document, options).then(result => result.violations)", AXE_OPTIONS
    )


def describe_violations(violations: list[dict]) -> str:
    """Format axe violations as a readable list: rule, impact, help, and the offending nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:10]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def assert_no_violations(page: Page) -> None:
    """Fail with a readable list when axe finds WCAG 2.1 A/AA violations on the page."""
    violations = axe_violations(page)
    assert not violations, (
        f"axe found {len(violations)} violation(s) on {page.url}:\n"
        + describe_violations(violations)
    )


def assert_plain_title(page: Page) -> None:
    """Fail unless the page title is short plain text naming the page, then the platform
    (WCAG 2.4.2; axe only checks that there is a title)."""
    title = page.title()
    platform = page.locator(".site-brand__name").inner_text().strip()
    assert re.fullmatch(rf"[^<>\n]{{2,80}} – {re.escape(platform)}", title), (
        f"{page.url} has the title {title[:200]!r}"
    )


# --- layout --------------------------------------------------------------------------------

WIDER_THAN_VIEWPORT = """() => {
  const limit = window.innerWidth;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim()
      ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const offenders = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > limit + 0.5
      || (getComputedStyle(e).overflowX === 'visible' && e.scrollWidth > e.clientWidth + 1
          && e.clientWidth > 0))
    .slice(-8)
    .map(e => `${name(e)} (right edge ${Math.round(e.getBoundingClientRect().right)} px, `
      + `content ${e.scrollWidth} px in ${e.clientWidth} px)`);
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: limit, offenders};
}"""


def assert_no_horizontal_scrolling(page: Page) -> None:
    """Fail when the page is wider than the window, naming the elements that stick out."""
    layout = page.evaluate(WIDER_THAN_VIEWPORT)
    assert layout["scrollWidth"] <= layout["innerWidth"], (
        f"{page.url} scrolls sideways: {layout['scrollWidth']} px content in a "
        f"{layout['innerWidth']} px window; wider elements: {layout['offenders']}"
    )


# --- keyboard ------------------------------------------------------------------------------

FOCUS_STATE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {html: 'nothing (body)', visible: false};
  const style = getComputedStyle(e);
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== 'none';
  return {html: e.outerHTML.slice(0, 200), visible: e.matches(':focus-visible') && ring};
}"""


def focused_matches(page: Page, selector: str) -> bool:
    """Return whether the focused element matches the CSS `selector`."""
    return page.evaluate(
        "selector => !!document.activeElement && document.activeElement.matches(selector)",
        selector,
    )


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has focus; every element passed on the
    way must show a visible focus indicator."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        assert state["visible"], f"no visible focus indicator on {state['html']}"
        if focused_matches(page, selector):
            return
    raise AssertionError(
        f"{selector} never got focus after {limit} Tab presses; focus is on {state['html']}"
    )


def type_into(page: Page, selector: str, text: str) -> None:
    """Tab to a field and type `text` into it."""
    tab_to(page, selector)
    page.keyboard.type(text)


# --- the pages to check --------------------------------------------------------------------

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


def proposal(title, path: str = "", shows: tuple[str, ...] = (), open_all=False) -> Visit:
    """Return a visit to a proposal's page (or `path` below it): `title` is the title or a
    function of the language returning it."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        wanted = title if isinstance(title, str) else title(lang)
        go(f"/proposals/{server.proposal_id(wanted)}{path}")(page, server, lang)
        if open_all:
            open_details(page)
        expect_visible(page, shows)

    return visit


def comment(body, path: str = "", shows: tuple[str, ...] = (), open_all=False) -> Visit:
    """Return a visit to a comment's page (or `path` below it), named by its text or by a
    function of the language returning it."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        wanted = body if isinstance(body, str) else body(lang)
        go(f"/comments/{server.comment_id(wanted)}{path}")(page, server, lang)
        if open_all:
            open_details(page)
        expect_visible(page, shows)

    return visit


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
