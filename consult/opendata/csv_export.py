"""CSV for spreadsheets: UTF-8, a header row, and no cell a spreadsheet would run as a formula."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

# A spreadsheet treats a cell starting with one of these as a formula (or as the start of one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """Text that could start a formula gets a leading single quote; other values become text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)  # a number, negative or not, is data, not a formula
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(columns: Sequence[str], rows: Iterable[dict]) -> str:
    """A header row of `columns`, then one line per row (missing keys are empty cells)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(column)) for column in columns])
    return out.getvalue()
