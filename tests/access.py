"""What a route's access declaration promises, and what a response shows, for route walks."""

from __future__ import annotations

from participation.core.permissions import PUBLIC, SIGNED_IN, Role

ROLES = [None, *Role]


def role_id(role) -> str:
    """Test id for a role (None is a guest)."""
    return role.value if role else "guest"


def expected(access, role) -> str:
    """What `role` should get from a route declared with `access`."""
    if access == PUBLIC:
        return "allowed"
    if role is None:
        return "sign-in"
    if access == SIGNED_IN or role in access:
        return "allowed"
    return "forbidden"


def outcome(response) -> str:
    """What the response gave: sent to sign in, forbidden, or allowed (never a 500)."""
    if response.status_code == 302 and "/account/signin" in response.headers["Location"]:
        return "sign-in"
    if response.status_code == 403:
        return "forbidden"
    assert response.status_code < 500, response.status_code
    return "allowed"
