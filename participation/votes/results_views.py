"""Tallies for staff after close, the public ballot list and the receipt check."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from flask_login import current_user

from participation.core.channels import CHANNEL_LABELS
from participation.core.permissions import Role, public, roles_required
from participation.extensions import db
from participation.votes import export, mixing, permissions, results_charts
from participation.votes import tally as tallies
from participation.votes.labels import PHASE_LABELS, STATUS_LABELS
from participation.votes.models import Vote, VoteKind
from participation.votes.results_receipts import ReceiptForm, find_ballot, normalise_receipt
from participation.votes.views import vote_helpers

bp = Blueprint("vote_results", __name__, url_prefix="/votes")
bp.context_processor(vote_helpers)  # the same labels and number formats as the vote pages


def load_vote(vote_id: int) -> Vote:
    """Return the vote if the viewer may see it at all (404 otherwise: drafts stay hidden)."""
    vote = db.session.get(Vote, vote_id)
    if vote is None or not permissions.may_see(current_user, vote):
        abort(404)
    return vote


def not_yet(vote: Vote, what: str):
    """Return the page saying the tally or the ballot list comes only after close."""
    return render_template(
        "votes/results/not_yet.html", vote=vote, what=what, phase=vote.phase(), phases=PHASE_LABELS
    )


@bp.get("/<int:vote_id>/tally", endpoint="tally")
@roles_required(Role.STAFF)
def tally_page(vote_id: int):
    """Show staff the counts by channel, shares, turnout and, for a budget, the funded
    projects by both rules (before close: a page saying the vote still runs)."""
    vote = load_vote(vote_id)
    if not permissions.may_see_tally(current_user, vote):
        return not_yet(vote, "tally")
    mixing.ensure_mixed(vote)
    counted = tallies.count(vote)
    funded = tallies.budget_result(vote, counted) if vote.kind is VoteKind.BUDGET else None
    page = render_template(
        "votes/results/tally.html",
        vote=vote,
        tally=counted,
        funded=funded,
        chart=results_charts.options_chart(vote, counted),
        channel_labels=CHANNEL_LABELS,
    )
    db.session.commit()  # keeps the counts stored for the next visit (after rendering:
    return page  # the commit expires what the page reads)


@bp.get("/<int:vote_id>/ballots", endpoint="ballots")
@public
def ballots_page(vote_id: int):
    """Explain the list of all ballots and offer it for download (after close)."""
    vote = load_vote(vote_id)
    if not permissions.may_see_ballots(vote):
        return not_yet(vote, "ballots")
    mixing.ensure_mixed(vote)
    counted = tallies.count(vote)
    page = render_template(
        "votes/results/ballots.html", vote=vote, tally=counted, form=ReceiptForm(formdata=None)
    )
    db.session.commit()  # keeps the counts stored for the next visit
    return page


def download(vote_id: int, chunks, extension: str, mimetype: str) -> Response:
    """Return the streamed ballot list of a closed vote as a file (404 before close)."""
    vote = load_vote(vote_id)
    if not permissions.may_see_ballots(vote):
        abort(404)
    mixing.ensure_mixed(vote)
    name = f"abstimmung-{vote.id}-stimmzettel.{extension}"
    return Response(
        stream_with_context(chunks(vote)),
        content_type=f"{mimetype}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/<int:vote_id>/ballots.csv", endpoint="ballots_csv")
@public
def ballots_csv(vote_id: int):
    """Send every ballot as CSV, ordered by receipt code (streamed)."""
    return download(vote_id, export.csv_chunks, "csv", "text/csv")


@bp.get("/<int:vote_id>/ballots.json", endpoint="ballots_json")
@public
def ballots_json(vote_id: int):
    """Send every ballot as JSON, ordered by receipt code (streamed)."""
    return download(vote_id, export.json_chunks, "json", "application/json")


@bp.get("/<int:vote_id>/check-receipt", endpoint="check")
@public
def check_receipt(vote_id: int):
    """Look up a receipt code in the ballot list (a GET form; wrong codes: 400)."""
    vote = load_vote(vote_id)
    if not permissions.may_see_ballots(vote):
        return not_yet(vote, "check")
    asked = "code" in request.args
    form = ReceiptForm(request.args if asked else None)
    valid = asked and form.validate()
    found = find_ballot(vote, normalise_receipt(form.code.data)) if valid else None
    page = render_template(
        "votes/results/check.html",
        vote=vote,
        form=form,
        asked=valid,
        found=found,
        channel_labels=CHANNEL_LABELS,
        status_labels=STATUS_LABELS,
    )
    return page, 400 if form.errors else 200
