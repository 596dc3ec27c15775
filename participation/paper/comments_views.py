"""Staff page to type in a comment handed in on paper about a proposal (a letter, a note at the
Bürgerbüro): it joins the proposal's discussion marked "Auf Papier eingereicht". Keyboard
first and without JavaScript: the text field has the focus, and after saving the page comes
back empty for the next letter on the same proposal, with a note and a link to the comment
just saved (POST-redirect-GET). A refusal keeps what was typed."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from participation.comments import links
from participation.comments import permissions as comment_permissions
from participation.comments.services import CommentError
from participation.core.permissions import Role, roles_required
from participation.extensions import db
from participation.paper import comments as paper_comments
from participation.paper.comments_forms import PaperCommentForm
from participation.proposals.models import Proposal

bp = Blueprint("paper_comments", __name__, url_prefix="/paper/comments")
staff_only = roles_required(Role.STAFF)


@bp.after_request
def no_store(response):
    """Keep these pages out of the browser's cache: they show what was typed."""
    response.headers["Cache-Control"] = "no-store"
    return response


def load_proposal() -> Proposal:
    """Return the proposal of `?proposal=` if the staff member may see it, else 404."""
    proposal = paper_comments.proposal_for(request.args.get("proposal", type=int), current_user)
    if proposal is None:
        abort(404)
    return proposal


def render_form(proposal: Proposal, form: PaperCommentForm, status: int = 200):
    """Render the form for the proposal, with the comment saved last (`?done=`) and, when
    nothing was sent, why its discussion takes no comments now."""
    done = paper_comments.paper_comment(request.args.get("done", type=int), proposal)
    readable = done is not None and comment_permissions.can_read(current_user, done)
    refusal = None if form.form_errors else paper_comments.refusal(proposal)
    context = {
        "proposal": proposal,
        "form": form,
        "done": done,
        "done_url": links.comment_location(done) if readable else None,
        "refusal": refusal,
        "show_form": refusal is None or request.method == "POST",  # never lose what was typed
    }
    return render_template("paper/comments/new.html", **context), status


@bp.get("/new")
@staff_only
def new():
    """Show the empty form for a comment from paper on the proposal `?proposal=`."""
    return render_form(load_proposal(), PaperCommentForm(formdata=None))


@bp.post("/new")
@staff_only
def create():
    """Add the comment to the proposal's discussion and open the form for the next one."""
    proposal = load_proposal()
    form = PaperCommentForm()
    if not form.validate_on_submit():
        return render_form(proposal, form, 400)
    try:
        comment = paper_comments.transcribe(form.letter(), proposal, current_user)
    except CommentError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return render_form(proposal, form, error.status)
    db.session.commit()
    return redirect(url_for("paper_comments.new", proposal=proposal.id, done=comment.id))
