"""Read-only queries for the administrators' list of accounts: search and pages."""

import sqlalchemy as sa

from ..models import User
from .paging import Page, page_of_select

PAGE_SIZE = 50
MAX_SEARCH = 254  # the longest email address


def _matching(search: str):
    """Accounts whose email address or display name contains the words, in any case."""
    if not search:
        return sa.true()
    return sa.or_(User.email.icontains(search, autoescape=True),
                  User.display_name.icontains(search, autoescape=True))


def people(search: str, page: int | None) -> Page:
    """One page of accounts by role and name; a page that does not exist is page 1."""
    query = (sa.select(User).where(_matching(search.strip()[:MAX_SEARCH]))
             .order_by(User.role, User.display_name, User.id))
    return page_of_select(query, page, PAGE_SIZE, clamp=True)
