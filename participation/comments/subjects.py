"""What owns a thread: each kind of subject registers how to link to it and whether it is open.

Proposals register now; surveys and votes will register the same way without changing comments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

from participation.comments.models import CommentThread


@dataclass(frozen=True)
class SubjectKind:
    """How comments reach the subject that owns a thread."""

    url: Callable[[CommentThread], str]  # the subject's page (comments are shown there)
    accepts_comments: Callable[[CommentThread], bool]  # e.g. only while the subject is public
    is_visible: Callable[[CommentThread], bool]  # whether the viewer may see the subject at all


def register(subject_type: str, kind: SubjectKind) -> None:
    """Make threads of `subject_type` usable."""
    current_app.extensions.setdefault("comment_subjects", {})[subject_type] = kind


def kind_of(thread: CommentThread) -> SubjectKind:
    """Return the registered kind for the thread's subject."""
    return current_app.extensions["comment_subjects"][thread.subject_type]
