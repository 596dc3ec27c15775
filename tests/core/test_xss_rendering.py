"""XSS, read from the HTML the server sends: the corpus (tests/data/xss_payloads.txt) in every
free-text field (tests/xss_world.py), and every page that shows those fields holds no script,
no event handler, no javascript:/data: address, no frame, base or refresh from a payload, and
no evaluated template probe; the pages do show what was written, as text. The browser check
(tests/browser/test_xss.py) opens the same pages in Chromium.

Forms are posted too (a proposal, a display name, a comment, each with every sampled payload),
so the forms' own handling and the pages they send back with an error are covered; and a NUL
character is refused before anything is stored.
"""

from __future__ import annotations

import email
import email.policy
from collections import Counter
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from participation.accounts import services
from participation.accounts.models import User
from participation.comments import paging
from participation.extensions import db, limiter
from participation.notifications import delivery
from participation.notifications.models import Delivery, Notification
from participation.proposals.models import Proposal
from participation.surveys.models import Survey
from tests.live import client_for, live_app
from tests.xss_corpus import (
    PROBE_RESULTS,
    browser_sample,
    fit,
    html_problems,
    payloads,
    sample,
    storable,
)
from tests.xss_world import AUTHOR, DISCUSSION, PASSWORD, STAFF, account, build_world, voice
from tests.xss_world_results import FORM_SURVEY

MAX_SHOWN = 60


@pytest.fixture(scope="module")
def xss_app(tmp_path_factory):
    """An app on its own committed database holding the XSS world."""
    folder = tmp_path_factory.mktemp("xss")
    settings = {"UPLOAD_FOLDER": str(folder / "uploads"), "PAPER_FOLDER": str(folder / "paper")}
    saved_limiter = dict(vars(limiter))  # create_app binds the process's one Limiter
    try:
        with live_app("xss", TWO_FACTOR_ROLES=[], **settings) as app:
            with app.app_context():
                world = build_world()
            yield app, world
    finally:
        vars(limiter).clear()
        vars(limiter).update(saved_limiter)


def signed_in(app, address: str | None):
    """Return a test client signed in as `address` (None: a guest)."""
    if address is None:
        return app.test_client()
    with app.app_context():
        token = services.find_by_email(address).session_token
    return client_for(app, token)  # as after signing in: the password confirmed just now


def test_the_corpus_has_the_usual_kinds_and_enough_payloads():
    assert len(payloads()) >= 120
    assert len(set(payloads())) == len(payloads()), "a payload is listed twice"
    assert any("\x00" in payload for payload in payloads())
    assert max(len(payload) for payload in payloads()) > 5000
    assert len(sample(1)) >= 10  # one per kind
    assert 5 <= len(browser_sample()) < len(sample(1))


def test_no_page_shows_a_payload_as_markup(xss_app):
    app, world = xss_app
    clients, findings = {}, []
    for visit in world.visits:
        client = clients.get(visit.who) or clients.setdefault(visit.who, signed_in(app, visit.who))
        response = client.get(visit.path)
        where = f"{visit.who or 'guest'} {visit.path[:90]}"
        if response.status_code not in ((visit.status,) if visit.status else (200, 400)):
            findings.append(f"{where}: answered {response.status_code}")
            continue
        if response.mimetype in ("text/html", "application/atom+xml"):
            findings += [f"{where}: {problem}" for problem in html_problems(response.text)]
    assert not findings, f"{len(findings)} findings:\n" + "\n".join(findings[:MAX_SHOWN])


