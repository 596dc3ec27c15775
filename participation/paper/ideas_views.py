"""Staff page to type in paper idea cards: each card becomes a proposal marked "auf Papier
eingereicht". Keyboard first and without JavaScript: the code field has the focus, the form
follows the card from top to bottom, and after saving the page comes back empty for the next
card, with a note on the one just saved (POST-redirect-GET). A refusal keeps what was typed."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from participation.core.permissions import Role, roles_required
from participation.extensions import db
from participation.paper import ideas
from participation.paper.ideas_forms import IdeaCardForm
from participation.paper.registry import SheetRefused
from participation.proposals import permissions

bp = Blueprint("paper_ideas", __name__, url_prefix="/paper/ideas")
staff_only = roles_required(Role.STAFF)


@bp.after_request
def no_store(response):
    """Keep these pages out of the browser's cache: they show what was typed."""
    response.headers["Cache-Control"] = "no-store"
    return response


def render_form(form: IdeaCardForm, refusal: SheetRefused | None = None, status: int = 200):
    """Render the form with the card saved last (`?done=`) and the cards typed in lately."""
    if refusal is not None:
        form.code.errors = [*form.code.errors, refusal.message]
    counted = refusal is not None and refusal.reason == "counted"
    context = {
        "form": form,
        "done": ideas.paper_proposal(request.args.get("done", type=int)),
        "made_from_card": ideas.proposal_of_card(refusal.sheet.code) if counted else None,
        "recent": ideas.recent(),
        "can_view": lambda proposal: permissions.can_view(current_user, proposal),
    }
    return render_template("paper/ideas/new.html", **context), status


@bp.get("/new")
@staff_only
def new():
    """Show the empty form for the next card (and a note on the card saved last)."""
    return render_form(IdeaCardForm(formdata=None))


@bp.post("/new")
@staff_only
def create():
    """Publish the card as a proposal, count the card, and open the form for the next one."""
    form = IdeaCardForm()
    if not form.validate_on_submit():
        return render_form(form, status=400)
    try:
        proposal = ideas.transcribe(form.card(), current_user)
    except SheetRefused as refusal:
        db.session.rollback()
        return render_form(form, refusal, 409 if refusal.reason == "counted" else 400)
    db.session.commit()
    return redirect(url_for("paper_ideas.new", done=proposal.id))
