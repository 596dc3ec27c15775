"""Moderation pages: report, the queue, one item with its decision form, bulk decisions,
the affected person's decisions with the appeal form."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from participation.core.pagination import paginate
from participation.core.permissions import (
    Role,
    open_to_suspended,
    public,
    roles_required,
    signed_in,
)
from participation.extensions import db, limiter
from participation.moderation import appeals, bulk, decisions, figures, queue, reports
from participation.moderation.forms import AppealForm, BulkForm, DecisionForm, ReportForm
from participation.moderation.models import NOTIFIED, Decision, ModerationItem, SubjectType
from participation.moderation.targets import kind

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

RECEIVED = _l("Danke. Ihre Meldung ist eingegangen. Die Moderation prüft sie bald.")


def report_limit() -> str:
    return current_app.config["REPORT_LIMIT"]


def account_key() -> str:
    return f"report:{current_user.get_id()}"


def report_target(subject_type: str, subject_id: int):
    """Return the subject type and subject the viewer wants to report; 404 when the subject
    does not exist or others cannot see it (hidden, held, a draft)."""
    try:
        subject_type = SubjectType(subject_type)
    except ValueError:
        abort(404)
    subject = kind(subject_type).load(subject_id)
    if subject is None or not kind(subject_type).is_reportable(subject):
        abort(404)
    return subject_type, subject


def subject_page(subject_type: SubjectType, subject_id: int) -> str | None:
    """Return the page a proposal or comment is shown on (None for a person)."""
    if subject_type is SubjectType.PROPOSAL:
        return url_for("proposals.detail", proposal_id=subject_id)
    if subject_type is SubjectType.COMMENT:
        return url_for("comments.show", comment_id=subject_id)
    return None


def back_to(subject_type: SubjectType, subject) -> str:
    """Return the page the reported subject is shown on (the start page for a person)."""
    return subject_page(subject_type, subject.id) or url_for("core.index")


@bp.route("/report/<subject_type>/<int:subject_id>", methods=["GET", "POST"])
@signed_in
@limiter.limit(report_limit, methods=["POST"], key_func=account_key)
def report(subject_type: str, subject_id: int):
    """Report a proposal, a comment or a person to the moderation."""
    subject_type, subject = report_target(subject_type, subject_id)
    form = ReportForm()
    back = back_to(subject_type, subject)
    if form.validate_on_submit():
        try:
            reports.report(subject_type, subject.id, current_user, form.reason.data, form.note.data)
        except reports.ReportError as error:
            db.session.rollback()
            if error.status == 409:
                flash(str(error.message), "info")
                return redirect(back)
            form.form_errors.append(error.message)
            return render_report(subject_type, subject, form, back), error.status
        db.session.commit()
        flash(str(RECEIVED), "success")
        return redirect(back)
    refusal = report_refusal(subject_type, subject)
    if refusal is not None and request.method == "GET":
        form.form_errors.append(refusal.message)
        return render_report(subject_type, subject, form, back, show_form=False), refusal.status
    return render_report(subject_type, subject, form, back), 400 if form.errors else 200


def report_refusal(subject_type: SubjectType, subject):
    """Return why the viewer cannot report the subject now, or None."""
    if reports.has_reported(subject_type, subject.id, current_user.id):
        return reports.ReportError(reports.ALREADY, 200)
    try:
        reports.reportable(subject_type, subject.id, current_user)
    except reports.ReportError as error:
        return error
    return None


def render_report(subject_type, subject, form, back, show_form=True):
    """Render the report page."""
    return render_template(
        "moderation/report.html",
        subject_type=subject_type.value,
        subject=subject,
        form=form,
        back_url=back,
        show_form=show_form,
    )


@bp.get("/")
@roles_required(Role.MODERATOR)
def index():
    """The queue: open items, most reported first, then oldest first; `?show=decided` lists
    the decided ones instead (to look up and revise a decision)."""
    return render_queue(BulkForm())


def render_queue(form: BulkForm, selected: frozenset[int] = frozenset(), status: int = 200):
    """Render a page of the queue (or of the decided items) with the bulk form."""
    decided = request.args.get("show") == "decided"
    page = paginate(queue.decided_query() if decided else queue.queue_query())
    entries = queue.entries_for(list(page.items))
    context = {"page": page, "entries": entries, "form": form, "decided": decided}
    return render_template("moderation/queue.html", selected=selected, **context), status


@bp.post("/bulk")
@roles_required(Role.MODERATOR)
def bulk_decide():
    """Decide on the chosen items at once; items that cannot be decided are counted. A refused
    form comes back with the same items ticked."""
    form = BulkForm()
    ids = [int(value) for value in request.form.getlist("item") if value.isdigit()][:100]
    if not ids:
        form.form_errors.append(_("Bitte wählen Sie mindestens einen Eintrag aus."))
    elif not form.validate_on_submit() and form.bulk_action.errors:
        form.bulk_action.errors[:] = [_("Bitte wählen Sie eine Entscheidung aus der Liste.")]
    if form.form_errors or form.errors:
        return render_queue(form, frozenset(ids), 400)
    outcome = bulk.decide_many(ids, current_user, form.bulk_action.data)
    db.session.commit()
    flash(bulk.summary(outcome), "success" if not outcome.skipped else "info")
    return redirect(url_for("moderation.index"))


def load_item(item_id: int) -> ModerationItem:
    """Return the item or 404."""
    return db.session.get(ModerationItem, item_id) or abort(404)


@bp.route("/items/<int:item_id>", methods=["GET", "POST"])
@roles_required(Role.MODERATOR)
def item(item_id: int):
    """One item with its context, reports, history and the decision form."""
    entry = queue.entries_for([load_item(item_id)], open_reports_only=False)[0]
    form = DecisionForm()
    form.offer(decisions.allowed_actions(entry.item, entry.subject))
    if request.method == "GET":
        form.version.data = entry.item.version
    elif outdated(entry.item):
        form.form_errors.append(decisions.CONFLICT)
        return render_item(item_id, form, show_new_state=True), 409
    elif form.validate_on_submit():
        try:
            decision = decisions.decide(entry.item, current_user, form.choice())
        except decisions.DecisionError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
            return render_item(item_id, form, show_new_state=True), error.status
        db.session.commit()
        flash(decision_message(decision), "success")
        return redirect(url_for("moderation.item", item_id=item_id))
    return render_item(item_id, form), 400 if form.errors else 200


def outdated(item_row: ModerationItem) -> bool:
    """Whether the form was sent from a page showing an older state of the item."""
    sent = request.form.get("version", type=int)
    return sent is not None and sent != item_row.version


def decision_message(decision: Decision) -> str:
    """Tell the moderator the decision is saved and whether the person is told."""
    if decision.action not in NOTIFIED or decision.affected_id is None:
        return _("Die Entscheidung ist gespeichert.")
    return _("Die Entscheidung ist gespeichert. Die betroffene Person bekommt eine Nachricht.")


def render_item(item_id: int, form: DecisionForm, show_new_state: bool = False):
    """Render the item page; after a refused decision, with the state as it is now."""
    item_row = load_item(item_id)
    entry = queue.entries_for([item_row], open_reports_only=False)[0]
    own = item_row.author_id is not None and item_row.author_id == current_user.id
    appeal = entry.appeal
    against_own = appeal is not None and appeal.decision.moderator_id == current_user.id
    if show_new_state:  # the hidden field shows what was sent unless raw_data changes too
        form.version.data = item_row.version
        form.version.raw_data = [str(item_row.version)]
        form.offer(decisions.allowed_actions(item_row, entry.subject))
    return render_template(
        "moderation/item.html",
        entry=entry,
        form=form,
        history=queue.history(item_row),
        may_decide=not own and not against_own and bool(form.action.choices),
        own=own,
        against_own=against_own,
    )


@bp.get("/decisions")
@signed_in
@open_to_suspended
def my_decisions():
    """The decisions of the moderation that affect the viewer."""
    query = (
        select(Decision)
        .where(Decision.affected_id == current_user.id, Decision.action.in_(sorted(NOTIFIED)))
        .order_by(Decision.created_at.desc(), Decision.id.desc())
    )
    return render_template("moderation/mine.html", page=paginate(query))


def load_own_decision(decision_id: int) -> Decision:
    """Return a decision that affects the viewer (moderators see every one), else 404."""
    decision = db.session.get(Decision, decision_id)
    if decision is None:
        abort(404)
    mine = decision.affected_id is not None and decision.affected_id == current_user.id
    if not mine and not current_user.has_role(Role.MODERATOR):
        abort(404)
    return decision


@bp.route("/decisions/<int:decision_id>", methods=["GET", "POST"])
@signed_in
@open_to_suspended
def decision(decision_id: int):
    """One decision with its reason; the person affected may object to it here."""
    found = load_own_decision(decision_id)
    form = AppealForm()
    if form.validate_on_submit():
        try:
            appeals.lodge(found, current_user, form.text.data)
        except appeals.AppealError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
            return render_decision(found, form), error.status
        db.session.commit()
        flash(
            _(
                "Ihr Widerspruch ist eingegangen. Eine andere Person aus der Moderation prüft die Entscheidung."
            ),
            "success",
        )
        return redirect(url_for("moderation.decision", decision_id=found.id))
    return render_decision(found, form), 400 if form.errors else 200


def render_decision(found: Decision, form: AppealForm):
    """Render the decision page with the appeal (or the appeal form when possible)."""
    refusal = appeals.appeal_refusal(found, current_user)
    return render_template(
        "moderation/decision.html",
        decision=found,
        appeal=appeals.appeal_of(found),
        subject_url=subject_page(found.item.subject_type, found.item.subject_id),
        form=form,
        can_appeal=refusal is None,
    )


@bp.get("/transparency")
@public
def transparency():
    """Public figures: reports, decisions by reason, time to decision, appeals, per month."""
    report = figures.monthly_report(months=figures.MONTHS_SHOWN)
    return render_template("moderation/transparency.html", report=report)
