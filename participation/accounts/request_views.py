"""Admin pages for requests about personal data that arrive on paper, by phone or in person:
the register, recording a request, and one request with its steps.

Admins only: the steps hand out everything stored about a person or delete an account, the
strongest acts on the platform, so the few people who hold the admin role do them (need to
know, Art. 5 (1) f and 32 DSGVO). Staff at the Bürgerbüro pass the letter on; the day it
arrived is typed in, so the deadline does not depend on who records it. Every page asks for the
password again first (`recent_sign_in_required`): the register names people and their wishes."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts import data_export, data_requests, deletion, services
from participation.accounts.reauth import recent_sign_in_required
from participation.accounts.request_forms import (
    CHANNEL_LABELS,
    KIND_LABELS,
    STATE_LABELS,
    CloseForm,
    DeleteRequestForm,
    ExportRequestForm,
    IdentityForm,
    LinkForm,
    NoteForm,
    RegisterForm,
)
from participation.accounts.request_models import (
    DataRequest,
    RequestChannel,
    RequestKind,
    RequestState,
)
from participation.core.clock import town_today
from participation.core.pagination import paginate
from participation.core.permissions import Role, roles_required
from participation.extensions import db

bp = Blueprint("data_requests", __name__, url_prefix="/admin/requests")
admin_only = roles_required(Role.ADMIN)
FORMS = {
    "note_form": NoteForm,
    "link_form": LinkForm,
    "identity_form": IdentityForm,
    "export_form": ExportRequestForm,
    "delete_form": DeleteRequestForm,
    "close_form": CloseForm,
}


@bp.after_request
def no_store(response):
    """Keep these pages and exports out of the browser's cache: they show personal data."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_context_processor
def request_labels():
    """Give the templates the translated names of kinds, channels and states."""
    return {
        "request_kind": KIND_LABELS,
        "request_channel": CHANNEL_LABELS,
        "request_state": STATE_LABELS,
    }


def load(request_id: int) -> DataRequest:
    """Return the request, else 404."""
    return data_requests.get(request_id) or abort(404)


def no_account_error(form) -> None:
    """Say at the address field that no account has it."""
    form.email.errors.append(_("Kein Konto hat diese Adresse. Bitte prüfen Sie die Schreibweise."))


def render_detail(entry: DataRequest, status: int = 200, refusal: str | None = None, **forms):
    """Render one request with fresh forms where none are given; `refusal` says why the last
    step was refused (shown at the top: the step's form may no longer be on the page)."""
    for name, form_class in FORMS.items():
        forms.setdefault(name, form_class(formdata=None, prefix=name.removesuffix("_form")))
    today = town_today()
    reason = deletion.refusal(entry.user, locking=False) if entry.user else None
    return render_template(
        "admin/requests/detail.html",
        entry=entry,
        overdue=data_requests.is_overdue(entry, today),
        deletion_refusal=deletion.DeletionRefused(reason).message if reason else None,
        refusal=refusal,
        **forms,
    ), status


@bp.get("/")
@admin_only
@recent_sign_in_required
def index():
    """List the requests, open and overdue ones first."""
    today = town_today()
    page = paginate(data_requests.list_query(today))
    return render_template(
        "admin/requests/index.html", page=page, today=today, is_overdue=data_requests.is_overdue
    )


@bp.route("/new", methods=["GET", "POST"])
@admin_only
@recent_sign_in_required
def new():
    """Record a request that arrived on paper, by phone or in person."""
    form = RegisterForm()
    if form.validate_on_submit():
        user = services.find_by_email(form.email.data) if form.email.data else None
        if form.email.data and user is None:
            no_account_error(form)
        else:
            entry = data_requests.register(
                kind=RequestKind(form.kind.data),
                channel=RequestChannel(form.channel.data),
                requester=form.requester.data,
                contact=form.contact.data or "",
                received_on=form.received_on.day,
                user=user,
                identity_checked=form.identity_checked.data,
                actor=current_user,
            )
            db.session.commit()
            flash(
                _(
                    "Die Anfrage ist erfasst. Antwort bis %(date)s.",
                    date=entry.due_on.strftime("%d.%m.%Y"),
                ),
                "success",
            )
            return redirect(url_for("data_requests.detail", request_id=entry.id))
    status = 400 if form.errors else 200
    return render_template("admin/requests/new.html", form=form), status


