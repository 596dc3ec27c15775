"""Staff pages to set up votes: the list, a vote's page, its settings, preview, publication
and deletion (the options are in builder_option_views.py).

Every change is a POST form that works without JavaScript; publishing, withdrawing and deleting
first show a page that says what will happen.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_percent
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from participation.core.clock import to_town_time
from participation.core.models import utcnow
from participation.core.pagination import paginate
from participation.core.permissions import Role, roles_required
from participation.extensions import db
from participation.votes import ballot_form, builder, builder_changes, builder_checks
from participation.votes.builder_forms import ConfirmForm, LockedVoteForm, VoteForm
from participation.votes.labels import ELIGIBILITY_LABELS, KIND_LABELS, PHASE_LABELS
from participation.votes.models import Phase, Vote, VoteKind

bp = Blueprint("vote_builder", __name__, url_prefix="/votes/manage")
staff_only = roles_required(Role.STAFF)


@bp.context_processor
def builder_labels() -> dict:
    """Offer the vote labels and link helpers to the builder's templates."""
    return {
        "vote_kind_labels": KIND_LABELS,
        "vote_eligibility_labels": ELIGIBILITY_LABELS,
        "vote_phase_labels": PHASE_LABELS,
        "euros": ballot_form.euros,
        "link_to": link_to,
        "turnout_share": turnout_share,
    }


def turnout_share(vote: Vote) -> str:
    """Return the turnout as a share of the eligible people, e.g. "12,5 %"."""
    return format_percent(vote.ballot_count / vote.eligible_count, "#,##0.0 %")


def link_to(endpoint: str, **values) -> str | None:
    """Return the address of `endpoint`, or None while no page serves it (the ballot and tally
    pages are built alongside)."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)


def load_vote(vote_id: int) -> Vote:
    """Return the vote with its options, else 404."""
    vote = db.session.get(Vote, vote_id, options=[selectinload(Vote.options)])
    if vote is None:
        abort(404)
    return vote


def vote_page(vote: Vote, endpoint: str = "vote_builder.vote", anchor: str | None = None):
    """Redirect to one of the vote's builder pages (its overview unless told)."""
    return redirect(url_for(endpoint, vote_id=vote.id, _anchor=anchor))


def refused(error: builder.BuilderError) -> None:
    """Tell the person why a change was refused."""
    flash(str(error.message), "error")


def put_problems(form, problems: dict) -> None:
    """Put the service's refusals on the form's fields (the rest above the form)."""
    for name, message in problems.items():
        if name and name in form:
            form[name].errors.append(message)
        else:
            form.form_errors.append(message)


def has_errors(form) -> bool:
    """Whether any field (or the form as a whole) has an error to show."""
    return bool(form.form_errors) or any(field.errors for field in form)


@bp.get("/")
@staff_only
def index():
    """List every vote (drafts first, then the newest) with phase, kind and turnout."""
    order = case((Vote.published_at.is_(None), 0), else_=1)
    page = paginate(select(Vote).order_by(order, Vote.opens_at.desc(), Vote.id.desc()))
    return render_template("votes/manage/index.html", page=page, now=utcnow())


def default_times() -> dict:
    """Return a starting suggestion: from tomorrow 8:00 for two weeks, in the town's time."""
    start = to_town_time(utcnow()).replace(hour=8, minute=0, second=0, microsecond=0)
    start += timedelta(days=1)
    return {"opens_at": start, "closes_at": start + timedelta(days=14, hours=10)}


@bp.route("/new", methods=["GET", "POST"])
@staff_only
def new():
    """Create a draft vote; a repeated submission opens the first one."""
    form = VoteForm(data=None if request.method == "POST" else default_times())
    if form.validate_on_submit():
        vote = builder.find_created(current_user, form.submission_key.data)
        if vote is None:
            try:
                vote = builder.create_vote(current_user, form.settings(), form.submission_key.data)
            except builder.BuilderError as error:
                put_problems(form, error.problems)
                return render_template("votes/manage/settings.html", form=form, vote=None), 400
            db.session.commit()
            flash(_("Die Abstimmung ist als Entwurf angelegt."), "success")
        return vote_page(vote, next_step(vote))
    status = 400 if has_errors(form) else 200
    return render_template("votes/manage/settings.html", form=form, vote=None), status


def next_step(vote: Vote) -> str:
    """Return the page to go on with a new vote: its options (a yes/no vote has them)."""
    return "vote_builder.vote" if vote.kind is VoteKind.YES_NO else "vote_builder.options"


