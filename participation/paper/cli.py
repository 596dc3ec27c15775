"""Commands: `flask paper print` creates a batch of sheets (codes registered as issued) and
makes its PDF right here, with a progress bar; the same services as the printing page."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from participation.extensions import db
from participation.paper import batches, jobs, scan_jobs, scan_retention, scans
from participation.paper.models import BatchState, PaperBatch, SheetKind, Variant
from participation.paper.scan_models import ScanState, ScanUpload
from participation.surveys.models import Survey
from participation.votes.models import Vote


@click.group("paper")
def paper_cli() -> None:
    """Print sheets for votes, surveys and idea cards; read scans of returned sheets."""


@paper_cli.command("print")
@click.option("--vote", "vote_id", type=int, help="Ballots for the vote with this id.")
@click.option("--survey", "survey_id", type=int, help="Response sheets for this survey.")
@click.option("--ideas", is_flag=True, help="Blank idea cards (Ideenkarten).")
@click.option("--count", type=int, required=True, help="How many sheets (one page each).")
@click.option("--variant", type=click.Choice([v.value for v in Variant]), default="standard")
@click.option("--locale", default="de", show_default=True, help="Language of the sheets.")
@click.option("--note", default="", help="A note for the batch, e.g. where it goes.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Copy the PDF here.")
@with_appcontext
def print_command(vote_id, survey_id, ideas, count, variant, locale, note, out) -> None:
    """Create a batch of COUNT sheets and make its PDF, with a progress bar."""
    kind, subject = chosen_subject(vote_id, survey_id, ideas)
    try:
        batch = batches.create_batch(
            kind, subject, count, variant=variant, locale=locale, note=note, staff=None
        )
    except batches.BatchRefused as error:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            message = str(error.message)
        raise click.ClickException(f"{error.field or 'batch'}: {message}") from None
    db.session.commit()
    batches.requested_prints()  # printed right here, not handed to a worker
    click.echo(f"batch {batch.id}: {count} sheet codes registered as issued")
    state = print_with_bar(batch.id, count)
    batch = db.session.get(PaperBatch, batch.id)
    if state != BatchState.READY.value:
        raise click.ClickException(f"batch {batch.id} failed: {batch.error}")
    path = batches.pdf_path(batch)
    if out is not None:
        shutil.copyfile(path, out)
        path = out
    click.echo(f"batch {batch.id}: {count} pages written to {path}")


def chosen_subject(vote_id: int | None, survey_id: int | None, ideas: bool):
    """Return (kind, subject) from the options; exactly one of them must be given."""
    if sum((vote_id is not None, survey_id is not None, ideas)) != 1:
        raise click.UsageError("Give exactly one of --vote ID, --survey ID or --ideas.")
    if ideas:
        return SheetKind.IDEA, None
    model, subject_id = (Vote, vote_id) if vote_id is not None else (Survey, survey_id)
    subject = db.session.get(model, subject_id)
    if subject is None:
        raise click.ClickException(f"there is no {model.__tablename__[:-1]} {subject_id}")
    return (SheetKind.VOTE if model is Vote else SheetKind.SURVEY), subject


def print_with_bar(batch_id: int, count: int) -> str | None:
    """Make the batch's PDF with a progress bar in the terminal; return the batch's state."""
    with click.progressbar(length=count, label="printing", show_pos=True) as bar:

        def progress(done: int) -> None:
            bar.update(done - bar.pos)

        state = jobs.print_batch(batch_id, progress)
        if state == BatchState.READY.value:
            bar.update(count - bar.pos)
    return state


@paper_cli.command("import-scans")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_scans_command(files) -> None:
    """Read files of scanned sheets (PDF, PNG, JPEG, TIFF) right here, with a progress bar:
    certain ballots are counted, everything else is listed for staff on the scan pages."""
    for name in files:
        upload = accepted_scan(Path(name))
        with click.progressbar(length=upload.pages_total, label=name, show_pos=True) as bar:
            state = scan_jobs.import_scans(upload.id, lambda done: bar.update(done - bar.pos))
        upload = db.session.get(ScanUpload, upload.id)
        if state != ScanState.DONE.value:
            raise click.ClickException(f"upload {upload.id} failed: {upload.error}")
        click.echo(
            f"upload {upload.id}: {upload.pages_done} pages, {upload.counted} counted, "
            f"{upload.waiting} waiting for a second entry, {upload.review} for review, "
            f"{upload.refused} refused"
        )


def accepted_scan(path: Path) -> ScanUpload:
    """Register one file for reading (refused files stop the command with the reason)."""
    try:
        with path.open("rb") as stream:
            upload = scans.accept(stream, path.name, None)
    except scans.ScanRefused as error:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            message = str(error.message)
        raise click.ClickException(f"{path}: {message}") from None
    db.session.commit()
    scans.requested_imports()  # read right here, not handed to a worker
    return upload


@paper_cli.command("purge-scans")
@with_appcontext
def purge_scans_command() -> None:
    """Delete the scans (page images, uploaded files) whose retention period has ended
    (SCAN_RETENTION_DAYS); what was read stays. Run it daily from cron."""
    days = scan_retention.retention_days()
    if days == 0:
        click.echo("SCAN_RETENTION_DAYS is 0: scans are kept forever, nothing deleted")
        return
    purged = scan_retention.purge_expired()
    db.session.commit()
    click.echo(
        f"{purged.images} page images and {purged.files} uploaded files deleted "
        f"from {purged.uploads} uploads whose {days} days of retention have ended"
    )


@paper_cli.command("resume-scans")
@with_appcontext
def resume_scans_command() -> None:
    """Hand uploads whose reading stopped half-way (a worker killed, the machine restarted)
    to a worker again; pages read already are not read twice. Run it from cron."""
    resumed = scan_jobs.resume_stalled()
    db.session.commit()
    scans.requested_imports()
    for upload_id in resumed:
        scan_jobs.enqueue_import(upload_id)
    click.echo(f"{len(resumed)} stalled uploads handed to a worker again")