@bp.get("/<int:request_id>")
@admin_only
@recent_sign_in_required
def detail(request_id: int):
    """Show one request with its notes and the next steps."""
    return render_detail(load(request_id))


def refused(entry: DataRequest, error, form_name: str, form):
    """Roll back and show the page with the refusal, keeping what the form held."""
    db.session.rollback()
    return render_detail(load(entry.id), 409, refusal=error.message, **{form_name: form})


def done(entry: DataRequest, message: str):
    """Commit, say what happened and show the request again."""
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("data_requests.detail", request_id=entry.id))


@bp.post("/<int:request_id>/note")
@admin_only
@recent_sign_in_required
def note(request_id: int):
    """Add a dated note."""
    entry, form = load(request_id), NoteForm(prefix="note")
    if not form.validate_on_submit():
        return render_detail(entry, 400, note_form=form)
    data_requests.add_note(entry, form.text.data, current_user)
    return done(entry, _("Die Notiz ist gespeichert."))


@bp.post("/<int:request_id>/link")
@admin_only
@recent_sign_in_required
def link(request_id: int):
    """Name the account the request is about, found by its address."""
    entry, form = load(request_id), LinkForm(prefix="link")
    if not form.validate_on_submit():
        return render_detail(entry, 400, link_form=form)
    user = services.find_by_email(form.email.data)
    if user is None:
        no_account_error(form)
        return render_detail(entry, 400, link_form=form)
    try:
        data_requests.link_account(entry, user, current_user)
    except data_requests.RequestRefused as error:
        return refused(entry, error, "link_form", form)
    return done(entry, _("Das Konto ist zugeordnet."))


@bp.post("/<int:request_id>/identity")
@admin_only
@recent_sign_in_required
def identity(request_id: int):
    """Record that the requester's identity was checked."""
    entry, form = load(request_id), IdentityForm(prefix="identity")
    if not form.validate_on_submit():
        return render_detail(entry, 400, identity_form=form)
    try:
        data_requests.confirm_identity(entry, current_user)
    except data_requests.RequestRefused as error:
        return refused(entry, error, "identity_form", form)
    return done(entry, _("Die Prüfung der Identität ist vermerkt."))


@bp.post("/<int:request_id>/export")
@admin_only
@recent_sign_in_required
def export(request_id: int):
    """Download the linked account's export, to print or hand over (audited)."""
    entry, form = load(request_id), ExportRequestForm(prefix="export")
    if not form.validate_on_submit():
        return render_detail(entry, 400, export_form=form)
    try:
        user = data_requests.record_export(entry, current_user)
    except data_requests.RequestRefused as error:
        return refused(entry, error, "export_form", form)
    archive = data_export.export_file(user)
    db.session.commit()  # the audit entry, once the export is made
    return send_file(
        archive,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"anfrage-{entry.id}-{data_export.download_name(user)}",
    )


@bp.post("/<int:request_id>/delete")
@admin_only
@recent_sign_in_required
def delete(request_id: int):
    """Delete the linked account (same service as the person's own deletion)."""
    entry, form = load(request_id), DeleteRequestForm(prefix="delete")
    if not form.validate_on_submit():
        return render_detail(entry, 400, delete_form=form)
    try:
        deleted = data_requests.delete_account(entry, current_user, form.remove_contributions)
    except (data_requests.RequestRefused, deletion.DeletionRefused) as error:
        return refused(entry, error, "delete_form", form)
    db.session.commit()
    deletion.finish(deleted)
    flash(
        _(
            "Das Konto ist gelöscht. Bitte schließen Sie die Anfrage ab, wenn die Person die Antwort hat."
        ),
        "success",
    )
    return redirect(url_for("data_requests.detail", request_id=entry.id))


@bp.post("/<int:request_id>/close")
@admin_only
@recent_sign_in_required
def close(request_id: int):
    """Close the request as done or refused, with the outcome."""
    entry, form = load(request_id), CloseForm(prefix="close")
    if not form.validate_on_submit():
        return render_detail(entry, 400, close_form=form)
    try:
        data_requests.close(entry, RequestState(form.state.data), form.outcome.data, current_user)
    except data_requests.RequestRefused as error:
        return refused(entry, error, "close_form", form)
    return done(entry, _("Die Anfrage ist abgeschlossen."))
