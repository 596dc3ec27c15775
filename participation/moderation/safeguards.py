"""Automatic safeguards: posts held before anyone sees them, and hiding after many reports.

Each is a setting (see README, "Moderation"); 0 or empty turns it off:
MODERATION_PREMODERATE_FIRST_POSTS  the first K posts of a new account wait for approval
MODERATION_PREMODERATE_CATEGORIES   proposals in these categories wait for approval
MODERATION_MAX_LINKS                posts with more links than this wait for review
MODERATION_BLOCKED_WORDS(_FILE)     posts with one of these words wait for review
MODERATION_AUTO_HIDE_REPORTS        content reported by this many accounts is hidden until decided
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from participation.comments.models import Comment, CommentState
from participation.core.permissions import Role
from participation.core.screening import Post
from participation.extensions import db
from participation.moderation.models import HoldRule
from participation.proposals.models import ModerationState, Proposal, ProposalStatus

# Where a link starts; counting starts (not runs of non-blanks) also counts links written
# without blanks between them, e.g. Markdown "[a](https://…)[b](https://…)".
LINK = re.compile(r"(?:https?://|(?<![\w/.@-])www\.)", re.IGNORECASE)
TRUSTED = (Role.STAFF, Role.MODERATOR, Role.ADMIN)


def hold_rule(post: Post) -> HoldRule | None:
    """Return the first safeguard that holds `post` for review, or None."""
    if post.author.has_any_role(*TRUSTED):
        return None
    if is_new_account(post.author.id):
        return HoldRule.NEW_ACCOUNT
    if post.kind == "proposal" and post.category in setting("MODERATION_PREMODERATE_CATEGORIES"):
        return HoldRule.CATEGORY
    if too_many_links(post.text):
        return HoldRule.LINKS
    if blocked_word_in(post.text):
        return HoldRule.BLOCKED_WORD
    return None


def setting(name: str):
    """Return a moderation setting."""
    return current_app.config[name]


def is_new_account(author_id: int) -> bool:
    """Whether the author has fewer released posts than MODERATION_PREMODERATE_FIRST_POSTS."""
    needed = setting("MODERATION_PREMODERATE_FIRST_POSTS")
    return needed > 0 and released_posts(author_id) < needed


def released_posts(author_id: int) -> int:
    """Count the author's proposals and comments that the moderation let through and that
    are still shown. Deleted comments do not count: a held comment deleted before anyone
    approved it is "deleted" too, and must not open the way past pre-moderation."""
    comments = select(func.count()).where(
        Comment.author_id == author_id, Comment.state == CommentState.VISIBLE
    )
    proposals = select(func.count()).where(
        Proposal.author_id == author_id,
        Proposal.status != ProposalStatus.DRAFT,
        Proposal.moderation_state == ModerationState.SHOWN,
    )
    return db.session.scalar(comments) + db.session.scalar(proposals)


def too_many_links(text: str) -> bool:
    """Whether the text has more links than MODERATION_MAX_LINKS (0: no limit)."""
    limit = setting("MODERATION_MAX_LINKS")
    return limit > 0 and len(LINK.findall(text)) > limit


def blocked_word_in(text: str) -> bool:
    """Whether the text contains a blocked word (whole words, any case, any Unicode form)."""
    pattern = blocked_pattern(tuple(blocked_words()))
    return pattern is not None and pattern.search(nfc(text)) is not None


def nfc(text: str) -> str:
    """Compose umlauts ("o" + combining diaeresis → "ö"), so both spellings match."""
    return unicodedata.normalize("NFC", text)


def blocked_words() -> list[str]:
    """Return the blocked words from the setting and from the optional file (one per line)."""
    words = list(setting("MODERATION_BLOCKED_WORDS"))
    path = setting("MODERATION_BLOCKED_WORDS_FILE")
    if path and Path(path).is_file():
        lines = [line.strip() for line in Path(path).read_text(encoding="utf-8-sig").splitlines()]
        words += [line for line in lines if line and not line.startswith("#")]
    return [nfc(word) for word in words]


@lru_cache(maxsize=8)
def blocked_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    """Compile the blocked words into one case-insensitive whole-word pattern."""
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def auto_hide_threshold() -> int:
    """Return how many distinct reporters hide content until a decision (0: never)."""
    return setting("MODERATION_AUTO_HIDE_REPORTS")
