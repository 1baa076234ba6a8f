"""Taking part in another language (issue 15): the proposal in the reader's language, what
they write kept with its language, results by language, and mail in each recipient's."""

from datetime import UTC, datetime

import sqlalchemy as sa

from consult import i18n
from consult.domain import translations as rules
from consult.models import (
    Comment,
    ProposalTranslation,
    Response,
    ResponseVersion,
    Subscription,
    User,
    db,
)
from consult.services import discussion, translations
from tests.conftest import client_of, respond_over_http, submit
from tests.factories import make_open_proposal, make_user

RUSSIAN = rules.TranslationDraft(
    language="ru", title="Приостановить связь", summary="Совет предлагает приостановить.",
    reasons="Потому что.", alternatives=({"title": "Ничего не делать",
                                          "why_not": "Ничего не меняет."},),
    option_labels=("За", "Против"), document_titles=(), translated_by="Анна Иванова")


def translated_open_proposal():
    """An open proposal with a Russian translation added after it opened."""
    now = datetime.now(UTC)
    proposal = make_open_proposal(now=now)
    translations.save(proposal_id=proposal.id, draft=RUSSIAN, offered=set(i18n.LANGUAGES),
                      actor="system (tests)", now=now)
    return proposal


def in_language(client, code: str):
    client.set_cookie(i18n.COOKIE, code)
    return client


def test_the_proposal_is_shown_in_the_reader_s_language_with_the_translator_and_the_english(
        app, client):
    proposal = translated_open_proposal()
    html = in_language(client, "ru").get(f"/consultations/{proposal.id}").get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Приостановить связь</h1>' in html
    assert "Анна Иванова" in html and f"/consultations/{proposal.id}?text=en" in html
    assert "Совет предлагает приостановить." in html
    row = db.session.scalar(sa.select(ProposalTranslation))
    assert row.sha256 in html and proposal.fingerprint in html
    english = in_language(client, "ru").get(f"/consultations/{proposal.id}?text=en")
    assert "The council proposes a change." in english.get_data(as_text=True)
    german = in_language(client, "de").get(f"/consultations/{proposal.id}").get_data(
        as_text=True)
    assert "Deutsch" in german and "The council proposes a change." in german
    assert 'lang="en"' in german  # the English shown on a German page says so


def test_a_response_keeps_the_language_it_was_written_in_and_results_count_by_language(
        app, signed_in):
    proposal = translated_open_proposal()
    resident = in_language(signed_in("resident"), "ru")
    form = resident.get(f"/consultations/{proposal.id}").get_data(as_text=True)
    assert 'class="govuk-radios" data-module="govuk-radios" lang="ru"' in form or (
        'lang="ru"' in form and "За" in form)
    response = respond_over_http(resident, proposal, 0, respondent_type="twin_city_resident",
                                 reason="Письма 1941 года.")
    assert response.status_code == 302
    stored = db.session.scalar(sa.select(Response))
    assert stored.language == "ru"
    assert db.session.scalar(sa.select(ResponseVersion.language)) == "ru"
    discussion.moderate_reason(response_id=stored.id, publish=True, moderator="system (tests)",
                               now=datetime.now(UTC))
    page = in_language(signed_in("resident"), "en").get(
        f"/consultations/{proposal.id}/results").get_data(as_text=True)
    assert 'id="languages"' in page and '<span lang="ru">Русский</span>' in page
    assert 'lang="ru">Письма 1941 года.' in page
    only_german = in_language(signed_in("resident"), "en").get(
        f"/consultations/{proposal.id}/results?language=de").get_data(as_text=True)
    assert "Письма 1941 года." not in only_german
    only_russian = in_language(signed_in("resident"), "en").get(
        f"/consultations/{proposal.id}/results?language=ru").get_data(as_text=True)
    assert "Письма 1941 года." in only_russian


def test_a_comment_keeps_the_language_it_was_written_in(app, signed_in):
    proposal = make_open_proposal()
    resident = in_language(signed_in("resident"), "de")
    submit(resident, f"/consultations/{proposal.id}/comments", {"body": "Guten Tag aus Kiel."},
           token_from=f"/consultations/{proposal.id}")
    assert db.session.scalar(sa.select(Comment.language)) == "de"


def test_mail_is_written_in_the_language_it_was_asked_in(app, client, smtp_server):
    smtp_server.clear()
    in_language(client, "ru")
    submit(client, "/register", {"display_name": "Олена", "email": "olena@example.org",
                                 "password": "летние письма из Ковентри",
                                 "confirm": "летние письма из Ковентри"})
    user = db.session.scalar(sa.select(User).where(User.email == "olena@example.org"))
    assert user is not None and user.language == "ru"
    [mail] = smtp_server.to("olena@example.org")
    assert mail["Content-Language"] == "ru"
    assert 'lang="ru"' in mail.get_body(preferencelist=("html",)).get_content()


