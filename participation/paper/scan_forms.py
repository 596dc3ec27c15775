"""The forms of the scan import: one file of scanned sheets, and the code of a scanned page
whose code could not be read."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from participation.core.forms import SubmissionKeyField
from participation.paper.entry_forms import CODE_MAX
from participation.surveys.builder_forms import strip
from participation.votes.builder_forms import WholeNumberField


class ScanForm(FlaskForm):
    """Upload a file of scanned sheets (checked by the service: type, size, pages)."""

    scan = FileField(
        _l("Datei mit den Scans"),
        description=_l("PDF, PNG, JPEG oder TIFF mit 150 bis 300 dpi, auch mehrseitig."),
        render_kw={"accept": "application/pdf,image/png,image/jpeg,image/tiff"},
    )
    submission_key = SubmissionKeyField()


class ReviewCodeForm(FlaskForm):
    """The code (and page number) of a scanned page whose code could not be read."""

    code = StringField(
        _l("Bogen-Code"),
        description=_l("Steht oben auf dem Bogen im Bild, zum Beispiel PN-7K3M-9Q2X-4."),
        filters=[strip],
        validators=[
            DataRequired(_l("Bitte geben Sie den Code des Bogens ein.")),
            Length(max=CODE_MAX, message=_l("Das ist kein Bogen-Code.")),
        ],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    number = WholeNumberField(
        _l("Seite des Bogens"),
        description=_l("Steht neben dem Code, zum Beispiel „Seite 2 von 3“. Meist ist es Seite 1."),
        default=1,
        maximum=99,
        validators=[DataRequired(_l("Bitte geben Sie die Seite ein."))],
    )
