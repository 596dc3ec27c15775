"""Admin pages: accounts and their roles, and the audit log."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts import roles, services, two_factor
from participation.accounts.forms import AuditFilterForm, RolesForm
from participation.accounts.reauth import recent_sign_in_required
from participation.core import audit
from participation.core.pagination import paginate
from participation.core.permissions import Role, roles_required
from participation.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")
GRANTED = frozenset(roles.GRANTED_ROLES)


@bp.get("/")
@roles_required(Role.ADMIN)
def index():
    """Send admins to the account list."""
    return redirect(url_for("admin.users"))


@bp.get("/users")
@roles_required(Role.ADMIN)
def users():
    """List accounts, searchable by address or name."""
    text = request.args.get("q", "").strip()[:100]
    page = paginate(roles.search_users(text))
    return render_template("admin/users.html", page=page, q=text)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
@recent_sign_in_required
def user_roles(user_id: int):
    """Show and change one account's roles."""
    user = services.get_user(user_id) or abort(404)
    form = RolesForm(roles=[grant.role.value for grant in user.roles if grant.role in GRANTED])
    if form.validate_on_submit():
        before = user.role_set()
        try:
            changed = roles.set_roles(user, {Role(v) for v in form.roles.data}, current_user)
        except roles.LastAdminError:
            db.session.rollback()
            form.form_errors.append(
                _("Es muss mindestens ein Konto die Rolle Administration behalten.")
            )
        else:
            # A new role that needs a second factor the account lacks: it signs in again and
            # sets one up before its next session starts.
            signed_out = changed and two_factor.sign_out_if_newly_required(user, before)
            db.session.commit()
            flash(roles_saved_message(user, changed, signed_out), "success")
            return redirect(url_for("admin.user_roles", user_id=user.id))
    history = db.session.scalars(
        audit.entries_query("users").where(audit.AuditEntry.target_id == user.id).limit(20)
    )
    return render_template(
        "admin/user_roles.html", user=user, form=form, history=list(history)
    ), 400 if form.errors or form.form_errors else 200


def roles_saved_message(user, changed: bool, signed_out: bool) -> str:
    """Say what saving the roles did, and when the account must set up a second factor."""
    if not changed:
        return _("Es gab nichts zu ändern.")
    if signed_out:
        return _(
            "Die Rollen sind gespeichert. %(name)s ist jetzt überall abgemeldet und muss bei der nächsten Anmeldung die Anmeldung mit zweitem Faktor einrichten.",
            name=user.display_name,
        )
    return _("Die Rollen sind gespeichert.")


@bp.get("/audit")
@roles_required(Role.ADMIN)
def audit_log():
    """List every privileged act, newest first, filtered by the GET form (wrong filters: 400)."""
    form = AuditFilterForm(request.args)
    valid = form.validate()
    filters = form.filters() if valid else audit.AuditFilters()
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    # Wrong filters show no entries at all rather than a list the admin did not ask for.
    page = paginate(audit.entries_query(filters=filters, zone=zone)) if valid else None
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        filters=filters,
        target_type_label=audit.target_type_label,
    ), 200 if valid else 400
