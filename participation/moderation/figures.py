"""Transparency figures: what the moderation did in each of the last months, without names.

Months are calendar months in the town's time zone. The figures take five queries whatever the
amount of data (reports, decisions, audit log, appeals received, appeals decided), each over the
whole period, with the month worked out in SQL (a CASE over the month boundaries, the same on
SQLite and PostgreSQL). Counts are grouped in SQL; decisions are read row by row (enum and
timestamp columns only) because the median time to a decision needs every single time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_timedelta
from sqlalchemy import case, func, select

from participation.core.audit import AuditEntry
from participation.core.models import utcnow
from participation.extensions import db
from participation.moderation.models import (
    Action,
    Appeal,
    AppealStatus,
    Decision,
    ModerationItem,
    Reason,
    Report,
)

MONTHS_SHOWN = 12
NO_FIGURE = "–"  # shown for a median when nothing was decided

# Audited automatic acts counted per month, and the MonthFigures field each one adds to.
AUTOMATIC = {"moderation.auto_hidden": "auto_hidden", "moderation.held": "held"}
# Outcomes of appeals, and the MonthFigures field each one adds to.
OUTCOMES = {AppealStatus.UPHELD: "appeals_upheld", AppealStatus.OVERTURNED: "appeals_overturned"}
# The plain counts, added up for the totals.
COUNTS = ("reports", "auto_hidden", "held", "appeals_received", *OUTCOMES.values())


def no_actions() -> dict[Action, int]:
    """Return a count of 0 for every action."""
    return dict.fromkeys(Action, 0)


def no_reasons() -> dict[Reason | None, int]:
    """Return a count of 0 for every reason and for "no reason given" (None)."""
    return dict.fromkeys([*Reason, None], 0)


@dataclass
class MonthFigures:
    """What the moderation did in one calendar month (or, for the totals, in all months shown).

    - `month`: the month's first day in the town's time zone; None for the totals.
    - `reports`: reports received.
    - `auto_hidden`: content hidden automatically after several reports.
    - `held`: new posts held for review before anyone saw them.
    - `by_action`: decisions per action, every action listed (0 when unused).
    - `by_reason`: decisions per reason; the key None counts decisions without a reason.
    - `median_time`: median time from the item entering the queue to the decision; None when
      nothing was decided.
    - `appeals_received`: appeals lodged in the month.
    - `appeals_upheld`, `appeals_overturned`: appeals decided in the month, by outcome
      (upheld: the decision stands; overturned: it was undone).
    """

    month: date | None
    reports: int = 0
    auto_hidden: int = 0
    held: int = 0
    by_action: dict[Action, int] = field(default_factory=no_actions)
    by_reason: dict[Reason | None, int] = field(default_factory=no_reasons)
    median_time: timedelta | None = None
    appeals_received: int = 0
    appeals_upheld: int = 0
    appeals_overturned: int = 0

    @property
    def decisions(self) -> int:
        """Return the number of decisions."""
        return sum(self.by_action.values())

    @property
    def median_text(self) -> str:
        """Return the median time to decision in words ("3 Stunden", "2 Tage"), else "–"."""
        if self.median_time is None:
            return NO_FIGURE
        # Threshold 2: say "30 Stunden" rather than round to "1 Tag".
        return format_timedelta(self.median_time, granularity="minute", threshold=2)


@dataclass
class MonthlyReport:
    """The figures per month, newest first (months without activity included), and the totals
    over all those months (the median taken over all their decisions)."""

    months: list[MonthFigures]
    totals: MonthFigures


def monthly_report(months: int = MONTHS_SHOWN, now: datetime | None = None) -> MonthlyReport:
    """Return the figures of the last `months` calendar months, the current one included."""
    bounds = month_bounds(months, now or utcnow(), town_zone())
    figures = [MonthFigures(start.date()) for start in bounds[:-1]]
    times = add_decisions(figures, bounds)
    add_reports(figures, bounds)
    add_automatic(figures, bounds)
    add_appeals(figures, bounds)
    return MonthlyReport(months=figures[::-1], totals=add_up(figures, times))


def town_zone() -> ZoneInfo:
    """Return the town's time zone, which the months follow."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def month_bounds(count: int, now: datetime, zone: ZoneInfo) -> list[datetime]:
    """Return the first moments of the last `count` months in `zone`, oldest first, followed
    by the first moment of the next month (the end of the period)."""
    local = now.astimezone(zone)
    current = local.year * 12 + local.month - 1
    starts = []
    for number in range(current - count + 1, current + 2):
        year, month = divmod(number, 12)
        starts.append(datetime(year, month + 1, 1, tzinfo=zone))
    return starts


