"""Flask-Login wiring: sessions name the user and a fingerprint of their password."""

from flask_login import LoginManager

from ..models import User, db
from ..services import tokens


def session_id(user: User) -> str:
    """Changing the password changes this, which signs out every other session."""
    return f"{user.id}.{tokens.fingerprint(user.password_hash)}"


def load_user(value: str) -> User | None:
    user_id, _, fingerprint = value.partition(".")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or tokens.fingerprint(user.password_hash) != fingerprint:
        return None
    return user


def configure_login(manager: LoginManager) -> None:
    manager.user_loader(load_user)
    manager.login_view = "auth.sign_in"
    manager.login_message = "Sign in to see this page."
    manager.login_message_category = "info"
    manager.session_protection = "basic"
    User.get_id = session_id
