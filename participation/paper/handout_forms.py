"""The hand-out form: what staff read from the ID of a person who gets a paper ballot.

The fields and their checks are the verification desk's (imported, not copied), so a name or
date that gives one identity key there gives the same key here. Nothing typed is stored: the
service turns it into the identity key at once.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired, ValidationError

from participation.accounts.verification_forms import (
    IdCardForm,
    name_problem,
)
from participation.core.town import current_town
from participation.votes.models import Vote


def district_choices(vote: Vote) -> list[str]:
    """Return the districts staff can pick: the town's, then any of the vote's the town
    settings no longer list (so what the ID says can always be chosen, and refused)."""
    town = list(current_town().districts)
    return town + [name for name in vote.districts if name not in town]


class HandoutForm(IdCardForm):
    """Name, date of birth and (for a vote limited to districts) the district from the ID,
    and that staff saw the ID. Build it with the vote: HandoutForm(vote=vote)."""

    district = SelectField(
        _l("Ortsteil"),
        validators=[
            DataRequired(_l("Bitte wählen Sie den Ortsteil aus der Anschrift im Ausweis."))
        ],
        validate_choice=False,
    )
    id_seen = BooleanField(
        _l("Ausweis gesehen"),
        description=_l("Personalausweis, Reisepass oder Aufenthaltstitel, nicht abgelaufen."),
        validators=[
            DataRequired(_l("Bitte bestätigen Sie, dass Sie einen gültigen Ausweis gesehen haben."))
        ],
    )

    def __init__(self, *args, vote: Vote, **kwargs):
        """Ask for the district only when the vote is limited to districts."""
        super().__init__(*args, **kwargs)
        if not vote.districts:  # a vote for the whole town: the district does not matter
            del self.district
            return
        self.district.description = _l(
            "Aus der Anschrift im Ausweis. Diese Abstimmung gilt nur für: %(names)s.",
            names=", ".join(vote.districts),
        )
        self.district_names = district_choices(vote)
        pick = ("", _l("– bitte wählen –"))
        self.district.choices = [pick, *((name, name) for name in self.district_names)]

    def validate_surname(self, field) -> None:
        """Only names as printed on an ID."""
        if problem := name_problem(field.data or ""):
            raise ValidationError(problem)

    def validate_given_names(self, field) -> None:
        """Only names as printed on an ID (the first one is what counts)."""
        if problem := name_problem(field.data or ""):
            raise ValidationError(problem)

    def validate_district(self, field) -> None:
        """Only a district from the list."""
        if field.data not in self.district_names:
            raise ValidationError(_l("Bitte wählen Sie einen Ortsteil aus der Liste."))

    def chosen_district(self) -> str | None:
        """Return the district chosen, or None when the vote is for the whole town."""
        return self.district.data if self.district is not None else None

    def focus_first(self) -> None:
        """Put the cursor in the surname when the page opens: at the desk, the next person's
        ID is typed at once, without reaching for the mouse."""
        self.surname.render_kw = {**(self.surname.render_kw or {}), "autofocus": True}
