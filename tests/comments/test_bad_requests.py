"""Requests no page sends to the comment forms still get an answer, not a 500 (found by the
fuzz tests: a reply to a comment number beyond any id column overflowed the database driver)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.comments.models import Comment


@pytest.mark.parametrize("parent", ["9223372036854775808", "2147483648", "0", "-5"])
def test_a_reply_to_a_comment_that_cannot_exist_is_refused(client, login_as, db, thread, parent):
    login_as("resident")
    data = {"body": "Meine Antwort.", "parent_id": parent}
    response = client.post(f"/comments/thread/{thread.id}", data=data)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "gibt es nicht mehr" in page and "Meine Antwort." in page  # what was typed is kept
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0
