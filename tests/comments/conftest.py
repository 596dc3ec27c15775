"""Comment fixtures: a throw-away subject kind "test" (its page is "/"), threads, comments."""

from __future__ import annotations

import pytest
from flask import current_app

from participation.comments import services, subjects
from participation.comments.threads import create_thread


class SubjectSwitches:
    """Switches of the "test" subject: whether it takes comments and can be seen."""

    def __init__(self):
        self.accepts = True
        self.visible = True


@pytest.fixture()
def subject(app):
    """Register the "test" subject kind; tests flip `subject.accepts` / `subject.visible`."""
    state = SubjectSwitches()
    subjects.register(
        "test",
        subjects.SubjectKind(
            url=lambda thread: "/#comments",
            accepts_comments=lambda thread: state.accepts,
            is_visible=lambda thread: state.visible,
        ),
    )
    yield state
    current_app.extensions["comment_subjects"].pop("test", None)


@pytest.fixture()
def thread(db, subject):
    """An empty thread of the "test" subject."""
    return create_thread("test")


@pytest.fixture()
def post(db, thread):
    """post(author, body="…", parent=None, official=False, on=thread) → a comment via the service."""

    def make(author, body="Ein Beitrag.", parent=None, official=False, on=None):
        return services.post_comment(
            on or thread, author, body, parent.id if parent else None, official=official
        )

    return make


@pytest.fixture()
def events_seen(app):
    """Record every comment event emitted during the test as (name, payload)."""
    from participation.core import events

    seen = []
    handlers = {}
    for name in (events.COMMENT_POSTED, events.COMMENT_REPLY, events.COMMENT_DELETED):
        handlers[name] = lambda _name=name, **payload: seen.append((_name, payload))
        events.subscribe(name, handlers[name])
    yield seen
    registry = app.extensions["event_handlers"]
    for name, handler in handlers.items():
        registry[name].remove(handler)
