"""Hand-outs at the same moment, on a committed database (a SQLite file or PostgreSQL): the same
person at two desks gets one ballot, the same person online and at a desk votes once, and
different people at many desks all get theirs."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from participation.accounts import roles as role_service
from participation.accounts import services as accounts
from participation.accounts import verification
from participation.core.permissions import Role
from participation.extensions import db
from participation.votes.models import Vote, VoteKind, VoteParticipation
from participation.votes.seed import EXAMPLES, build_vote
from tests.conftest import PASSWORD
from tests.live import at_once, client_for, live_app
from tests.votes.conftest import letters

PERSON = {"surname": "Gleichzeitig", "given_names": "Gundula", "birth_date": "01.04.1977"}
DESKS = 6


def staff_account(number: int):
    """Register the account of the staff member at desk `number`."""
    user = accounts.register(f"schalter{number}@example.org", f"Schalter {number}", PASSWORD, "de")
    user.user.confirm_email()
    role_service.set_roles(user.user, {Role.STAFF}, actor=None)
    return user.user


def voter_account():
    """Register and verify the online account of the person of PERSON."""
    user = accounts.register("gundula@example.org", "Gundula", PASSWORD, "de").user
    user.confirm_email()
    verification.verify(
        user,
        surname=PERSON["surname"],
        given_names=PERSON["given_names"],
        birth_date=date(1977, 4, 1),
        district=None,
        staff=None,
    )
    return user


@pytest.fixture()
def desks():
    """An app on its own committed database with an open yes/no vote for verified residents,
    DESKS staff members and the verified account of the person."""
    with live_app("paper_handout") as app:
        with app.app_context():
            vote = build_vote(EXAMPLES[VoteKind.YES_NO])
            tokens = [staff_account(number).session_token for number in range(DESKS)]
            voter, option = voter_account().session_token, str(vote.options[0].id)
            vote_id = vote.id
            db.session.commit()
        yield app, vote_id, tokens, voter, option


def handed_out(app, vote_id: int) -> tuple[int, int]:
    """Return (participations, ballots counted online) of the vote."""
    with app.app_context():
        count = select(func.count()).where(VoteParticipation.vote_id == vote_id)
        return db.session.scalar(count), db.session.get(Vote, vote_id).ballot_count


def hand_out(app, token: str, vote_id: int, **changes) -> int:
    """Send the hand-out form as the staff member of `token`; return the status code."""
    data = {**PERSON, "id_seen": "y", **changes}
    return client_for(app, token).post(f"/paper/handout/{vote_id}", data=data).status_code


def test_the_same_person_at_two_desks_at_once_gets_one_ballot(desks):
    app, vote_id, tokens, _voter, _option = desks
    statuses = at_once(2, lambda n: hand_out(app, tokens[n], vote_id))
    assert sorted(statuses) == [302, 409]
    assert handed_out(app, vote_id) == (1, 0)


def test_the_same_person_at_every_desk_at_once_gets_one_ballot(desks):
    app, vote_id, tokens, _voter, _option = desks
    statuses = at_once(DESKS, lambda n: hand_out(app, tokens[n], vote_id))
    assert sorted(statuses) == [302] + [409] * (DESKS - 1)
    assert handed_out(app, vote_id) == (1, 0)


def test_online_and_at_a_desk_at_once_the_person_votes_once(desks):
    app, vote_id, tokens, voter, option = desks

    def either(n: int) -> int:
        if n == 0:
            client = client_for(app, voter)
            return client.post(f"/votes/{vote_id}/cast", data={"choice": option}).status_code
        return hand_out(app, tokens[n], vote_id)

    statuses = at_once(2, either)
    participations, online = handed_out(app, vote_id)
    assert participations == 1
    assert statuses in ([302, 409], [403, 302])  # online counted, or the ballot handed out
    assert online == (1 if statuses[0] == 302 else 0)


def test_different_people_at_every_desk_at_once_all_get_a_ballot(desks):
    app, vote_id, tokens, _voter, _option = desks
    statuses = at_once(
        DESKS,
        lambda n: hand_out(app, tokens[n], vote_id, surname=f"Gleichzeitig{letters(n + 1)}"),
    )
    assert statuses == [302] * DESKS
    assert handed_out(app, vote_id) == (DESKS, 0)
