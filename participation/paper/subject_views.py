"""Staff page "Papier" of one vote or survey: its sheets by state, where to print, hand out and
enter them, and whether its sheets are entered twice. Routes of the `paper` blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.extensions import db
from participation.paper import subjects
from participation.paper.batch_forms import DoubleEntryForm
from participation.paper.views import bp, staff_only
from participation.surveys.models import Survey
from participation.votes.models import Vote

MODELS = {"vote": Vote, "survey": Survey}


def load_subject(kind: str, subject_id: int) -> Vote | Survey:
    """Return the vote or survey, else 404."""
    subject = db.session.get(MODELS[kind], subject_id)
    if subject is None:
        abort(404)
    return subject


@bp.route("/votes/<int:subject_id>", methods=["GET", "POST"], defaults={"kind": "vote"})
@bp.route("/surveys/<int:subject_id>", methods=["GET", "POST"], defaults={"kind": "survey"})
@staff_only
def subject(kind: str, subject_id: int):
    """Show the subject's paper and let staff switch double entry (until the first entry)."""
    subject = load_subject(kind, subject_id)
    form = DoubleEntryForm(double_entry="yes" if subject.paper_double_entry else "no")
    if form.validate_on_submit():
        try:
            changed = subjects.set_double_entry(subject, form.on, current_user)
        except subjects.DoubleEntryLocked as locked:
            db.session.rollback()
            form.form_errors.append(str(locked.message))
        else:
            db.session.commit()
            flash(saved_message(changed, form.on), "success")
            return redirect(url_for("paper.subject", kind=kind, subject_id=subject.id))
    return render_page(kind, subject, form), 400 if form.errors or form.form_errors else 200


def render_page(kind: str, subject: Vote | Survey, form: DoubleEntryForm) -> str:
    """Render the subject's paper page."""
    return render_template(
        "paper/subject.html",
        kind=kind,
        subject=subject,
        form=form,
        counts=subjects.status_counts(subject),
        locked=subjects.entry_started(subject),
    )


def saved_message(changed: bool, on: bool) -> str:
    """Return what the saved setting means for staff."""
    if not changed:
        return _("Die Einstellung ist unverändert.")
    if on:
        return _("Gespeichert: Zwei Personen erfassen jeden Bogen.")
    return _("Gespeichert: Eine Person erfasst jeden Bogen.")
