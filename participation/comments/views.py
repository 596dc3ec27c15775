"""Comment pages and forms: post, reply, edit, delete, vote, official answers, close, reopen.

Every form is a plain POST that comes back to the page it was sent from, at the comment.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.comments import links, permissions, services, subjects, throttle
from participation.comments.forms import CloseForm, CommentForm, EditForm
from participation.comments.models import Comment, CommentState, CommentThread
from participation.core import rate_limits
from participation.core.permissions import (
    Role,
    open_to_suspended,
    public,
    roles_required,
    signed_in,
)
from participation.core.urls import is_local_path
from participation.extensions import db

bp = Blueprint("comments", __name__, url_prefix="/comments")

STAFF = (Role.STAFF, Role.ADMIN)
RATE_LIMITED = _l(
    "Sie haben in kurzer Zeit viele Beiträge geschrieben. Bitte warten Sie ein paar Minuten und senden Sie dann noch einmal. Ihr Text ist noch da."
)


def subject_visible(thread: CommentThread) -> bool:
    """Whether the thread's subject exists and the viewer may see it."""
    try:
        kind = subjects.kind_of(thread)
    except KeyError:
        return False
    return kind.is_visible(thread)


def load_thread(thread_id: int) -> CommentThread:
    """Return the thread if the viewer may see its subject, else 404."""
    thread = db.session.get(CommentThread, thread_id)
    if thread is None or not subject_visible(thread):
        abort(404)
    return thread


def load_comment(comment_id: int) -> Comment:
    """Return the comment if the viewer may see it and its subject, else 404 (a comment held
    for review exists only for its author and the moderators)."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or not subject_visible(comment.thread):
        abort(404)
    if comment.state is CommentState.PENDING and not permissions.can_read(current_user, comment):
        abort(404)
    return comment


def sent_back(fallback: str, anchor: str) -> str:
    """Return the page the form was sent from (`next`), else `fallback`, at `#anchor`."""
    target = request.form.get("next", "")
    return links.with_anchor(target if is_local_path(target) else fallback, anchor)


@bp.get("/<int:comment_id>")
@public
def show(comment_id: int):
    """Show one comment with its replies: the permalink and "continue this thread" page."""
    comment = load_comment(comment_id)
    view = services.load_subtree_view(comment)
    return render_template("comments/show.html", thread_view=view, comment=comment)


@bp.post("/thread/<int:thread_id>")
@signed_in
def post(thread_id: int):
    """Post a new comment, or a reply when `parent_id` is sent."""
    return post_to(load_thread(thread_id), official=False)


@bp.post("/thread/<int:thread_id>/official")
@roles_required(*STAFF)
def post_official(thread_id: int):
    """Post an answer of the town administration, visibly marked."""
    return post_to(load_thread(thread_id), official=True)


def post_to(thread: CommentThread, official: bool):
    """Validate, count against the limit, post, commit and go to the new comment."""
    form = CommentForm()
    if not form.validate_on_submit():
        return render_post_form(thread, form, official, 400)
    if not throttle.take_post_slot(current_user.id):
        return rate_limited(thread, form, official)
    try:
        comment = services.post_comment(
            thread, current_user, form.body.data, form.parent_id.data, official=official
        )
    except services.CommentError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return render_post_form(thread, form, official, error.status)
    db.session.commit()
    if comment.state is CommentState.PENDING:
        flash(_("Danke. Ihr Beitrag wird von der Moderation geprüft und dann freigegeben."), "info")
    else:
        flash(_("Ihr Beitrag ist veröffentlicht."), "success")
    return redirect(links.comment_location(comment, form.sort.data))


def rate_limited(thread: CommentThread, form: CommentForm, official: bool):
    """Show the form again with the typed text and when the account may post again."""
    wait = throttle.wait(current_user.id)
    if wait is None:
        form.form_errors.append(RATE_LIMITED)
        return render_post_form(thread, form, official, 429)
    form.form_errors.append(
        _(
            "Sie haben in kurzer Zeit viele Beiträge geschrieben. Ihr Text ist noch da. Bitte senden Sie ihn %(when)s noch einmal.",
            when=rate_limits.in_words(wait),
        )
    )
    page, status = render_post_form(thread, form, official, 429)
    return page, status, {"Retry-After": str(wait)}


def render_post_form(thread: CommentThread, form: CommentForm, official: bool, status: int):
    """Show the form again with what was typed and why it was not posted."""
    parent = services.stored_comment(form.parent_id.data)
    if parent is not None and (
        parent.thread_id != thread.id or parent.state is not CommentState.VISIBLE
    ):
        parent = None
    endpoint = "comments.post_official" if official else "comments.post"
    back = links.comment_location(parent, form.sort.data) if parent else None
    page = render_template(
        "comments/form.html",
        form=form,
        parent=parent,
        official=official,
        action=url_for(endpoint, thread_id=thread.id),
        back_url=back or links.with_sort(links.subject_page(thread), form.sort.data, "comments"),
    )
    return page, status


@bp.route("/<int:comment_id>/edit", methods=["GET", "POST"])
@signed_in
def edit(comment_id: int):
    """Change the text of one's own comment within 15 minutes."""
    comment = load_comment(comment_id)
    if not permissions.is_author(current_user, comment):
        abort(403)
    form = EditForm(obj=comment)
    refusal = services.edit_refusal(comment, current_user)
    if form.validate_on_submit():
        try:
            services.edit_comment(comment, current_user, form.body.data)
        except services.CommentError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
            return render_edit(comment, form, show_form=True), error.status
        db.session.commit()
        flash(_("Ihre Änderung ist gespeichert."), "success")
        return redirect(links.comment_location(comment))
    if refusal is not None and request.method == "GET":
        form.form_errors.append(refusal.message)
        return render_edit(comment, form, show_form=False), refusal.status
    return render_edit(comment, form, show_form=True), 400 if form.errors else 200


