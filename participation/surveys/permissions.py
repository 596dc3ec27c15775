"""Who may do what with a survey: named predicates the views and templates share."""

from __future__ import annotations

from participation.core.permissions import Role, holds_any
from participation.surveys.models import Audience, Phase, Survey


def may_manage(user) -> bool:
    """Whether `user` builds surveys and reads every result (staff)."""
    return holds_any(user, Role.STAFF)


def may_see(user, survey: Survey) -> bool:
    """Whether `user` may open the survey's page (drafts only for staff)."""
    return survey.phase() is not Phase.DRAFT or may_manage(user)


def answer_refusal(user, survey: Survey) -> str | None:
    """Return why `user` may not answer the survey now ("draft", "upcoming", "closed",
    "sign_in", "suspended", "verified"), or None when they may (a second response aside)."""
    phase = survey.phase()
    if phase is not Phase.OPEN:
        return phase.value
    signed_in = bool(getattr(user, "is_authenticated", False))
    if not signed_in:
        return None if survey.audience is Audience.ANYONE else "sign_in"
    if user.is_suspended:
        return "suspended"
    if survey.audience is Audience.VERIFIED and not holds_any(user, Role.VERIFIED):
        return "verified"
    return None


def may_answer(user, survey: Survey) -> bool:
    """Whether `user` may send a response now (a second response aside)."""
    return answer_refusal(user, survey) is None


def may_save_draft(user, survey: Survey) -> bool:
    """Whether `user` may keep unfinished answers to continue later (signed-in accounts)."""
    return may_answer(user, survey) and bool(getattr(user, "is_authenticated", False))


def may_see_results(user, survey: Survey) -> bool:
    """Whether `user` may read the survey's results: staff at any time (the public once the
    results are published, which the results-publication issue adds here)."""
    return may_manage(user)


def may_hide_texts(user, survey: Survey) -> bool:
    """Whether `user` may hide free-text answers from the public results (staff)."""
    return may_manage(user)
