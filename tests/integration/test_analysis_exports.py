"""The analysis downloads (issue 17): officers get every analysed reason by receipt code, with
its themes and read mark, as CSV and as a workbook with the codebook; no name, email address
or account id is in them, and no cell runs as a formula. The public reasons CSV names the
themes of each published reason."""

import csv
import io
from datetime import UTC, datetime

import sqlalchemy as sa
from openpyxl import load_workbook

from consult.models import Response, User, db
from consult.services import codebook, coding
from tests.integration.analysis_data import ids, publish, reasons_consultation

FORMULA = "=HYPERLINK(\"https://evil.example\", \"x\")"


def _coded_consultation(officer, status="open"):
    proposal, made = reasons_consultation((*["Keep it, please."] * 3, FORMULA), status=status)
    now = datetime.now(UTC)
    safety = codebook.add_theme(proposal_id=proposal.id, name="Safety", actor=officer.user,
                                now=now, description="Roads and crime")
    codebook.add_theme(proposal_id=proposal.id, name="+Roads", parent_id=safety.id,
                       actor=officer.user, now=now)
    coding.tag(proposal_id=proposal.id, theme_id=safety.id, response_ids=ids(made[:2]),
               actor=officer.user, now=now)
    coding.mark_read(proposal_id=proposal.id, response_ids=ids(made[:1]), actor=officer.user,
                     now=now)
    return proposal, made


def _people(made) -> list[str]:
    """Every respondent's name and email address, and the staff's."""
    db.session.expire_all()
    respondents = sa.select(Response.user_id).where(Response.id.in_(ids(made)))
    people = db.session.scalars(sa.select(User).where(
        sa.or_(User.id.in_(respondents), User.role != "resident")))
    found = [text for user in people for text in (user.email, user.display_name)]
    assert len(found) == 2 * (len(made) + 1)
    return found


def test_the_csv_has_each_reason_by_receipt_code_and_no_one_named(app, officer):
    proposal, made = _coded_consultation(officer)
    response = officer.get(f"/officer/consultations/{proposal.id}/analysis.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["receipt_code"] for row in rows] == [found.receipt_code for found in made]
    assert (rows[0]["themes"], rows[0]["read"], rows[1]["read"]) == ("Safety", "true", "false")
    assert rows[0]["respondent_group"] == "Lives in the council area"
    assert rows[2]["language"] == "ru" and rows[0]["option"] == "Support"
    assert rows[3]["reason"] == "'" + FORMULA
    assert not [person for person in _people(made) if person in text]


def test_the_workbook_has_the_reasons_and_the_codebook_and_no_one_named(app, officer):
    proposal, made = _coded_consultation(officer)
    response = officer.get(f"/officer/consultations/{proposal.id}/analysis.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="consultation-{proposal.id}-analysis.xlsx"')
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == ["Reasons", "Codebook"]
    reasons = [list(row) for row in book["Reasons"].iter_rows(values_only=True)]
    assert reasons[0] == ["receipt_code", "option", "respondent_group", "language", "reason",
                          "read", "themes", "campaign"]
    assert [row[0] for row in reasons[1:]] == [found.receipt_code for found in made]
    assert reasons[4][4] == "'" + FORMULA
    themes = [list(row) for row in book["Codebook"].iter_rows(values_only=True)]
    assert themes == [["theme", "parent", "description", "reasons"],
                      ["Safety", None, "Roads and crime", 2], ["'+Roads", "Safety", None, 0]]
    cells = " ".join(str(value) for row in reasons + themes for value in row)
    assert not [person for person in _people(made) if person in cells]


def test_the_public_reasons_csv_names_the_themes_of_each_published_reason(app, officer):
    proposal, made = _coded_consultation(officer, status="closed")
    for found in made:
        publish(found, officer.user)
    text = app.test_client().get(f"/consultations/{proposal.id}/reasons.csv").get_data(
        as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["display_name", "option", "reason", "responded_at", "themes"]
    assert [row["themes"] for row in rows] == ["Safety", "Safety", "", ""]
