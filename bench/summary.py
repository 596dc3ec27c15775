"""The Markdown report of `make bench`: the machine, the page tables, worker memory and the
earlier benches' output."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import psycopg

from bench import databases
from bench.extras import Outcome
from bench.measure import Timing, WrkResult
from bench.report import markdown_table

ROOT = Path(__file__).resolve().parent.parent
PAGE_HEADER = ["Page", "median ms", "p95 ms", "req/s", "% of bare Flask", "status"]


@dataclass
class PageResult:
    """The figures of one page, or why it was not measured."""

    name: str
    path: str
    timing: Timing | None = None
    wrk: WrkResult | None = None
    skipped: str = ""
    cookie: str | None = field(default=None, repr=False)  # a staff session for staff pages


@dataclass
class DatabaseRun:
    """The pages measured on one database, with the workers' memory after the wrk runs."""

    kind: str
    pages: list[PageResult] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    seed_seconds: float | None = None
    seed_output: str = ""


def first_line(path: str, prefix: str) -> str:
    """Return the value of the first line of a /proc file that starts with `prefix`."""
    for line in Path(path).read_text().splitlines():
        if line.startswith(prefix):
            return line.split(":", 1)[1].strip()
    return "?"


def postgres_version() -> str:
    """Return the PostgreSQL server's version, or why it is unknown."""
    try:
        with psycopg.connect(databases.libpq(databases.admin_url())) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error as error:
        return f"unreachable ({error.__class__.__name__})"


def commit() -> str:
    """Return the checked-out commit, marked when the tree has changes."""
    head = git("rev-parse", "--short", "HEAD")
    return head + (" with uncommitted changes" if git("status", "--porcelain") else "")


def git(*arguments: str) -> str:
    """Return a read-only git command's output ("" without git)."""
    try:
        done = subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return ""
    return done.stdout.strip()


def machine_rows(preset: str) -> list[list[str]]:
    """Return what the figures were measured on."""
    memory_kb = int(first_line("/proc/meminfo", "MemTotal").split()[0])
    return [
        ["Date", datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")],
        ["CPU", first_line("/proc/cpuinfo", "model name")],
        ["Cores (nproc)", str(len(os.sched_getaffinity(0)))],
        ["Memory", f"{memory_kb / 1024 / 1024:.1f} GiB"],
        ["Load average before the run", " ".join(f"{v:.2f}" for v in os.getloadavg())],
        ["Python", platform.python_version()],
        ["gunicorn", version("gunicorn")],
        ["PostgreSQL", postgres_version()],
        ["SQLite", sqlite3.sqlite_version],
        ["Preset", preset],
        ["Commit", commit()],
    ]


def machine_section(preset: str, wrk_seconds: int) -> str:
    """Return the report's head: what was measured how, and on which machine."""
    return "\n\n".join(
        [
            "# Benchmark: pages under gunicorn (`make bench`)",
            "Two sync gunicorn workers on 127.0.0.1, production settings, no access log. Per "
            "page: median and p95 of 200 sequential requests timed on the client, then the "
            f"throughput of a {wrk_seconds}-second `wrk -t2 -c8` run; every answer was a 200.",
            markdown_table(["Measure", "Value"], machine_rows(preset)),
        ]
    )


def ceiling_section(bare: PageResult, rss: list[float]) -> str:
    """Return the bare-Flask figures the pages are compared with."""
    row = [bare.name, f"{bare.timing.median:.2f}", f"{bare.timing.p95:.2f}"]
    row += [f"{bare.wrk.requests_per_second:,.0f}", "100 %", status(bare)]
    memory = ", ".join(f"{mb:.0f} MB" for mb in rss)
    return "\n\n".join(
        [
            "## Ceiling: a bare Flask endpoint (bench/bare.py)",
            markdown_table(PAGE_HEADER, [row]),
            f"Worker RSS: {memory}.",
        ]
    )


def status(page: PageResult) -> str:
    """Return the status column: every answer a 200 (how many), or why it was skipped."""
    if page.skipped:
        return page.skipped
    answers = page.timing.count + page.wrk.requests
    timeouts = f", {page.wrk.timeouts} wrk timeouts" if page.wrk.timeouts else ""
    return f"200 × {answers:,}{timeouts}"


def page_row(page: PageResult, ceiling: float) -> list[str]:
    """Return one page's table row; its throughput as a share of the bare-Flask ceiling."""
    if page.skipped:
        return [page.name, "—", "—", "—", "—", status(page)]
    rate = page.wrk.requests_per_second
    return [
        page.name,
        f"{page.timing.median:.1f}",
        f"{page.timing.p95:.1f}",
        f"{rate:,.0f}",
        f"{100 * rate / ceiling:.0f} %",
        status(page),
    ]


def database_section(run: DatabaseRun, ceiling: float) -> str:
    """Return one database's page table and its workers' memory."""
    title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[run.kind]
    seeded = (
        f"Seeded in {run.seed_seconds:.0f} s (`flask seed bench`):\n\n```text\n{run.seed_output}\n```"
        if run.seed_seconds is not None
        else "An already-seeded database from the environment."
    )
    memory = ", ".join(f"{mb:.0f} MB" for mb in run.rss_mb)
    rows = [page_row(page, ceiling) for page in run.pages]
    return "\n\n".join(
        [
            f"## {title}",
            seeded,
            markdown_table(PAGE_HEADER, rows),
            f"Worker RSS after the wrk runs: {memory} (max {max(run.rss_mb):.0f} MB).",
        ]
    )


def extras_section(outcomes: list[Outcome]) -> str:
    """Return the earlier benches' printed tables, one block per script and database."""
    parts = ["## Earlier benches"]
    for outcome in outcomes:
        title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[outcome.kind]
        failed = " — FAILED" if outcome.failed else ""
        parts.append(
            f"### `{outcome.extra.command_line()}` on {title} ({outcome.seconds:.0f} s){failed}"
        )
        parts.append(f"```text\n{outcome.output}\n```")
    return "\n\n".join(parts)
