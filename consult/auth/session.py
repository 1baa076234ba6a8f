"""Flask-Login wiring: a session names the account and the account's session version.

Signing out, changing or resetting the password and a change of role raise the version, so
every session cookie made before (including a copy of one) stops signing anyone in.
"""

from flask_babel import gettext
from flask_login import LoginManager

from ..domain.i18n import N_
from ..models import User, db


def session_id(user: User) -> str:
    return f"{user.id}.{user.session_version}"


def _number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) < 19


def load_user(value: str) -> User | None:
    user_id, _, version = value.partition(".")
    if not _number(user_id) or not _number(version):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user


def configure_login(manager: LoginManager) -> None:
    manager.user_loader(load_user)
    manager.login_view = "auth.sign_in"
    manager.login_message = N_("Sign in to see this page.")
    manager.localize_callback = gettext  # the flash is read in the reader's language
    manager.login_message_category = "info"
    manager.session_protection = "basic"
    User.get_id = session_id
