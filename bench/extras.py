"""The earlier benches, run by `make bench` with the sizes their issues name; their printed
tables go into the report as they are.

votes, surveys and notifications take BENCH_DATABASE_URL, so they run on SQLite and on a
PostgreSQL database created for each script (and dropped after it); paper and OMR are about
drawing PDFs and reading scans (CPU) and run on SQLite only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import databases

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"


@dataclass(frozen=True)
class Extra:
    """One earlier bench script and its arguments."""

    script: str
    arguments: tuple[str, ...]
    on_postgres: bool

    def command_line(self) -> str:
        """Return how the script is run, for the report."""
        return " ".join([f"bench/{self.script}", *self.arguments])


EXTRAS = (
    Extra("votes.py", ("--ballots", "500000"), on_postgres=True),
    Extra("surveys.py", ("--responses", "100000"), on_postgres=True),
    Extra("notifications.py", ("--followers", "10000", "--mails", "500"), on_postgres=True),
    Extra("paper.py", ("--sheets", "1000"), on_postgres=False),
    Extra("omr.py", ("--sheets", "2"), on_postgres=False),
)


@dataclass(frozen=True)
class Outcome:
    """What one run of a script printed."""

    extra: Extra
    kind: str  # "sqlite" or "postgresql"
    output: str
    seconds: float
    failed: bool


def script_env(folder: Path, url: str | None) -> dict[str, str]:
    """Return the script's environment: its temporary files and instance in `folder`."""
    env = {**os.environ, "TMPDIR": str(folder), "INSTANCE_PATH": str(folder / "instance")}
    env.pop("BENCH_DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if url:
        env["BENCH_DATABASE_URL"] = url
    return env


def run_script(extra: Extra, kind: str, folder: Path, url: str | None) -> Outcome:
    """Run one script to the end; return its output (stderr too when it failed)."""
    print(f"running {extra.command_line()} on {kind}", file=sys.stderr, flush=True)
    start = time.perf_counter()
    done = subprocess.run(
        [str(PYTHON), f"bench/{extra.script}", *extra.arguments],
        cwd=ROOT,
        env=script_env(folder, url),
        capture_output=True,
        text=True,
    )
    output = done.stdout if done.returncode == 0 else done.stdout + done.stderr
    failed = done.returncode != 0
    if failed:
        print(f"{extra.script} failed on {kind}:\n{done.stderr}", file=sys.stderr, flush=True)
    return Outcome(extra, kind, output.rstrip(), time.perf_counter() - start, failed)


def run_on_postgres(extra: Extra, folder: Path) -> Outcome:
    """Run one script on a PostgreSQL database created for it, dropped afterwards."""
    name = f"bench_extra_{os.getpid()}"
    admin = databases.admin_url()
    databases.create_postgres(admin, name)
    try:
        url = admin.rsplit("/", 1)[0] + f"/{name}"
        return run_script(extra, "postgresql", folder, url)
    finally:
        databases.drop_postgres(admin, name)


def run_all(folder: Path, kinds: list[str]) -> list[Outcome]:
    """Run every script on each of `kinds` it supports; return the outcomes in order."""
    folder.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for extra in EXTRAS:
        if "sqlite" in kinds:
            outcomes.append(run_script(extra, "sqlite", folder, None))
        if "postgresql" in kinds and extra.on_postgres:
            outcomes.append(run_on_postgres(extra, folder))
    return outcomes
