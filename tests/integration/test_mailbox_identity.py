"""One person, one response, whatever accounts they hold: a response and a comment report
carry a keyed hash of the person's mailbox, which outlives the account (issue 12, item 2)."""

import hashlib
import hmac
import threading
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from consult.domain import voting
from consult.domain.errors import DomainError
from consult.infrastructure import identity
from consult.models import Comment, CommentReport, Response, User, db
from consult.services import discussion, personal_data, responses
from tests.factories import PASSWORD, make_link, make_proposal, make_user

MAILBOX = "Ada.Twice@Example.org"


def _respond(proposal, user, position=0, minutes=0):
    choice = voting.Choice(proposal.options[position].id, "local_resident")
    return responses.respond(proposal_id=proposal.id, respondent_id=user.id, choice=choice,
                             now=datetime.now(UTC) + timedelta(minutes=minutes))


def _counted(proposal_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(
        Response.proposal_id == proposal_id, Response.withdrawn.is_(False)))


def _erase_and_register_again(user, email=MAILBOX):
    personal_data.erase_account(user_id=user.id, password=PASSWORD, now=datetime.now(UTC))
    return make_user(email=email)


def test_a_person_who_erases_and_registers_again_still_has_one_counted_response(app):
    proposal = make_proposal(status="open")
    user = make_user(email=MAILBOX)
    _respond(proposal, user)
    for cycle in range(3):
        user = _erase_and_register_again(user, email=MAILBOX.lower() if cycle else MAILBOX)
        _respond(proposal, user, position=1, minutes=cycle + 1)
    assert _counted(proposal.id) == 1
    [response] = db.session.scalars(sa.select(Response).filter_by(proposal_id=proposal.id))
    assert response.user_id == user.id  # the new account took the response over
    assert response.option_id == proposal.options[1].id
    assert [version.action for version in response.versions] == [
        "submitted", "changed", "changed", "changed"]


def test_another_spelling_of_the_mailbox_is_the_same_person_after_erasure(app):
    proposal = make_proposal(status="open")
    user = make_user(email="jo.smith@gmail.com")
    _respond(proposal, user)
    _respond(proposal, _erase_and_register_again(user, "Jo.Smith+again@googlemail.com"),
             minutes=1)
    assert _counted(proposal.id) == 1


def test_the_re_registered_person_sees_and_can_withdraw_the_response_they_made(app):
    proposal = make_proposal(status="open")
    user = make_user(email=MAILBOX)
    made = _respond(proposal, user)
    again = _erase_and_register_again(user)
    assert responses.current_for(proposal.id, again).id == made.id
    responses.withdraw(proposal_id=proposal.id, respondent_id=again.id,
                       now=datetime.now(UTC) + timedelta(minutes=1))
    assert _counted(proposal.id) == 0


def test_erasure_keeps_the_identity_but_not_the_address(app):
    proposal = make_proposal(status="open")
    user = make_user(email=MAILBOX)
    _respond(proposal, user)
    expected = identity.mailbox_identity(MAILBOX)
    personal_data.erase_account(user_id=user.id, password=PASSWORD, now=datetime.now(UTC))
    db.session.expire_all()
    response = db.session.scalars(sa.select(Response).filter_by(user_id=user.id)).one()
    assert response.respondent_identity == expected
    assert MAILBOX.lower() not in expected and len(expected) == 64
    assert db.session.get(User, user.id).email == personal_data.erased_email(user.id)


def test_the_identity_is_an_hmac_of_the_normalised_mailbox_under_the_secret_key(app):
    key = app.config["SECRET_KEY"].encode()
    expected = hmac.new(key, b"mailbox:ada.twice@example.org", hashlib.sha256).hexdigest()
    assert identity.mailbox_identity(" ADA.twice@example.ORG") == expected


def test_a_re_registered_person_cannot_report_the_same_comment_again(app):
    proposal = make_proposal(status="open")
    author = make_user()
    comment = discussion.post_comment(proposal_id=proposal.id, author=author, body="A comment.",
                                      now=datetime.now(UTC))
    reporter = make_user(email=MAILBOX)
    discussion.report(comment_id=comment.id, reporter=reporter, reason="off_topic",
                      now=datetime.now(UTC))
    for _ in range(2):
        reporter = _erase_and_register_again(reporter)
        with pytest.raises(DomainError, match="already reported"):
            discussion.report(comment_id=comment.id, reporter=reporter, reason="spam",
                              now=datetime.now(UTC))
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CommentReport)) == 1
    assert db.session.get(Comment, comment.id).state == "visible"


def test_the_database_refuses_two_responses_from_one_identity(app):
    proposal = make_proposal(status="open")
    first = _respond(proposal, make_user())
    with pytest.raises(sa.exc.IntegrityError):
        db.session.add(Response(
            proposal_id=proposal.id, user_id=make_user().id, option_id=first.option_id,
            respondent_type="local_resident", receipt_code="R-second",
            respondent_identity=first.respondent_identity))
        db.session.flush()
    db.session.rollback()


def _two_accounts_at_one_mailbox() -> tuple[int, int]:
    """Accounts made before a normalisation rule existed: stored as two mailboxes, which the
    rules now know to be one (hotmail.co.uk drops +tags)."""
    first, second = make_user(email="ada@hotmail.co.uk"), make_user(email="other@example.org")
    db.session.execute(sa.update(User).where(User.id == second.id).values(
        email="ada+consult@hotmail.co.uk", email_normalised="ada+consult@hotmail.co.uk"))
    db.session.commit()
    return first.id, second.id


