"""Security headers on every response: a strict CSP (no inline code), no framing, no sniffing."""

from __future__ import annotations

from flask import Flask, abort, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def add_security_headers(response):
    """Set the security headers unless a view chose its own."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    hsts = current_app.config.get("HSTS_SECONDS")
    if hsts:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts}")
    return response


def refuse_nul_bytes() -> None:
    """Answer 400 to NUL characters in the query or form: databases refuse them in text."""
    values = [*request.args.values()]
    if request.method not in ("GET", "HEAD"):  # no form to read (and parse) otherwise
        values.extend(request.form.values())
    if any("\x00" in value for value in values):
        abort(400)


def from_this_site() -> bool:
    """Whether the browser says the request comes from one of our own pages (or says nothing:
    then it is no cross-site form post of a current browser, which always names its origin)."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    return origin is None or origin == request.host_url.rstrip("/")


def init_app(app: Flask) -> None:
    """Register the header hook; trust X-Forwarded-For/-Proto from the configured proxies."""
    app.after_request(add_security_headers)
    app.before_request(refuse_nul_bytes)
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # Without this, every visitor would share the proxy's address and its rate limits.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
