"""Admin pages for privacy: the records of processing activities and the audit log as CSV."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_login import current_user

from participation.accounts import records
from participation.accounts.forms import AuditFilterForm
from participation.accounts.reauth import recent_sign_in_required
from participation.core import audit, audit_csv
from participation.core.permissions import Role, roles_required
from participation.core.town import current_town
from participation.extensions import db

bp = Blueprint("privacy_admin", __name__, url_prefix="/admin")


def local_now() -> datetime:
    """Return the current time in the town's time zone."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))


@bp.get("/privacy")
@roles_required(Role.ADMIN)
def records_page():
    """Show the records of processing activities generated from the settings."""
    today = local_now().date()
    return render_template(
        "admin/privacy.html",
        records=records.build(current_town(), today),
        labels=records.labels(),
    )


@bp.get("/privacy.md")
@roles_required(Role.ADMIN)
def records_markdown():
    """Download the records of processing activities as Markdown (plain text)."""
    today = local_now().date()
    text = records.as_markdown(records.build(current_town(), today), format_date(today))
    name = f"verarbeitungsverzeichnis-{today.isoformat()}.md"
    return Response(
        text,
        content_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/audit.csv")
@roles_required(Role.ADMIN)
@recent_sign_in_required
def audit_export():
    """Download the audit log with the log page's filters as CSV (streamed); the download
    itself is audited. Wrong filters go back to the log page, which explains them."""
    form = AuditFilterForm(request.args)
    if not form.validate():
        return redirect(url_for("admin.audit_log", **request.args))
    filters = form.filters()
    target = audit.whole_table(audit.AuditEntry.__tablename__)
    audit.record(audit_csv.EXPORTED, target, actor=current_user, after=filters.args() or None)
    db.session.commit()
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    name = f"protokoll-{local_now().date().isoformat()}.csv"
    return Response(
        audit_csv.csv_chunks(current_app._get_current_object(), filters, zone),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