def test_the_pages_show_the_payloads_as_text(xss_app):
    app, world = xss_app
    guest = app.test_client()
    with app.app_context():
        found = db.session.scalars(
            select(Proposal).where(Proposal.title == fit(world.payloads[0], 150))
        ).first()
        discussion = db.session.scalar(select(Proposal.id).where(Proposal.title == DISCUSSION))
    page = guest.get(f"/proposals/{found.id}").text
    assert str(escape(fit(world.payloads[0], 150))) in page
    pages = range(1, 2 * len(world.payloads) // paging.PER_PAGE + 2)  # comments and letters
    names = "".join(guest.get(f"/proposals/{discussion}?comments_page={n}").text for n in pages)
    for payload in world.payloads:
        assert str(escape(fit(payload, 50).strip())) in names, f"{payload[:50]!r} is not shown"


def test_every_payload_titles_a_proposal_in_the_list(xss_app):
    app, world = xss_app
    titles = {fit(payload, 150) for payload in world.payloads}
    with app.app_context():
        stored = set(db.session.scalars(select(Proposal.title)))
    assert titles <= stored


def test_template_probes_stay_as_written(xss_app):
    app, world = xss_app
    probes = [payload for payload in world.payloads if "91919" in payload]
    assert probes
    for probe in probes:
        page = app.test_client().get("/proposals/", query_string={"q": probe}).text
        assert not any(result in page for result in PROBE_RESULTS)
        assert str(escape(probe)) in page


def form_address(payload: str) -> str:
    """Return the address of the account that sends the forms with this payload."""
    return f"xss.formular{sample().index(payload)}@example.org"


def form_client(app, payload: str):
    """Return a client signed in as a fresh account of its own for this payload."""
    address = form_address(payload)
    with app.app_context():
        user = services.find_by_email(address) or account(address, "Fritz Formular")
        db.session.commit()
        token = user.session_token
    return client_for(app, token)


def id_of(app, column, where):
    """Return one value of the world's rows."""
    with app.app_context():
        return db.session.scalar(select(column).where(where))


@pytest.mark.parametrize("payload", sample(), ids=range(len(sample())))
def test_payloads_sent_through_the_forms_come_back_as_text(xss_app, payload):
    app, _world = xss_app
    client = form_client(app, payload)
    thread = id_of(app, Proposal.thread_id, Proposal.title == DISCUSSION)
    pages = [
        client.post("/proposals/new", data=proposal_form(payload), follow_redirects=True),
        client.post("/profile/", data=profile_form(payload), follow_redirects=True),
        client.post(f"/comments/thread/{thread}", data={"body": payload}, follow_redirects=True),
    ]
    for response in pages:
        assert response.status_code in (200, 400), response.status_code
        assert html_problems(response.text) == []
    with app.app_context():
        name = services.find_by_email(form_address(payload)).display_name
    assert str(escape(name)) in client.get("/profile/").text  # taken, or the old one kept


@pytest.mark.parametrize("payload", sample(), ids=range(len(sample())))
def test_survey_answers_come_back_as_text_on_every_step(xss_app, payload):
    app, _world = xss_app
    client = form_client(app, payload)
    survey = id_of(app, Survey.id, Survey.title == FORM_SURVEY)
    with app.app_context():
        other, free = db.session.get(Survey, survey).sections[0].questions
        other_id, free_id = other.id, free.id
    typed = {f"q{other_id}-other": payload, f"q{free_id}": payload}
    for action in ("check", "change"):
        response = client.post(f"/surveys/{survey}", data={**typed, "action": action})
        assert response.status_code in (200, 400), response.status_code
        assert html_problems(response.text) == []
    typed = {f"q{other_id}-other": fit(payload, 200), f"q{free_id}": fit(payload, 5000)}
    sent = client.post(f"/surveys/{survey}/send", data=typed)
    assert sent.status_code == 302, sent.status_code
    staff = signed_in(app, STAFF)
    for question in (other_id, free_id):
        texts = staff.get(f"/surveys/{survey}/results/questions/{question}/texts")
        assert html_problems(texts.text) == []


@pytest.mark.parametrize("payload", browser_sample(), ids=range(len(browser_sample())))
def test_a_browser_named_with_a_payload_is_listed_as_text(xss_app, payload):
    app, _world = xss_app
    client = app.test_client()
    client.post(
        "/account/signin",
        data={"email": voice(0), "password": PASSWORD},
        headers={"User-Agent": f"Mozilla/5.0 ({payload}) Firefox/140.0"},
    )
    page = client.get("/account/sessions")
    assert page.status_code == 200
    assert html_problems(page.text) == []


def proposal_form(payload: str) -> dict:
    """Return the new-proposal form filled with the payload."""
    return {"title": fit(payload, 150), "body": payload, "category": "Sonstiges", "district": ""}


def profile_form(payload: str) -> dict:
    """Return the profile form with the payload as display name."""
    return {"profile-display_name": fit(payload, 50), "profile-locale": "de"}


def test_a_nul_character_is_refused_before_anything_is_stored(xss_app):
    app, _world = xss_app
    with_nul = [payload for payload in payloads() if payload not in storable()]
    assert with_nul
    client = signed_in(app, voice(0))
    with app.app_context():
        before = db.session.scalar(select(func.count(Proposal.id)))
    for payload in with_nul:
        response = client.post("/proposals/new", data=proposal_form(payload))
        assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Proposal.id))) == before


def test_the_open_data_api_answers_payloads_as_json_only(xss_app):
    app, world = xss_app
    guest = app.test_client()
    with app.app_context():
        first = db.session.scalar(
            select(Proposal.id).where(Proposal.title == fit(world.payloads[0], 150))
        )
    for path in ("/api/v1/proposals?per_page=100", f"/api/v1/proposals/{first}", "/api/v1/surveys"):
        response = guest.get(path)
        assert response.status_code == 200
        assert response.mimetype == "application/json"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert guest.get(f"/api/v1/proposals/{first}").json["data"]["title"] == world.payloads[0]


MAIL_STYLE = (
    "font-family: sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1b; max-width: 40em;"
)


def test_the_mails_about_the_payloads_hold_them_as_text(xss_app):
    app, world = xss_app
    recipients = {AUTHOR, *(voice(world.payloads.index(p)) for p in browser_sample())}
    with app.app_context():
        wanted = select(Notification.id).join(User, User.id == Notification.recipient_id)
        wanted = wanted.where(User.email.in_(recipients)).order_by(Notification.id).limit(80)
        ids = list(db.session.scalars(wanted))
        delivery.dispatch(ids=ids)
        outcome = Counter(
            db.session.scalars(select(Notification.delivery).where(Notification.id.in_(ids)))
        )
    mails = [m for m in mails_in(Path(app.instance_path) / "mail") if m["To"] in recipients]
    assert outcome[Delivery.SENT] == len(ids), outcome
    assert mails
    for mail in mails:
        html = mail.get_body(preferencelist=("html",)).get_content()
        assert html_problems(html, own_style=MAIL_STYLE) == [], mail["Subject"]


def mails_in(folder: Path) -> list:
    """Return the mails the file backend wrote into `folder`."""
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]
