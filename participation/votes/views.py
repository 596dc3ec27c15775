"""Public vote pages: the list, a vote's page with its ballot, confirmation and receipt."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from participation.comments.services import load_thread_view
from participation.core.models import utcnow
from participation.core.pagination import paginate
from participation.core.permissions import public, signed_in
from participation.extensions import db, limiter
from participation.votes import ballot_form, casting, casting_receipts, permissions
from participation.votes.labels import (
    ELIGIBILITY_LABELS,
    KIND_LABELS,
    PHASE_LABELS,
    REFUSAL_MESSAGES,
)
from participation.votes.models import Phase, Vote

bp = Blueprint("votes", __name__, url_prefix="/votes")
CLOSED_PER_PAGE = 20


@bp.context_processor
def vote_helpers() -> dict:
    """Offer the vote labels and the number formats to the vote templates."""
    return {
        "euros": ballot_form.euros,
        "percent": ballot_form.percent,
        "kind_labels": KIND_LABELS,
        "eligibility_labels": ELIGIBILITY_LABELS,
        "phase_labels": PHASE_LABELS,
        "refusal_messages": REFUSAL_MESSAGES,
    }


def load_visible(vote_id: int) -> Vote:
    """Return the vote with its options if the viewer may see it (drafts: staff), else 404."""
    vote = db.session.get(Vote, vote_id, options=[selectinload(Vote.options)])
    if vote is None or not permissions.may_see(current_user, vote):
        abort(404)
    return vote


def results_links(vote: Vote) -> dict[str, str]:
    """Return the addresses of the ballot list and the receipt check, once they are out."""
    if not permissions.may_see_ballots(vote):
        return {}
    names = {"ballots": "vote_results.ballots", "check": "vote_results.check"}
    return {
        key: url_for(endpoint, vote_id=vote.id)
        for key, endpoint in names.items()
        if endpoint in current_app.view_functions
    }


def manage_url() -> str | None:
    """Return the vote builder's address for staff (None for everyone else)."""
    if permissions.may_manage(current_user) and "vote_builder.index" in current_app.view_functions:
        return url_for("vote_builder.index")
    return None


def render_vote(vote: Vote, values=None, error=None, status=200):
    """Render a vote's page: facts, the ballot (or why not), turnout and the discussion."""
    phase = vote.phase()
    refusal = permissions.cast_refusal(current_user, vote)
    voted = phase is not Phase.DRAFT and casting.has_voted(current_user, vote)
    context = {
        "vote": vote,
        "phase": phase,
        "refusal": "voted" if voted else refusal,
        "show_form": refusal is None and not voted,
        "values": values or [],
        "error": error,
        "links": results_links(vote),
        "thread_view": load_thread_view(vote.thread, sort=request.args.get("sort")),
    }
    return render_template("votes/detail.html", **context), status


@bp.get("/")
@public
def index():
    """List the published votes: open ones first, then upcoming, then closed (paged)."""
    now = utcnow()
    current = select(Vote).where(Vote.published_at.is_not(None), Vote.closes_at > now)
    current = current.order_by(case((Vote.opens_at > now, 1), else_=0), Vote.closes_at, Vote.id)
    votes = list(db.session.scalars(current))
    closed = select(Vote).where(Vote.published_at.is_not(None), Vote.closes_at <= now)
    page = paginate(closed.order_by(Vote.closes_at.desc(), Vote.id.desc()), CLOSED_PER_PAGE)
    groups = {phase: [v for v in votes if v.phase(now) is phase] for phase in Phase}
    groups[Phase.CLOSED] = list(page.items)
    shown = [vote.id for vote in votes + groups[Phase.CLOSED]]
    voted = casting.voted_vote_ids(current_user, shown)
    return render_template(
        "votes/index.html", groups=groups, page=page, voted=voted, manage_url=manage_url()
    )


@bp.get("/<int:vote_id>")
@public
def detail(vote_id: int):
    """Show a vote with its ballot, or why the viewer cannot vote."""
    return render_vote(load_visible(vote_id))


def refused_page(vote: Vote):
    """Return the vote's page saying why the viewer may not vote now, or None if they may."""
    try:
        casting.check_refusal(current_user, vote)
    except casting.Refused:
        return render_vote(vote, status=403)
    return None


@bp.post("/<int:vote_id>/check")
@signed_in
def check(vote_id: int):
    """Show the chosen answers for confirmation (or, to change them, the ballot again)."""
    vote = load_visible(vote_id)
    if (refusal := refused_page(vote)) is not None:
        return refusal
    values = ballot_form.posted_values(request.form)
    if request.form.get("action") == "change":
        return render_vote(vote, values)
    try:
        choice = ballot_form.read(values)
        chosen = casting.check_choice(vote, choice.option_ids, choice.abstain)
    except casting.InvalidChoice as problem:
        return render_vote(vote, values, str(problem), status=400)
    total = casting.total_cost(chosen)
    return render_template("votes/check.html", vote=vote, chosen=chosen, values=values, total=total)


def cast_limit() -> str:
    return current_app.config["VOTE_CAST_LIMIT"]


def account_key() -> str:
    return f"vote-cast:{current_user.get_id()}"


@bp.post("/<int:vote_id>/cast")
@signed_in
@limiter.limit(cast_limit, key_func=account_key)
def cast(vote_id: int):
    """Record the confirmed ballot and send the voter to the receipt."""
    vote = load_visible(vote_id)
    values = ballot_form.posted_values(request.form)
    try:
        choice = ballot_form.read(values)
        receipt = casting.cast(current_user, vote, choice.option_ids, choice.abstain)
    except casting.AlreadyVoted:
        if casting_receipts.waiting(vote.id):  # a double click: the first one counted
            return redirect(url_for("votes.receipt", vote_id=vote.id))
        return render_vote(vote, status=403)
    except casting.Refused:
        return render_vote(vote, status=403)
    except casting.InvalidChoice as problem:
        return render_vote(vote, values, str(problem), status=400)
    db.session.commit()
    casting_receipts.remember(vote.id, receipt)
    return redirect(url_for("votes.receipt", vote_id=vote.id))


@bp.get("/<int:vote_id>/receipt")
@signed_in
def receipt(vote_id: int):
    """Show the receipt code once; afterwards only say that it was shown."""
    vote = load_visible(vote_id)
    code = casting_receipts.take(vote.id)
    if code is None and not casting.has_voted(current_user, vote):
        return redirect(url_for("votes.detail", vote_id=vote.id))
    reply = make_response(render_template("votes/receipt.html", vote=vote, receipt=code))
    reply.headers["Cache-Control"] = "no-store"  # the code must not come back from a cache
    return reply
