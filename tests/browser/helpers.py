"""Small steps the browser tests share: sign in, switch language, run axe, move focus by keyboard."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

AXE_URL = "/static/vendor/axe-core/axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}


def sign_in(page: Page, address: str, password: str) -> None:
    """Sign in through the form and wait for the redirect away from it."""
    page.goto("/account/signin")
    page.locator("#email").fill(address)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/account/signin"))
    expect(page.locator("form[action$='/account/signout']")).to_have_count(1)


def switch_language(page: Page, code: str) -> None:
    """Press the header's language button for `code` and wait for the page in that language."""
    page.locator(f".language-switch button[value='{code}']").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def axe_violations(page: Page) -> list[dict]:
    """Load axe-core from the site itself (allowed by its CSP) and return the WCAG A/AA violations."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_URL)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def describe_violations(violations: list[dict]) -> str:
    """Format axe violations as a readable list: rule, impact, help, and the offending nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:10]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {node['target']}: {node['html'][:160]}")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more nodes")
    return "\n".join(lines)


def assert_no_violations(page: Page) -> None:
    """Fail with a readable list when axe finds WCAG 2.1 A/AA violations on the page."""
    violations = axe_violations(page)
    assert not violations, (
        f"axe found {len(violations)} violation(s) on {page.url}:\n"
        + describe_violations(violations)
    )


def focused_matches(page: Page, selector: str) -> bool:
    """Return whether the focused element matches the CSS `selector`."""
    return page.evaluate(
        "selector => !!document.activeElement && document.activeElement.matches(selector)",
        selector,
    )


def focused_description(page: Page) -> str:
    """Describe the focused element for failure messages."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e ? e.outerHTML.slice(0, 200) : 'nothing'; }"
    )


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has focus (fail after `limit` presses)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_matches(page, selector):
            return
    raise AssertionError(
        f"{selector} never got focus after {limit} Tab presses; "
        f"focus is on {focused_description(page)}"
    )


def type_into(page: Page, selector: str, text: str) -> None:
    """Tab to a field and type `text` into it with the keyboard."""
    tab_to(page, selector)
    page.keyboard.type(text)
