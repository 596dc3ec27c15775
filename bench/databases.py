"""The databases of `make bench`: created for the run, migrated and filled by `flask seed bench`,
dropped afterwards; or an already-seeded one named by BENCH_SQLITE_PATH / BENCH_POSTGRES_URL,
only migrated (and given the bench's staff account), never dropped."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
FLASK = ROOT / ".venv" / "bin" / "flask"
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass
class Database:
    """A database the pages are measured on; `drop` undoes what the run created."""

    kind: str  # "sqlite" or "postgresql"
    url: str
    given: bool  # named by the caller: already seeded, never dropped
    drop: object = field(default=None, repr=False)  # a callable, or None
    seed_seconds: float | None = None
    seed_output: str = ""  # what `flask seed bench` printed: the rows it wrote

    def close(self) -> None:
        """Drop the database if this run created it."""
        if self.drop is not None:
            self.drop()
            self.drop = None


def sqlite_database(folder: Path) -> Database:
    """Return BENCH_SQLITE_PATH, or a fresh SQLite file in `folder` (gone with the folder)."""
    given = os.environ.get("BENCH_SQLITE_PATH")
    if given:
        return Database("sqlite", f"sqlite:///{Path(given).resolve()}", given=True)
    return Database("sqlite", f"sqlite:///{folder / 'bench.db'}", given=False)


def postgres_database(name: str) -> Database:
    """Return BENCH_POSTGRES_URL, or a database `name` created now on the local server."""
    given = os.environ.get("BENCH_POSTGRES_URL")
    if given:
        return Database("postgresql", given, given=True)
    admin = admin_url()
    create_postgres(admin, name)
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    return Database("postgresql", url, given=False, drop=lambda: drop_postgres(admin, name))


def admin_url() -> str:
    """Return the URL used to create and drop databases (BENCH_POSTGRES_ADMIN_URL)."""
    return os.environ.get("BENCH_POSTGRES_ADMIN_URL") or ADMIN_URL


def libpq(url: str) -> str:
    """Return a SQLAlchemy URL as psycopg takes it (without the "+psycopg" driver part)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def create_postgres(admin: str, name: str) -> None:
    """Create the database `name` (dropping a leftover of the same name first)."""
    with psycopg.connect(libpq(admin), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_postgres(admin: str, name: str) -> None:
    """Drop the database `name`, closing any connection still open to it."""
    with psycopg.connect(libpq(admin), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cli_env(url: str, instance: Path) -> dict[str, str]:
    """Return the environment of the `flask` commands that prepare a database."""
    return {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "APP_ENV": "development",
        "DATABASE_URL": url,
        "INSTANCE_PATH": str(instance),
        "REDIS_URL": "",  # jobs of the seed (if any) run in-process, nothing is left queued
    }


def flask(arguments: list[str], env: dict[str, str]) -> str:
    """Run a `flask` command in the project folder, its output shown on stderr as it comes
    (stdout carries the report); return that output."""
    lines = []
    with subprocess.Popen(
        [str(FLASK), *arguments],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        for line in process.stdout:
            sys.stderr.write(line)
            lines.append(line)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, ["flask", *arguments])
    return "".join(lines)


def prepare(database: Database, preset: str, instance: Path) -> None:
    """Migrate a database, and seed it if this run created it (a given one is seeded)."""
    env = cli_env(database.url, instance)
    flask(["db", "upgrade"], env)  # a given database may predate the newest migration
    if database.given:
        print(f"using the seeded {database.kind} database from the environment", file=sys.stderr)
        return
    start = time.perf_counter()
    database.seed_output = flask(["seed", "bench", "--preset", preset], env).strip()
    database.seed_seconds = time.perf_counter() - start
