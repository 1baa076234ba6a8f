"""The `consult` command line: the same services as the web pages."""

import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup

from . import clock
from .domain.errors import DomainError
from .domain.roles import ROLES
from .services import accounts, audit_log, demo

MIN_PASSWORD = 12


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


def register_commands(app: Flask) -> None:
    @app.cli.group("demo")
    def demo_group():
        """Demonstration data."""

    @demo_group.command("load")
    def demo_load():
        """Load Coventry's twin links and the Volgograd timeline (safe to run again)."""
        added = demo.load(home_place=current_app.config["CONSULT_HOME_PLACE"], now=clock.now())
        click.echo(f"Demo data loaded: {added} new links.")

    @app.cli.group("users")
    def users_group():
        """Accounts and roles."""

    @users_group.command("create")
    @click.argument("email")
    @click.option("--role", type=click.Choice(ROLES), default="resident", show_default=True)
    @click.option("--name", "display_name", default="", help="Display name (default: email)")
    def users_create(email: str, role: str, display_name: str):
        """Create a verified account; the password is read from stdin or prompted."""
        password = _read_password()
        if len(password) < MIN_PASSWORD:
            raise click.ClickException(f"Password must be at least {MIN_PASSWORD} characters")
        try:
            accounts.create_user(email=email, display_name=display_name or email.split("@")[0],
                                 password=password, role=role, now=clock.now(), verified=True,
                                 actor="system (command line)")
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(f"Created {accounts.normalise_email(email)} as {role}.")

    @users_group.command("set-role")
    @click.argument("email")
    @click.argument("role", type=click.Choice(ROLES))
    def users_set_role(email: str, role: str):
        """Change the role of an existing account."""
        user = accounts.find_by_email(email)
        if user is None:
            raise click.ClickException(f"No account for {email}")
        try:
            accounts.set_role(user, role, actor="system (command line)", now=clock.now())
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(f"{user.email} is now {role}.")

    @app.cli.group("audit")
    def audit_group():
        """The tamper-evident audit log."""

    @audit_group.command("verify")
    def audit_verify():
        """Re-hash the audit log and report the first entry that does not fit."""
        ok, bad_seq = audit_log.verify_chain()
        if not ok:
            raise click.ClickException(f"Audit log broken at entry {bad_seq}")
        click.echo("Audit log verified: every entry fits the chain.")


def main() -> None:
    from . import create_app

    cli = FlaskGroup(create_app=lambda: create_app(), add_default_commands=True,
                     help="consult: twinning consultations")
    cli.main(prog_name="consult")
