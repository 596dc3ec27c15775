"""Writing one JSON object piece by piece: single values and long lists of rows, each row
encoded as it comes, so an export of many thousand rows never sits in memory as a whole."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import IO, Any


def plain(value: Any) -> Any:
    """Return `value` as JSON knows it: times and dates as ISO 8601 text, enums by value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot export {type(value).__name__}")


def encode(value: Any, indent: int) -> str:
    """Return `value` as indented JSON whose inner lines sit `indent` spaces further in."""
    text = json.dumps(value, ensure_ascii=False, indent=2, default=plain)
    return text.replace("\n", "\n" + " " * indent)


class JsonObjectWriter:
    """Write `{"key": value, "key": [rows…], …}` to a text stream, one member at a time."""

    def __init__(self, stream: IO[str]):
        self.stream = stream
        self.members = 0

    def __enter__(self) -> JsonObjectWriter:
        self.stream.write("{")
        return self

    def __exit__(self, *exc_info) -> None:
        self.stream.write("\n}\n")

    def key(self, name: str) -> None:
        """Start the member `name`."""
        self.stream.write("," if self.members else "")
        self.stream.write(f"\n  {json.dumps(name)}: ")
        self.members += 1

    def value(self, name: str, value: Any) -> None:
        """Write one member whose value is small (a dict, a text, a number)."""
        self.key(name)
        self.stream.write(encode(value, 2))

    def rows(self, name: str, rows: Iterable[dict]) -> int:
        """Write one member whose value is a list, row by row; return how many rows."""
        self.key(name)
        count = 0
        for row in rows:
            self.stream.write(",\n    " if count else "[\n    ")
            self.stream.write(encode(row, 4))
            count += 1
        self.stream.write("\n  ]" if count else "[]")
        return count
