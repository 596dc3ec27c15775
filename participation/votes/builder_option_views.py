"""Builder pages for a vote's options (routes of the `vote_builder` blueprint): the list with
the form for a new one, editing, deleting and moving. After a move the page opens at the moved
option (an anchor on an element that takes focus), so keyboard users stay where they were.
"""

from __future__ import annotations

from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from participation.extensions import db
from participation.votes import builder_checks, builder_options
from participation.votes.builder import BuilderError
from participation.votes.builder_forms import ConfirmForm, OptionForm
from participation.votes.builder_views import (
    bp,
    has_errors,
    load_vote,
    missing,
    put_problems,
    refused,
    staff_only,
    vote_page,
)
from participation.votes.models import Vote, VoteKind, VoteOption


def load_option(vote: Vote, option_id: int) -> VoteOption:
    """Return the vote's option, else 404 (also for an option of another vote)."""
    option = next((o for o in vote.options if o.id == option_id), None)
    if option is None:
        abort(404)
    return option


def step() -> int:
    """Return -1 for "up" and +1 for "down" from the posted form (400 for anything else)."""
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    return -1 if direction == "up" else 1


def options_page(vote: Vote, form: OptionForm | None = None, status: int = 200):
    """Render the vote's options with the form for a new one."""
    locked = builder_checks.is_locked(vote)
    adding = not locked and vote.kind is not VoteKind.YES_NO
    if form is None and adding:
        form = OptionForm(vote.kind, formdata=None)
    costs = [option.cost or 0 for option in vote.options]
    return render_template(
        "votes/manage/options.html",
        vote=vote,
        phase=vote.phase(),
        locked=locked,
        form=form if adding else None,
        total=sum(costs),
        problems=missing(vote) if vote.published_at is None else [],
    ), status


@bp.get("/<int:vote_id>/options")
@staff_only
def options(vote_id: int):
    """List the vote's options, with a form to add one."""
    return options_page(load_vote(vote_id))


@bp.post("/<int:vote_id>/options")
@staff_only
def add_option(vote_id: int):
    """Add an option at the end of the ballot."""
    vote = load_vote(vote_id)
    try:
        builder_options.refuse_adding(vote)
    except BuilderError as error:
        refused(error)
        return vote_page(vote, "vote_builder.options")
    form = OptionForm(vote.kind)
    if form.validate_on_submit():
        try:
            option = builder_options.add_option(vote, form.fields(), current_user)
        except BuilderError as error:
            put_problems(form, error.problems)
        else:
            db.session.commit()
            flash(_("Die Antwortmöglichkeit ist hinzugefügt."), "success")
            return vote_page(vote, "vote_builder.options", f"option-{option.id}")
    return options_page(vote, form, 400 if has_errors(form) else 200)


def option_form(vote: Vote, option: VoteOption) -> OptionForm:
    """Return the option's form: once the vote has opened only the description, unless a full
    form arrives (sent before it opened), which the lock rules then judge in full."""
    posted_full = request.method == "POST" and "title" in request.form
    locked = builder_checks.is_locked(vote) and not posted_full
    return OptionForm(vote.kind, obj=None if request.method == "POST" else option, locked=locked)


@bp.route("/<int:vote_id>/options/<int:option_id>", methods=["GET", "POST"])
@staff_only
def edit_option(vote_id: int, option_id: int):
    """Change an option (once the vote has opened: only its description)."""
    vote = load_vote(vote_id)
    option = load_option(vote, option_id)
    if vote.kind is VoteKind.YES_NO:
        flash(str(builder_options.FIXED), "error")
        return vote_page(vote, "vote_builder.options")
    form = option_form(vote, option)
    if form.validate_on_submit():
        try:
            builder_options.update_option(option, form.fields(option), current_user)
        except BuilderError as error:
            put_problems(form, error.problems)
        else:
            db.session.commit()
            flash(_("Die Antwortmöglichkeit ist gespeichert."), "success")
            return vote_page(vote, "vote_builder.options", f"option-{option.id}")
    return render_template(
        "votes/manage/option.html",
        vote=vote,
        option=option,
        form=form,
        locked=builder_checks.is_locked(vote),
    ), 400 if has_errors(form) else 200


@bp.post("/<int:vote_id>/options/<int:option_id>/delete")
@staff_only
def delete_option(vote_id: int, option_id: int):
    """Delete an option."""
    vote = load_vote(vote_id)
    option = load_option(vote, option_id)
    if ConfirmForm().validate_on_submit():
        try:
            builder_options.delete_option(option, current_user)
        except BuilderError as error:
            refused(error)
            return vote_page(vote, "vote_builder.options", f"option-{option.id}")
        db.session.commit()
        flash(_("Die Antwortmöglichkeit ist gelöscht."), "success")
    return vote_page(vote, "vote_builder.options", "options")


@bp.post("/<int:vote_id>/options/<int:option_id>/move")
@staff_only
def move_option(vote_id: int, option_id: int):
    """Move an option one place up or down."""
    vote = load_vote(vote_id)
    option = load_option(vote, option_id)
    if ConfirmForm().validate_on_submit():
        try:
            builder_options.move_option(option, step(), current_user)
        except BuilderError as error:
            refused(error)
        else:
            db.session.commit()
    return vote_page(vote, "vote_builder.options", f"option-{option.id}")
