"""Commands: `flask votes mix` (for cron: rewrite new ballots in random order)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from participation.votes import mixing


@click.group("votes")
def votes_cli() -> None:
    """Look after votes."""


@votes_cli.command("mix")
@with_appcontext
def mix_command() -> None:
    """Rewrite the ballots of every vote that got new ones, so their order reveals nothing."""
    done = mixing.mix_all()
    mixing.vacuum()
    for title, count in done:
        click.echo(f"mixed {count} ballots: {title}")
    click.echo(f"{len(done)} votes mixed")
