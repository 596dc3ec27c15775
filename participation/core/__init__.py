"""Shared mechanisms and the site-wide pages."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the site-wide blueprint and the `flask seed` commands."""
    from participation.core import assets, audit, cli, forms, views

    assets.init_app(app)
    forms.init_app(app)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(audit_label=audit.audit_label, audit_value=audit.audit_value)
    app.cli.add_command(cli.seed)
