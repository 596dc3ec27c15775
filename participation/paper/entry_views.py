"""Staff pages to enter paper sheets: the code screen (all sheets, or those of one vote or
survey), the marks form that mirrors the sheet, and the arbitration of sheets whose two
entries differ. Keyboard first and without JavaScript: the code field has the focus, Enter
opens the sheet, Enter saves, and the code field has the focus again for the next sheet."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload

from participation.core.pagination import paginate
from participation.core.permissions import Role, roles_required
from participation.extensions import db
from participation.paper import entry, entry_compare, entry_marks, entry_queues, scan_views
from participation.paper.entry import Scope
from participation.paper.entry_forms import CodeForm, MarksForm, posted_values
from participation.paper.models import EntryRole, PaperBatch, Sheet
from participation.paper.registry import SheetRefused
from participation.votes import ballot_form
from participation.votes.labels import STATUS_LABELS

bp = Blueprint("paper_entry", __name__, url_prefix="/paper/entry")
staff_only = roles_required(Role.STAFF)
ROLE_LABELS = {
    EntryRole.FIRST: _l("Erste Erfassung"),
    EntryRole.SECOND: _l("Zweite Erfassung"),
    EntryRole.ARBITRATION: _l("Entscheidung"),
}


@bp.context_processor
def entry_labels() -> dict:
    """Offer the entry labels and the names of the marks fields to the entry templates."""
    return {
        "entry_role_labels": ROLE_LABELS,
        "ballot_status_labels": STATUS_LABELS,
        "mark_field": entry_marks.MARK_FIELD,
        "abstain_value": entry_marks.ABSTAIN,
        "unclear_field": entry_marks.UNCLEAR_FIELD,
        "scope_url": scope_url,
        "euros": ballot_form.euros,
    }


def scope_url(scope: Scope) -> str:
    """Return the address of the entry screen of `scope`."""
    if scope.vote_id is not None:
        return url_for("paper_entry.vote_sheets", vote_id=scope.vote_id)
    if scope.survey_id is not None:
        return url_for("paper_entry.survey_sheets", survey_id=scope.survey_id)
    return url_for("paper_entry.index")


def render_code(scope: Scope, form: CodeForm, subject=None, status: int = 200):
    """Render the code screen of `scope` (with the overview of all subjects when unscoped)."""
    context = {"scope": scope, "form": form, "subject": subject}
    context["waiting"] = entry_queues.arbitration_count()
    context["subjects"] = entry_queues.subjects_with_sheets(scope)
    return render_template("paper/entry/code.html", **context), status


def render_marks(task: entry.Task, scope: Scope, values=None, errors=None, status: int = 200):
    """Render the marks form of the task's sheet (values: the marks to show ticked)."""
    form = MarksForm(formdata=None, code=task.sheet.code, scope=scope.token, role=task.role.value)
    context = {"task": task, "form": form, "scope": scope, "values": values or {}}
    return render_template("paper/entry/sheet.html", errors=errors or {}, **context), status


def code_screen(scope: Scope, subject=None):
    """Show the code screen; a sent code opens its sheet's marks form (or its arbitration)."""
    form = CodeForm()
    if not form.validate_on_submit():
        return render_code(scope, form, subject, 400 if form.is_submitted() else 200)
    try:
        task = entry.open_sheet(form.code.data, current_user, scope)
    except (SheetRefused, entry.EntryRefused) as refusal:
        form.code.errors.append(refusal.message)
        return render_code(scope, form, subject, 400)
    if task.role is EntryRole.ARBITRATION:
        return redirect(url_for("paper_entry.decide", sheet_id=task.sheet.id))
    return render_marks(task, scope)


@bp.route("/", methods=["GET", "POST"])
@staff_only
def index():
    """Enter any ballot or survey sheet by its code; list what has sheets."""
    return code_screen(Scope())


@bp.route("/votes/<int:vote_id>", methods=["GET", "POST"])
@staff_only
def vote_sheets(vote_id: int):
    """Enter the ballots of one vote (other sheets are refused)."""
    scope = Scope(vote_id=vote_id)
    return code_screen(scope, scope.subject() or abort(404))


