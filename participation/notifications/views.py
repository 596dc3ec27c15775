"""Notification pages: the centre (list, open, mark read), settings and one-click unsubscribe."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts.tokens import TokenError, TokenExpired
from participation.core.pagination import paginate
from participation.core.permissions import open_to_suspended, public, signed_in
from participation.extensions import csrf, db
from participation.notifications import centre, kinds, preferences
from participation.notifications import unsubscribe as links
from participation.notifications.forms import field_name, settings_form
from participation.notifications.models import Choice, Notification

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@signed_in
def index():
    """The notification centre: newest first, unread ones marked."""
    page = paginate(centre.list_query(current_user.id))
    if not page.items and page.page > 1:  # past the last page (an old link): start again
        return redirect(url_for("notifications.index"))
    entries = [centre.shown(notification) for notification in page.items]
    return render_template("notifications/index.html", page=page, entries=entries)


@bp.post("/<int:notification_id>/open")
@signed_in
@open_to_suspended
def open_one(notification_id: int):
    """Mark one notification read and go to what it is about."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.recipient_id != current_user.id:
        abort(404)
    centre.mark_read(current_user.id, notification_id)
    db.session.commit()
    return redirect(centre.shown(notification)["link"] or url_for("notifications.index"))


@bp.post("/read")
@signed_in
@open_to_suspended
def mark_all_read():
    """Mark every notification read."""
    count = centre.mark_read(current_user.id)
    db.session.commit()
    flash(
        _("Alle Benachrichtigungen sind als gelesen markiert.")
        if count
        else _("Es gab keine ungelesenen Benachrichtigungen."),
        "success",
    )
    return redirect(url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
@signed_in
@open_to_suspended
def settings():
    """Choose per kind: immediately, daily digest, or off."""
    shown = kinds.optional_kinds_for(current_user)
    form = settings_form(shown, preferences.choices_of(current_user.id))
    if form.validate_on_submit():
        chosen = {kind.name: Choice(form[field_name(kind.name)].data) for kind in shown}
        preferences.save(current_user.id, chosen)
        db.session.commit()
        flash(_("Ihre Einstellungen sind gespeichert."), "success")
        return redirect(url_for("notifications.settings"))
    fields = [(kind, form[field_name(kind.name)]) for kind in shown]
    page = render_template("notifications/settings.html", form=form, fields=fields)
    return page, 400 if form.errors else 200


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@public
@csrf.exempt
def unsubscribe(token: str):
    """The link in every mail: GET asks, POST (also a mail program's one-click) switches off."""
    try:
        user_id, kind_name = links.read(token)
    except TokenExpired:
        return render_template("notifications/unsubscribe.html", problem="expired"), 400
    except TokenError:
        return render_template("notifications/unsubscribe.html", problem="invalid"), 400
    kind = kinds.get(kind_name)
    if kind is None or not kind.optional or preferences.account(user_id) is None:
        return render_template("notifications/unsubscribe.html", problem="invalid"), 400
    if request.method == "POST":
        preferences.save(user_id, {kind.name: Choice.OFF})
        db.session.commit()
        return render_template("notifications/unsubscribe.html", kind=kind, done=True)
    return render_template("notifications/unsubscribe.html", kind=kind, done=False)


def unread_for_header() -> dict:
    """Offer the unread count to the header of every page (one query for signed-in people)."""
    if not current_user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": centre.unread_count(current_user.id)}
