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
)
# The account to sign in with for (role, language).
ACCOUNTS = {
    ("resident", "de"): "einwohnerin@example.org",
    ("resident", "en"): "resident.en@example.org",
    ("admin", "de"): "admin@example.org",
    ("admin", "en"): "admin.en@example.org",
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


def go(path: str, status: int = 200) -> Visit:
    """Return a visit step that opens `path` and checks the status code and final address."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        response = page.goto(path)
        assert response.status == status, f"{path} answered {response.status}"
        assert page.url == server.url + path, f"{path} was sent on to {page.url}"

    return visit


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
]
