"""Proposal pages: submit with preview, detail, support, follow, staff answers."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from participation.core.permissions import public
from participation.extensions import db
from participation.proposals import permissions
from participation.proposals.models import Proposal

bp = Blueprint("proposals", __name__, url_prefix="/proposals")


def load_visible(proposal_id: int) -> Proposal:
    """Return the proposal if the viewer may see it, else 404."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not permissions.can_view(current_user, proposal):
        abort(404)
    return proposal


@bp.get("/<int:proposal_id>")
@public
def detail(proposal_id: int):
    """Show a proposal with its timeline and discussion."""
    proposal = load_visible(proposal_id)
    return render_template("proposals/detail.html", proposal=proposal)