def render_edit(comment: Comment, form: EditForm, show_form: bool) -> str:
    """Render the edit page (the form only while it can still be used or was just sent)."""
    return render_template(
        "comments/edit.html",
        comment=comment,
        form=form,
        show_form=show_form,
        back_url=links.comment_location(comment),
    )


@bp.route("/<int:comment_id>/delete", methods=["GET", "POST"])
@signed_in
@open_to_suspended
def delete(comment_id: int):
    """Ask, then delete one's own comment (its replies stay)."""
    comment = load_comment(comment_id)
    if not permissions.is_author(current_user, comment):
        abort(403)
    back = links.comment_location(comment)
    if request.method == "GET":
        return render_template("comments/delete.html", comment=comment, back_url=back)
    services.delete_comment(comment, current_user)
    db.session.commit()
    flash(_("Ihr Kommentar ist gelöscht."), "success")
    return redirect(sent_back(back, f"comment-{comment.id}"))


@bp.post("/<int:comment_id>/vote")
@signed_in
def vote(comment_id: int):
    """Mark a comment as helpful (`action=add`) or take that back (`action=remove`)."""
    comment = load_comment(comment_id)
    try:
        services.set_vote(comment, current_user, request.form.get("action") != "remove")
    except services.CommentError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
    return redirect(sent_back(links.comment_location(comment), f"comment-{comment.id}"))


@bp.post("/thread/<int:thread_id>/close")
@roles_required(*STAFF)
def close(thread_id: int):
    """Close a thread for new comments, with a reason everyone sees."""
    thread = load_thread(thread_id)
    form = CloseForm()
    if form.validate_on_submit():
        services.close_thread(thread, current_user, form.reason.data)
        db.session.commit()
        flash(_("Die Diskussion ist geschlossen."), "success")
        return redirect(sent_back(links.subject_page(thread), "comments"))
    back = links.with_anchor(links.subject_page(thread), "comments")
    return render_template("comments/close.html", form=form, back_url=back), 400


@bp.post("/thread/<int:thread_id>/reopen")
@roles_required(*STAFF)
def reopen(thread_id: int):
    """Open a closed thread again."""
    thread = load_thread(thread_id)
    services.reopen_thread(thread, current_user)
    db.session.commit()
    flash(_("Die Diskussion ist wieder offen."), "success")
    return redirect(sent_back(links.subject_page(thread), "comments"))
