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
        verification_views,
        views,
    )
    from participation.core.permissions import ROLE_HINTS, role_label

    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Bitte melden Sie sich an, um diese Seite zu sehen.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(services.load_by_session_token)
    for blueprint in (views.bp, profile.bp, admin.bp, verification_views.bp):
        app.register_blueprint(blueprint)
    app.cli.add_command(cli.users)
    app.jinja_env.globals.update(role_label=role_label, role_hints=ROLE_HINTS)
