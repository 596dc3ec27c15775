"""The page "Meine Daten": download everything stored about one's account, or delete it."""

from __future__ import annotations

from flask import (
    Blueprint,
    redirect,
    render_template,
    send_file,
    session,
    url_for,
)
from flask_login import current_user

from participation.accounts import data_export, deletion, deletion_content, sessions
from participation.accounts.data_forms import DeleteForm, ExportForm
from participation.accounts.profile import account_or_address, change_limit
from participation.accounts.reauth import recent_sign_in_required
from participation.core.i18n import remember_language
from participation.core.permissions import open_to_suspended, public, signed_in
from participation.extensions import db, limiter

bp = Blueprint("data_rights", __name__, url_prefix="/account/data")
DELETED_FLAG = "account_deleted"


@bp.after_request
def no_store(response):
    """Keep these pages and the export out of the browser's cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def render_page(status: int = 200, **context):
    """Render the page with fresh forms where none are given."""
    context.setdefault("export_form", ExportForm(formdata=None, prefix="export"))
    context.setdefault("delete_form", DeleteForm(formdata=None, prefix="delete"))
    reason = deletion.refusal(current_user, locking=False)
    return render_template(
        "accounts/data/index.html",
        counts=deletion_content.counts(current_user.id),
        refusal=deletion.DeletionRefused(reason).message if reason else None,
        **context,
    ), status


@bp.get("/")
@signed_in
@recent_sign_in_required  # asked before the page, so the delete form is not filled in vain
def show():
    """Show what can be downloaded and what deleting the account would do."""
    return render_page()


@bp.post("/export")
@signed_in
@open_to_suspended
@recent_sign_in_required
@limiter.limit(change_limit, key_func=account_or_address)
def export():
    """Send the zip with everything stored about the account."""
    form = ExportForm(prefix="export")
    if not form.validate_on_submit():
        return render_page(400, export_form=form)
    user = current_user._get_current_object()
    archive = data_export.export_file(user)
    db.session.rollback()  # nothing was changed; end the long reading transaction now
    return send_file(
        archive,
        mimetype="application/zip",
        as_attachment=True,
        download_name=data_export.download_name(user),
    )


@bp.post("/delete")
@signed_in
@open_to_suspended
@recent_sign_in_required
@limiter.limit(change_limit, key_func=account_or_address)
def delete():
    """Delete the account (after the tick), then sign out."""
    form = DeleteForm(prefix="delete")
    if not form.validate_on_submit():
        return render_page(400, delete_form=form)
    language = current_user.locale
    try:
        done = deletion.delete_account(
            current_user._get_current_object(),
            actor=None,
            remove_contributions=form.remove_contributions,
        )
    except deletion.DeletionRefused as refused:
        db.session.rollback()
        if refused.reason == "gone":  # a second click while the first deleted it
            return signed_out_after_deletion(language)
        form.form_errors.append(refused.message)
        return render_page(409, delete_form=form)
    db.session.commit()
    deletion.finish(done)
    return signed_out_after_deletion(language)


def signed_out_after_deletion(language: str):
    """Sign the browser out and show the goodbye page in the account's language (a reload
    shows it again)."""
    sessions.sign_out()  # its row went with the account; the token and confirmation go too
    remember_language(language)
    session[DELETED_FLAG] = True
    return redirect(url_for("data_rights.deleted"))


@bp.get("/deleted")
@public
def deleted():
    """Confirm that the account is gone."""
    if not session.get(DELETED_FLAG) or current_user.is_authenticated:
        return redirect(url_for("core.index"))
    return render_template("accounts/data/deleted.html")
