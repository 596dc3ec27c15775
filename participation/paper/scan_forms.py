"""The form of the scan import: one file of scanned sheets."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField

from participation.core.forms import SubmissionKeyField


class ScanForm(FlaskForm):
    """Upload a file of scanned sheets (checked by the service: type, size, pages)."""

    scan = FileField(
        _l("Datei mit den Scans"),
        description=_l("PDF, PNG, JPEG oder TIFF mit 150 bis 300 dpi, auch mehrseitig."),
        render_kw={"accept": "application/pdf,image/png,image/jpeg,image/tiff"},
    )
    submission_key = SubmissionKeyField()
