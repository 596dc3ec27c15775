"""Comparing the SQL a page runs in a small and in a larger world (no query per row)."""

from __future__ import annotations

import os
import re
from collections import Counter

from tests.querycount import counted_queries

NUMBERS = re.compile(r"\b\d+\b")
LISTS = re.compile(r"\((?:\?|%\(\w+\)s)(?:, (?:\?|%\(\w+\)s))*\)")  # IN (?, ?, …)


def page_statements(client, engine, url: str, status: int = 200) -> list[str]:
    """Return the statements one GET of `url` runs, after a first visit warmed the caches."""
    client.get(url).close()
    with counted_queries(engine) as statements:
        response = client.get(url)
        response.get_data()  # a streamed download runs its queries while it is read
    assert response.status_code == status, (url, response.status_code)
    return statements


def shape(statement: str) -> str:
    """Return the statement without its numbers and with one mark for a list of values."""
    return LISTS.sub("(?)", NUMBERS.sub("?", statement))


def more_often(small: list[str], large: list[str]) -> str:
    """Describe the statements the larger world ran more often (for a failing assertion)."""
    few = Counter(shape(statement) for statement in small)
    many = Counter(shape(statement) for statement in large)
    grown = many - few
    lines = [f"{count}x more: {statement[:300]}" for statement, count in grown.items()]
    return "\n".join(lines) or f"{len(small)} statements, then {len(large)}"


def assert_flat(small: list[str], large: list[str], most: int, grows_by: int = 0) -> None:
    """Assert the larger world runs as many statements as the small one (or at most
    `grows_by` more), and no more than `most`."""
    test = os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0]
    print(f"statements: {len(small)} → {len(large)} (at most {most}) {test}")  # pytest -rA
    assert len(small) <= len(large) <= len(small) + grows_by, more_often(small, large)
    assert len(large) <= most, "\n".join(large)