def test_a_follow_by_email_keeps_its_language_for_its_mail(app, client, smtp_server):
    from tests.factories import make_link

    link = make_link(partner_name="Kiel")
    smtp_server.clear()
    in_language(client, "de")
    submit(client, f"/links/{link.slug}/follow", {"email": "lena@example.org"},
           token_from=f"/links/{link.slug}")
    assert db.session.scalar(sa.select(Subscription.language)) == "de"
    [mail] = smtp_server.to("lena@example.org")
    assert mail["Content-Language"] == "de"


def test_an_account_s_language_wins_over_the_language_a_mail_was_asked_in(app, smtp_server):
    person = make_user(email="dmitri@example.org", verified=False)
    from consult.services import accounts

    accounts.choose_language(user_id=person.id, code="cy", now=datetime.now(UTC))
    smtp_server.clear()
    browser = client_of(app, person)
    in_language(browser, "de")  # this browser asks in German; the account chose Welsh
    submit(browser, "/account/resend-confirmation", {}, token_from="/account")
    mails = smtp_server.to("dmitri@example.org")
    assert mails and mails[-1]["Content-Language"] == "cy"


def test_event_mail_goes_to_each_follower_in_their_own_language(app, smtp_server):
    """One event, two followers: an account that chose Welsh, and an email-only follow made on
    a German page. Each mail is composed in its recipient's language."""
    from consult.domain import notifications as notices
    from consult.infrastructure import outbox
    from consult.infrastructure.unit_of_work import use_case
    from consult.services import accounts, follows
    from tests.factories import make_link
    from tests.translation_catalogues import catalogue

    link = make_link(partner_name="Kiel")
    proposal = make_open_proposal(link=link)
    welsh = make_user(email="sian@example.org")
    accounts.choose_language(user_id=welsh.id, code="cy", now=datetime.now(UTC))
    follows.follow(target=notices.LINK, target_id=link.id, email=None, actor=welsh,
                   link_for=lambda *a, **k: "http://localhost/x", partner="Kiel",
                   now=datetime.now(UTC))
    follows.follow(target=notices.LINK, target_id=link.id, email="lena@example.org", actor=None,
                   link_for=lambda *a, **k: "http://localhost/x", partner="Kiel",
                   language="de", now=datetime.now(UTC))
    db.session.execute(sa.update(Subscription).values(confirmed_at=datetime.now(UTC),
                                                      frequency=notices.IMMEDIATE))
    db.session.commit()
    smtp_server.clear()

    @use_case
    def opened(*, now):
        outbox.notify(notices.OPENED, key="test:languages", now=now, link_id=link.id,
                      proposal_id=proposal.id)

    opened(now=datetime.now(UTC))
    [cy_mail] = smtp_server.to("sian@example.org")
    [de_mail] = [m for m in smtp_server.to("lena@example.org")
                 if m["Content-Language"] == "de" and "Confirm" not in m["Subject"]][-1:]
    assert cy_mail["Content-Language"] == "cy" and de_mail["Content-Language"] == "de"
    unsubscribe = {"cy": catalogue("cy").get("Unsubscribe").string,
                   "de": catalogue("de").get("Unsubscribe").string}
    assert unsubscribe["cy"] in cy_mail.get_body(preferencelist=("html",)).get_content()
    assert unsubscribe["de"] in de_mail.get_body(preferencelist=("html",)).get_content()


def test_a_comment_is_shown_with_the_language_it_was_written_in(app, signed_in, client):
    proposal = make_open_proposal()
    resident = in_language(signed_in("resident"), "de")
    submit(resident, f"/consultations/{proposal.id}/comments", {"body": "Guten Tag aus Kiel."},
           token_from=f"/consultations/{proposal.id}")
    page = in_language(client, "en").get(f"/consultations/{proposal.id}").get_data(as_text=True)
    assert 'lang="de">Guten Tag aus Kiel.' in page


def test_the_api_breaks_results_down_by_response_language(app, signed_in, client):
    proposal = translated_open_proposal()  # running results shown
    respond_over_http(in_language(signed_in("resident"), "ru"), proposal, 0)
    respond_over_http(in_language(signed_in("resident"), "de"), proposal, 1)
    body = client.get(f"/api/v1/consultations/{proposal.id}/results").get_json()
    by_language = {row["language"]: row for row in body["vote_event"]["language_results"]}
    assert set(by_language) == {"ru", "de"}
    assert by_language["ru"]["total"] == 1 and by_language["ru"]["counts"] == [
        {"option": "Support", "value": 1}, {"option": "Oppose", "value": 0}]
    assert by_language["de"]["counts"][1] == {"option": "Oppose", "value": 1}


def test_the_openapi_document_describes_translations_and_results_by_language(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    consultation = schemas["Consultation"]["properties"]
    assert consultation["translations"]["items"]["$ref"].endswith("/Translation")
    assert {"language", "sha256", "translates", "translated_by", "published_at"} <= set(
        schemas["Translation"]["properties"])
    assert "language_results" in schemas["VoteEvent"]["properties"]