def month_index(column, bounds: list[datetime]):
    """Return an SQL expression for the month `column` falls in (0: the oldest month)."""
    newest_first = [(column >= bounds[index], index) for index in range(len(bounds) - 2, -1, -1)]
    return case(*newest_first)


def in_period(column, bounds: list[datetime]) -> list:
    """Return the WHERE terms for values of `column` within the months shown."""
    return [column >= bounds[0], column < bounds[-1]]


def counted(column, bounds: list[datetime], *keys, where=()) -> list:
    """Return (month index, *keys, count) rows for the rows whose `column` lies in the months."""
    index = month_index(column, bounds).label("month_index")
    query = (
        select(index, *keys, func.count())
        .where(*in_period(column, bounds), *where)
        .group_by(index, *keys)
    )
    return db.session.execute(query).all()


def add_reports(figures: list[MonthFigures], bounds: list[datetime]) -> None:
    """Count the reports received per month."""
    for index, count in counted(Report.created_at, bounds):
        figures[index].reports = count


def add_automatic(figures: list[MonthFigures], bounds: list[datetime]) -> None:
    """Count the automatic acts (hidden after reports, held for review) per month."""
    rows = counted(
        AuditEntry.created_at,
        bounds,
        AuditEntry.action,
        where=(
            AuditEntry.target_type == ModerationItem.__tablename__,
            AuditEntry.action.in_(list(AUTOMATIC)),
        ),
    )
    for index, action, count in rows:
        setattr(figures[index], AUTOMATIC[action], count)


def add_appeals(figures: list[MonthFigures], bounds: list[datetime]) -> None:
    """Count the appeals received per month, and those decided per month by outcome."""
    for index, count in counted(Appeal.created_at, bounds):
        figures[index].appeals_received = count
    decided = counted(
        Appeal.resolved_at, bounds, Appeal.status, where=(Appeal.status.in_(list(OUTCOMES)),)
    )
    for index, status, count in decided:
        setattr(figures[index], OUTCOMES[AppealStatus(status)], count)


def add_decisions(figures: list[MonthFigures], bounds: list[datetime]) -> list[timedelta]:
    """Count the decisions per month by action and reason and set each month's median time;
    return the times of all decisions."""
    query = select(
        month_index(Decision.created_at, bounds),
        Decision.action,
        Decision.reason,
        Decision.item_opened_at,
        Decision.created_at,
    ).where(*in_period(Decision.created_at, bounds))
    times: list[list[timedelta]] = [[] for _ in figures]
    for index, action, reason, opened_at, decided_at in db.session.execute(query):
        figures[index].by_action[action] += 1
        figures[index].by_reason[reason] += 1
        times[index].append(max(decided_at - opened_at, timedelta(0)))
    for month, month_times in zip(figures, times, strict=True):
        month.median_time = median_or_none(month_times)
    return [time for month_times in times for time in month_times]


def median_or_none(times: list[timedelta]) -> timedelta | None:
    """Return the median of `times` (the mean of the middle two for an even number), or None."""
    return median(times) if times else None


def add_up(figures: list[MonthFigures], times: list[timedelta]) -> MonthFigures:
    """Return the totals of all months; the median is taken over all decisions."""
    totals = MonthFigures(None, median_time=median_or_none(times))
    for month in figures:
        for name in COUNTS:
            setattr(totals, name, getattr(totals, name) + getattr(month, name))
        for action, count in month.by_action.items():
            totals.by_action[action] += count
        for reason, count in month.by_reason.items():
            totals.by_reason[reason] += count
    return totals
