"""Every page in German and English, wide and phone-sized: zero axe-core WCAG 2.1 A/AA violations,
and on a phone no sideways scrolling at 360 px (a common phone) nor at 320 px (where WCAG 2.1,
1.4.10 Reflow, draws the line).

These check the markup of each page state, which does not depend on the database: .ci/run runs
them in the SQLite suite only; every journey and every other test runs on both databases."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    VIEWPORTS,
    assert_no_horizontal_scrolling,
    assert_no_violations,
    assert_plain_title,
)
from tests.browser.pages import PAGES


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("case", PAGES, ids=[case.name for case in PAGES])
def test_page_has_no_axe_violations(pooled_page, live_server, case, lang, width):
    page = pooled_page(case.role, lang, width)
    case.visit(page, live_server, lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_no_violations(page)
    assert_plain_title(page)
    if width == 360:
        assert_reflows(page)


def assert_reflows(page) -> None:
    """Fail when the page scrolls sideways at 360 or at 320 px (the window is put back)."""
    assert_no_horizontal_scrolling(page)
    page.set_viewport_size(VIEWPORTS[320])
    try:
        assert_no_horizontal_scrolling(page)
    finally:
        page.set_viewport_size(VIEWPORTS[360])
