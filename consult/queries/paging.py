"""One page of a list: the items on it, how many there are in all, and the pages around it."""

from dataclasses import dataclass

import sqlalchemy as sa

from ..models import db


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    number: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages hold every item: 0 when there are none (the API says so)."""
        return -(-self.total // self.per_page)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * self.per_page < self.total

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    def neighbours(self) -> list[int | None]:
        """Page numbers to link: first, last and those next to this one; None for a gap."""
        last = max(1, self.pages)
        shown = sorted({1, last, *range(max(1, self.number - 1),
                                        min(last, self.number + 1) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


def _existing(wanted: int | None, total: int, per_page: int) -> int:
    """The page asked for if it exists, otherwise page 1 (with no items, page 1 is empty)."""
    pages = max(1, -(-total // per_page))
    return wanted if wanted is not None and 1 <= wanted <= pages else 1


def page_of_list(rows: list, number: int, per_page: int) -> Page:
    """One page of rows already in order; a page beyond the last is empty."""
    start = (number - 1) * per_page
    return Page(rows[start:start + per_page], len(rows), number, per_page)


def page_of_select(query: sa.Select, wanted: int | None, per_page: int, *,
                   clamp: bool = False, total: int | None = None) -> Page:
    """One page of an ordered SELECT, counted and sliced in the database. Items are the rows,
    or each row's one value when the SELECT has one column or entity.

    With `clamp`, a page that does not exist (none asked, below 1, beyond the last) is page 1,
    as on the HTML lists; without, the number is taken as given (the API has checked it is
    at least 1) and a page beyond the last is empty. A `total` the caller already knows (from
    figures it read anyway) is not counted again.
    """
    if total is None:
        total = db.session.scalar(sa.select(sa.func.count()).select_from(
            query.order_by(None).subquery()))
    number = _existing(wanted, total, per_page) if clamp else wanted
    rows = db.session.execute(query.limit(per_page).offset((number - 1) * per_page)).all()
    items = [row[0] if len(row) == 1 else row for row in rows]
    return Page(items, total, number, per_page)
