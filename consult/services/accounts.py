"""Account use cases: registration, verification, sign-in, password reset and roles."""

from datetime import datetime

import sqlalchemy as sa

from ..domain import emails, names, roles
from ..domain.errors import DuplicateEmail, InvalidToken, LastAdmin, WrongPassword
from ..domain.i18n import N_
from ..domain.passwords import check_new_password
from ..infrastructure import outbox, passwords, tokens
from ..infrastructure.unit_of_work import load, use_case
from ..models import User, db
from . import audit_log


def normalise_email(email: str) -> str:
    """The mailbox an address reaches (domain/emails.py): how accounts are looked up."""
    return emails.normalise(email)


def email_format_ok(email: str) -> bool:
    """The same format check as the web forms (no look-up of the domain)."""
    return emails.canonical(email) is not None


def find_by_email(email: str) -> User | None:
    """The account for this mailbox, however the address is spelt."""
    return db.session.scalars(
        sa.select(User).filter_by(email_normalised=normalise_email(email))).first()


@use_case
def create_user(
    *, email: str, display_name: str, password: str, role: str, now: datetime,
    verified: bool = False, actor: User | str | None = None, language: str | None = None,
) -> User:
    """Create an account; the email must be new, the role known, the display name one line
    and the password not a common one (checked first, whoever holds the address).

    The address is stored as email-validator normalises it (the form mail can reach), and
    the mailbox it reaches is what must be new."""
    roles.check_role(role)
    names.check_display_name(display_name)
    check_new_password(password, (email, display_name))
    if find_by_email(email):
        raise DuplicateEmail(N_("An account with this email address already exists"),
                             field="email")
    user = User(
        email=emails.canonical(email) or email.strip(), email_normalised=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=passwords.hash_password(password), role=role, created_at=now,
        email_verified_at=now if verified else None, language=language,
    )
    db.session.add(user)
    db.session.flush()
    audit_log.append(
        actor=actor or user, action="account.created", subject=audit_log.account_subject(user),
        details={"role": role}, now=now,
    )
    return user


def register(*, email: str, display_name: str, password: str, link_for,
             now: datetime | None = None, language: str | None = None) -> None:
    """Register a resident and mail a verification link.

    A known email gets a warning mail instead, and the caller shows the same page either way,
    so the form cannot be used to find out who has an account. A name or password that breaks
    a rule is refused (DomainError) before the address is looked at, for anyone.
    """
    try:
        user = create_user(email=email, display_name=display_name, password=password,
                           role=roles.RESIDENT, now=now, language=language)
    except DuplicateEmail:
        _warn_owner(email, password, link_for)
        return
    send_verification(user, link_for)


def _warn_owner(email: str, password: str, link_for) -> None:
    """The owner of a known mailbox hears that someone tried; the same work is done."""
    existing = find_by_email(email)
    passwords.hash_password(password)  # as much hashing as the new-account path
    if existing is not None:
        _queue_mail(email=existing.email, user_id=existing.id, template="already_registered",
                    context={"subject": N_("Someone tried to register with your email address"),
                             "name": existing.display_name,
                             "reset_url": link_for("auth.forgot_password")})


def send_verification(user: User, link_for) -> bool:
    token = tokens.make(tokens.VERIFY, tokens.bound_to(user))
    _queue_mail(email=user.email, user_id=user.id, template="verify_email",
                context={"subject": N_("Confirm your email address"), "name": user.display_name,
                         "url": link_for("auth.verify_email", token=token)})
    return True


@use_case
def _queue_mail(*, email: str, user_id: int, template: str, context: dict,
                now: datetime) -> None:
    """Account mail goes through the task queue like every other: no page waits on SMTP."""
    outbox.queue_mail(email=email, kind="account", template=template, context=context,
                      user_id=user_id, now=now)


def user_for_verification(token: str) -> User:
    """The account a verification link is for; a used, forged or expired link is refused."""
    user = tokens.user_for(tokens.VERIFY, token)
    if user is None:
        raise InvalidToken(N_("This link is not valid. Check you copied it in full."))
    if user.is_verified:
        raise InvalidToken(N_("This link has already been used: your email address is "
                              "confirmed."))
    return user


@use_case
def verify_email(token: str, *, now: datetime) -> User:
    user = user_for_verification(token)
    user.email_verified_at = now
    audit_log.append(actor=user, action="account.email_verified",
                     subject=audit_log.account_subject(user),
                     details={}, now=now)
    return user