def test_two_accounts_at_one_mailbox_responding_at_once_count_once(app):
    proposal = make_proposal(status="open")
    proposal_id, option_ids = proposal.id, [option.id for option in proposal.options]
    people = _two_accounts_at_one_mailbox()
    db.session.remove()
    start, outcomes = threading.Barrier(len(people)), []

    def respond_as(user_id: int, position: int):
        with app.app_context():
            try:
                start.wait()
                responses.respond(proposal_id=proposal_id,
                                  respondent_id=user_id,
                                  choice=voting.Choice(option_ids[position], "local_resident"),
                                  now=datetime.now(UTC))
                outcomes.append("ok")
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                outcomes.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=respond_as, args=(user_id, position))
               for position, user_id in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert outcomes == ["ok", "ok"]
    assert _counted(proposal_id) == 1
    [response] = db.session.scalars(sa.select(Response).filter_by(proposal_id=proposal_id))
    assert [version.action for version in response.versions] == ["submitted", "changed"]


# Migration 0010 fills the identities of rows made before it


@pytest.fixture
def database_at_0008(tmp_path):
    from tests import databases

    with databases.app_at_revision("0008", "identity", tmp_path) as application:
        yield application


def _run(connection, sql: str, **params):
    return connection.execute(sa.text(sql), params)


def _old_draft(connection, link_id: int) -> SimpleNamespace:
    """A draft proposal with one option, in the columns migration 0002 made."""
    proposal_id = _run(connection, "INSERT INTO proposals (link_id, action, title, summary, "
                       "reasons, alternatives, status, close_reason, withdrawn_reason, "
                       "results_visibility, fingerprint, created_at, updated_at) VALUES (:l, "
                       "'suspend', 'Suspend the link', 'A change.', 'Because.', '[]', 'draft', "
                       "'', '', 'hidden', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) RETURNING id",
                       l=link_id).scalar_one()
    option_id = _run(connection, "INSERT INTO proposal_options (proposal_id, position, label) "
                     "VALUES (:p, 0, 'Support') RETURNING id", p=proposal_id).scalar_one()
    return SimpleNamespace(id=proposal_id, options=[SimpleNamespace(id=option_id)])


def _old_rows(connection, proposal) -> list[int]:
    """Two accounts the rules now know to be one mailbox and a third, as 0008 stored them,
    each with a response to the proposal and a report of one comment."""
    for user_id, email in ((101, "Ada@hotmail.co.uk"), (102, "ada+x@hotmail.co.uk"),
                           (103, "bo@example.org")):
        _run(connection, "INSERT INTO users (id, email, email_normalised, display_name, "
             "password_hash, role, created_at) VALUES (:id, :e, :e, 'Old', 'x', 'resident', "
             "CURRENT_TIMESTAMP)", id=user_id, e=email)
        _run(connection, "INSERT INTO responses (id, proposal_id, user_id, option_id, "
             "respondent_type, organisation, postcode_district, reason, reason_status, "
             "receipt_code, withdrawn, version, created_at, updated_at) VALUES (:id, :p, :id, "
             ":o, 'local_resident', '', '', '', 'none', :r, :no, 1, CURRENT_TIMESTAMP, "
             "CURRENT_TIMESTAMP)", id=user_id, p=proposal.id, o=proposal.options[0].id,
             r=f"R-{user_id}", no=False)
    _run(connection, "INSERT INTO comments (id, proposal_id, author_id, body, state, "
         "hidden_reason, created_at) VALUES (1, :p, 103, 'Hi', 'visible', '', "
         "CURRENT_TIMESTAMP)", p=proposal.id)
    for user_id in (101, 102, 103):
        _run(connection, "INSERT INTO comment_reports (id, comment_id, reporter_id, reason, "
             "created_at) VALUES (:id, 1, :id, 'spam', CURRENT_TIMESTAMP)", id=user_id)


def test_the_migration_fills_identities_and_keeps_old_duplicates_counting_apart(
        database_at_0008):
    from flask_migrate import downgrade, upgrade

    # A draft as 0008 stored it, written in SQL: today's models have newer columns.
    link = make_link(partner_name="Kiel")
    with db.engine.begin() as connection:
        proposal = _old_draft(connection, link.id)
        _old_rows(connection, proposal)
    db.session.remove()
    upgrade(revision="0010")
    ada, bo = identity.mailbox_identity("ada@hotmail.co.uk"), identity.mailbox_identity(
        "bo@example.org")
    expected = {101: ada, 102: "duplicate-102", 103: bo}
    with db.engine.connect() as connection:
        assert dict(_run(connection, "SELECT id, respondent_identity FROM responses").all()) \
            == expected
        assert dict(_run(connection, "SELECT id, reporter_identity FROM comment_reports")
                    .all()) == expected
    assert _counted(proposal.id) == 3
    db.session.remove()  # its transaction would hold a lock the downgrade's ALTERs wait for
    downgrade(revision="0008")
    upgrade(revision="0010")
    with db.engine.begin() as connection:  # the count triggers are back after the rebuild
        _run(connection, "UPDATE responses SET withdrawn = :yes WHERE id = 101", yes=True)
        assert _run(connection, "SELECT SUM(n) FROM response_counts WHERE proposal_id = :p",
                    p=proposal.id).scalar_one() == 2
