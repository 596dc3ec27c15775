"""The admin's reset of an account's second factor, for a lost phone (added to the admin pages;
`flask users reset-two-factor` does the same for operators)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts import mails, services, totp, two_factor
from participation.accounts.admin import bp
from participation.accounts.reauth import recent_sign_in_required
from participation.accounts.twofactor_forms import ResetForm
from participation.core.permissions import Role, roles_required
from participation.extensions import db


@bp.route("/users/<int:user_id>/two-factor/reset", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
@recent_sign_in_required
def reset_two_factor(user_id: int):
    """Switch an account's second factor off after the admin confirms checking the request."""
    user = services.get_user(user_id) or abort(404)
    if not user.has_two_factor:
        flash(
            _("Für dieses Konto ist die Anmeldung mit zweitem Faktor nicht eingeschaltet."), "info"
        )
        return redirect(url_for("admin.user_roles", user_id=user.id))
    form = ResetForm()
    if form.validate_on_submit():
        two_factor.reset(user, actor=current_user)
        mails.send_two_factor_off_notice(user, by_admin=True)
        db.session.commit()
        flash(reset_message(user), "success")
        return redirect(url_for("admin.user_roles", user_id=user.id))
    page = render_template(
        "admin/two_factor_reset.html",
        user=user,
        form=form,
        left=totp.recovery_codes_left(user),
        required=totp.required_for(user),
    )
    return page, 400 if form.errors else 200


def reset_message(user) -> str:
    """Say what the reset means for the account."""
    if totp.required_for(user):
        return _(
            "Der zweite Faktor von %(name)s ist zurückgesetzt. Das Konto ist überall abgemeldet und richtet bei der nächsten Anmeldung einen neuen ein.",
            name=user.display_name,
        )
    return _("Der zweite Faktor von %(name)s ist zurückgesetzt.", name=user.display_name)