@bp.route("/surveys/<int:survey_id>", methods=["GET", "POST"])
@staff_only
def survey_sheets(survey_id: int):
    """Enter the response sheets of one survey (other sheets are refused)."""
    scope = Scope(survey_id=survey_id)
    return code_screen(scope, scope.subject() or abort(404))


@bp.post("/save")
@staff_only
def save():
    """Store the entry of a sheet and go on to the next code (or back to the arbitrations)."""
    form = MarksForm()
    scope = Scope.parse(form.scope.data)
    if scope is None or not form.validate_on_submit():
        abort(400)
    try:
        saved = entry.save(form.code.data, form.role.data, request.form, current_user, scope)
    except entry_marks.MarksInvalid as problem:
        return marks_again(problem, scope)
    except (SheetRefused, entry.EntryRefused) as refusal:
        return refused_again(refusal, scope)
    db.session.commit()
    flash(*saved_message(saved))
    if saved.role is EntryRole.ARBITRATION:
        return redirect(url_for("paper_entry.arbitration"))
    return redirect(scope_url(scope))


def marks_again(problem: entry_marks.MarksInvalid, scope: Scope):
    """Show the marks form (or the arbitration) again with what was sent and the errors."""
    task = problem.task
    values = posted_values(task.is_vote, request.form)
    if task.role is EntryRole.ARBITRATION:
        comparison = entry_compare.load(task.sheet.id, current_user)
        return render_decide(comparison, values, problem.errors, 400)
    return render_marks(task, scope, values, problem.errors, 400)


def refused_again(refusal, scope: Scope):
    """Show the code screen with why the sheet could not be saved (someone was quicker)."""
    db.session.rollback()
    form = CodeForm(formdata=None)
    form.code.errors = [refusal.message]
    return render_code(scope, form, scope.subject(), 409)


def saved_message(saved: entry.Saved) -> tuple[str, str]:
    """Return the flash message (and its kind) that says what became of the sheet."""
    if saved.outcome == "waiting":
        text = _(
            "Bogen %(code)s: Die erste Erfassung ist gespeichert. Er zählt, wenn eine "
            "zweite Person ihn genauso erfasst.",
            code=saved.code,
        )
        return text, "success"
    if saved.outcome == "arbitration":
        text = _(
            "Bogen %(code)s: Die zweite Erfassung weicht von der ersten ab. "
            "Eine dritte Person entscheidet.",
            code=saved.code,
        )
        return text, "warning"
    if saved.ballot is None:
        return _("Bogen %(code)s ist gezählt.", code=saved.code), "success"
    status = str(STATUS_LABELS[saved.ballot.status])
    if saved.ballot.reason:
        status += f" ({entry_marks.INVALID_REASONS[saved.ballot.reason]})"
    return _("Bogen %(code)s ist gezählt: %(status)s.", code=saved.code, status=status), "success"


@bp.get("/arbitration")
@staff_only
def arbitration():
    """List the sheets whose two entries differ, oldest first."""
    batch = selectinload(Sheet.batch)
    query = entry_queues.arbitration_query().options(
        batch.selectinload(PaperBatch.vote), batch.selectinload(PaperBatch.survey)
    )
    return render_template("paper/entry/arbitration.html", page=paginate(query))


def render_decide(comparison, values=None, errors=None, status: int = 200):
    """Render a sheet's two entries side by side and the decision form."""
    if comparison is None:
        abort(404)
    if values is None:
        values = entry_compare.agreed_values(comparison)
    form = MarksForm(
        formdata=None, code=comparison.sheet.code, scope="all", role=EntryRole.ARBITRATION.value
    )
    context = {"comparison": comparison, "form": form, "values": values, "errors": errors or {}}
    context["scanned_pages"] = scan_views.scans_of_sheet(comparison.sheet.id)
    return render_template("paper/entry/decide.html", **context), status


@bp.get("/arbitration/<int:sheet_id>")
@staff_only
def decide(sheet_id: int):
    """Show a sheet's two entries side by side, the differences marked, and the decision."""
    return render_decide(entry_compare.load(sheet_id, current_user))
