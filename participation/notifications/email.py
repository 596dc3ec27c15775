"""`send_email`: render a mail in the recipient's language and hand it to the configured backend.

Backends: "file" writes `.eml` files to `instance/mail/` (development), "smtp" sends through
the configured server (production).
"""

from __future__ import annotations

import re
import smtplib
import ssl
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from participation.core.town import current_town


class MailError(Exception):
    """The mail could not be handed over."""


def send_email(
    to: str,
    subject,
    template: str,
    *,
    locale: str | None = None,
    headers: dict[str, str] | None = None,
    message_id: str | None = None,
    **context,
) -> None:
    """Render `email/<template>.txt` with `context` and send it to `to`, as plain text with an
    HTML alternative (the same text, paragraphs and links marked up)."""
    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    context.setdefault("town", current_town())
    with force_locale(locale):
        body = render_template(f"email/{template}.txt", **context)
        html = render_template("email/_layout.html", body=body, subject=str(subject), lang=locale)
        message = build_message(to, str(subject), body, html)
    for name, value in (headers or {}).items():
        message[name] = value
    if message_id:
        message.replace_header("Message-ID", message_id)
    BACKENDS[current_app.config["MAIL_BACKEND"]](message)


def build_message(to: str, subject: str, body: str, html: str | None = None) -> EmailMessage:
    """Return a plain-text message (with an HTML alternative if given) and the usual headers."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender_domain())
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def sender_domain() -> str:
    """Return the domain of MAIL_FROM (for Message-IDs), or the server name."""
    address = parseaddr(current_app.config["MAIL_FROM"])[1]
    return address.rpartition("@")[2] or current_app.config.get("SERVER_NAME") or "localhost"


def mail_dir() -> Path:
    """Return the folder the file backend writes to."""
    return Path(current_app.instance_path) / "mail"


def deliver_to_file(message: EmailMessage) -> None:
    """Write the message to `instance/mail/<time>-<id>.eml`."""
    folder = mail_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    (folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml").write_bytes(message.as_bytes())


def deliver_by_smtp(message: EmailMessage) -> None:
    """Send the message through the configured SMTP server."""
    config = current_app.config
    host, port, timeout = config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_TIMEOUT"]
    try:
        if config["SMTP_SSL"]:
            server = smtplib.SMTP_SSL(host, port, timeout=timeout, context=_tls())
        else:
            server = smtplib.SMTP(host, port, timeout=timeout)
        with server:
            if config["SMTP_STARTTLS"]:
                server.starttls(context=_tls())
            if config["SMTP_USER"]:
                server.login(config["SMTP_USER"], config["SMTP_PASSWORD"] or "")
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(str(error)) from error


def _tls() -> ssl.SSLContext:
    return ssl.create_default_context()


BACKENDS = {"file": deliver_to_file, "smtp": deliver_by_smtp}


LINK = re.compile(r"https?://[^\s<]+")


def mail_links(escaped_text) -> str:
    """Turn the web addresses of already escaped text into links (for the HTML part)."""
    return LINK.sub(
        lambda match: f'<a href="{match.group(0)}">{match.group(0)}</a>', str(escaped_text)
    )


def init_app(app) -> None:
    """Refuse to start with a mail backend that does not exist (a typo would lose every mail)."""
    if app.config["MAIL_BACKEND"] not in BACKENDS:
        raise RuntimeError(f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}")
    app.jinja_env.filters["mail_links"] = mail_links
