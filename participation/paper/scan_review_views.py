"""Staff pages of the scan review: the queue of sheets the reader was unsure of, one sheet's
review (its page, enlarged crops of the unclear boxes, the machine's reading and the entry
form filled in with it), typing the code of a page whose code could not be read, and the
images. Keyboard first and without JavaScript: the first field has the focus, Enter saves and
opens the next sheet. Routes of the `paper` blueprint (views.py)."""

from __future__ import annotations

import lazy_loader as lazy
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.pagination import paginate
from participation.core.urls import MAX_ID
from participation.extensions import db
from participation.paper import entry, entry_marks, omr, registry, scan_review, scans
from participation.paper.entry_forms import MarksForm, posted_values
from participation.paper.entry_views import ROLE_LABELS, saved_message
from participation.paper.scan_forms import ReviewCodeForm
from participation.paper.scan_models import ScanPage
from participation.paper.views import bp, staff_only
from participation.votes import ballot_form
from participation.votes.builder_forms import ConfirmForm

# Loaded on first use, so a web worker that never reads a scan stays small (issue 12).
cv2 = lazy.load("cv2")

PAGE_PX_PER_MM = 5  # the upright page on the review screen: 1050 × 1485 pixels
CROP_BESIDE_MM = 45  # a crop shows the start of the box's printed label too


@bp.context_processor
def review_helpers() -> dict:
    """Offer the review templates the entry form's names and labels."""
    return {
        "mark_field": entry_marks.MARK_FIELD,
        "abstain_value": entry_marks.ABSTAIN,
        "unclear_field": entry_marks.UNCLEAR_FIELD,
        "entry_role_labels": ROLE_LABELS,
        "euros": ballot_form.euros,
        "unclear_label": scan_review.unclear_label,
        "review_count": scan_review.queue_count,
    }


@bp.get("/scans/review/")
@staff_only
def review_queue():
    """List the scanned sheets to review, oldest first."""
    page = paginate(scan_review.queue_query())
    return render_template("paper/review_queue.html", page=page)


@bp.get("/scans/review/next")
@staff_only
def review_next():
    """Open the next sheet to review (after the one given), or the queue when none is left."""
    after = request.args.get("after", type=int)
    if after is not None and not 0 <= after <= MAX_ID:  # no page has it: start at the first
        after = None
    page_id = scan_review.next_page_id(after)
    if page_id is None:
        flash(_("Alle gescannten Bögen sind geprüft."), "success")
        return redirect(url_for("paper.review_queue"))
    return redirect(url_for("paper.review", page_id=page_id))


def render_review(review, values=None, errors=None, code_form=None, status: int = 200):
    """Render a page's review: the code form, or the sheet's marks form."""
    form = None
    if review.task is not None:
        role = review.task.role.value
        form = MarksForm(formdata=None, code=review.sheet.code, scope="all", role=role)
    context = {
        "review": review,
        "form": form,
        "values": review.values if values is None else values,
        "errors": errors or {},
        "code_form": code_form or ReviewCodeForm(formdata=None),
    }
    return render_template("paper/review.html", **context), status


def loaded(page_id: int):
    """Return the review of a page, else 404; a decided page leads to the next one."""
    try:
        review = scan_review.load(page_id, current_user)
    except scan_review.ReviewProblem as problem:
        flash(problem.message, "info")
        return redirect(url_for("paper.review_next", after=page_id))
    if review is None:
        abort(404)
    return review


@bp.get("/scans/review/<int:page_id>")
@staff_only
def review(page_id: int):
    """Show a scanned sheet to review."""
    review = loaded(page_id)
    return review if not isinstance(review, scan_review.Review) else render_review(review)


@bp.post("/scans/review/<int:page_id>")
@staff_only
def review_save(page_id: int):
    """Store the decision on a reviewed sheet and open the next one."""
    form = MarksForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        saved = scan_review.decide(page_id, form.role.data, request.form, current_user)
    except entry_marks.MarksInvalid as problem:
        return review_again(page_id, problem)
    except (registry.SheetRefused, entry.EntryRefused, scan_review.ReviewProblem) as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
        return redirect(url_for("paper.review_next", after=page_id - 1))
    db.session.commit()
    flash(*saved_message(saved))
    return redirect(url_for("paper.review_next", after=page_id))


