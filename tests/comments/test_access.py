"""Every comments route declares its access, and each role gets what it declares."""

import pytest

from participation.core.permissions import Role
from tests.access import ROLES, expected, outcome


def comment_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("comments."):
            yield rule, getattr(app.view_functions[rule.endpoint], "access", None)


def test_every_comments_route_declares_its_access(app):
    routes = list(comment_routes(app))
    assert len(routes) >= 8
    assert [rule.rule for rule, access in routes if access is None] == []


def test_staff_routes_are_for_staff_and_admins_only(app):
    staff_only = {"comments.post_official", "comments.close", "comments.reopen"}
    for rule, access in comment_routes(app):
        if rule.endpoint in staff_only:
            assert access == frozenset({Role.STAFF, Role.ADMIN}), rule.rule


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.value if role else "guest")
def test_each_role_on_real_comments(client, login_as, make_user, db, thread, post, role):
    """Walk the comments routes with a real thread and the viewer's own comment."""
    user = login_as(role) if role else None
    comment = post(user or make_user(), "Ein Beitrag")
    values = {"thread_id": thread.id, "comment_id": comment.id}
    failures = []
    for rule, access in comment_routes(client.application):
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", str(values[name]))
        methods = [method for method in ("GET", "POST") if method in rule.methods]
        for method in methods:
            data = {"body": "Text", "reason": "Grund", "action": "add"}
            response = client.open(path, method=method, data=data)
            got, want = outcome(response), expected(access, role)
            if got != want:
                failures.append(f"{method} {rule.rule}: {got}, expected {want}")
    assert failures == []


def test_guest_posts_are_sent_to_sign_in(client, db, thread, post, make_user):
    comment = post(make_user())
    for path in (
        f"/comments/thread/{thread.id}",
        f"/comments/thread/{thread.id}/official",
        f"/comments/thread/{thread.id}/close",
        f"/comments/thread/{thread.id}/reopen",
        f"/comments/{comment.id}/edit",
        f"/comments/{comment.id}/delete",
        f"/comments/{comment.id}/vote",
    ):
        response = client.post(path, data={"body": "x"})
        assert response.status_code == 302, path
        assert "/account/signin" in response.headers["Location"], path
    assert client.get(f"/comments/{comment.id}").status_code == 200


def test_resident_cannot_close_a_thread(client, login_as, db, thread):
    login_as("resident")
    response = client.post(f"/comments/thread/{thread.id}/close", data={"reason": "Weil"})
    assert response.status_code == 403
    db.session.refresh(thread)
    assert not thread.is_closed
