"""Public pages of implementation tracking (Umsetzungsstand): the overview of every tracked
proposal and budget project, filterable by category and status, and one implementation with
its timeline of updates and their photos. Staff pages: implementation_staff_views.py."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, send_file
from flask_login import current_user

from participation.core.pagination import paginate
from participation.core.permissions import Role, holds_any, public
from participation.core.town import current_town
from participation.results import implementation_listing as listing
from participation.results import implementation_photos as photos
from participation.results.implementation_forms import STATUS_LABELS
from participation.results.models import Implementation

bp = Blueprint("implementation", __name__, url_prefix="/implementation")
PER_PAGE = 20


def is_staff() -> bool:
    """Whether the viewer manages implementations (and sees those the public does not)."""
    return holds_any(current_user, Role.STAFF)


@bp.context_processor
def implementation_helpers() -> dict:
    """Offer the labels and helpers to the implementation templates."""
    return {
        "implementation_status_labels": STATUS_LABELS,
        "subject_title": listing.subject_title,
        "manages_implementations": is_staff(),
    }


def load_visible(implementation_id: int) -> Implementation:
    """Return the implementation if the viewer may see it, else 404."""
    implementation = listing.find(implementation_id, everything=is_staff())
    if implementation is None:
        abort(404)
    return implementation


@bp.get("/")
@public
def index():
    """List the implementations, the newest change first, filtered by category and status."""
    filters = listing.read_filters(request.args)
    page = paginate(listing.overview_query(filters), per_page=PER_PAGE)
    return render_template(
        "results/implementation/index.html",
        page=page,
        filters=filters,
        categories=current_town().categories,
        votes=listing.tracked_votes(),
    )


@bp.get("/<int:implementation_id>")
@public
def detail(implementation_id: int):
    """Show an implementation: department, status, progress, dates and its updates."""
    implementation = load_visible(implementation_id)
    return render_template(
        "results/implementation/detail.html",
        implementation=implementation,
        updates=listing.timeline(implementation),
    )


@bp.get("/updates/<int:update_id>/photo")
@public
def photo(update_id: int):
    """Send the photo of an update whose implementation the viewer may see."""
    update = listing.visible_update(update_id, everything=is_staff())
    path = photos.path_of(update.photo_name) if update is not None else None
    if path is None:
        abort(404)
    response = send_file(
        path,
        mimetype=photos.content_type_of(update.photo_name),
        download_name=f"foto-{update.id}.{update.photo_name.rsplit('.', 1)[1]}",
        max_age=86400,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def init_app(app) -> None:
    """Register the pages (public and staff), the notification of new updates, and what the
    proposal page shows of an implementation."""
    from participation.results import implementation_notices, implementation_staff_views  # noqa: F401

    app.register_blueprint(bp)
    implementation_notices.init_app(app)
    app.jinja_env.globals.update(
        proposal_implementation=listing.of_proposal,
        implementation_status_label=lambda status: STATUS_LABELS[status],
    )
