"""The one URL converter for row ids: ASCII digits only, within the database's integer range."""

from werkzeug.routing import BaseConverter

# Row ids are 32-bit integers in the database; PostgreSQL refuses to compare a larger one
# and SQLite cannot even hold it, so a larger id is simply not found.
LARGEST_ID = 2**31 - 1


def at_most(largest: int) -> str:
    """A regular expression for the whole numbers 1 to `largest`, without leading zeros:
    any shorter number, or as long with a smaller digit where it first differs."""
    limit = str(largest)
    parts = [f"[1-9][0-9]{{0,{len(limit) - 2}}}"] if len(limit) > 1 else []
    for place, digit in enumerate(limit):
        lowest = 1 if place == 0 else 0
        if int(digit) > lowest:
            rest = len(limit) - place - 1
            parts.append(f"{limit[:place]}[{lowest}-{int(digit) - 1}][0-9]{{{rest}}}")
    return "|".join([*parts, limit])


class IdConverter(BaseConverter):
    """`<id:proposal_id>`: 1 to LARGEST_ID in ASCII digits; any other segment matches no route.

    Werkzeug's `int` takes any Unicode digit (`٣` is 3) and any size, leaving a view or a
    hook to refuse an id no row can have; here such an address is simply not found (404, and
    not 405 where another method's route shares the path)."""

    regex = f"(?:{at_most(LARGEST_ID)})"
    weight = 50  # as Werkzeug's numbers: tried before a plain string segment

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def init_app(app) -> None:
    """Registered before any blueprint, whose rules name it."""
    app.url_map.converters["id"] = IdConverter
