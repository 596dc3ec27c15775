"""The query string of the open data API: page numbers, page sizes and filters.

Nothing the API is asked is guessed or silently ignored: a page number that is not a whole
number from 1 to MAX_PAGE, a page size above MAX_PER_PAGE, an unknown filter value or a
parameter given twice is a 400 that names the parameter. Unknown parameters are ignored, as
HTTP caches and tracking tools add their own.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from participation.core.town import current_town
from participation.proposals.listing import FILTER_STATES
from participation.results.models import ImplementationStatus

PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
PHASES = ("upcoming", "open", "closed")
DIGITS = re.compile(r"[0-9]{1,10}")
LARGEST_ID = 2**31 - 1  # the largest value of an INTEGER column


class ApiError(Exception):
    """An answer other than the data: `status` with a message in the client's language."""

    def __init__(self, status: int, message, parameter: str | None = None):
        super().__init__(str(status))
        self.status, self.message, self.parameter = status, message, parameter


def bad(name: str, message) -> ApiError:
    """Return the 400 error of the parameter `name`."""
    return ApiError(400, message, name)


def single(args: MultiDict, name: str) -> str | None:
    """Return the one value of parameter `name` (None when absent; twice is an error)."""
    values = args.getlist(name)
    if len(values) > 1:
        raise bad(name, _l("Der Parameter „%(name)s“ darf nur einmal vorkommen.", name=name))
    return values[0] if values else None


def whole_number(args: MultiDict, name: str, default: int, highest: int) -> int:
    """Return parameter `name` as a whole number from 1 to `highest`."""
    text = single(args, name)
    if text is None:
        return default
    if not DIGITS.fullmatch(text) or not 1 <= int(text) <= highest:
        message = _l(
            "„%(name)s“ muss eine ganze Zahl von 1 bis %(highest)s sein.",
            name=name,
            highest=highest,
        )
        raise bad(name, message)
    return int(text)


def paging(args: MultiDict) -> tuple[int, int]:
    """Return the requested page number and page size."""
    return (
        whole_number(args, "page", 1, MAX_PAGE),
        whole_number(args, "per_page", PER_PAGE, MAX_PER_PAGE),
    )


def choice(args: MultiDict, name: str, allowed: Collection[str]) -> str | None:
    """Return parameter `name` if it is one of `allowed` (None when absent)."""
    text = single(args, name)
    if text is None or text in allowed:
        return text
    raise bad(name, _l("Diesen Wert kennt „%(name)s“ nicht.", name=name))


def database_id(text: str) -> int:
    """Return an id from the path, or answer 404 for anything no row can have."""
    if not DIGITS.fullmatch(text) or not 1 <= int(text) <= LARGEST_ID:
        raise ApiError(404, _l("Diese Daten gibt es nicht, oder sie sind nicht öffentlich."))
    return int(text)


@dataclass(frozen=True)
class ProposalFilters:
    """The filters of the proposal list and its CSV."""

    status: str | None = None
    category: str | None = None
    district: str | None = None


def proposal_filters(args: MultiDict) -> ProposalFilters:
    """Return the validated filters of the proposal list."""
    town = current_town()
    return ProposalFilters(
        status=choice(args, "status", proposal_statuses()),
        category=choice(args, "category", town.categories),
        district=choice(args, "district", town.districts),
    )


def proposal_statuses() -> list[str]:
    """Return the statuses a public proposal can have."""
    return [status.value for status in FILTER_STATES]


@dataclass(frozen=True)
class ImplementationFilters:
    """The filters of the implementation list and its CSV."""

    status: str | None = None
    category: str | None = None
    vote_id: int | None = None


def implementation_filters(args: MultiDict) -> ImplementationFilters:
    """Return the validated filters of the implementation list."""
    vote = single(args, "vote_id")
    return ImplementationFilters(
        status=choice(args, "status", [status.value for status in ImplementationStatus]),
        category=choice(args, "category", current_town().categories),
        vote_id=None if vote is None else whole_number(args, "vote_id", 0, LARGEST_ID),
    )


def phase_filter(args: Mapping) -> str | None:
    """Return the phase a vote or survey list is narrowed to (upcoming, open, closed)."""
    return choice(args, "phase", PHASES)
