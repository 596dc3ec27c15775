"""Creating a batch: every code registered as issued in the caller's transaction, audited, the
PDF asked for; refused (with nothing registered) for bad sizes and subjects that cannot be
printed."""

# ruff: noqa: F811  (the fixtures imported from batch_fixtures are test arguments here)
from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from participation.core.audit import AuditEntry
from participation.paper import batches
from participation.paper.codes import read_code
from participation.paper.models import (
    BatchState,
    PaperBatch,
    Sheet,
    SheetKind,
    SheetStatus,
    Variant,
)
from participation.surveys.seed import build_survey
from participation.votes.seed import PLAYGROUND, build_vote
from tests.paper.batch_fixtures import (  # noqa: F401
    fake_pdf,
    make_batch,
    paper_folder,
    staff,
    survey,
    vote,
)

DAY = timedelta(days=1)


def german(message) -> str:
    """Return a lazy message in German (outside a request)."""
    with force_locale("de"):
        return str(message)


def count(db, model) -> int:
    """Return how many rows `model` has."""
    return db.session.scalar(select(func.count()).select_from(model))


def sheets_of(db, batch) -> list[Sheet]:
    """Return the batch's sheets in page order."""
    query = select(Sheet).where(Sheet.batch_id == batch.id).order_by(Sheet.number)
    return list(db.session.scalars(query))


def test_a_batch_registers_every_code_as_issued(db, staff, vote):
    batch = batches.create_batch(
        SheetKind.VOTE, vote, 30, variant=Variant.LARGE, locale="en", note=" Markt ", staff=staff
    )
    sheets = sheets_of(db, batch)
    assert [sheet.number for sheet in sheets] == list(range(1, 31))
    assert len({sheet.code for sheet in sheets}) == 30
    assert all(read_code(sheet.code, "PN").code == sheet.code for sheet in sheets)
    assert {(s.status, s.kind, s.vote_id, s.survey_id) for s in sheets} == {
        (SheetStatus.ISSUED, SheetKind.VOTE, vote.id, None)
    }
    assert (batch.state, batch.printed, batch.variant, batch.locale) == (
        BatchState.PRINTING,
        0,
        Variant.LARGE,
        "en",
    )
    assert batch.note == "Markt" and batch.created_by_id == staff.id
    assert batches.requested_prints() == [batch.id]


def test_creating_a_batch_is_audited(db, staff, survey):
    batch = batches.create_batch(SheetKind.SURVEY, survey, 4, staff=staff)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "paper.batch_printed"))
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        staff.id,
        "paper_batches",
        batch.id,
    )
    assert entry.after["size"] == 4 and entry.after["survey_id"] == survey.id


def test_idea_cards_belong_to_no_subject(db, staff):
    batch = batches.create_batch(SheetKind.IDEA, None, 3, staff=staff)
    assert {(s.kind, s.vote_id, s.survey_id) for s in sheets_of(db, batch)} == {
        (SheetKind.IDEA, None, None)
    }


def test_the_service_never_commits(db, staff, vote, monkeypatch):
    def refuse_commit():
        raise AssertionError("a service committed")

    monkeypatch.setattr(db.session, "commit", refuse_commit)
    batches.create_batch(SheetKind.VOTE, vote, 12, staff=staff)


def test_batch_and_codes_go_together_when_the_transaction_is_undone(db, staff, vote, monkeypatch):
    before = count(db, Sheet), count(db, PaperBatch)
    savepoint = db.session.begin_nested()
    batches.create_batch(SheetKind.VOTE, vote, 25, staff=staff)
    assert count(db, Sheet) == before[0] + 25
    savepoint.rollback()
    assert (count(db, Sheet), count(db, PaperBatch)) == before


def test_two_batches_never_share_a_code(db, make_batch):
    first, second = make_batch(200), make_batch(200)
    codes = db.session.scalars(select(Sheet.code).where(Sheet.batch_id.in_([first.id, second.id])))
    assert len(set(codes)) == 400


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (0, "Bitte drucken Sie mindestens einen Bogen."),
        (-3, "Bitte drucken Sie mindestens einen Bogen."),
        (21, "Höchstens 20 Bögen auf einmal."),
    ],
)
def test_sizes_out_of_range_are_refused(app, db, staff, vote, monkeypatch, size, message):
    monkeypatch.setitem(app.config, "PAPER_BATCH_MAX", 20)
    before = count(db, Sheet), count(db, PaperBatch)
    with pytest.raises(batches.BatchRefused) as refused:
        batches.create_batch(SheetKind.VOTE, vote, size, staff=staff)
    assert (german(refused.value.message), refused.value.field) == (message, "count")
    assert (count(db, Sheet), count(db, PaperBatch)) == before
    assert batches.requested_prints() == []


