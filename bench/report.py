"""Printing a benchmark's figures as a two-column table (shared by the bench scripts)."""

from __future__ import annotations


def print_table(rows: list[tuple[str, object]]) -> None:
    """Print (measure, value) rows under a "Measure / Value" header."""
    width = max(len(label) for label, _ in rows)
    print(f"{'Measure':<{width}}  Value")
    print(f"{'-' * width}  -----")
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
