"""Staff pages of the sheet registry: looking up a typed or scanned code, a sheet's page with
every move (who, when), and voiding one sheet. Routes of the `paper` blueprint (views.py)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.extensions import db
from participation.paper import registry
from participation.paper.batch_forms import LookupForm, VoidForm
from participation.paper.models import Sheet
from participation.paper.views import bp, staff_only


def load_sheet(sheet_id: int) -> Sheet:
    """Return the sheet with its batch and history, else 404."""
    sheet = registry.load_sheet(sheet_id)
    if sheet is None:
        abort(404)
    return sheet


def sheet_page(sheet: Sheet):
    """Redirect to the sheet's page."""
    return redirect(url_for("paper.sheet", sheet_id=sheet.id))


@bp.route("/sheets/", methods=["GET", "POST"])
@staff_only
def lookup():
    """Find a sheet by its code (typed or scanned): its page, or why the code is refused.
    The code is sent by POST, so it stays out of addresses and server logs."""
    form, refused = LookupForm(), None
    if form.validate_on_submit():
        try:
            sheet = registry.check_open(registry.find_sheet(form.code.data))
        except registry.SheetRefused as refusal:
            form.code.errors = [*form.code.errors, refusal.message]
            refused = refusal.sheet
        else:
            return sheet_page(sheet)
    status = 400 if form.errors else 200
    return render_template("paper/lookup.html", form=form, refused=refused), status


@bp.get("/sheets/<int:sheet_id>")
@staff_only
def sheet(sheet_id: int):
    """Show a sheet: its code, kind, subject, batch, state and every move with who and when."""
    return render_template("paper/sheet.html", sheet=load_sheet(sheet_id))


@bp.route("/sheets/<int:sheet_id>/void", methods=["GET", "POST"])
@staff_only
def void_sheet(sheet_id: int):
    """Ask for the reason, then void one sheet (a counted one cannot be)."""
    sheet = load_sheet(sheet_id)
    form = VoidForm()
    if form.validate_on_submit():
        try:
            registry.void_sheet(sheet, current_user, form.reason.data)
        except registry.SheetRefused as refusal:
            flash(refusal.message, "error")
            return sheet_page(sheet)
        db.session.commit()
        flash(_("Der Bogen ist jetzt ungültig. Er zählt nicht mehr."), "success")
        return sheet_page(sheet)
    status = 400 if form.errors else 200
    return render_template("paper/void_sheet.html", sheet=sheet, form=form), status
