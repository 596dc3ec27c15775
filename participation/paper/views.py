"""Staff pages for paper: printing batches of sheets (the list, a new batch, a batch with its
progress, its PDF, voiding it). The sheet registry's pages are in sheet_views.py.

Every change is a POST form that works without JavaScript; voiding first shows a page that
says what will happen and asks for the reason.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from participation.core.pagination import paginate
from participation.core.permissions import Role, roles_required
from participation.extensions import db
from participation.paper import batches, registry
from participation.paper.batch_forms import BatchForm, VoidForm
from participation.paper.labels import KIND_LABELS, STATE_LABELS, STATUS_LABELS, VARIANT_LABELS
from participation.paper.models import PaperBatch, SheetKind, SheetStatus
from participation.surveys.models import Survey
from participation.votes.builder_forms import ConfirmForm
from participation.votes.models import Vote

bp = Blueprint("paper", __name__, url_prefix="/paper")
staff_only = roles_required(Role.STAFF)
PER_PAGE = 20
VOIDABLE = (SheetStatus.ISSUED, SheetStatus.RETURNED, SheetStatus.ENTERED)


@bp.context_processor
def paper_labels() -> dict:
    """Offer the paper labels and helpers to the templates."""
    return {
        "sheet_kind_labels": KIND_LABELS,
        "sheet_status_labels": STATUS_LABELS,
        "sheet_statuses": list(SheetStatus),
        "batch_state_labels": STATE_LABELS,
        "variant_labels": VARIANT_LABELS,
        "subject_title": subject_title,
    }


def subject_title(batch: PaperBatch) -> str:
    """Return what a batch is for: the vote's or survey's title, or "Ideenkarten"."""
    subject = batch.vote if batch.kind is SheetKind.VOTE else batch.survey
    return subject.title if subject is not None else _("Ideenkarten")


def load_batch(batch_id: int) -> PaperBatch:
    """Return the batch with its subject and who printed it, else 404."""
    options = [
        joinedload(PaperBatch.vote),
        joinedload(PaperBatch.survey),
        joinedload(PaperBatch.created_by),
    ]
    batch = db.session.get(PaperBatch, batch_id, options=options)
    if batch is None:
        abort(404)
    return batch


def batch_page(batch: PaperBatch):
    """Redirect to the batch's page."""
    return redirect(url_for("paper.batch", batch_id=batch.id))


@bp.get("/")
@staff_only
def index():
    """List the batches, newest first, with subject, size, state, progress and sheet counts."""
    query = batches.newest_first().options(
        joinedload(PaperBatch.vote), joinedload(PaperBatch.survey)
    )
    page = paginate(query, per_page=PER_PAGE)
    counts = registry.status_counts(batch.id for batch in page.items)
    return render_template("paper/index.html", page=page, counts=counts)


@bp.route("/batches/new", methods=["GET", "POST"])
@staff_only
def new():
    """Create a batch of sheets (its codes registered at once); the PDF is made next."""
    form = BatchForm(subject=request.args.get("subject"))  # preselected from a subject's page
    if form.validate_on_submit():
        try:
            batch = create(form)
        except batches.BatchRefused as error:
            put_refusal(form, error)
        else:
            db.session.commit()
            flash(created_message(batch), "success")
            return batch_page(batch)
    status = 400 if form.errors or form.form_errors else 200
    return render_template("paper/new.html", form=form), status


def create(form: BatchForm) -> PaperBatch:
    """Create the batch the form describes (the service checks the subject again)."""
    kind, subject_id = form.chosen()
    model = {SheetKind.VOTE: Vote, SheetKind.SURVEY: Survey}.get(kind)
    subject = db.session.get(model, subject_id) if model is not None else None
    return batches.create_batch(
        kind,
        subject,
        form.count.number,
        variant=form.variant.data,
        locale=form.locale.data,
        note=form.note.data or "",
        staff=current_user,
    )


def put_refusal(form, error: batches.BatchRefused) -> None:
    """Put the service's refusal on its field (or above the form)."""
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, error.message]
    else:
        form.form_errors.append(error.message)


def created_message(batch: PaperBatch) -> str:
    """Return the message after creating a batch."""
    return ngettext(
        "Der Stapel ist angelegt. %(count)s Bogen ist registriert.",
        "Der Stapel ist angelegt. %(count)s Bögen sind registriert.",
        batch.size,
        count=format_decimal(batch.size),
    )


@bp.get("/batches/<int:batch_id>")
@staff_only
def batch(batch_id: int):
    """Show a batch: what it is for, how far its PDF is, and its sheets by state."""
    batch = load_batch(batch_id)
    counts = registry.status_counts([batch.id])[batch.id]
    return render_template(
        "paper/batch.html",
        batch=batch,
        counts=counts,
        voidable=voidable(counts),
        has_pdf=batches.has_pdf(batch),
        may_retry=batches.may_retry(batch),
        auto_refresh=request.args.get("auto") != "0",
    )


@bp.get("/batches/<int:batch_id>/pdf")
@staff_only
def download(batch_id: int):
    """Send the batch's PDF as a download (once it is ready)."""
    batch = load_batch(batch_id)
    if not batches.has_pdf(batch):
        flash(_("Das PDF ist noch nicht fertig."), "error")
        return batch_page(batch)
    response = send_file(
        batches.pdf_path(batch),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"boegen-stapel-{batch.id}.pdf",
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/batches/<int:batch_id>/retry")
@staff_only
def retry(batch_id: int):
    """Ask for the PDF of a failed (or stalled) batch again."""
    batch = load_batch(batch_id)
    if ConfirmForm().validate_on_submit():
        try:
            batches.retry(batch)
        except batches.BatchRefused as error:
            flash(str(error.message), "error")
            return batch_page(batch)
        db.session.commit()
        flash(_("Das PDF wird noch einmal erstellt."), "success")
    return batch_page(batch)


@bp.route("/batches/<int:batch_id>/void", methods=["GET", "POST"])
@staff_only
def void_batch(batch_id: int):
    """Say what voiding a batch does, ask for the reason, then void its sheets."""
    batch = load_batch(batch_id)
    form = VoidForm()
    if form.validate_on_submit():
        try:
            voided = batches.void_batch(batch, current_user, form.reason.data)
        except batches.BatchRefused as error:
            flash(str(error.message), "error")
            return batch_page(batch)
        db.session.commit()
        flash(voided_message(voided), "success")
        return batch_page(batch)
    counts = registry.status_counts([batch.id])[batch.id]
    return render_template(
        "paper/void_batch.html", batch=batch, form=form, counts=counts, voidable=voidable(counts)
    ), (400 if form.errors else 200)


def voidable(counts: dict) -> int:
    """Return how many sheets voiding the batch would void (all but counted and void ones)."""
    return sum(counts.get(status, 0) for status in VOIDABLE)


def voided_message(count: int) -> str:
    """Return the message after voiding a batch."""
    return ngettext(
        "%(count)s Bogen ist jetzt ungültig.",
        "%(count)s Bögen sind jetzt ungültig.",
        count,
        count=format_decimal(count),
    )


# The routes of the registry's pages, of a vote's or survey's paper page, and of the returns.
from participation.paper import returns_views, sheet_views, subject_views  # noqa: E402, F401
