"""Staff pages to record that a person gets a paper ballot (one person, one vote).

Name and date of birth typed here become the identity key at once; they are never stored,
logged, flashed or put in the session. After a hand-out the page comes back empty for the next
person (POST-redirect-GET); after a refusal it keeps what was typed, to check it against the ID.
Pages are not cached: they may show what was typed.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.permissions import Role, roles_required
from participation.extensions import db
from participation.paper import handout
from participation.paper.handout_forms import HandoutForm
from participation.votes.labels import ELIGIBILITY_LABELS, PHASE_LABELS
from participation.votes.models import Vote

bp = Blueprint("paper_handout", __name__, url_prefix="/paper/handout")
staff_only = roles_required(Role.STAFF)


@bp.after_request
def no_store(response):
    """Keep these pages out of the browser's cache: they may show what was typed."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.context_processor
def handout_labels() -> dict:
    """Offer the vote labels to the hand-out templates."""
    return {
        "eligibility_labels": ELIGIBILITY_LABELS,
        "phase_labels": PHASE_LABELS,
        "handout_refusals": handout.REFUSALS,
    }


def load_vote(vote_id: int) -> Vote:
    """Return the vote, else 404."""
    return db.session.get(Vote, vote_id) or abort(404)


def render_vote(vote: Vote, form: HandoutForm | None = None, refusal=None, status: int = 200):
    """Render the hand-out page of `vote`: the form, or why there is none. An empty form
    puts the cursor in its first field; a refusal takes the focus itself."""
    if form is None:
        form = HandoutForm(formdata=None, vote=vote)
        form.focus_first()
    return render_template(
        "paper/handout/vote.html",
        vote=vote,
        form=form,
        closed_reason=handout.vote_refusal(vote),
        refusal=refusal,
        counts=handout.handout_counts([vote.id])[vote.id],
    ), status


@bp.get("/")
@staff_only
def index():
    """List the open votes with how many paper ballots were handed out (counts only)."""
    votes = handout.open_votes()
    counts = handout.handout_counts([vote.id for vote in votes])
    return render_template("paper/handout/index.html", votes=votes, counts=counts)


@bp.get("/<int:vote_id>")
@staff_only
def vote(vote_id: int):
    """Show the hand-out form of a vote (empty), or why no hand-out is recorded for it."""
    return render_vote(load_vote(vote_id))


@bp.post("/<int:vote_id>")
@staff_only
def record(vote_id: int):
    """Record the hand-out of a ballot to the person whose ID staff checked."""
    vote = load_vote(vote_id)
    form = HandoutForm(vote=vote)
    if not form.validate_on_submit():
        return render_vote(vote, form, status=400)
    try:
        handout.record_handout(
            vote,
            form.surname.data,
            form.given_names.data,
            form.birth_date.day,
            form.chosen_district(),
            current_user,
        )
    except handout.HandoutRefused as error:
        db.session.rollback()
        return render_vote(vote, form, refusal=error, status=409)
    db.session.commit()
    flash(_("Stimmzettel ausgeben: Die Ausgabe ist eingetragen."), "success")
    return redirect(url_for("paper_handout.vote", vote_id=vote.id))
