"""`flask seed demo`: load demo data once; running it again changes nothing."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from participation.extensions import db


@click.group()
def seed() -> None:
    """Load example data."""


@seed.command("demo")
@with_appcontext
def seed_demo() -> None:
    """Create one demo account per role (idempotent) and print how to sign in."""
    from participation.accounts.seed import DEMO_PASSWORD, ensure_demo_accounts
    from participation.moderation.seed import ensure_demo_reports
    from participation.notifications import jobs
    from participation.paper.demo import SECOND_CLERK, ensure_demo_paper
    from participation.proposals.seed import ensure_demo_proposals
    from participation.results.demo import ensure_demo_publication
    from participation.results.implementation_demo import ensure_demo_implementations
    from participation.surveys.demo import ensure_demo_survey
    from participation.votes.demo import ensure_demo_votes

    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("Demo accounts have a public password: not in production.")
    accounts = ensure_demo_accounts()
    db.session.flush()
    proposals = ensure_demo_proposals()
    db.session.flush()
    reported = ensure_demo_reports(DEMO_PASSWORD)
    survey = ensure_demo_survey()
    market, budget = ensure_demo_votes()
    db.session.commit()
    implementations = ensure_demo_implementations(budget)
    db.session.commit()
    paper = ensure_demo_paper(market)
    published = ensure_demo_publication()
    db.session.commit()
    jobs.enqueue_delivery()  # the demo discussions notified the proposals' authors
    click.echo(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
    for email, roles in accounts:
        click.echo(f"  {email:<32} {', '.join(roles)}")
    if current_app.config.get("TWO_FACTOR_ROLES"):
        click.echo(
            "Accounts with the roles "
            + ", ".join(current_app.config["TWO_FACTOR_ROLES"])
            + " set up two-factor sign-in (an authenticator app) at their first sign-in;"
            " start with TWO_FACTOR_ROLES=none to try the platform without one."
        )
    click.echo(f"\n{proposals} demo proposals are on http://127.0.0.1:5000/proposals/")
    click.echo(f"{reported} reported items wait in http://127.0.0.1:5000/moderation/")
    click.echo(f"Survey results (staff): http://127.0.0.1:5000/surveys/{survey.id}/results")
    click.echo(f"An open vote: http://127.0.0.1:5000/votes/{market.id}")
    click.echo(
        f"A closed budget vote (tally for staff): http://127.0.0.1:5000/votes/{budget.id}/tally"
    )
    if published is not None:
        click.echo(
            f"Its result, published by the council: http://127.0.0.1:5000/results/{published.id}"
        )
    if implementations:
        click.echo("Implementation tracking: http://127.0.0.1:5000/implementation/")
    if paper is not None:
        click.echo(f"Printed ballots (staff): http://127.0.0.1:5000/paper/batches/{paper.id}")
        click.echo(f"  a second staff member for double entry: {SECOND_CLERK[0]}")
        click.echo("Scanned ballots to review (staff): http://127.0.0.1:5000/paper/scans/review/")
    mail_dir = Path(current_app.instance_path) / "mail"
    click.echo(f"\nMails (for example sign-up confirmations) are written to {mail_dir}/\n")


SIZE_OPTIONS = (
    ("--accounts", int, "Accounts (the first one is a staff member)."),
    ("--proposals", int, "Proposals."),
    ("--comments", int, "Comments on proposals, replies included."),
    ("--reply-share", float, "Share of the comments that are replies (0 to 1)."),
    ("--supports", int, "Supports of proposals."),
    ("--surveys", int, "Surveys."),
    ("--responses", int, "Survey responses in total (the first survey gets up to 100,000)."),
    ("--votes", int, "Closed votes."),
    ("--ballots", int, "Ballots in total (the first vote gets up to 200,000)."),
    ("--paper-share", float, "Share of the ballots cast on paper (0 to 1)."),
    ("--notifications", int, "Notifications."),
    ("--seed", int, "Seed of the random generator: the same seed writes the same data."),
)


def size_options(command):
    """Add the options of `flask seed bench` that override its preset's counts."""
    for name, kind, text in reversed(SIZE_OPTIONS):
        command = click.option(name, type=kind, default=None, help=text)(command)
    return command


@seed.command("bench")
@click.option(
    "--preset",
    type=click.Choice(["small", "state"]),
    default="small",
    show_default=True,
    help="small: 200 accounts, 2,000 proposals, 10 comments on each; state: a whole Land.",
)
@size_options
@click.option("--even/--skewed", default=None, help="Spread comments and supports evenly.")
@click.option("--force", is_flag=True, help="Write even into a database that has data.")
@with_appcontext
def seed_bench(preset: str, force: bool, **sizes) -> None:
    """Fill the database fast with invented bench data (not in production)."""
    from participation.core.benchdata import plan, run

    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("Bench data is invented: not in production.")
    run.seed(plan.sizes_from(preset, sizes), force=force, echo=click.echo)
