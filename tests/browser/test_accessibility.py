"""Every page in German and English, wide and phone-sized: zero axe-core WCAG 2.1 A/AA violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_violations, assert_plain_title
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
