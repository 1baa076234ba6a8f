"""The analysis downloads for officers (issue 17): the reasons as CSV (streamed), and the
reasons and the codebook as an XLSX workbook. No cell can run as a formula: text that could
start one gets a leading apostrophe (opendata/csv_export.neutralise)."""

import csv
import io

from flask import Response, stream_with_context
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..opendata.csv_export import neutralise
from ..queries import analysis_export
from . import bp
from .loaders import load_proposal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _csv_lines(columns, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(column)) for column in columns])
        if out.tell() > 64_000:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


@bp.get("/consultations/<id:proposal_id>/analysis.csv")
def analysis_csv(proposal_id: int):
    proposal = load_proposal(proposal_id)
    lines = _csv_lines(analysis_export.REASON_COLUMNS,
                       analysis_export.reason_rows(proposal.id))
    response = _download(stream_with_context(lines), "text/csv",
                         f"consultation-{proposal.id}-analysis.csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    return response


def _cell(value):
    """Numbers stay numbers; everything else is neutralised text a workbook can hold."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))


def _sheet(book: Workbook, title: str, columns, rows) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_cell(row.get(column)) for column in columns])


@bp.get("/consultations/<id:proposal_id>/analysis.xlsx")
def analysis_xlsx(proposal_id: int):
    proposal = load_proposal(proposal_id)
    book = Workbook(write_only=True)
    _sheet(book, "Reasons", analysis_export.REASON_COLUMNS,
           analysis_export.reason_rows(proposal.id))
    _sheet(book, "Codebook", analysis_export.CODEBOOK_COLUMNS,
           analysis_export.codebook_rows(proposal.id))
    out = io.BytesIO()
    book.save(out)
    return _download(out.getvalue(), XLSX, f"consultation-{proposal.id}-analysis.xlsx")
