"""Fresh, throw-away databases for tests: a SQLite file, or a new PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def base_url() -> str | None:
    """Return TEST_DATABASE_URL (PostgreSQL) or None for SQLite."""
    return os.environ.get("TEST_DATABASE_URL") or None


def create_database(folder: Path, label: str) -> str:
    """Create an empty database and return its URL."""
    url = base_url()
    name = f"participation_{label}_{uuid.uuid4().hex[:8]}"
    if url is None:
        return f"sqlite:///{folder / (name + '.db')}"
    with _admin_engine(url).connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop a database made by create_database (SQLite files go with their folder)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database).unlink(missing_ok=True)
        return
    with _admin_engine(base_url()).connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))


def _admin_engine(url: str):
    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=None)
