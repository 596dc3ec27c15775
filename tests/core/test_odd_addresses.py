"""Addresses urlsplit cannot read ("//[x": brackets taken for a broken IPv6 address) in a
`next` field or a Referer header send people to the start page instead of a 500 (found by the
fuzz tests)."""

from __future__ import annotations

import pytest

from participation.core.permissions import Role
from participation.core.urls import is_local_path, safe_next


@pytest.mark.parametrize("target", ["//[x", "http://[::1", "//a]", "/ok?x=//[x"])
def test_an_address_urlsplit_cannot_read_is_not_a_local_path(app, target):
    assert is_local_path(target) is (target == "/ok?x=//[x")
    with app.test_request_context():
        assert safe_next(target) in ("/", target)


def test_switching_language_with_a_broken_next_goes_to_the_start_page(client, db):
    response = client.post("/language", data={"lang": "en", "next": "//[x"})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_broken_referer_before_a_password_confirmation_comes_back_to_the_start(
    client, db, login_as
):
    login_as(Role.COUNCIL)  # the confirmation comes before the publication is looked up
    with client.session_transaction() as session:
        session.pop("reauth", None)  # the confirmation is too old
    response = client.post("/results/manage/1/publish", headers={"Referer": "http://[x"})
    assert response.status_code == 302
    assert "/account/reconfirm" in response.headers["Location"]
    assert "next=%2F" in response.headers["Location"] or "next=/" in response.headers["Location"]
