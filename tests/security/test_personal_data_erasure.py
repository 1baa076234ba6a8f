"""Right to erasure: a resident deletes their account; the totals and the audit chain hold."""

import sqlalchemy as sa

from consult.extensions import db
from consult.models import AuditEntry, Comment, ResponseVersion, User
from consult.services import audit_log
from consult.services.personal_data import ERASED_NAME, REMOVED_COMMENT
from tests.conftest import submit
from tests.factories import PASSWORD
from tests.security.personal_data_fixtures import (
    COMMENT,
    EMAIL,
    FIRST_REASON,
    NAME,
    NEIGHBOUR_COMMENT,
    ORGANISATION,
    SECOND_REASON,
    response_of,
    totals,
)

PERSONAL_TEXT = (EMAIL.lower(), NAME.lower(), FIRST_REASON.lower(), SECOND_REASON.lower(),
                 ORGANISATION.lower(), COMMENT.lower())


def delete(resident, password: str = PASSWORD):
    return submit(resident.client, "/account/delete", {"password": password})


def every_stored_text() -> str:
    """Every row of every table, as text: where a forgotten copy of personal data would be."""
    db.session.expire_all()
    tables = sorted(set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"})
    rows = [str(tuple(row)) for table in tables
            for row in db.session.execute(sa.text(f'SELECT * FROM "{table}"'))]
    return "\n".join(rows).lower()


def test_before_erasure_the_personal_data_is_stored(resident):
    stored = every_stored_text()
    assert all(text in stored for text in PERSONAL_TEXT)


def test_erasure_leaves_no_personal_data_anywhere_in_the_database(resident):
    assert delete(resident).status_code == 302
    stored = every_stored_text()
    assert [text for text in PERSONAL_TEXT if text in stored] == []


def test_erasure_anonymises_the_account_and_signs_it_out(resident):
    response = delete(resident)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    db.session.expire_all()
    user = db.session.get(User, resident.user.id)
    assert user.email == f"erased-{user.id}@invalid" == user.email_normalised
    assert user.display_name == ERASED_NAME and user.anonymised_at is not None
    assert user.email_verified_at is None and user.last_login_at is None
    account = resident.client.get("/account")
    assert account.status_code == 302 and "/sign-in" in account.headers["Location"]


def test_the_erased_person_cannot_sign_in_again(resident, app):
    delete(resident)
    again = submit(app.test_client(), "/sign-in", {"email": EMAIL, "password": PASSWORD})
    assert again.status_code == 200
    assert "Enter a correct email address and password" in again.get_data(as_text=True)


def test_responses_keep_counting_under_their_receipt_code_with_reasons_removed(resident):
    before, receipt = totals(resident.proposal), response_of(resident.user).receipt_code
    delete(resident)
    assert totals(resident.proposal) == before
    response = response_of(resident.user)
    assert response.receipt_code == receipt and not response.withdrawn
    assert (response.reason, response.organisation, response.postcode_district) == ("", "", "")
    assert response.reason_status == "none" and response.address_hash is None
    versions = db.session.scalars(sa.select(ResponseVersion).where(
        ResponseVersion.response_id == response.id)).all()
    assert len(versions) == 2
    assert {(v.reason, v.organisation, v.postcode_district) for v in versions} == {("", "", "")}


def test_comments_keep_their_place_and_others_comments_stay(resident):
    delete(resident)
    db.session.expire_all()
    mine = db.session.scalars(sa.select(Comment).where(
        Comment.author_id == resident.user.id)).one()
    assert mine.body == REMOVED_COMMENT and mine.parent_id is not None
    page = resident.neighbour.get(f"/consultations/{resident.proposal.id}").get_data(
        as_text=True)
    assert NEIGHBOUR_COMMENT in page.replace("&#39;", "'")
    assert "[Removed at the author&#39;s request]" in page and ERASED_NAME in page


def test_the_audit_log_records_the_erasure_without_personal_data_and_still_verifies(resident):
    delete(resident)
    db.session.expire_all()
    entry = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "account.erased")).one()
    assert entry.subject == audit_log.account_subject(resident.user) and entry.actor == "resident"
    assert entry.actor_id is None and entry.details == {"responses": 1, "comments": 1}
    assert audit_log.verify_chain() == (True, None)


def test_a_wrong_password_erases_nothing(resident):
    response = delete(resident, password="not the password at all")
    assert response.status_code == 200
    assert "Your password is not correct" in response.get_data(as_text=True)
    assert all(text in every_stored_text() for text in PERSONAL_TEXT)


def test_an_empty_password_is_a_form_error(resident):
    response = delete(resident, password="")
    assert response.status_code == 200
    assert "Enter your password to confirm" in response.get_data(as_text=True)
    assert db.session.get(User, resident.user.id).anonymised_at is None


def test_deleting_without_a_csrf_token_is_refused(resident):
    response = resident.client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, resident.user.id).anonymised_at is None


def test_a_staff_account_cannot_erase_itself(signed_in):
    officer = signed_in("officer")
    assert "Staff accounts cannot be deleted here" in officer.get("/account/delete").get_data(
        as_text=True)
    response = submit(officer, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 200
    assert "Staff accounts cannot be deleted here" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, officer.user.id).anonymised_at is None
