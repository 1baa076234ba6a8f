"""The `consult` command line: the same services as the web pages."""

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup

from . import clock
from .domain.errors import DomainError
from .domain.roles import ROLES
from .services import accounts, audit_log, consultation_history, demo

MIN_PASSWORD = 12
CLI_ACTOR = "system (command line)"

demo_cli = AppGroup("demo", help="Demonstration data.")
users_cli = AppGroup("users", help="Accounts and roles.")
audit_cli = AppGroup("audit", help="The tamper-evident audit log.")
consultations_cli = AppGroup("consultations", help="Public consultations.")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@demo_cli.command("load")
def demo_load():
    """Load Coventry's twin links and the Volgograd timeline (safe to run again)."""
    added = demo.load(home_place=current_app.config["CONSULT_HOME_PLACE"], now=clock.now())
    click.echo(f"Demo data loaded: {added} new links.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="resident", show_default=True)
@click.option("--name", "display_name", default="", help="Display name (default: from email)")
def users_create(email: str, role: str, display_name: str):
    """Create a verified account; the password is read from stdin or prompted."""
    password = _read_password()
    if len(password) < MIN_PASSWORD:
        raise click.ClickException(f"Password must be at least {MIN_PASSWORD} characters")
    try:
        accounts.create_user(email=email, display_name=display_name or email.split("@")[0],
                             password=password, role=role, now=clock.now(), verified=True,
                             actor=CLI_ACTOR)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Created {accounts.normalise_email(email)} as {role}.")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
def users_set_role(email: str, role: str):
    """Change the role of an existing account."""
    user = accounts.find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account for {email}")
    try:
        accounts.set_role(user, role, actor=CLI_ACTOR, now=clock.now())
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"{user.email} is now {role}.")


@audit_cli.command("verify")
def audit_verify():
    """Re-hash the audit log and report the first entry that does not fit."""
    ok, bad_seq = audit_log.verify_chain()
    if not ok:
        raise click.ClickException(f"Audit log broken at entry {bad_seq}")
    click.echo("Audit log verified: every entry fits the chain.")


@consultations_cli.command("settle")
def consultations_settle():
    """Record due "consultation opened" and "closed" events on link histories (for cron)."""
    added = consultation_history.settle_all(clock.now())
    click.echo(f"Consultations settled: {added} new history events.")


def register_commands(app: Flask) -> None:
    for group in (demo_cli, users_cli, audit_cli, consultations_cli):
        app.cli.add_command(group)


def main() -> None:
    from . import create_app

    cli = FlaskGroup(create_app=lambda: create_app(), help="consult: twinning consultations")
    cli.main(prog_name="consult")
