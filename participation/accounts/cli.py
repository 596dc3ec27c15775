"""`flask users …`: account commands for operators."""

from __future__ import annotations

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import with_appcontext

from participation.accounts import mails, passwords, roles, services, totp, two_factor
from participation.core.permissions import Role
from participation.extensions import db


@click.group()
def users() -> None:
    """Manage accounts."""


@users.command("create-admin")
@click.argument("email")
@click.option("--name", default="Administration", show_default=True, help="Display name.")
@click.password_option(help="Password for a new account (ignored for an existing one).")
@with_appcontext
def create_admin(email: str, name: str, password: str) -> None:
    """Give EMAIL the admin role, creating a confirmed account if there is none."""
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise click.ClickException(f"{email}: {error}") from error
    user = services.find_by_email(email)
    if user is not None:
        user.confirm_email()  # the operator vouches for the address
    else:
        problems = passwords.password_problems(password, name, email.split("@")[0])
        if problems:
            raise click.ClickException(problems[0])
        user = services.register(email, name, password, "de").user
        user.confirm_email()
    granted = roles.grant(user, Role.ADMIN, actor=None)
    db.session.commit()
    state = "now has" if granted else "already had"
    click.echo(f"{user.email} {state} the admin role.")


@users.command("reset-two-factor")
@click.argument("email")
@with_appcontext
def reset_two_factor(email: str) -> None:
    """Switch two-factor sign-in off for EMAIL (a lost phone); it is set up again if required."""
    user = services.find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the address {email}.")
    if not two_factor.reset(user, actor=None):
        click.echo(f"{user.email} does not use two-factor sign-in; nothing to reset.")
        return
    mails.send_two_factor_off_notice(user, by_admin=True)
    db.session.commit()
    then = " It must set a new one up at its next sign-in." if totp.required_for(user) else ""
    click.echo(f"Two-factor sign-in of {user.email} is reset.{then}")
