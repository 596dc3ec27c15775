"""Logging: a request id on every request; one JSON object per line in production."""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, g, request
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdFilter(logging.Filter):
    """Add the current request id (or "-") to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.request_id = g.get("request_id", "-")
        except RuntimeError:
            record.request_id = "-"
        return True


def build_handler(json_lines: bool) -> logging.Handler:
    """Return a stderr handler with JSON or plain formatting."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    if json_lines:
        fmt = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
        handler.setFormatter(JsonFormatter(fmt, rename_fields={"levelname": "level"}))
    else:
        fmt = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
        handler.setFormatter(logging.Formatter(fmt))
    return handler


def start_request() -> None:
    """Take the proxy's X-Request-ID when it is sane, else make one."""
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def loggable_path() -> str:
    """Return the route pattern (never the mailed tokens in the URL), or the path if none."""
    if request.url_rule is not None:
        return request.url_rule.rule
    return request.path[:200]


def finish_request(response):
    """Echo the request id and log one line for the request."""
    response.headers["X-Request-ID"] = g.get("request_id", "-")
    if request.endpoint != "static":
        elapsed = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
        logging.getLogger("participation.request").info(
            "%s %s %s",
            request.method,
            loggable_path(),
            response.status_code,
            extra={"status": response.status_code, "duration_ms": round(elapsed, 1)},
        )
    return response


def init_app(app: Flask) -> None:
    """Configure the app's loggers and the request-id hooks."""
    logger = logging.getLogger("participation")
    logger.handlers[:] = [build_handler(app.config["LOG_JSON"])]
    logger.setLevel(app.config["LOG_LEVEL"])
    logger.propagate = False
    app.logger.handlers[:] = logger.handlers
    app.before_request(start_request)
    app.after_request(finish_request)