def test_the_largest_batch_allowed_is_the_setting(app, db, staff, monkeypatch):
    monkeypatch.setitem(app.config, "PAPER_BATCH_MAX", 20)
    assert batches.create_batch(SheetKind.IDEA, None, 20, staff=staff).size == 20


def test_ten_thousand_is_the_default_limit(app, db, staff, monkeypatch):
    monkeypatch.delitem(app.config, "PAPER_BATCH_MAX", raising=False)
    assert batches.batch_max() == 10_000
    with pytest.raises(batches.BatchRefused):
        batches.create_batch(SheetKind.IDEA, None, 10_001, staff=staff)


def drafts_and_closed(staff):
    """Return a draft and a closed vote, and a draft and a closed survey."""
    closed = {"opens_in": -20 * DAY, "open_for": 5 * DAY}
    return [
        (SheetKind.VOTE, build_vote(PLAYGROUND, author=staff, published=False), "Entwurf"),
        (SheetKind.VOTE, build_vote(PLAYGROUND, author=staff, **closed), "beendet"),
        (SheetKind.SURVEY, build_survey(author=staff, published=False), "Entwurf"),
        (SheetKind.SURVEY, build_survey(author=staff, **closed), "beendet"),
    ]


def test_drafts_and_closed_subjects_are_refused(db, staff):
    before = count(db, Sheet), count(db, PaperBatch)
    for kind, subject, word in drafts_and_closed(staff):
        with pytest.raises(batches.BatchRefused) as refused:
            batches.create_batch(kind, subject, 5, staff=staff)
        assert word in german(refused.value.message) and refused.value.field == "subject"
    assert (count(db, Sheet), count(db, PaperBatch)) == before


def test_upcoming_subjects_can_be_printed(db, staff):
    upcoming = build_vote(PLAYGROUND, author=staff, opens_in=3 * DAY)
    assert batches.create_batch(SheetKind.VOTE, upcoming, 2, staff=staff).vote_id == upcoming.id
    later = build_survey(author=staff, opens_in=3 * DAY)
    assert batches.create_batch(SheetKind.SURVEY, later, 2, staff=staff).survey_id == later.id


@pytest.mark.parametrize(
    ("kind", "subject", "field"),
    [
        (SheetKind.VOTE, "survey", "subject"),  # a survey is no vote
        (SheetKind.SURVEY, "vote", "subject"),
        (SheetKind.VOTE, None, "subject"),
        (SheetKind.IDEA, "vote", "subject"),
    ],
)
def test_a_subject_of_the_wrong_kind_is_refused(db, staff, vote, survey, kind, subject, field):
    chosen = {"vote": vote, "survey": survey, None: None}[subject]
    with pytest.raises(batches.BatchRefused) as refused:
        batches.create_batch(kind, chosen, 5, staff=staff)
    assert refused.value.field == field


def test_an_unknown_variant_is_refused(db, staff):
    with pytest.raises(batches.BatchRefused) as refused:
        batches.create_batch(SheetKind.IDEA, None, 5, variant="riesig", staff=staff)
    assert refused.value.field == "variant"


def test_an_unknown_language_and_a_long_note_are_refused(db, staff):
    with pytest.raises(batches.BatchRefused) as refused:
        batches.create_batch(SheetKind.IDEA, None, 5, locale="xx", staff=staff)
    assert refused.value.field == "locale"
    with pytest.raises(batches.BatchRefused) as refused:
        batches.create_batch(SheetKind.IDEA, None, 5, note="x" * 201, staff=staff)
    assert refused.value.field == "note"


def test_printable_subjects_are_published_and_not_closed(db, staff, vote, survey):
    others = drafts_and_closed(staff)
    upcoming = build_vote(PLAYGROUND, author=staff, opens_in=3 * DAY)
    assert set(batches.printable_votes()) >= {vote, upcoming}
    assert not {subject for _kind, subject, _word in others} & {
        *batches.printable_votes(),
        *batches.printable_surveys(),
    }
    assert survey in batches.printable_surveys()