@bp.get("/<int:vote_id>")
@staff_only
def vote(vote_id: int):
    """Show a vote's settings, what it still needs, and what can be done with it."""
    vote = load_vote(vote_id)
    phase = vote.phase()
    return render_template(
        "votes/manage/vote.html",
        vote=vote,
        phase=phase,
        problems=[] if phase is Phase.CLOSED else missing(vote),
    )


def missing(vote: Vote) -> list[str]:
    """Return what keeps the vote from being published."""
    return builder_checks.missing(vote, builder_checks.options_of(vote))


def settings_form(vote: Vote, phase: Phase):
    """Return the settings form for the vote's phase: every setting until it opens, then only
    what may still change. A full form posted after the vote opened is still read in full, so
    the lock rules refuse what it changes instead of dropping it unseen."""
    stored = None if request.method == "POST" else stored_settings(vote)
    posted_full = request.method == "POST" and "kind" in request.form
    if phase in (Phase.OPEN, Phase.CLOSED) and not posted_full:
        return LockedVoteForm(phase, data=stored)
    return VoteForm(data=stored)


def stored_settings(vote: Vote) -> dict:
    """Return the vote's settings as the form shows them (times in the town's time)."""
    return {
        "title": vote.title,
        "explanation": vote.explanation,
        "kind": vote.kind.value,
        "max_choices": vote.max_choices,
        "budget": vote.budget,
        "opens_at": to_town_time(vote.opens_at),
        "closes_at": to_town_time(vote.closes_at),
        "eligibility": vote.eligibility.value,
        "districts": list(vote.districts),
        "eligible_count": vote.eligible_count,
    }


@bp.route("/<int:vote_id>/settings", methods=["GET", "POST"])
@staff_only
def settings(vote_id: int):
    """Change a vote's settings (once it has opened: only what may still change)."""
    vote = load_vote(vote_id)
    phase = vote.phase()
    form = settings_form(vote, phase)
    if form.validate_on_submit():
        stored = builder.settings_of(vote)
        changed = form.settings(stored) if isinstance(form, LockedVoteForm) else form.settings()
        try:
            builder_changes.update_settings(vote, changed, current_user)
        except builder.BuilderError as error:
            put_problems(form, error.problems)
        else:
            db.session.commit()
            flash(_("Die Einstellungen sind gespeichert."), "success")
            return vote_page(vote)
    status = 400 if has_errors(form) else 200
    return render_template("votes/manage/settings.html", form=form, vote=vote, phase=phase), status


@bp.get("/<int:vote_id>/preview")
@staff_only
def preview(vote_id: int):
    """Show the ballot as residents will see it, without a button to cast it."""
    vote = load_vote(vote_id)
    return render_template("votes/manage/preview.html", vote=vote)


@bp.route("/<int:vote_id>/publish", methods=["GET", "POST"])
@staff_only
def publish(vote_id: int):
    """Say what publishing does (or what is missing), then publish the draft."""
    vote = load_vote(vote_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            builder.publish(vote, current_user)
        except builder.BuilderError as error:
            refused(error)
            return vote_page(vote, "vote_builder.publish")
        db.session.commit()
        flash(_("Die Abstimmung ist veröffentlicht."), "success")
        return vote_page(vote)
    return render_template(
        "votes/manage/publish.html",
        vote=vote,
        phase=vote.phase(),
        problems=missing(vote),
        now=utcnow(),
    )


@bp.route("/<int:vote_id>/unpublish", methods=["GET", "POST"])
@staff_only
def unpublish(vote_id: int):
    """Ask, then take a vote that has not opened back to draft."""
    vote = load_vote(vote_id)
    if ConfirmForm().validate_on_submit():
        try:
            builder.unpublish(vote, current_user)
        except builder.BuilderError as error:
            refused(error)
            return vote_page(vote)
        db.session.commit()
        flash(_("Die Abstimmung ist wieder ein Entwurf. Nur die Verwaltung sieht sie."), "success")
        return vote_page(vote)
    return render_template("votes/manage/unpublish.html", vote=vote, phase=vote.phase())


@bp.route("/<int:vote_id>/delete", methods=["GET", "POST"])
@staff_only
def delete(vote_id: int):
    """Ask, then delete a draft."""
    vote = load_vote(vote_id)
    if ConfirmForm().validate_on_submit():
        try:
            builder.delete_vote(vote, current_user)
        except builder.BuilderError as error:
            refused(error)
            return vote_page(vote)
        db.session.commit()
        flash(_("Die Abstimmung ist gelöscht."), "success")
        return redirect(url_for("vote_builder.index"))
    return render_template("votes/manage/delete.html", vote=vote, phase=vote.phase())


from participation.votes import builder_option_views  # noqa: E402, F401  (its routes)
