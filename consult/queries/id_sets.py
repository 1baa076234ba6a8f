"""A set of ids given by the caller, as one bound value a query can join or test against.

Thousands of ids as `IN (?, ?, ...)` meet the drivers' limits on bound parameters (SQLite
32766, PostgreSQL 65535) and build a statement per size; one value does neither: a JSON array
read by `json_each` on SQLite, an integer array read by `unnest` on PostgreSQL.
"""

import json
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from ..models import db


def unique(ids: Iterable[int]) -> list[int]:
    """The ids once each, in order."""
    return sorted({int(value) for value in ids})


LARGEST = 2**31 - 1  # an INTEGER id on PostgreSQL: a larger one names no row


def id_values(ids: Iterable[int]) -> sa.Select:
    """SELECT of one column, `value`: each id that could name a row, once."""
    values = [value for value in unique(ids) if 0 < value <= LARGEST]
    if db.engine.dialect.name == "postgresql":
        array = sa.bindparam("ids", values, type_=postgresql.ARRAY(sa.Integer))
        table = sa.func.unnest(array).table_valued("value").render_derived()
    else:
        table = sa.func.json_each(sa.bindparam("ids", json.dumps(values),
                                               type_=sa.String)).table_valued("value")
    return sa.select(table.c.value)


def ranges(ids: Iterable[int]) -> list[list[int]]:
    """Ids as [first, last] runs: ten thousand coded reasons are a few runs in the audit log."""
    runs: list[list[int]] = []
    for value in unique(ids):
        if runs and runs[-1][1] == value - 1:
            runs[-1][1] = value
        else:
            runs.append([value, value])
    return runs
