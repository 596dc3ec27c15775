"""Browser fixtures: the app on a live server (CSRF on, its own database, demo accounts), one
headless Chromium per run, a fresh context per test, and signed-in pages shared by page checks."""

from __future__ import annotations

import email
import email.policy
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

from participation import create_app
from participation.accounts import services
from participation.comments.models import Comment
from participation.extensions import db, limiter
from participation.proposals.models import Proposal
from tests import dbutil
from tests.browser.helpers import ACCOUNTS, PASSWORD, VIEWPORTS, sign_in, switch_language
from tests.browser.world import seed_world, world_settings

# tests/conftest.py pointed INSTANCE_PATH into its temporary folder, removed after the run.
TMP = Path(os.environ["INSTANCE_PATH"]).parent

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


class QuietHandler(WSGIRequestHandler):
    """Keep the request log out of the test output."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass
class LiveServer:
    """The app served over HTTP in a background thread."""

    url: str
    app: Flask

    @property
    def mail_dir(self) -> Path:
        """Return the folder the file mail backend writes to."""
        return Path(self.app.instance_path) / "mail"

    def mails_to(self, address: str) -> list[email.message.EmailMessage]:
        """Return the mails sent to `address`, oldest first."""
        paths = sorted(self.mail_dir.glob("*.eml")) if self.mail_dir.exists() else []
        messages = [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in paths
        ]
        return [m for m in messages if m["To"].strip().lower() == address.lower()]

    def last_link_to(self, address: str) -> str:
        """Return the first http link in the newest mail to `address`, on this server."""
        messages = self.mails_to(address)
        assert messages, f"no mail was written to {address} in {self.mail_dir}"
        body = messages[-1].get_body(preferencelist=("plain",)).get_content()
        match = re.search(r"https?://[^/\s]+(/\S+)", body)
        assert match, f"no link in the mail to {address}:\n{body}"
        return self.url + match.group(1)

    def user_id(self, address: str) -> int:
        """Return the id of the account with this address."""
        with self.app.app_context():
            user = services.find_by_email(address)
            assert user is not None, address
            return user.id

    def proposal_id(self, title: str) -> int:
        """Return the id of the (first) proposal with this title."""
        with self.app.app_context():
            found = db.session.scalar(
                select(Proposal.id).where(Proposal.title == title).order_by(Proposal.id)
            )
        assert found is not None, f"no proposal is called {title!r}"
        return found

    def comment_id(self, body: str) -> int:
        """Return the id of the (first) comment with this text."""
        with self.app.app_context():
            found = db.session.scalar(
                select(Comment.id).where(Comment.body == body).order_by(Comment.id)
            )
        assert found is not None, f"no comment says {body!r}"
        return found


def compiled_translations() -> str:
    """Return a folder with compiled catalogues (the set-up's, or compiled here if missing)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from config import BASE_DIR

    source = BASE_DIR / "translations"
    catalogues = list(source.glob("*/LC_MESSAGES/messages.po"))
    fresh = all(
        po.with_suffix(".mo").exists()
        and po.with_suffix(".mo").stat().st_mtime >= po.stat().st_mtime
        for po in catalogues
    )
    if fresh:
        return str(source)
    target = TMP / "translations"
    for po in catalogues:
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as infile, mo.open("wb") as outfile:
            write_mo(outfile, read_po(infile))
    return str(target)


@pytest.fixture(scope="session")
def live_server():
    """Serve a freshly migrated database with CSRF on and generous rate limits."""
    url = dbutil.create_database(TMP, "browser")
    try:
        app = create_app(
            "testing",
            SQLALCHEMY_DATABASE_URI=url,
            WTF_CSRF_ENABLED=True,
            SERVER_NAME=None,
            **world_settings(TMP),
            # Let Chromium keep style sheets and fonts instead of asking again on every page.
            SEND_FILE_MAX_AGE_DEFAULT=3600,
            BABEL_TRANSLATION_DIRECTORIES=compiled_translations(),
        )
        with app.app_context():
            upgrade()
            seed_world()
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
        thread.start()
        try:
            yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()
            with app.app_context():
                db.engine.dispose()
    finally:
        dbutil.drop_database(url)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(chromium_path, live_server):
    """Start every browser test with empty rate-limit counters (and skip early without Chromium)."""
    with live_server.app.app_context():
        limiter.reset()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Return the Chromium binary (CHROMIUM_PATH); skip without it, fail on CI."""
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        message = f"Chromium not found at {path} (set CHROMIUM_PATH)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One headless Chromium for the whole run."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def new_context(browser, live_server):
    """Factory: new_context(width=1280, **options) → a fresh context, closed after the test."""
    contexts = []

    def make(width: int = 1280, **options):
        options.setdefault("viewport", VIEWPORTS.get(width, {"width": width, "height": 740}))
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture()
def new_page(new_context):
    """Factory: new_page(width=1280, **context_options) → a page in a fresh context."""

    def make(width: int = 1280, **options):
        return new_context(width, **options).new_page()

    return make


@pytest.fixture()
def wide_page(new_page):
    """A page 1280 px wide."""
    return new_page(1280)


@pytest.fixture()
def narrow_page(new_page):
    """A page 360 px wide (a phone)."""
    return new_page(360)


@pytest.fixture()
def nojs_context(new_context):
    """A 1280 px context with JavaScript switched off."""
    return new_context(1280, java_script_enabled=False)


@pytest.fixture(scope="session")
def _page_pool(browser, live_server):
    """Pages kept for the whole run, one per (role, language, width), each in its own context."""
    pool = {}
    yield pool
    for page in pool.values():
        page.context.close()


@pytest.fixture()
def pooled_page(_page_pool, browser, live_server):
    """Factory: pooled_page(role, lang, width) → a page whose context is signed in as `role`
    (None: a guest) with the interface in `lang`, at `width`.

    Checks that only look at pages share these, so the sign-in, the language switch, a new
    renderer and a cold cache are paid once per combination instead of once per test. Tests
    that change what they share (sign out, language, viewport) must use `new_page` instead.
    """

    def make(role: str | None = None, lang: str = "de", width: int = 1280):
        key = (role, lang, width)
        page = _page_pool.get(key)
        if page is None or page.is_closed():
            if page is not None:
                page.context.close()
            page = _page_pool[key] = prepared_page(browser, live_server, *key)
        return page

    return make


def prepared_page(browser, live_server, role, lang, width):
    """Return a page in a new context signed in as `role`'s account for `lang`, or a guest."""
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS[width])
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        if role:
            # The accounts for English have English as their profile language.
            sign_in(page, ACCOUNTS[(role, lang)], PASSWORD)
        else:
            page.goto("/")
            if lang != "de":
                switch_language(page, lang)
        expect(page.locator("html")).to_have_attribute("lang", lang)
    except BaseException:
        context.close()
        raise
    return page
