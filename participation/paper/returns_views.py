"""Staff page "Rücklauf erfassen": mark the sheets that came back as returned, many at once.
Routes of the `paper` blueprint (views.py).

The page answers a POST with what became of each code (no redirect: the outcome of up to 500
codes does not fit in the session). Sending the same list again, by a double click or a reload,
changes nothing: each sheet is then reported as returned already. The refused lines come back in
the field, to correct and send again; everything else is in the table.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from participation.extensions import db
from participation.paper import returns
from participation.paper.returns_forms import ReturnsForm
from participation.paper.views import bp, staff_only


@bp.route("/returns", methods=["GET", "POST"])
@staff_only
def returns_page():
    """Mark the sheets of the typed or scanned codes as returned; show what became of each."""
    form, report = ReturnsForm(), None
    if form.validate_on_submit():
        try:
            report = returns.mark_returned(form.lines(), current_user)
        except returns.ReturnsRefused as refusal:
            form.codes.errors = [*form.codes.errors, refusal.message]
        else:
            db.session.commit()
            keep_refused(form, report)
    if report is None:  # the empty form, or a refusal: the cursor goes where codes are typed
        form.focus()
    failed = form.is_submitted() and (report is None or not report.usable)
    return render_template("paper/returns.html", form=form, report=report), (400 if failed else 200)


def keep_refused(form: ReturnsForm, report: returns.Report) -> None:
    """Leave only the refused lines in the field (marked), or an empty field for the next
    tray when every code was used."""
    if report.refused:
        form.keep(
            report.refused_lines,
            _("Diese Codes konnten wir nicht verwenden. Bitte prüfen Sie sie."),
        )
    else:
        form.codes.data = ""
