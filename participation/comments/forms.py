"""Comment forms. Labels and messages are lazy so they follow the visitor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import HiddenInput

from participation.comments.rules import MAX_BODY, REASON_MAX, body_problem, normalize_text

BODY_HINT = _l(
    "Höchstens 5.000 Zeichen. Sie können einfach formatieren: **fett**, *kursiv*, Listen und Links."
)


def validate_body(form, field) -> None:
    """Refuse empty and too long texts with the same message the service would give."""
    problem = body_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def body_field(rows: int) -> TextAreaField:
    """Return the comment text field (same rules for new and edited comments)."""
    return TextAreaField(
        _l("Ihr Kommentar"),
        description=BODY_HINT,
        filters=[normalize_text],
        validators=[validate_body],
        render_kw={"maxlength": MAX_BODY, "rows": rows},
    )


class CommentForm(FlaskForm):
    """A new comment, or a reply when `parent_id` is set."""

    body = body_field(rows=6)
    parent_id = IntegerField(_l("Antwort auf"), widget=HiddenInput(), validators=[Optional()])
    sort = HiddenField()


class EditForm(FlaskForm):
    """Change the text of one's own comment."""

    body = body_field(rows=8)


def validate_reason(form, field) -> None:
    """Require a short reason."""
    if not field.data:
        raise ValidationError(_l("Bitte geben Sie einen Grund an."))
    if len(field.data) > REASON_MAX:
        raise ValidationError(_l("Der Grund darf höchstens 500 Zeichen lang sein."))


class CloseForm(FlaskForm):
    """Close a thread; the reason is shown to everyone."""

    reason = TextAreaField(
        _l("Grund für das Schließen"),
        description=_l("Alle sehen diesen Grund über der Diskussion."),
        filters=[normalize_text],
        validators=[validate_reason],
        render_kw={"maxlength": REASON_MAX, "rows": 3},
    )
    next = HiddenField()
