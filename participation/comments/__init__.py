"""Comment threads: any subject (proposal, survey, vote) owns one."""

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Register the comment models, the comment pages and the names of audited acts."""
    from participation.comments import models, views  # noqa: F401
    from participation.core import audit

    app.register_blueprint(views.bp)
    audit.register_actions(
        {
            "comment.official": _l("Antwort der Stadtverwaltung in einer Diskussion"),
            "thread.closed": _l("Diskussion geschlossen"),
            "thread.reopened": _l("Diskussion wieder geöffnet"),
        }
    )
