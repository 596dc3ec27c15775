"""Accounts: sign-up, sign-in, confirmation, password reset, profile, roles, in-person
verification and the admin pages."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from participation.extensions import login_manager


def init_app(app: Flask) -> None:
    """Register the account blueprints, the user loader and the `flask users` commands."""
    from participation.accounts import (  # noqa: F401 (tables)
        admin,
        cli,
        profile,
        request_models,
        security_models,
        services,
        sessions,
        twofactor_admin,  # adds its page to admin.bp, so before that is registered
        verification_views,
        views,
    )
    from participation.core.permissions import ROLE_HINTS, role_label

    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Bitte melden Sie sich an, um diese Seite zu sehen.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(sessions.load_user)  # the account, and this browser's row
    for blueprint in (views.bp, profile.bp, admin.bp, verification_views.bp):
        app.register_blueprint(blueprint)
    app.cli.add_command(cli.users)
    app.jinja_env.globals.update(role_label=role_label, role_hints=ROLE_HINTS)
    init_sessions(app)
    init_two_factor(app)
    init_privacy(app)
    init_data_rights(app)


def init_data_rights(app: Flask) -> None:
    """The person's own export and deletion, and the register of requests on paper."""
    from participation.accounts import data_views, request_views

    for blueprint in (data_views.bp, request_views.bp):
        app.register_blueprint(blueprint)


def init_privacy(app: Flask) -> None:
    """Retention (`flask privacy purge`), the records of processing and the log's export."""
    from participation.accounts import privacy_admin, retention_cli

    app.register_blueprint(privacy_admin.bp)
    app.cli.add_command(retention_cli.privacy)


def init_sessions(app: Flask) -> None:
    """Signed-in browsers, the confirm page before sensitive acts, and sign-in notices."""
    from flask_login import user_loaded_from_cookie

    from participation.accounts import reauth_views, sessions, sessions_views, signin_notice

    for blueprint in (reauth_views.bp, sessions_views.bp):
        app.register_blueprint(blueprint)
    app.before_request(sessions.track)
    user_loaded_from_cookie.connect(sessions.restored_from_cookie, app)
    signin_notice.init_app(app)


def init_two_factor(app: Flask) -> None:
    """Two-factor sign-in: the person's own pages and the second step of signing in."""
    from participation.accounts import two_factor, twofactor_signin, twofactor_views

    two_factor.check_config(app)
    for blueprint in (twofactor_views.bp, twofactor_signin.bp):
        app.register_blueprint(blueprint)
