"""Every route is classified in the policy table, and each audience gets exactly its access."""

import pytest
from flask import url_for

from consult.models import User, db
from tests.conftest import app_settings, client_of, csrf_token, fresh_database, running_app
from tests.factories import make_link, make_user
from tests.integration.policy import ALLOWED, POLICY, ROLES, SAMPLE_VALUES


def _routes(app):
    return {rule.endpoint: rule for rule in app.url_map.iter_rules()}


def test_every_route_has_an_entry_in_the_policy_table(app):
    unclassified = sorted(set(_routes(app)) - set(POLICY))
    assert not unclassified, f"routes with no access policy: {unclassified}"


def test_the_policy_table_names_no_route_that_does_not_exist(app):
    assert not sorted(set(POLICY) - set(_routes(app)))


@pytest.fixture(scope="module")
def app(migrated_database, smtp_server, tmp_path_factory):
    """One app and database for the module: its requests are refused, or post forms that fail
    validation, so no test changes what another reads (ending a session aside: see clients)."""
    url = fresh_database(migrated_database, tmp_path_factory.mktemp("policy"))
    with running_app(app_settings(url, smtp_server), smtp_server) as application:
        yield application


@pytest.fixture(scope="module")
def signed_in_clients(app):
    """One test client per role, each signed in once through the real sign-in form."""
    make_link(partner_name="Volgograd", country="Russia")
    result = {"anonymous": app.test_client()}
    for role in ROLES[1:]:
        result[role] = _signed_in(app, make_user(role=role))
    return result


def _signed_in(app, user):
    client = client_of(app, user)
    client.session_version = user.session_version
    return client


@pytest.fixture
def clients(app, signed_in_clients):
    """The module's clients; a role whose session a test ended (signing out ends every session
    of the account) is signed in again afterwards."""
    yield signed_in_clients
    db.session.expire_all()
    for role in ROLES[1:]:
        user = db.session.get(User, signed_in_clients[role].user.id)
        if user is None or user.session_version != signed_in_clients[role].session_version:
            signed_in_clients[role] = _signed_in(app, user or make_user(role=role))


def _url(app, rule, clients):
    values = {arg: SAMPLE_VALUES.get(arg) for arg in rule.arguments}
    if "user_id" in rule.arguments:
        values["user_id"] = clients["resident"].user.id
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def _request(client, rule, url):
    if "GET" in rule.methods:
        return client.get(url)
    return client.post(url, data={"csrf_token": csrf_token(client)})


def _check(role, allowed, response):
    if allowed:
        assert response.status_code not in (401, 403), f"{role} was refused"
        assert "/sign-in" not in response.headers.get("Location", ""), f"{role} sent to sign in"
    elif role == "anonymous":
        assert response.status_code == 302, f"anonymous got {response.status_code}"
        assert "/sign-in?next=" in response.headers["Location"]
    else:
        assert response.status_code == 403, f"{role} got {response.status_code}, not 403"


@pytest.mark.parametrize("endpoint", sorted(POLICY))
def test_each_role_gets_exactly_the_access_the_policy_declares(app, clients, endpoint):
    rule = _routes(app)[endpoint]
    url = _url(app, rule, clients)
    for role in ROLES:
        _check(role, role in ALLOWED[POLICY[endpoint]], _request(clients[role], rule, url))


STAFF_FORMS = ("admin.change_role", "officer.change_status", "officer.edit_link",
               "officer.new_event", "officer.new_link",
               "officer.new_consultation", "officer.edit_consultation",
               "officer.schedule_consultation", "officer.consultation_documents",
               "officer.remove_consultation_document", "officer.extend_consultation",
               "officer.translation", "officer.remove_translation",
               "officer.invitations_page", "officer.edit_invitation",
               "officer.remove_invitation",
               "officer.close_consultation", "officer.withdraw_consultation",
               "officer.new_consultation_note", "officer.consultation_results_visibility",
               "officer.new_consultation_decision", "officer.new_link_decision",
               "officer.publish_feedback", "officer.new_feedback_note",
               "officer.open_retrospective", "officer.start_review", "officer.record_review",
               "officer.moderation_hide_comment", "officer.moderation_dismiss_reports",
               "officer.moderation_publish_reason", "officer.moderation_hide_reason",
               "officer.review_held_responses", "officer.reaccept_responses",
               "officer.publish_request", "officer.reject_request", "officer.answer_request",
               "officer.refuse_request", "officer.review_signatures",
               "officer.analysis_action", "officer.quote_reason", "officer.themes_page",
               "officer.edit_theme", "officer.remove_theme", "officer.merge_theme",
               "officer.suggest_themes", "officer.suggestion_page",
               "officer.add_suggestion_to_theme", "officer.discard_suggestion")


def test_the_staff_form_list_covers_every_staff_post_route(app):
    staff_posts = {endpoint for endpoint, rule in _routes(app).items()
                   if "POST" in rule.methods and POLICY.get(endpoint) in {"officer", "admin"}}
    assert staff_posts == set(STAFF_FORMS)


@pytest.mark.parametrize("endpoint", STAFF_FORMS)
def test_a_resident_posting_to_a_staff_route_gets_403(app, clients, endpoint):
    rule = _routes(app)[endpoint]
    resident = clients["resident"]
    response = resident.post(_url(app, rule, clients),
                             data={"csrf_token": csrf_token(resident), "role": "admin"})
    assert response.status_code == 403
