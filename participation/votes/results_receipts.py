"""The receipt check: a voter types the code they got when casting and sees whether their
ballot is in the published list, and what it counted. The list is public after close anyway, so
the check reveals nothing the download does not."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired, ValidationError

from participation.core import codes
from participation.core.channels import Channel
from participation.core.town import current_town
from participation.extensions import db
from participation.paper.codes import read_code
from participation.votes.models import (
    Ballot,
    BallotChoice,
    BallotStatus,
    Vote,
    VoteOption,
)

RECEIPT_LENGTH = 12
INPUT_MAX = 40  # room for spaces and hyphens typed between the characters


def normalise_receipt(text: str) -> str | None:
    """Return the code as stored ("7K3M-9Q2X-4HPA") from what a person typed (any case,
    spaces, missing or extra hyphens, O for 0, I or L for 1), or None if it cannot be one. On
    paper, the sheet's code ("PN-7K3M-9Q2X-4") is the ballot's receipt code."""
    sheet = read_code(text, current_town().sheet_prefix).code  # a paper ballot's sheet code
    if sheet is not None:
        return sheet
    letters = codes.compact(text)
    if len(letters) != RECEIPT_LENGTH or not codes.in_alphabet(letters):
        return None
    return codes.grouped(letters)


def receipt_format(form, field) -> None:
    """Refuse what cannot be a receipt code, saying what one looks like."""
    if field.data and normalise_receipt(field.data) is None:
        raise ValidationError(
            _l(
                "Ein Quittungscode hat 12 Zeichen, zum Beispiel 7K3M-9Q2X-4HPA. Bei einem "
                "Stimmzettel aus Papier ist es der Code auf dem Bogen, zum Beispiel "
                "PN-7K3M-9Q2X-4. Bitte prüfen Sie Ihre Eingabe."
            )
        )


class ReceiptForm(FlaskForm):
    """Look up a receipt code (a GET form: no CSRF token, nothing is changed)."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Ihr Quittungscode"),
        description=_l("Sie haben ihn nach der Stimmabgabe bekommen, zum Beispiel 7K3M-9Q2X-4HPA."),
        validators=[
            DataRequired(_l("Bitte geben Sie Ihren Quittungscode ein.")),
            receipt_format,
        ],
        render_kw={
            "spellcheck": "false",
            "autocomplete": "off",
            "autocapitalize": "characters",
            "maxlength": INPUT_MAX,
        },
    )


@dataclass(frozen=True)
class CheckedBallot:
    """What the list says about the ballot with a receipt code."""

    receipt: str
    channel: Channel
    status: BallotStatus
    choices: list[str]  # the titles of the chosen options, in ballot order


def find_ballot(vote: Vote, code: str) -> CheckedBallot | None:
    """Return the ballot of `vote` with the (normalised) receipt `code`, or None (two queries)."""
    query = select(Ballot.id, Ballot.channel, Ballot.status).where(
        Ballot.vote_id == vote.id, Ballot.receipt == code
    )
    row = db.session.execute(query).first()
    if row is None:
        return None
    titles = (
        select(VoteOption.title)
        .join(BallotChoice, BallotChoice.option_id == VoteOption.id)
        .where(BallotChoice.ballot_id == row.id)
        .order_by(VoteOption.position, VoteOption.id)
    )
    return CheckedBallot(
        code, Channel(row.channel), BallotStatus(row.status), list(db.session.scalars(titles))
    )
