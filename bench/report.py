"""What the bench scripts share: a fresh app to measure in, its staff member, and printing the
figures as a two-column table."""

from __future__ import annotations

import logging
import os
import tempfile
import time


def bench_app(name: str):
    """Return an app on a fresh SQLite file (or on BENCH_DATABASE_URL), request log quiet."""
    from participation import create_app

    folder = tempfile.mkdtemp(prefix=f"bench-{name}-")
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
    app = create_app(
        "development", SQLALCHEMY_DATABASE_URI=url, SERVER_NAME="bench.example", REDIS_URL=None
    )
    logging.getLogger("participation.request").setLevel(logging.WARNING)  # one line per request
    return app


def bench_staff():
    """Register the staff member the benchmarks act as; return the account."""
    from participation.accounts import roles, services
    from participation.core.permissions import Role

    staff = services.register("bench-staff@example.org", "Bench", "Bench-Passwort-2026", "de")
    roles.set_roles(staff.user, {Role.STAFF}, actor=None)
    return staff.user


def staff_client(app, token: str, user_id: int):
    """Return a test client signed in as the staff member (session token `token`) who has
    just confirmed the password, as the downloads and exports ask for."""
    from participation.accounts import reauth

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = token, True
        session[reauth.SESSION_KEY] = {"user": user_id, "at": int(time.time())}
    return client


def print_table(rows: list[tuple[str, object]]) -> None:
    """Print (measure, value) rows under a "Measure / Value" header."""
    width = max(len(label) for label, _ in rows)
    print(f"{'Measure':<{width}}  Value")
    print(f"{'-' * width}  -----")
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


def markdown_table(header: list[str], rows: list[list[object]]) -> str:
    """Return rows under a header as a Markdown table, columns of figures right-aligned."""
    cells = [[str(value) for value in row] for row in [header, *rows]]
    columns = list(zip(*cells, strict=True))
    widths = [max(len(cell) for cell in column) for column in columns]
    right = [bool(rows) and all(is_figure(cell) for cell in column[1:]) for column in columns]

    def line(row: list[str]) -> str:
        padded = [
            cell.rjust(width) if flush else cell.ljust(width)
            for cell, width, flush in zip(row, widths, right, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [
        "-" * (width - 1) + (":" if flush else "-")
        for width, flush in zip(widths, right, strict=True)
    ]
    return "\n".join([line(cells[0]), line(rule), *(line(row) for row in cells[1:])])


def is_figure(cell: str) -> bool:
    """Return whether a table cell holds a figure ("1,234.5", "37 %") or a dash for none."""
    bare = cell.replace(",", "").removesuffix(" %").replace(".", "", 1)
    return cell in {"", "—"} or bare.isdigit()
