"""Requests no page sends to the admins' delivery page still get an answer, not a 500 (found
by the fuzz tests: a mail id beyond any database column overflowed the driver)."""

from __future__ import annotations

import pytest

from participation.notifications.models import Delivery
from tests.notifications.test_admin import given_up


@pytest.mark.parametrize("number", ["9223372036854775808", "2147483648", "0", "-1"])
def test_a_mail_id_that_cannot_exist_retries_nothing(client, login_as, make_user, db, number):
    row = given_up(db, make_user())
    login_as("admin")
    response = client.post("/admin/notifications/retry", data={"notification": number})
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Eingaben" in response.get_data(as_text=True)
    db.session.refresh(row)
    assert row.delivery is Delivery.FAILED  # not retried, and "0" is not "all of them"
