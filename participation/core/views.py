"""Site-wide pages: home, legal pages, language switch, health check, town theme and logo."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
)
from flask_babel import gettext as _
from flask_login import current_user

from participation.core import health, i18n, pages, security
from participation.core.permissions import public
from participation.core.town import current_town
from participation.core.urls import safe_next
from participation.extensions import csrf, db, limiter

bp = Blueprint("core", __name__)


@bp.get("/")
@public
def index():
    """Show the home page."""
    return render_template("core/index.html")


@bp.get("/<any(impressum, datenschutz, barrierefreiheit):name>")
@public
def legal_page(name: str):
    """Show a legal page from the operator's Markdown (or the shipped placeholder)."""
    page = pages.render_page(name, i18n.select_locale())
    return render_template("core/legal.html", title=pages.LEGAL_PAGES[name], page=page)


@bp.post("/language")
@public
@csrf.exempt
def switch_language():
    """Switch the interface language and go back to where the visitor was.

    Guests need no form token: pages read without an account set no cookie, and the form is
    the only one they see on most pages. Posts from other sites are refused all the same; a
    signed-in person's choice is stored with the account, so it needs the token.
    """
    if current_user.is_authenticated:
        if current_app.config["WTF_CSRF_ENABLED"]:
            csrf.protect()
    elif not security.from_this_site():
        abort(400)
    code = request.form.get("lang", "")
    if not i18n.remember_language(code):
        abort(400)
    if current_user.is_authenticated:
        current_user.locale = code
        db.session.commit()
    flash(_("Die Sprache wurde geändert."), "success")
    return redirect(safe_next(request.form.get("next")))


@bp.get("/health")
@public
@limiter.exempt
def health_check():
    """Report whether the database and Redis answer (503 when one is down)."""
    report = health.check_all()
    return jsonify(report), 200 if report["status"] == "ok" else 503


@bp.get("/theme.css")
@public
def theme_css():
    """Serve the town's colours as CSS custom properties."""
    css = render_template("core/theme.css", town=current_town())
    response = Response(css, mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.get("/logo")
@public
def logo():
    """Serve the town's logo (configured file, else the shipped neutral one)."""
    configured = current_town().logo
    if configured:
        return send_from_directory(current_app.instance_path, configured, max_age=3600)
    return send_from_directory(current_app.static_folder, "img/logo.svg", max_age=3600)
