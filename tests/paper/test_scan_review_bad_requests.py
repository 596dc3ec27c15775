"""Addresses no page links to still get an answer from the scan review, not a 500 (found by
the fuzz tests: a page number beyond any id column overflowed the database driver)."""

from __future__ import annotations

import pytest

from participation.core.permissions import Role


@pytest.mark.parametrize("after", ["9" * 40, "2147483648", "-1"])
def test_next_after_a_page_that_cannot_exist_starts_at_the_first(client, login_as, after):
    login_as(Role.STAFF)
    response = client.get(f"/paper/scans/review/next?after={after}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/paper/scans/review/")
    assert "Alle gescannten Bögen sind geprüft." in client.get("/paper/scans/review/").text
