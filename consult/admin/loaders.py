"""Loaders for administrator pages: an id in the address to a row, or 404."""

from ..models import User, db


def load_user(user_id: int) -> User:
    return db.get_or_404(User, user_id)
