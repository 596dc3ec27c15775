"""What the browser tests share: accounts and small steps (sign in, switch language, run axe,
move focus with the keyboard). The page states to check are in pages.py."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect

from participation.accounts.seed import DEMO_PASSWORD
from tests.browser.authenticator import next_code

if TYPE_CHECKING:
    pass

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
    # Moderation: a moderator for English, suspended accounts, and the reporters of the journeys.
    ("moderator.en@example.org", "Morgan Moderator", "en", ("moderator",)),
    ("gesperrt@example.org", "Gerd Gesperrt", "de", ()),
    ("suspended.en@example.org", "Sam Suspended", "en", ()),
    ("melderin@example.org", "Melanie Melderin", "de", ()),
    ("hinweisgeber@example.org", "Hannes Hinweisgeber", "de", ()),
    ("laut@example.org", "Lutz Laut", "de", ()),  # writes what the journeys report
    # Notifications: accounts nobody has told anything yet (the empty centre, unsubscribing)
    # and the account of the keyboard journey through the centre and the settings.
    ("neu.hier@example.org", "Nora Neu", "de", ()),
    ("new.here@example.org", "Nick New", "en", ()),
    ("benachrichtigt@example.org", "Bea Benachrichtigt", "de", ()),
    ("council.en@example.org", "Carla Council", "en", ("council",)),  # publishes results
)
# The account to sign in with for (role, language).
ACCOUNTS = {
    ("resident", "de"): "einwohnerin@example.org",
    ("resident", "en"): "resident.en@example.org",
    ("admin", "de"): "admin@example.org",
    ("admin", "en"): "admin.en@example.org",
    ("staff", "de"): "verwaltung@example.org",
    ("staff", "en"): "staff.en@example.org",
    ("moderator", "de"): "moderation@example.org",
    ("moderator", "en"): "moderator.en@example.org",
    ("suspended", "de"): "gesperrt@example.org",
    ("suspended", "en"): "suspended.en@example.org",
    ("newcomer", "de"): "neu.hier@example.org",
    ("newcomer", "en"): "new.here@example.org",
    ("council", "de"): "stadtrat@example.org",
    ("council", "en"): "council.en@example.org",
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
    """Sign in through the form (with a code when the account uses two-factor sign-in) and
    wait until the sign-out button is there."""
    page.goto("/account/signin")
    page.locator("#email").fill(address)
    page.locator("#password").fill(password)
    page.locator(SUBMIT).click()
    pass_code_step(page, address)
    expect(page).not_to_have_url(re.compile(r"/account/signin"))
    expect(page.locator(SIGN_OUT_BUTTON)).to_be_visible()


SIGN_OUT_BUTTON = "form[action$='/account/signout'] button"
CODE_FIELD = "main input#code"


def pass_code_step(page: Page, address: str, keyboard: bool = False) -> None:
    """After the password: when the page asks for a code from the app, type the one the
    tests' authenticator shows for `address` (by keyboard if asked) and send it."""
    code_field = page.locator(CODE_FIELD)
    expect(page.locator(SIGN_OUT_BUTTON).or_(code_field)).to_be_visible()
    if not code_field.is_visible():
        return
    if keyboard:
        type_into(page, CODE_FIELD, next_code(address))
        page.keyboard.press("Enter")
    else:
        code_field.fill(next_code(address))
        page.locator(SUBMIT).click()


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
