"""The world the browser tests see: demo accounts and every page state, seeded in one call.

The live server of the browser tests and the fuzz tests (tests/core/test_fuzz_forms.py) both
build it, so a page state added here for a browser test is fuzzed too. Call seed_world() in an
app context of an app built with world_settings(folder).
"""

from __future__ import annotations

from pathlib import Path

from participation.accounts import roles as role_service
from participation.accounts import services
from participation.accounts.seed import ensure_demo_accounts
from participation.core.permissions import Role
from participation.extensions import db
from tests.browser.data_rights_pages import seed_data_rights
from tests.browser.entry_pages import seed_entry
from tests.browser.handout_pages import seed_handout
from tests.browser.helpers import ACCOUNTS, EXTRA_ACCOUNTS, PASSWORD
from tests.browser.ideas_pages import seed_ideas
from tests.browser.implementation_pages import seed_implementation
from tests.browser.paper_comment_pages import seed_paper_comments
from tests.browser.paper_pages import seed_paper
from tests.browser.results_pages import seed_results
from tests.browser.returns_pages import seed_returns
from tests.browser.scan_pages import seed_scans
from tests.browser.seed import (
    BLOCKED_WORD,
    OWN,
    seed_moderation,
    seed_notifications,
    seed_proposals,
    town_settings,
)
from tests.browser.survey_answer_pages import seed_survey_answer
from tests.browser.survey_builder_pages import seed_survey_builder
from tests.browser.survey_results_pages import seed_survey_results
from tests.browser.two_factor_pages import seed_two_factor
from tests.browser.verification_pages import seed_verification
from tests.browser.vote_ballot_pages import seed_vote_ballot
from tests.browser.vote_builder_pages import seed_vote_builder
from tests.browser.vote_results_pages import seed_vote_results


def world_settings(folder: Path) -> dict:
    """Return the settings the seeded world needs: generous rate limits, the blocked word,
    town settings with districts, and upload and paper folders below `folder`."""
    return {
        "SIGNIN_LIMIT_PER_IP": "1000 per minute",
        "SIGNIN_LIMIT_PER_ACCOUNT": "200 per minute",
        "MAIL_LIMIT_PER_IP": "1000 per minute",
        "PROPOSAL_LIMIT": "1000 per minute",
        "COMMENT_LIMIT": "1000 per minute",
        "REPORT_LIMIT": "1000 per minute",
        "MODERATION_BLOCKED_WORDS": [BLOCKED_WORD],
        "TOWN_CONFIG": town_settings(folder),
        "UPLOAD_FOLDER": str(folder / "browser-uploads"),
        # Printed batches and scanned pages (the review's images) of this server alone.
        "PAPER_FOLDER": str(folder / "browser-paper"),
        # Pages signed in once serve a whole run, longer than the confirmation before sensitive
        # acts lasts; tests/accounts/test_reauth.py checks that it expires.
        "REAUTH_MAX_AGE": 24 * 3600,
    }


def seed_accounts() -> None:
    """Create the demo accounts and the extra accounts the browser tests use."""
    ensure_demo_accounts()
    for address, name, locale, granted in EXTRA_ACCOUNTS:
        user = services.register(address, name, PASSWORD, locale).user
        user.confirm_email()
        if granted:
            role_service.set_roles(user, {Role(role) for role in granted}, actor=None)
    db.session.commit()


def by_language(role: str) -> dict[str, str]:
    """Return the address of the account holding `role` for each language."""
    return {lang: ACCOUNTS[(role, lang)] for lang in OWN}


def seed_world() -> None:
    """Seed the accounts and every page state the browser tests visit."""
    seed_accounts()
    seed_proposals(by_language("resident"))
    seed_moderation(by_language("resident"), by_language("suspended"), by_language("moderator"))
    seed_notifications(by_language("resident"))
    seed_survey_builder()
    seed_survey_answer()
    seed_survey_results()
    seed_verification()
    seed_vote_builder()
    seed_vote_ballot()
    seed_vote_results()
    seed_paper()
    seed_handout()
    seed_ideas()
    seed_paper_comments()
    seed_entry()
    seed_returns()
    seed_scans()
    seed_results()
    seed_implementation()
    seed_data_rights()
    seed_two_factor()  # last: every account with a role that requires it gets the app
