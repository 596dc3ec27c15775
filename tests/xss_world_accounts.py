"""The XSS world's account pages (see tests/xss_world.py for the plan): data requests received
on paper with the payload as requester, contact, note and outcome; the admin's and the
Bürgerbüro's pages of accounts named with a payload; searches that repeat what was typed."""

from __future__ import annotations

from urllib.parse import quote

from participation.accounts import data_requests
from participation.accounts import services as accounts
from participation.accounts.request_models import RequestChannel, RequestKind, RequestState
from participation.core.clock import town_today
from participation.extensions import db
from tests import xss_corpus as corpus
from tests.xss_corpus import fit
from tests.xss_world import ADMIN, STAFF, World, voice


def seed_accounts(world: World, people: dict) -> None:
    """Write a data request per payload (the sampled ones closed with it as outcome), and
    add the pages of the accounts named with a sampled payload."""
    admin = people["admin"]
    for index, payload in enumerate(world.payloads):
        entry = data_requests.register(
            kind=RequestKind.ACCESS,
            channel=RequestChannel.LETTER,
            requester=fit(payload, 200),
            contact=fit(payload, 500),
            received_on=town_today(),
            user=None,
            identity_checked=False,
            actor=admin,
        )
        data_requests.add_note(entry, fit(payload, 2000), admin)
        if payload in corpus.sample():
            data_requests.close(entry, RequestState.REFUSED, fit(payload, 2000), admin)
        world.see_sampled(payload, ADMIN, f"/admin/requests/{entry.id}")
        see_account(world, index, payload)
    db.session.commit()


def see_account(world: World, index: int, payload: str) -> None:
    """Add the pages that show the account named with payload `index`, and the searches."""
    if payload not in corpus.sample():
        return
    user_id = accounts.find_by_email(voice(index)).id
    typed = quote(fit(payload, 100))
    world.see_sampled(payload, ADMIN, f"/admin/users/{user_id}", f"/admin/users?q={typed}")
    world.see_sampled(payload, STAFF, f"/verification/{user_id}")
    world.see_sampled(payload, None, f"/kein-weg/{quote(fit(payload, 200), safe='')}", status=404)
    typed = quote(fit(payload, 500), safe="")
    world.see_sampled(payload, None, f"/account/signin?next={typed}")
    filters = "&".join(
        f"{name}={typed}" for name in ("q", "category", "district", "status", "sort")
    )
    world.see_sampled(payload, None, f"/proposals/?{filters}", f"/implementation/?category={typed}")
