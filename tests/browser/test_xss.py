"""XSS in Chromium: the corpus (tests/data/xss_payloads.txt) is written into every free-text
field through the app's services (tests/xss_world.py), then every page showing those fields is
opened as the account that may see it, with a watcher listening for anything a payload could
make happen (tests/browser/xss_watch.py): nothing may fire, and no page may hold an element
that could run code or lead away.

This module serves its own database with that world (the shared live server's pages stay
free of payloads), so it overrides the autouse fixture that would build the shared one.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from participation import create_app
from participation.accounts import services
from participation.extensions import db, limiter
from tests import dbutil
from tests.browser.conftest import TIMEOUT_MS, TMP, QuietHandler, compiled_translations
from tests.browser.xss_watch import Watcher
from tests.live import client_for
from tests.xss_world import Visit, World, build_world

MAX_SHOWN = 60  # findings listed in a failure


@dataclass
class XssServer:
    """The app with the XSS world, served over HTTP."""

    url: str
    app: Flask
    world: World


@pytest.fixture(autouse=True)
def _fresh_rate_limits(chromium_path):
    """Replace the shared autouse fixture: this module needs Chromium, not the shared server."""


def xss_settings() -> dict:
    """Return the settings of the XSS server: its own folders, no rate limits, sign-in by
    session cookie (so no second factor to pass)."""
    return {
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": str(TMP / "xss-uploads"),
        "PAPER_FOLDER": str(TMP / "xss-paper"),
        "SEND_FILE_MAX_AGE_DEFAULT": 3600,
        "TWO_FACTOR_ROLES": [],
        "BABEL_TRANSLATION_DIRECTORIES": compiled_translations(),
    }


@pytest.fixture(scope="module")
def xss_server(chromium_path):
    """Serve a fresh database holding the XSS world."""
    url = dbutil.create_database(TMP, "xss")
    saved_limiter = dict(vars(limiter))  # create_app binds the process's one Limiter
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, **xss_settings())
    try:
        with app.app_context():
            upgrade()
            world = build_world()
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        thread = threading.Thread(target=server.serve_forever, name="xss-server", daemon=True)
        thread.start()
        try:
            yield XssServer(f"http://127.0.0.1:{server.server_port}", app, world)
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()
    finally:
        with app.app_context():
            db.engine.dispose()
        dbutil.drop_database(url)
        vars(limiter).clear()
        vars(limiter).update(saved_limiter)


def session_cookie(server: XssServer, address: str) -> dict:
    """Return the session cookie of the account with `address`, as signing in would set it."""
    with server.app.app_context():
        token = services.find_by_email(address).session_token
    client = client_for(server.app, token)
    name = server.app.config["SESSION_COOKIE_NAME"]
    return {"name": name, "value": client.get_cookie(name).value, "url": server.url}


def open_as(browser, server: XssServer, who: str | None, **options):
    """Return a watcher and a page in a new context, signed in as `who` (None: a guest)."""
    context = browser.new_context(base_url=server.url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    if who:
        context.add_cookies([session_cookie(server, who)])
    watcher = Watcher(context, server.url)
    return watcher, watcher.watch(context.new_page())


def browser_visits(world: World) -> dict[str | None, list[Visit]]:
    """Return the pages the browser opens, by the account that opens them."""
    grouped: dict[str | None, list[Visit]] = defaultdict(list)
    for visit in world.visits:
        if visit.browser:
            grouped[visit.who].append(visit)
    return grouped


def test_no_payload_runs_or_lands_on_any_page(browser, xss_server):
    findings = []
    for who, visits in browser_visits(xss_server.world).items():
        watcher, page = open_as(browser, xss_server, who)
        try:
            for visit in visits:
                found = watcher.check(page, visit.path, visit.status)
                findings += [f"{who or 'guest'} {visit.path[:90]}: {what}" for what in found]
        finally:
            page.context.close()
    assert not findings, f"{len(findings)} findings:\n" + "\n".join(findings[:MAX_SHOWN])


# --- the watcher catches what it should --------------------------------------------------------

PLANTED = "/xss-planted"
CSP = "script-src 'self'; style-src 'self'"


def plant(page, body: str, csp: str | None = CSP) -> None:
    """Serve `body` at PLANTED on the site's origin (with the app's script policy)."""
    headers = {"Content-Type": "text/html; charset=utf-8"}
    if csp:
        headers["Content-Security-Policy"] = csp
    html = f"<!doctype html><html><head><title>x</title></head><body>{body}</body></html>"
    page.route(f"**{PLANTED}", lambda route: route.fulfill(status=200, body=html, headers=headers))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<img src=x onerror=alert(1)>", "CSP violation"),
        ("<img src=x onerror=alert(1)>", "handler onerror"),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "address in href"),
        ("<script>window.__xss=1</script>", "script: <script>"),
        ('<iframe srcdoc="x"></iframe>', "element: <iframe"),
        ('<meta http-equiv="refresh" content="0;url=https://example.org/">', "another host"),
    ],
)
def test_the_watcher_sees_planted_markup(browser, xss_server, body, expected):
    watcher, page = open_as(browser, xss_server, None)
    plant(page, body)
    found = watcher.check(page, PLANTED)
    assert any(expected in what for what in found), found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<img src=x onerror=alert(1)>", "a alert dialog"),
        ("<script>console.log('__xss__')</script>", "console log: __xss__"),
        ("<script>window.__xss=1</script>", "window.__xss is 1"),
        ("<script>document.title='__xss__'</script>", "document.title was set"),
        ("<img src=x onerror=print()>", "print() was called"),
        ("<img src=https://example.org/x.png>", "a request to another host"),
    ],
)
def test_the_watcher_sees_what_runs_without_the_csp(browser, xss_server, body, expected):
    watcher, page = open_as(browser, xss_server, None)
    plant(page, body, csp=None)
    found = watcher.check(page, PLANTED)
    assert any(expected in what for what in found), found
