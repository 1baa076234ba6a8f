"""Read-only queries for the administrators' list of accounts: search and pages."""

from dataclasses import dataclass

import sqlalchemy as sa

from ..models import User, db

PAGE_SIZE = 50
MAX_SEARCH = 254  # the longest email address


@dataclass(frozen=True)
class PeoplePage:
    people: list[User]
    number: int
    pages: int
    total: int

    def neighbours(self) -> list[int | None]:
        """Page numbers to link: first, last and those next to this one; None for a gap."""
        shown = sorted({1, self.pages, *range(max(1, self.number - 1),
                                              min(self.pages, self.number + 1) + 1)})
        numbers: list[int | None] = []
        for page in shown:
            if numbers and page - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(page)
        return numbers


def _matching(search: str):
    """Accounts whose email address or display name contains the words, in any case."""
    if not search:
        return sa.true()
    return sa.or_(User.email.icontains(search, autoescape=True),
                  User.display_name.icontains(search, autoescape=True))


def people(search: str, page: int | None) -> PeoplePage:
    """One page of accounts by role and name; a page that does not exist is page 1."""
    search = search.strip()[:MAX_SEARCH]
    where = _matching(search)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(User).where(where))
    pages = max(1, -(-total // PAGE_SIZE))
    number = page if page is not None and 1 <= page <= pages else 1
    found = db.session.scalars(
        sa.select(User).where(where).order_by(User.role, User.display_name, User.id)
        .limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE))
    return PeoplePage(list(found), number, pages, total)
