"""The `consult` command line: the same services as the web pages."""

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext

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


class NoSuchAccount(click.ClickException):
    exit_code = 2


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
    if not accounts.email_format_ok(email):
        raise click.ClickException("Enter an email address in the correct format, "
                                   "like name@example.com")
    password = _read_password()
    if len(password) < MIN_PASSWORD:
        raise click.ClickException(f"Password must be at least {MIN_PASSWORD} characters")
    try:
        accounts.create_user(email=email, display_name=display_name or email.split("@")[0],
                             password=password, role=role, verified=True,
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
        raise NoSuchAccount(f"No account for {email}: they must register first (or use "
                            "`consult users create`), then run this again")
    try:
        accounts.set_role(user_id=user.id, role=role, actor=CLI_ACTOR)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"{user.email} is now {role}.")


@audit_cli.command("verify")
def audit_verify():
    """Re-hash the audit log, check its signatures, and report the first entry that does not
    fit; or its entries and head, as /audit shows them."""
    verdict = audit_log.verify_log()
    if not verdict.ok:
        raise click.ClickException(f"Audit log broken at entry {verdict.where}")
    click.echo(f"Audit log verified: {verdict.entries} entries, head {verdict.head_hash} "
               f"(entry {verdict.head_seq} of the main log); "
               f"{_count(verdict.signed_anchors, 'signed anchor')}, every signature good.")


@consultations_cli.command("settle")
def consultations_settle():
    """Record due "consultation opened" and "closed" events on link histories (for cron)."""
    added = consultation_history.settle_all()
    click.echo(f"Consultations settled: {added} new history events.")


retention_cli = AppGroup("retention", help="Personal data retention.")


@retention_cli.command("run")
@click.option("--now", "now_text", default="", help="Run as if at this UTC time (ISO 8601).")
def retention_run(now_text: str):
    """Anonymise respondents' personal data CONSULT_RETENTION_MONTHS after the decision."""
    from datetime import UTC, datetime

    from .services import retention

    try:
        now = datetime.fromisoformat(now_text).astimezone(UTC) if now_text else None
    except ValueError as exc:
        raise click.BadParameter("use an ISO 8601 time", param_hint="--now") from exc
    months = current_app.config["CONSULT_RETENTION_MONTHS"]
    try:
        done = retention.run(now=now, months=months,
                             mail_days=current_app.config["CONSULT_MAIL_RETENTION_DAYS"])
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    for item in done:
        click.echo(f"Consultation {item.proposal_id} ({item.title}): personal data removed "
                   f"from {_count(item.responses, 'response')}.")
    click.echo(f"Retention ({_count(months, 'month')} after the decision): "
               f"{_count(len(done), 'consultation')} anonymised.")


def _count(number: int, noun: str) -> str:
    return f"{number or 'no'} {noun}{'' if number == 1 else 's'}"


def _described(summary: dict) -> str:
    return (f"{summary['users']} accounts, {summary['proposals']} consultations, "
            f"{summary['responses']} current responses, {summary['decisions']} decisions, "
            f"{summary['audit_entries']} audit entries (head {summary['audit_head']})")


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path):
    """Copy the database to PATH while the service runs (SQLite; PostgreSQL: pg_dump)."""
    from .infrastructure import backup as backups

    try:
        summary = backups.backup(path)
    except backups.BackupError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Backed up to {path}: {_described(summary)}.")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def restore_command(path: Path):
    """Restore a backup into an empty database, then verify the audit log."""
    from .infrastructure import backup as backups

    try:
        summary = backups.restore(path, verify_chain=audit_log.verify_chain)
    except backups.BackupError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Restored from {path}: {_described(summary)}. Audit log verified.")


def register_commands(app: Flask) -> None:
    from .tasks.cli import mail_cli, worker

    for group in (demo_cli, users_cli, audit_cli, consultations_cli, retention_cli,
                  backup_command, restore_command, mail_cli, worker):
        app.cli.add_command(group)


def main() -> None:
    from sqlalchemy.exc import OperationalError

    from . import startup

    cli = FlaskGroup(create_app=startup.create_app_or_exit,
                     help="consult: twinning consultations")
    try:
        cli.main(prog_name="consult")
    except OperationalError as exc:
        startup.fail(startup.unreachable(exc))
