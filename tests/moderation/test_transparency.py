"""The public transparency page: monthly figures of the moderation, without names."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from participation.core.audit import AuditEntry
from participation.moderation import figures
from participation.moderation.models import (
    Action,
    Appeal,
    AppealStatus,
    Cause,
    Decision,
    ModerationItem,
    Reason,
    Report,
    SubjectType,
)
from tests.querycount import counted_queries

NOW = datetime(2025, 6, 15, 10, 0, tzinfo=UTC)  # the report's "now" where a test fixes it
subject_ids = itertools.count(1)


def at(year: int, month: int, day: int = 10, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def make_item(db) -> ModerationItem:
    item = ModerationItem(
        subject_type=SubjectType.COMMENT, subject_id=next(subject_ids), cause=Cause.REPORTS
    )
    db.session.add(item)
    db.session.flush()
    return item


def make_report(db, when: datetime, reporter=None, note=None) -> Report:
    report = Report(
        item_id=make_item(db).id,
        reporter_id=reporter.id if reporter else None,
        reason=Reason.SPAM,
        note=note,
        created_at=when,
    )
    db.session.add(report)
    db.session.flush()
    return report


def make_decision(
    db, when, action=Action.HIDE, reason=Reason.SPAM, waited=timedelta(hours=2), **extra
) -> Decision:
    decision = Decision(
        item_id=make_item(db).id,
        action=action,
        reason=reason,
        item_opened_at=when - waited,
        created_at=when,
        **extra,
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def make_appeal(db, received, status=AppealStatus.OPEN, resolved=None, **extra) -> Appeal:
    decision = make_decision(db, received - timedelta(days=1))
    appeal = Appeal(
        decision_id=decision.id,
        text=extra.pop("text", "Ich widerspreche."),
        status=status,
        created_at=received,
        resolved_at=resolved,
        **extra,
    )
    db.session.add(appeal)
    db.session.flush()
    return appeal


def make_audit(db, action: str, when: datetime, target_type="moderation_items") -> None:
    db.session.add(AuditEntry(action=action, target_type=target_type, target_id=1, created_at=when))
    db.session.flush()


def month_of(report, year: int, month: int) -> figures.MonthFigures:
    return next(m for m in report.months if m.month == date(year, month, 1))


def test_twelve_months_newest_first_also_without_activity(db):
    report = figures.monthly_report(now=NOW)
    starts = [month.month for month in report.months]
    assert starts[:3] == [date(2025, 6, 1), date(2025, 5, 1), date(2025, 4, 1)]
    assert len(starts) == 12 and starts[-1] == date(2024, 7, 1)
    for month in [*report.months, report.totals]:
        assert (month.reports, month.decisions, month.appeals_received) == (0, 0, 0)
        assert month.median_time is None and month.median_text == "–"
    assert set(report.totals.by_action) == set(Action)
    assert set(report.totals.by_reason) == {*Reason, None}


def test_counts_reports_and_decisions_by_action_and_reason(db):
    for day in (1, 2):
        make_report(db, at(2025, 6, day))
    make_report(db, at(2025, 5, 20))
    make_decision(db, at(2025, 6, 3), Action.HIDE, Reason.INSULT)
    make_decision(db, at(2025, 6, 4), Action.HIDE, Reason.SPAM)
    make_decision(db, at(2025, 6, 5), Action.DISMISS, None)
    make_decision(db, at(2025, 4, 5), Action.WARN, Reason.INSULT)

    report = figures.monthly_report(now=NOW)

    june, may, april = (month_of(report, 2025, number) for number in (6, 5, 4))
    assert (june.reports, may.reports, april.reports) == (2, 1, 0)
    assert (june.decisions, may.decisions, april.decisions) == (3, 0, 1)
    assert june.by_action[Action.HIDE] == 2 and june.by_action[Action.DISMISS] == 1
    assert june.by_reason[Reason.INSULT] == 1 and june.by_reason[None] == 1
    assert april.by_action[Action.WARN] == 1
    assert report.totals.reports == 3 and report.totals.decisions == 4
    assert report.totals.by_reason[Reason.INSULT] == 2
    assert report.totals.by_action[Action.SUSPEND] == 0


def test_median_time_with_odd_and_even_numbers_of_decisions(app, db):
    for hours in (1, 20, 3):
        make_decision(db, at(2025, 6, 5), waited=timedelta(hours=hours))
    for days in (4, 2):
        make_decision(db, at(2025, 5, 20), waited=timedelta(days=days))

    report = figures.monthly_report(now=NOW)

    june, may = month_of(report, 2025, 6), month_of(report, 2025, 5)
    assert june.median_time == timedelta(hours=3)
    assert may.median_time == timedelta(days=3)  # the middle of 2 and 4 days
    # Over all five decisions, not the median of the monthly medians.
    assert report.totals.median_time == timedelta(hours=20)
    # A fresh app context, so the language Flask-Babel caches in `g` stays in this test.
    with app.app_context(), app.test_request_context():
        assert (june.median_text, may.median_text) == ("3 Stunden", "3 Tage")
        assert report.totals.median_text == "20 Stunden"


def test_months_follow_the_town_time_zone(db):
    # 22:30 UTC on 31 May is 00:30 on 1 June in Berlin (summer time).
    make_decision(db, at(2025, 5, 31, 22, 30))
    # 30 June 2024 22:30 UTC is 1 July in Berlin: the oldest month shown; 21:30 is still June.
    make_report(db, at(2024, 6, 30, 22, 30))
    make_report(db, at(2024, 6, 30, 21, 30))

    report = figures.monthly_report(now=NOW)

    assert month_of(report, 2025, 6).decisions == 1 and month_of(report, 2025, 5).decisions == 0
    assert month_of(report, 2024, 7).reports == 1 and report.totals.reports == 1


def test_decisions_older_than_twelve_months_are_not_counted(db):
    make_decision(db, NOW - timedelta(days=400), Action.SUSPEND, Reason.INSULT)
    make_decision(db, NOW - timedelta(days=1), Action.HIDE, Reason.SPAM)

    totals = figures.monthly_report(now=NOW).totals

    assert totals.decisions == 1
    assert totals.by_action[Action.SUSPEND] == 0 and totals.by_reason[Reason.INSULT] == 0


def test_appeals_count_when_received_and_when_decided(db):
    make_appeal(db, at(2025, 5, 10), AppealStatus.UPHELD, resolved=at(2025, 6, 2))
    make_appeal(db, at(2025, 6, 3), AppealStatus.OVERTURNED, resolved=at(2025, 6, 4))
    make_appeal(db, at(2025, 6, 5))  # still open

    report = figures.monthly_report(now=NOW)

    june, may = month_of(report, 2025, 6), month_of(report, 2025, 5)
    assert (june.appeals_received, june.appeals_upheld, june.appeals_overturned) == (2, 1, 1)
    assert (may.appeals_received, may.appeals_upheld, may.appeals_overturned) == (1, 0, 0)
    totals = report.totals
    assert (totals.appeals_received, totals.appeals_upheld, totals.appeals_overturned) == (3, 1, 1)


def test_counts_content_hidden_automatically_and_posts_held(db):
    make_audit(db, "moderation.auto_hidden", at(2025, 6, 1))
    make_audit(db, "moderation.auto_hidden", at(2025, 6, 2))
    make_audit(db, "moderation.held", at(2025, 5, 2))
    make_audit(db, "moderation.hide", at(2025, 6, 2))  # a moderator's act, counted as decision
    make_audit(db, "moderation.held", at(2025, 6, 2), target_type="comments")

    report = figures.monthly_report(now=NOW)

    june, may = month_of(report, 2025, 6), month_of(report, 2025, 5)
    assert (june.auto_hidden, june.held, may.auto_hidden, may.held) == (2, 0, 0, 1)
    assert (report.totals.auto_hidden, report.totals.held) == (2, 1)


def current_month_name() -> str:
    today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    return format_date(today.replace(day=1), "MMMM yyyy", locale="de")


def test_guests_see_the_figures_without_names_or_texts(client, db, make_user):
    now = datetime.now(UTC)
    moderator = make_user(display_name="Mona Moderatorin")
    affected = make_user(display_name="Anton Betroffen")
    reporter = make_user(display_name="Rita Melderin")
    make_report(db, now, reporter=reporter, note="Geheime Notiz zur Meldung")
    decision = make_decision(
        db,
        now,
        Action.HIDE,
        Reason.PERSONAL_DATA,
        waited=timedelta(hours=5),
        moderator_id=moderator.id,
        affected_id=affected.id,
        statement="Begründung nur für die betroffene Person",
    )
    db.session.add(
        Appeal(
            decision_id=decision.id,
            appellant_id=affected.id,
            text="Vertraulicher Widerspruchstext",
            created_at=now,
        )
    )
    db.session.flush()

    page = client.get("/moderation/transparency")

    assert page.status_code == 200
    assert "Transparenzbericht der Moderation" in page.text
    assert current_month_name() in page.text
    assert "Persönliche Daten anderer" in page.text and "5 Stunden" in page.text
    for private in (
        "Mona Moderatorin",
        "Anton Betroffen",
        "Rita Melderin",
        "Geheime Notiz",
        "Begründung nur",
        "Vertraulicher Widerspruchstext",
    ):
        assert private not in page.text


def test_page_tables_are_labelled_for_screen_readers(client, db):
    page = client.get("/moderation/transparency")
    assert page.text.count('role="region"') == 3
    assert page.text.count("<caption") == 3
    assert 'scope="row"' in page.text and 'scope="col"' in page.text


def add_activity(db, decisions: int) -> None:
    now = datetime.now(UTC)
    for number in range(decisions):
        when = now - timedelta(days=number * 5)
        decision = make_decision(db, when, waited=timedelta(hours=number + 1))
        make_report(db, when)
        if number % 3 == 0:
            db.session.add(Appeal(decision_id=decision.id, text="Einspruch", created_at=when))
        make_audit(db, "moderation.auto_hidden", when)
    db.session.flush()


def page_queries(client, db) -> int:
    client.get("/moderation/transparency")  # warm up what is cached per process
    with counted_queries(db.engine) as statements:
        assert client.get("/moderation/transparency").status_code == 200
    return len(statements)


def test_query_count_does_not_grow_with_the_data(client, db):
    add_activity(db, 3)
    small = page_queries(client, db)
    with counted_queries(db.engine) as statements:
        figures.monthly_report()
    assert len(statements) == 5
    add_activity(db, 57)
    assert page_queries(client, db) == small
