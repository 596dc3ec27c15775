"""Staff pages of the scan import: uploading a file of scanned sheets (and the list of
uploads), an upload's progress and pages, and a page's stored image. Routes of the `paper`
blueprint (views.py). The upload form is a plain multipart POST that works without JavaScript;
the progress page reloads itself (or is updated by static/js/paper-batch.js) while reading."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from participation.core.pagination import paginate
from participation.extensions import db
from participation.paper import scan_files, scan_jobs, scans
from participation.paper.scan_forms import ScanForm
from participation.paper.scan_models import ScanPage, ScanUpload
from participation.paper.views import PER_PAGE, bp, staff_only
from participation.votes.builder_forms import ConfirmForm

FORM_SLACK = 1024 * 1024  # room for the form's other fields beside the file


@bp.context_processor
def scan_labels() -> dict:
    """Offer the scan import's labels to the templates."""
    return {
        "scan_state_labels": scans.STATE_LABELS,
        "scan_status_labels": scans.STATUS_LABELS,
        "scan_problem": scans.problem_text,
    }


def upload_page(upload: ScanUpload):
    """Redirect to the upload's progress page."""
    return redirect(url_for("paper.scan", upload_id=upload.id))


@bp.route("/scans/", methods=["GET", "POST"])
@staff_only
def scans_index():
    """Upload a file of scanned sheets to be read; list the uploads, newest first."""
    request.max_content_length = scans.max_bytes() + FORM_SLACK  # above the site-wide limit
    form = ScanForm()
    if form.validate_on_submit():
        upload = accepted(form)
        if upload is not None:
            db.session.commit()
            flash(_("Die Datei ist hochgeladen. Die Bögen werden jetzt eingelesen."), "success")
            return upload_page(upload)
    query = select(ScanUpload).order_by(ScanUpload.created_at.desc(), ScanUpload.id.desc())
    page = paginate(query.options(joinedload(ScanUpload.created_by)), per_page=PER_PAGE)
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "paper/scans.html", form=form, page=page, max_mb=scans.max_bytes() // scans.MIB
    ), status


def accepted(form: ScanForm) -> ScanUpload | None:
    """Return the upload the form sent, or None with the refusal put on the field."""
    file = form.scan.data
    if file is None or not getattr(file, "filename", ""):
        form.scan.errors = [_("Bitte wählen Sie eine Datei.")]
        return None
    try:
        return scans.accept(file.stream, file.filename, current_user, form.submission_key.data)
    except scans.ScanRefused as refused:
        form.scan.errors = [str(refused.message)]
        return None


def load_upload(upload_id: int) -> ScanUpload:
    """Return the upload with who uploaded it, else 404."""
    upload = db.session.get(ScanUpload, upload_id, options=[joinedload(ScanUpload.created_by)])
    if upload is None:
        abort(404)
    return upload


@bp.get("/scans/<int:upload_id>")
@staff_only
def scan(upload_id: int):
    """Show how far an upload is read, its counts, and every page read with its status."""
    upload = load_upload(upload_id)
    query = select(ScanPage).where(ScanPage.upload_id == upload.id).order_by(ScanPage.index)
    return render_template(
        "paper/scan.html",
        upload=upload,
        pages=list(db.session.scalars(query)),
        may_retry=scan_jobs.may_retry(upload),
        auto_refresh=request.args.get("auto") != "0",
    )


@bp.post("/scans/<int:upload_id>/retry")
@staff_only
def scan_retry(upload_id: int):
    """Read the remaining pages of a failed or stalled upload again."""
    upload = load_upload(upload_id)
    if ConfirmForm().validate_on_submit():
        if not scan_jobs.may_retry(upload):
            flash(_("Die Datei wird gerade eingelesen oder ist schon fertig."), "error")
            return upload_page(upload)
        scan_jobs.retry(upload)
        db.session.commit()
        flash(_("Die übrigen Seiten werden noch einmal eingelesen."), "success")
    return upload_page(upload)


@bp.get("/scans/pages/<int:page_id>/image")
@staff_only
def scan_image(page_id: int):
    """Send the stored image of one scanned page (the evidence of what was read)."""
    page = db.session.get(ScanPage, page_id)
    path = scan_files.image_path(page.image_name) if page is not None else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype="image/png", download_name=f"scan-{page.id}.png")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def scans_of_sheet(sheet_id: int) -> list[ScanPage]:
    """Return the scanned pages of a sheet, oldest first (also those whose image was deleted
    after the retention period: the sheet was still read from a scan)."""
    query = select(ScanPage).where(ScanPage.sheet_id == sheet_id)
    return list(db.session.scalars(query.order_by(ScanPage.id)))


@bp.context_processor
def sheet_scans() -> dict:
    """Offer the sheet page the scans of its sheet."""
    return {"scans_of_sheet": scans_of_sheet}
