"""Response versions stay append-only: the database lets through only the UPDATE that blanks
their personal columns, on SQLite and PostgreSQL alike."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from consult.domain import voting
from consult.extensions import db
from consult.services import responses
from tests.factories import make_proposal, make_user

BLANK = "UPDATE response_versions SET reason = '', organisation = '', postcode_district = ''"
REFUSED = [
    "UPDATE response_versions SET reason = 'Rewritten.'",
    "UPDATE response_versions SET option_id = NULL",
    "UPDATE response_versions SET receipt_code = 'FORGED'",
    f"{BLANK}, action = 'withdrawn'",
    f"{BLANK}, respondent_type = 'other'",
    f"{BLANK}, created_at = CURRENT_TIMESTAMP",
    "UPDATE response_versions SET reason = '', organisation = 'Someone else'",
    "DELETE FROM response_versions",
]


@pytest.fixture
def version_id(app):
    proposal = make_proposal(status="open")
    choice = voting.Choice(proposal.options[0].id, "organisation", organisation="Ada's Society",
                           postcode_district="CV1", reason="A reason worth keeping private.")
    response = responses.respond(proposal_id=proposal.id, respondent_id=make_user().id,
                                 choice=choice, now=datetime.now(UTC))
    return response.versions[0].id


def stored(version_id: int) -> tuple:
    db.session.expire_all()
    return tuple(db.session.execute(sa.text(
        "SELECT * FROM response_versions WHERE id = :id"), {"id": version_id}).one())


@pytest.mark.parametrize("statement", REFUSED)
def test_the_database_refuses_any_other_change_to_a_response_version(version_id, statement):
    before = stored(version_id)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with db.engine.begin() as connection:
            connection.exec_driver_sql(f"{statement} WHERE id = {version_id}")
    assert stored(version_id) == before


def test_the_database_lets_the_personal_columns_be_blanked_and_nothing_else(version_id):
    before = stored(version_id)
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f"{BLANK} WHERE id = {version_id}")
    row = db.session.execute(sa.text(
        "SELECT reason, organisation, postcode_district, receipt_code, option_id "
        "FROM response_versions WHERE id = :id"), {"id": version_id}).one()
    assert tuple(row)[:3] == ("", "", "")
    after = stored(version_id)
    assert len(after) == len(before) and after != before
    assert {value for value in before if value not in after} == {
        "Ada's Society", "CV1", "A reason worth keeping private."}