def authenticate(email: str, password: str, *, now: datetime) -> User | None:
    """The account if the password is right; None otherwise, after the same work.

    An unknown address still costs one argon2 verification (of a dummy hash).
    """
    user = find_by_email(email)
    checked = user.password_hash if user else None
    if not passwords.check_password(checked, password):
        return None
    rehashed = passwords.hash_password(password) if passwords.needs_rehash(checked) else None
    return _signed_in(user_id=user.id, checked=checked, rehashed=rehashed, now=now)


@use_case
def _signed_in(*, user_id: int, checked: str, rehashed: str | None, now: datetime) -> User:
    """Note the sign-in; a stronger hash replaces the one checked, unless the password changed
    meanwhile. The hashing is done before the write lock: it is slow on purpose."""
    user = load(User, user_id)
    user.last_login_at = now
    if rehashed is not None and user.password_hash == checked:
        user.password_hash = rehashed
    return user


def request_password_reset(email: str, link_for) -> None:
    """Mail a reset link if the account exists; say nothing different if it does not."""
    user = find_by_email(email)
    if user is None:
        return
    token = tokens.make(tokens.RESET, tokens.bound_to(user))
    _queue_mail(email=user.email, user_id=user.id, template="reset_password",
                context={"subject": N_("Reset your password"), "name": user.display_name,
                         "url": link_for("auth.reset_password", token=token)})


def ask_for_password_reset(email: str) -> None:
    """The forgot-password form: hand the address to the worker, which mails a link if the
    account exists. The page does the same work, and takes the same time, either way."""
    outbox.defer("password_reset", email=email)


def user_for_reset(token: str) -> User:
    """The account a reset link is for; once the password changes the link stops working."""
    user = tokens.user_for(tokens.RESET, token)
    if user is None:
        raise InvalidToken(N_("This link has already been used or is no longer valid. "
                              "Ask for a new one."))
    return user


@use_case
def reset_password(token: str, new_password: str, *, now: datetime) -> User:
    user = user_for_reset(token)
    check_new_password(new_password, (user.email, user.display_name))
    user.password_hash = passwords.hash_password(new_password)
    user.session_version += 1
    if not user.is_verified:
        user.email_verified_at = now  # the reset link proved they receive mail at this address
    audit_log.append(actor=user, action="account.password_reset",
                     subject=audit_log.account_subject(user),
                     details={}, now=now)
    return user


@use_case
def set_role(*, user_id: int, role: str, actor: User | str, now: datetime) -> User:
    """Change a user's role; the last administrator cannot be demoted."""
    user = load(User, user_id)
    roles.check_role(role)
    if user.role == roles.ADMIN and role != roles.ADMIN and _admin_count() <= 1:
        raise LastAdmin(N_("This is the only administrator; make someone else an "
                           "administrator first"), field="role")
    previous, user.role = user.role, role
    if previous != role:
        user.session_version += 1  # their sessions start again with the new role's rights
    audit_log.append(actor=actor, action="account.role_changed",
                     subject=audit_log.account_subject(user),
                     details={"from": previous, "to": role}, now=now)
    return user


def _admin_count() -> int:
    """Administrators, with their rows locked (PostgreSQL) so two demotions cannot race."""
    ids = db.session.scalars(sa.select(User.id).where(User.role == roles.ADMIN)
                             .with_for_update()).all()
    return len(ids)


@use_case
def change_password(*, user_id: int, current: str, new: str, now: datetime) -> User:
    """A signed-in person changes their password, knowing the current one; every other
    session and every reset or confirmation link made before stops working."""
    user = load(User, user_id)
    if not passwords.check_password(user.password_hash, current):
        raise WrongPassword(N_("Your current password is not right"), field="current_password")
    check_new_password(new, (user.email, user.display_name))
    user.password_hash = passwords.hash_password(new)
    user.session_version += 1
    audit_log.append(actor=user, action="account.password_changed",
                     subject=audit_log.account_subject(user),
                     details={}, now=now)
    return user


@use_case
def end_sessions(*, user_id: int) -> User:
    """Sign out every session of this account (signing out signs out everywhere)."""
    user = load(User, user_id)
    user.session_version += 1
    return user


@use_case
def choose_language(*, user_id: int, code: str, now: datetime) -> None:
    """The language the person's pages and mail are in, wherever they sign in."""
    user = load(User, user_id)
    user.language = code
