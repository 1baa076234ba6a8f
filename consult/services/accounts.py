"""Account use cases: registration, verification, sign-in, password reset and roles."""

from datetime import datetime

import sqlalchemy as sa

from ..domain import roles
from ..domain.errors import DuplicateEmail, InvalidToken, LastAdmin
from ..models import User, db
from . import audit_log, mail, passwords, tokens
from .transaction import transactional


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalars(sa.select(User).filter_by(email=normalise_email(email))).first()


@transactional
def create_user(
    *, email: str, display_name: str, password: str, role: str, now: datetime,
    verified: bool = False, actor: User | str | None = None,
) -> User:
    """Create an account; the email must be new and the role known."""
    roles.check_role(role)
    if find_by_email(email):
        raise DuplicateEmail("An account with this email address already exists", field="email")
    user = User(
        email=normalise_email(email), display_name=display_name.strip(),
        password_hash=passwords.hash_password(password), role=role, created_at=now,
        email_verified_at=now if verified else None,
    )
    db.session.add(user)
    db.session.flush()
    audit_log.append(
        actor=actor or user, action="account.created", subject=f"user:{user.id}",
        details={"role": role}, now=now,
    )
    return user


def register(*, email: str, display_name: str, password: str, now: datetime, link_for) -> None:
    """Register a resident and mail a verification link.

    A known email gets a warning mail instead, and the caller shows the same page either way,
    so the form cannot be used to find out who has an account.
    """
    existing = find_by_email(email)
    if existing:
        passwords.hash_password(password)  # same work as the new-account path
        mail.send(existing.email, "Someone tried to register with your email address",
                  "already_registered", user=existing, reset_url=link_for("auth.forgot_password"))
        return
    user = create_user(email=email, display_name=display_name, password=password,
                       role=roles.RESIDENT, now=now)
    send_verification(user, link_for)


def send_verification(user: User, link_for) -> bool:
    token = tokens.make(tokens.VERIFY, {"uid": user.id, "email": user.email})
    return mail.send(user.email, "Confirm your email address", "verify_email", user=user,
                     url=link_for("auth.verify_email", token=token))


def user_for_verification(token: str) -> User:
    """The account a verification link is for; a used, forged or expired link is refused."""
    payload = tokens.read(tokens.VERIFY, token)
    user = db.session.get(User, payload.get("uid")) if isinstance(payload.get("uid"), int) else None
    if user is None or user.email != payload.get("email"):
        raise InvalidToken("This link is not valid. Check you copied it in full.")
    if user.is_verified:
        raise InvalidToken("This link has already been used: your email address is confirmed.")
    return user


@transactional
def verify_email(token: str, *, now: datetime) -> User:
    user = user_for_verification(token)
    user.email_verified_at = now
    audit_log.append(actor=user, action="account.email_verified", subject=f"user:{user.id}",
                     details={}, now=now)
    return user


def authenticate(email: str, password: str, *, now: datetime) -> User | None:
    """The account if the password is right; None otherwise, after the same work."""
    user = find_by_email(email)
    if not passwords.check_password(user.password_hash if user else None, password):
        return None
    user.last_login_at = now
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    db.session.commit()
    return user


def request_password_reset(email: str, link_for) -> None:
    """Mail a reset link if the account exists; say nothing different if it does not."""
    user = find_by_email(email)
    if user is None:
        return
    payload = {"uid": user.id, "pw": tokens.fingerprint(user.password_hash)}
    token = tokens.make(tokens.RESET, payload)
    mail.send(user.email, "Reset your password", "reset_password", user=user,
              url=link_for("auth.reset_password", token=token))


def user_for_reset(token: str) -> User:
    """The account a reset link is for; once the password changes the link stops working."""
    payload = tokens.read(tokens.RESET, token)
    user = db.session.get(User, payload.get("uid")) if isinstance(payload.get("uid"), int) else None
    if user is None or tokens.fingerprint(user.password_hash) != payload.get("pw"):
        raise InvalidToken("This link has already been used or is no longer valid. "
                           "Ask for a new one.")
    return user


@transactional
def reset_password(token: str, new_password: str, *, now: datetime) -> User:
    user = user_for_reset(token)
    user.password_hash = passwords.hash_password(new_password)
    if not user.is_verified:
        user.email_verified_at = now  # the reset link proved they receive mail at this address
    audit_log.append(actor=user, action="account.password_reset", subject=f"user:{user.id}",
                     details={}, now=now)
    return user


@transactional
def set_role(user: User, role: str, *, actor: User | str, now: datetime) -> User:
    """Change a user's role; the last administrator cannot be demoted."""
    roles.check_role(role)
    if user.role == roles.ADMIN and role != roles.ADMIN:
        admins = db.session.scalar(sa.select(sa.func.count()).where(User.role == roles.ADMIN))
        if admins <= 1:
            raise LastAdmin("This is the only administrator; make someone else an "
                            "administrator first")
    previous, user.role = user.role, role
    audit_log.append(actor=actor, action="account.role_changed", subject=f"user:{user.id}",
                     details={"from": previous, "to": role}, now=now)
    return user
