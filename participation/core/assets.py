"""Static file URLs with a content hash, so proxies may cache them for long."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app, url_for


@cache
def _digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def asset_url(filename: str) -> str:
    """Return the URL of a static file with `?v=<hash of its content>`."""
    path = Path(current_app.static_folder) / filename
    version = _digest(str(path), path.stat().st_mtime) if path.is_file() else "missing"
    return url_for("static", filename=filename, v=version)


def init_app(app: Flask) -> None:
    """Offer asset_url() to templates."""
    app.jinja_env.globals["asset_url"] = asset_url
