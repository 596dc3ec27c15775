"""`flask paper print`: creates the batch with the same service as the page, prints it in the
terminal with a progress bar, and refuses what the page refuses."""

# ruff: noqa: F811  (the fixtures imported from batch_fixtures are test arguments here)
from __future__ import annotations

from sqlalchemy import func, select

from participation.paper.models import BatchState, PaperBatch, Sheet, SheetKind, Variant
from participation.votes.seed import PLAYGROUND, build_vote
from tests.paper.batch_fixtures import (  # noqa: F401
    fake_pdf,
    paper_folder,
    staff,
    survey,
    vote,
)


def run(app, *args):
    """Run `flask paper print` with `args`; return the click result."""
    return app.test_cli_runner().invoke(args=["paper", "print", *map(str, args)])


def newest(db) -> PaperBatch:
    """Return the newest batch."""
    db.session.expire_all()
    return db.session.scalar(select(PaperBatch).order_by(PaperBatch.id.desc()).limit(1))


def sheet_count(db) -> int:
    """Return how many sheets are registered."""
    return db.session.scalar(select(func.count()).select_from(Sheet))


def test_printing_ballots_in_the_terminal(app, db, vote, fake_pdf, paper_folder):
    result = run(app, "--vote", vote.id, "--count", 4, "--variant", "large", "--locale", "en")
    assert result.exit_code == 0, result.output
    batch = newest(db)
    assert (batch.kind, batch.vote_id, batch.size, batch.variant, batch.locale) == (
        SheetKind.VOTE,
        vote.id,
        4,
        Variant.LARGE,
        "en",
    )
    assert batch.state is BatchState.READY and batch.created_by_id is None
    assert f"batch {batch.id}: 4 sheet codes registered as issued" in result.output
    assert "printing" in result.output  # the progress bar's label
    assert str(paper_folder / batch.file_name) in result.output
    assert (paper_folder / batch.file_name).read_bytes().startswith(b"%PDF")


def test_the_progress_bar_follows_every_page(app, db, fake_pdf, paper_folder, monkeypatch):
    import click

    steps = []
    real = click.progressbar

    def watched(*args, **kwargs):
        bar = real(*args, **kwargs)
        original = bar.update
        bar.update = lambda n, *rest: (steps.append(n), original(n, *rest))[1]
        return bar

    monkeypatch.setattr(click, "progressbar", watched)
    assert run(app, "--ideas", "--count", 60).exit_code == 0
    assert sum(steps) == 60 and len(steps) >= 60


def test_the_pdf_is_copied_where_asked(app, db, survey, fake_pdf, paper_folder, tmp_path):
    out = tmp_path / "stimmzettel.pdf"
    result = run(app, "--survey", survey.id, "--count", 2, "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (paper_folder / newest(db).file_name).read_bytes()
    assert str(out) in result.output


def test_idea_cards_need_no_subject(app, db, fake_pdf):
    assert run(app, "--ideas", "--count", 3).exit_code == 0
    assert newest(db).kind is SheetKind.IDEA


def test_exactly_one_subject_is_asked_for(app, db, vote, fake_pdf):
    before = sheet_count(db)
    for args in (["--count", 3], ["--ideas", "--vote", vote.id, "--count", 3]):
        result = run(app, *args)
        assert result.exit_code == 2 and "exactly one of" in result.output
    assert sheet_count(db) == before


def test_what_the_page_refuses_the_command_refuses(app, db, staff, vote, fake_pdf):
    draft = build_vote(PLAYGROUND, author=staff, published=False)
    before = sheet_count(db)
    for args, says in (
        (["--vote", vote.id, "--count", 0], "count: Bitte drucken Sie mindestens einen Bogen."),
        (["--vote", vote.id, "--count", 10_001], "count: Höchstens 10.000 Bögen auf einmal."),
        (["--vote", draft.id, "--count", 5], "subject: Ein Entwurf kann nicht gedruckt werden."),
        (["--vote", 999_999, "--count", 5], "there is no vote 999999"),
        (["--ideas", "--count", 5, "--locale", "xx"], "locale:"),
    ):
        result = run(app, *args)
        assert result.exit_code == 1 and says in result.output, result.output
    assert sheet_count(db) == before


def test_a_failed_print_says_why(app, db, fake_pdf):
    fake_pdf.fail_at = 2
    result = run(app, "--ideas", "--count", 3)
    assert result.exit_code == 1
    assert "failed: RuntimeError: the printer ran out of ink" in result.output
    assert newest(db).state is BatchState.FAILED
