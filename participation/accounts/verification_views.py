"""The verification desk in the Bürgerbüro: staff find an account, check the person's ID and
mark the account verified, or withdraw a verification.

Name and date of birth typed here become the identity key at once; they are never stored,
logged, flashed or put in the session. Pages are not cached: they may show what was typed.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts import services, verification
from participation.accounts.models import User
from participation.accounts.reauth import recent_sign_in_required
from participation.accounts.verification_forms import RevokeForm, SearchForm, VerifyForm
from participation.core.permissions import Role, roles_required
from participation.extensions import db

bp = Blueprint("verification", __name__, url_prefix="/verification")
staff_only = roles_required(Role.STAFF)

REFUSALS = {
    verification.AlreadyVerified: lambda: _(
        "Dieses Konto ist schon bestätigt. Wenn die Angaben falsch waren, nehmen Sie die "
        "Bestätigung zuerst zurück."
    ),
    verification.NotConfirmed: lambda: _(
        "E-Mail-Adresse noch nicht bestätigt. Die Person muss zuerst den Link in der "
        "E-Mail öffnen, die sie nach der Registrierung bekommen hat. Danach können Sie das "
        "Konto bestätigen."
    ),
    verification.OwnAccount: lambda: _(
        "Sie können Ihr eigenes Konto nicht selbst bestätigen. Bitte lassen Sie das eine "
        "Kollegin oder einen Kollegen machen."
    ),
}


@bp.after_request
def no_store(response):
    """Keep these pages out of the browser's cache: they show accounts and what was typed."""
    response.headers["Cache-Control"] = "no-store"
    return response


def load_account(user_id: int) -> User:
    """Return the account, else 404."""
    return services.get_user(user_id) or abort(404)


def refusal(user: User) -> str | None:
    """Return why the signed-in staff member cannot verify `user` now, if anything."""
    try:
        verification.check_allowed(user, current_user)
    except verification.VerificationError as error:
        return REFUSALS[type(error)]()
    return None


def render_account(user: User, status: int = 200, **context):
    """Render an account's verification page with fresh forms where none are given."""
    context.setdefault("verify_form", VerifyForm(formdata=None))
    context.setdefault("revoke_form", RevokeForm(formdata=None))
    context.setdefault("refusal", refusal(user))
    return render_template(
        "accounts/verification/account.html",
        user=user,
        masked_email=verification.masked_email,
        **context,
    ), status


@bp.get("/")
@staff_only
def index():
    """Find accounts by address or name and show whether each is verified."""
    form = SearchForm(request.args)
    valid = form.validate()
    found, more = verification.find_accounts(form.q.data or "") if valid else ([], False)
    searched = valid and bool(form.q.data)
    return render_template(
        "accounts/verification/index.html", form=form, found=found, more=more, searched=searched
    ), 200 if valid else 400


@bp.get("/<int:user_id>")
@staff_only
@recent_sign_in_required  # asked before the ID data is typed, so none is typed in vain
def account(user_id: int):
    """Show an account's verification state with the form to verify or revoke it."""
    return render_account(load_account(user_id))


@bp.post("/<int:user_id>")
@staff_only
@recent_sign_in_required
def verify(user_id: int):
    """Verify the account for the person whose ID staff checked."""
    user = load_account(user_id)
    form = VerifyForm()
    if not form.validate_on_submit():
        return render_account(user, 400, verify_form=form)
    try:
        verification.verify(
            user,
            surname=form.surname.data,
            given_names=form.given_names.data,
            birth_date=form.birth_date.day,
            district=form.chosen_district(),
            staff=current_user,
        )
    except verification.IdentityInUse as error:
        db.session.rollback()
        return render_account(user, 409, verify_form=form, conflict=error.other)
    except verification.VerificationError:  # the page names the reason (state of the account)
        db.session.rollback()
        return render_account(user, 409, verify_form=form, refused=True)
    db.session.commit()
    flash(_("Das Konto von %(name)s ist jetzt bestätigt.", name=user.display_name), "success")
    return redirect(url_for("verification.account", user_id=user.id))


@bp.post("/<int:user_id>/revoke")
@staff_only
def revoke(user_id: int):
    """Withdraw the account's verification (the person can then be verified elsewhere)."""
    user = load_account(user_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        return render_account(user, 400, revoke_form=form)
    changed = verification.revoke(user, staff=current_user)
    db.session.commit()
    if changed:
        flash(
            _("Die Bestätigung von %(name)s ist zurückgenommen.", name=user.display_name), "success"
        )
    else:
        flash(_("Dieses Konto war nicht bestätigt. Es gab nichts zu ändern."), "info")
    return redirect(url_for("verification.account", user_id=user.id))
