"""The mail seam against a real SMTP server on loopback (aiosmtpd) and the file backend."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from participation.core.town import current_town
from participation.notifications.email import MailError, send_email


class Inbox(Message):
    """Keeps every message the server receives."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(
            email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def smtp_server(app, monkeypatch):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    yield inbox
    controller.stop()


def test_sign_up_mail_goes_through_smtp(client, smtp_server):
    password = "Lange-Testphrase-2026"
    client.post(
        "/account/signup",
        data={
            "email": "smtp@example.org",
            "display_name": "Sam",
            "password": password,
            "password_confirm": password,
        },
    )
    [message] = smtp_server.messages
    assert message["To"] == "smtp@example.org"
    assert message["Subject"] == "Bitte bestätigen Sie Ihre E-Mail-Adresse"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "/account/confirm/" in body and "Guten Tag Sam" in body


def test_mail_is_rendered_in_the_recipients_language(app, smtp_server):
    with app.test_request_context():
        send_email(
            "en@example.org",
            "Betreff",
            "accounts/email_changed",
            locale="en",
            user=type("U", (), {"display_name": "Eve"})(),
            town=app.extensions["town"],
        )
    body = smtp_server.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert "Dear Eve" in body


def test_unreachable_server_raises_mail_error(app, monkeypatch):
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    with app.test_request_context(), pytest.raises(MailError):
        send_email(
            "x@example.org",
            "Betreff",
            "accounts/email_changed",
            user=type("U", (), {"display_name": "X"})(),
            town=app.extensions["town"],
        )


def test_file_backend_writes_eml_files(app, mailbox):
    with app.test_request_context():
        send_email(
            "file@example.org",
            "Hallo",
            "accounts/email_changed",
            user=type("U", (), {"display_name": "Fritz"})(),
            town=app.extensions["town"],
        )
    message = mailbox.last()
    assert message["To"] == "file@example.org"
    assert message["Subject"] == "Hallo"
    assert message["Message-ID"] and message["Date"]
    assert "Guten Tag Fritz" in message.get_body(preferencelist=("plain",)).get_content()


def test_mails_have_an_html_part_with_links_and_escaped_text(app, mailbox):
    with app.test_request_context():
        send_email(
            "html@example.org",
            "Betreff",
            "accounts/confirm",
            user=type("U", (), {"display_name": "<b>Fritz</b>"})(),
            link="https://beteiligung.example/account/confirm/abc?x=1&y=2",
            hours=48,
            town=current_town(),
        )
    html = mailbox.last().get_body(preferencelist=("html",)).get_content()
    assert '<a href="https://beteiligung.example/account/confirm/abc?x=1&amp;y=2">' in html
    assert "&lt;b&gt;Fritz&lt;/b&gt;" in html and "<b>Fritz</b>" not in html
    assert '<html lang="de">' in html
