"""Staff pages of implementation tracking, routes of the `implementation` blueprint
(implementation_views.py): start tracking an accepted proposal or a funded budget project,
change the settings, add a dated update with an optional photo. Plain POST forms that work
without JavaScript; a refusal keeps what was typed (a chosen photo must be chosen again)."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from participation.core.clock import town_today
from participation.core.permissions import Role, roles_required
from participation.extensions import db
from participation.proposals.models import Proposal
from participation.results import implementation as service
from participation.results import implementation_photos as photos
from participation.results.implementation_forms import (
    STATUS_LABELS,
    SettingsForm,
    StartForm,
    UpdateForm,
)
from participation.results.implementation_views import bp, load_visible
from participation.results.models import Implementation, ImplementationStatus
from participation.votes.models import VoteOption

staff_only = roles_required(Role.STAFF)
RULE_LABELS = {
    (service.GREEDY,): lambda: _("gefördert nach der Mehrheitsregel"),
    (service.EQUAL_SHARES,): lambda: _("gefördert nach der Methode der gleichen Anteile"),
    (service.GREEDY, service.EQUAL_SHARES): lambda: _("gefördert nach beiden Regeln"),
}


def page(template: str, status: int = 200, **context):
    """Render a staff page, kept out of the browser's cache (it shows what was typed)."""
    response = make_response(render_template(template, **context), status)
    response.headers["Cache-Control"] = "no-store"
    return response


def status_of(form) -> int:
    """Return 400 when the form has errors, else 200."""
    return 400 if form.errors or form.form_errors else 200


def to_detail(implementation: Implementation, anchor: str | None = None):
    """Redirect to the implementation's page."""
    return redirect(
        url_for("implementation.detail", implementation_id=implementation.id, _anchor=anchor)
    )


# --- starting -----------------------------------------------------------------------------


def subject_choices() -> dict[str, dict[str, object]]:
    """Return the untracked proposals and funded projects as group → value → (label, subject)."""
    proposals = {f"proposal-{p.id}": (p.title, p) for p in service.untracked_proposals()}
    projects = {
        f"option-{option.id}": (
            f"{option.vote.title}: {option.title} ({RULE_LABELS[tuple(rules)]()})",
            option,
        )
        for option, rules in service.untracked_projects()
    }
    return {_("Angenommene Vorschläge"): proposals, _("Geförderte Projekte"): projects}


def subject_of(value: str | None) -> Proposal | VoteOption | None:
    """Return the proposal or project a choice (`proposal-<id>`, `option-<id>`) names."""
    kind, _sep, number = (value or "").partition("-")
    if not (number.isascii() and number.isdigit()) or len(number) > 9:
        return None
    model = {"proposal": Proposal, "option": VoteOption}.get(kind)
    return db.session.get(model, int(number)) if model else None


def preselected() -> str | None:
    """Return the choice named by `?proposal=` or `?option=` (from a proposal's page)."""
    for kind in ("proposal", "option"):
        number = request.args.get(kind, type=int)
        if number is not None and 0 < number < 2**31:
            return f"{kind}-{number}"
    return None


def already_tracked(value: str | None) -> Implementation | None:
    """Return the implementation of the chosen subject if it is tracked already."""
    subject = subject_of(value)
    return service.implementation_of(subject) if subject is not None else None


def start_form(groups: dict) -> StartForm:
    """Return the start form with the choices set (on GET: the preselected one, planned, 0 %)."""
    form = StartForm() if request.method == "POST" else StartForm(formdata=None)
    form.subject.choices = [SelectChoice("", _("Bitte wählen"))] + [
        SelectChoice(value, label, optgroup=group)
        for group, choices in groups.items()
        for value, (label, _subject) in choices.items()
    ]
    form.offered = {value for choices in groups.values() for value in choices}
    if request.method == "GET":
        form.subject.data = preselected()
        form.status.data = ImplementationStatus.PLANNED.value
        form.progress.data = "0"
    return form


@bp.route("/new", methods=["GET", "POST"])
@staff_only
def start():
    """Start tracking an accepted proposal or a funded budget project."""
    value = request.form.get("subject") if request.method == "POST" else preselected()
    existing = already_tracked(value)
    if existing is not None:  # tracked already (a second click, or from an old link)
        flash(_("Die Umsetzung wird schon verfolgt."), "info")
        return to_detail(existing)
    form = start_form(subject_choices())
    if form.validate_on_submit():
        try:
            implementation, _created = service.start(
                subject_of(form.subject.data), current_user, form.settings()
            )
        except service.NotTrackable:
            form.subject.errors.append(_("Das kann zurzeit nicht verfolgt werden."))
        else:
            db.session.commit()
            flash(_("Der Umsetzungsstand ist angelegt."), "success")
            return to_detail(implementation)
    return page("results/implementation/start.html", status_of(form), form=form)


# --- changing -----------------------------------------------------------------------------


@bp.route("/<int:implementation_id>/edit", methods=["GET", "POST"])
@staff_only
def edit(implementation_id: int):
    """Change the department, status, progress and completion dates."""
    implementation = load_visible(implementation_id)
    if request.method == "POST":
        form = SettingsForm()
    else:
        form = SettingsForm(formdata=None, obj=implementation)
    if form.validate_on_submit():
        if service.change(implementation, current_user, form.settings()):
            db.session.commit()
            flash(_("Die Änderungen sind gespeichert."), "success")
        return to_detail(implementation)
    return page(
        "results/implementation/edit.html",
        status_of(form),
        form=form,
        implementation=implementation,
    )


# --- updates ------------------------------------------------------------------------------


def update_form(implementation: Implementation) -> UpdateForm:
    """Return the update form (on GET: today, and the current status and progress)."""
    if request.method == "POST":
        return UpdateForm()
    form = UpdateForm(formdata=None)
    form.happened_on.data = town_today()
    form.status.data = implementation.status.value
    form.progress.data = str(implementation.progress)
    return form


def chosen_photo(form: UpdateForm) -> tuple[bool, photos.CleanPhoto | None]:
    """Return whether the photo is acceptable and the photo cleaned (None without one); a
    refusal is put on the field."""
    if not form.has_photo():
        return True, None
    try:
        return True, photos.cleaned(form.photo.data.stream)
    except photos.PhotoRefused as refused:
        form.photo.errors = [str(refused.message)]
        return False, None


@bp.route("/<int:implementation_id>/updates/new", methods=["GET", "POST"])
@staff_only
def add_update(implementation_id: int):
    """Add a dated update (with an optional photo); it sets the status and progress."""
    implementation = load_visible(implementation_id)
    form = update_form(implementation)
    if form.validate_on_submit():
        ok, photo = chosen_photo(form)
        if ok:
            update, _created = service.add_update(
                implementation, current_user, form.fields(), photo
            )
            db.session.commit()
            flash(_("Die Neuigkeit ist veröffentlicht."), "success")
            return to_detail(implementation, f"update-{update.id}")
    return page(
        "results/implementation/update.html",
        status_of(form),
        form=form,
        implementation=implementation,
        status_labels=STATUS_LABELS,
    )
