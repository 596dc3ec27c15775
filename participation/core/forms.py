"""Helpers that render WTForms fields accessibly (used by templates/_macros/forms.html)."""

from __future__ import annotations

import secrets

from flask import Flask, request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from werkzeug.datastructures import MultiDict
from wtforms import FileField, HiddenField

SUBMISSION_KEY_MAX = 64  # the submission_key columns


class SubmissionKeyField(HiddenField):
    """The hidden key that makes a form sent twice (a double click) create one thing. A new
    form gets a fresh key; a missing or tampered (too long) one is replaced by a fresh key."""

    def process(self, formdata, data=None, extra_filters=None):
        """Read the key, then make a new one if it is not usable."""
        super().process(formdata, data, extra_filters)
        if not self.data or len(self.data) > SUBMISSION_KEY_MAX:
            self.data = secrets.token_urlsafe(24)


def described_by(field) -> str:
    """Return the ids of the field's hint and error, for aria-describedby."""
    ids = []
    if field.description:
        ids.append(f"{field.id}-hint")
    if field.errors:
        ids.append(f"{field.id}-error")
    return " ".join(ids)


def input_attributes(field, required: bool = True) -> dict:
    """Return the HTML attributes of a KERN input or select for `field`."""
    base = "kern-form-input__select" if field.type == "SelectField" else "kern-form-input__input"
    attributes = {"class": f"{base} {base}--error" if field.errors else base}
    if described := described_by(field):
        attributes["aria-describedby"] = described
    if field.errors:
        attributes["aria-invalid"] = "true"
    if required:
        attributes["required"] = True
    return attributes


def form_data(meta, form, formdata):
    """Return what a form reads from the request: its file fields the uploaded files, every
    other field the text of the form body.

    Replaces Flask-WTF's wrap_formdata, which handed every field the files as well (a file
    sent under a text field's name reached that field's filters and validators as a file
    object: a 500) and read a JSON body as form data (any JSON but an object of strings broke
    it: a 500). The forms here are HTML forms: a JSON body is no submission of them.
    """
    if formdata is not _Auto:
        return formdata
    if not form.is_submitted():
        return None
    files = {field.name for field in form if isinstance(field, FileField)}
    text = [(name, value) for name, value in request.form.items(multi=True) if name not in files]
    uploads = [(name, file) for name, file in request.files.items(multi=True) if name in files]
    return MultiDict(text + uploads) or None


def init_app(app: Flask) -> None:
    """Offer the helpers to templates; let every form read the request as form_data says."""
    app.jinja_env.globals.update(described_by=described_by, input_attributes=input_attributes)
    FlaskForm.Meta.wrap_formdata = form_data
