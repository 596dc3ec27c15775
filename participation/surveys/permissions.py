"""Who may do what with a survey: named predicates the views and templates share."""

from __future__ import annotations

from participation.core.permissions import Role, holds_any
from participation.surveys.models import Phase, Survey


def may_manage(user) -> bool:
    """Whether `user` builds surveys and reads every result (staff)."""
    return holds_any(user, Role.STAFF)


def may_see(user, survey: Survey) -> bool:
    """Whether `user` may open the survey's page (drafts only for staff)."""
    return survey.phase() is not Phase.DRAFT or may_manage(user)