def review_again(page_id: int, problem: entry_marks.MarksInvalid):
    """Show the review again with what was sent and the errors."""
    db.session.rollback()
    review = loaded(page_id)
    if not isinstance(review, scan_review.Review):
        return review
    values = posted_values(review.task.is_vote, request.form)
    return render_review(review, values, problem.errors, status=400)


@bp.post("/scans/review/<int:page_id>/code")
@staff_only
def review_code(page_id: int):
    """Read a page again with the code staff typed, then count or review it."""
    form = ReviewCodeForm()
    if form.validate_on_submit():
        try:
            page = scan_review.match_code(page_id, form.code.data, form.number.number, current_user)
        except (registry.SheetRefused, scan_review.ReviewProblem) as refusal:
            db.session.rollback()
            form.code.errors.append(refusal.message)
        else:
            db.session.commit()
            return after_code(page)
    review = loaded(page_id)
    if not isinstance(review, scan_review.Review):
        return review
    return render_review(review, code_form=form, status=400)


def after_code(page: ScanPage):
    """Say what became of a page after its code was typed, and go on."""
    label = scans.STATUS_LABELS[page.status]
    flash(_("Seite mit Code %(code)s: %(status)s.", code=page.code, status=label), "success")
    if page.status in scans.PENDING:
        return redirect(url_for("paper.review", page_id=page.id))
    return redirect(url_for("paper.review_next", after=page.id))


@bp.post("/scans/review/<int:page_id>/dismiss")
@staff_only
def review_dismiss(page_id: int):
    """Take a page that is no sheet at all out of the review; it counts nothing."""
    if ConfirmForm().validate_on_submit():
        try:
            scan_review.dismiss(page_id, current_user)
        except scan_review.ReviewProblem as problem:
            db.session.rollback()
            flash(problem.message, "info")
        else:
            db.session.commit()
            flash(_("Die Seite zählt nicht und ist aus der Prüfung genommen."), "success")
    return redirect(url_for("paper.review_next", after=page_id))


def png(image) -> tuple[bytes, int, dict]:
    """Return an image as a private PNG response."""
    ok, data = cv2.imencode(".png", image)
    if not ok:
        abort(404)
    headers = {
        "Content-Type": "image/png",
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return data.tobytes(), 200, headers


def page_and_image(page_id: int):
    """Return a stored page, its reading and its image, else 404."""
    page = db.session.get(ScanPage, page_id)
    if page is None:
        abort(404)
    try:
        image = scan_review.stored_image(page)
    except scan_review.ReviewProblem:
        abort(404)
    layout = scans.layout_of(page.sheet) if page.sheet is not None else None
    reading = omr.PageReading.from_dict(page.reading or {"status": "review"}, layout)
    return page, reading, image


@bp.get("/scans/pages/<int:page_id>/upright.png")
@staff_only
def scan_upright(page_id: int):
    """Send a stored page upright and straightened (or as scanned, scaled down, when it could
    not be located)."""
    _page, reading, image = page_and_image(page_id)
    upright = omr.page_image(image, reading, px_per_mm=PAGE_PX_PER_MM)
    if upright is None:
        width = 210 * PAGE_PX_PER_MM
        height = max(1, round(image.shape[0] * width / image.shape[1]))
        upright = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
    return png(upright)


@bp.get("/scans/pages/<int:page_id>/boxes/<int:index>.png")
@staff_only
def scan_box(page_id: int, index: int):
    """Send an enlarged crop of one box of a stored page and its surroundings."""
    _page, reading, image = page_and_image(page_id)
    if index >= len(reading.boxes):
        abort(404)
    crop = omr.box_image(image, reading, reading.boxes[index].box, beside=CROP_BESIDE_MM)
    if crop is None:
        abort(404)
    return png(crop)
