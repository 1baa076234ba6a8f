"""A proposal in more than one language (issue 15): officers add translations; every version
is frozen with the English when the consultation opens; a later one is a dated addition."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from consult.domain import translations as rules
from consult.models import AuditEntry, ProposalTranslation, db
from consult.services import translations
from tests.conftest import submit
from tests.factories import NO_TWIN_COUNCIL_REASON, make_proposal

OFFERED = {"en", "cy", "ru", "de"}


def russian(proposal, **overrides) -> rules.TranslationDraft:
    values = dict(language="ru", title="Приостановить связь", summary="Совет предлагает.",
                  reasons="Потому что.", alternatives=({"title": "Ничего не делать",
                                                        "why_not": "Ничего не меняет."},),
                  option_labels=tuple(f"Вариант {i}" for i in range(len(proposal.options))),
                  document_titles=(), translated_by="Анна Иванова")
    values.update(overrides)
    return rules.TranslationDraft(**values)


def form_of(proposal, **overrides) -> dict[str, str]:
    data = {"translated_by": "Анна Иванова", "title": "Приостановить связь",
            "summary": "Совет предлагает.", "reasons": "Потому что.",
            "alternative_0": "Ничего не делать", "alternative_0_why_not": "Ничего не меняет."}
    data.update({f"option_{i}": f"Вариант {i}" for i in range(len(proposal.options))})
    data.update(overrides)
    return data


def test_an_officer_adds_and_edits_a_translation_before_the_consultation_opens(app, officer):
    proposal = make_proposal(status="scheduled")
    page = f"/officer/consultations/{proposal.id}/translations/ru"
    response = submit(officer, page, form_of(proposal))
    assert response.status_code == 302
    row = db.session.scalar(sa.select(ProposalTranslation))
    assert (row.language, row.title, row.translated_by) == ("ru", "Приостановить связь",
                                                            "Анна Иванова")
    assert row.english_sha256 == proposal.fingerprint and len(row.sha256) == 64
    first = row.sha256
    submit(officer, page, form_of(proposal, title="Приостановить побратимскую связь"))
    db.session.expire_all()
    row = db.session.scalar(sa.select(ProposalTranslation))
    assert row.title == "Приостановить побратимскую связь" and row.sha256 != first
    listing = officer.get(f"/officer/consultations/{proposal.id}/translations")
    assert row.sha256 in listing.get_data(as_text=True)
    actions = db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.action.like("proposal.translation%"))).all()
    assert actions == ["proposal.translation_added", "proposal.translation_edited"]


def test_a_missing_field_re_renders_the_form_with_the_error_and_keeps_what_was_typed(app, officer):
    proposal = make_proposal(status="scheduled")
    page = f"/officer/consultations/{proposal.id}/translations/de"
    response = submit(officer, page, form_of(proposal, title="", summary="Der Rat schlägt vor."))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter the translated title" in html and "Der Rat schlägt vor." in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProposalTranslation)) == 0


def test_english_is_not_a_translation_and_unknown_languages_are_not_found(app, officer):
    proposal = make_proposal(status="scheduled")
    assert officer.get(f"/officer/consultations/{proposal.id}/translations/en").status_code == 404
    assert officer.get(f"/officer/consultations/{proposal.id}/translations/xx").status_code == 404


def test_each_version_is_frozen_when_the_consultation_opens(app):
    now = datetime.now(UTC)
    proposal = make_proposal(status="open", options=["Yes", "No"], now=now)
    # No Russian version was published with it: one may still be added, dated.
    translations.save(proposal_id=proposal.id, draft=russian(proposal), offered=OFFERED,
                      actor="system (tests)", now=now)
    added = db.session.scalar(sa.select(ProposalTranslation))
    assert added.added_after_opening_at == now
    fingerprint = added.sha256
    with pytest.raises(rules.TranslationRefused):
        translations.save(proposal_id=proposal.id, draft=russian(proposal, title="Другое"),
                          offered=OFFERED, actor="system (tests)", now=now)
    with pytest.raises(rules.TranslationRefused):
        translations.remove(proposal_id=proposal.id, language="ru", actor="system (tests)",
                            now=now)
    db.session.expire_all()
    assert db.session.get(ProposalTranslation, added.id).sha256 == fingerprint


def test_a_translation_added_later_does_not_change_the_fingerprints_already_published(app):
    now = datetime.now(UTC)
    proposal = make_proposal(status="scheduled", options=["Yes", "No"], now=now)
    translations.save(proposal_id=proposal.id, draft=russian(proposal), offered=OFFERED,
                      actor="system (tests)", now=now)
    before = db.session.scalar(sa.select(ProposalTranslation.sha256))
    english = proposal.fingerprint
    later = proposal.opens_at + timedelta(days=1)
    german = rules.TranslationDraft(
        language="de", title="Die Partnerschaft aussetzen", summary="Der Rat schlägt vor.",
        reasons="", alternatives=({"title": "Nichts tun", "why_not": "Nichts ändert sich."},),
        option_labels=("Ja", "Nein"), document_titles=(), translated_by="Lena Schmidt")
    added = translations.save(proposal_id=proposal.id, draft=german, offered=OFFERED,
                              actor="system (tests)", now=later)
    assert added.added_after_opening_at == later
    assert added.english_sha256 == english
    db.session.expire_all()
    rows = dict(db.session.execute(sa.select(ProposalTranslation.language,
                                             ProposalTranslation.sha256)).all())
    assert rows["ru"] == before and rows["de"] == added.sha256 != before


def test_the_fingerprint_covers_the_text_the_translator_and_the_english_it_translates():
    draft = rules.TranslationDraft(language="cy", title="Teitl", summary="Crynodeb", reasons="",
                                   alternatives=(), option_labels=("Ie",), document_titles=(),
                                   translated_by="Siân")
    base = rules.fingerprint(draft, "a" * 64)
    assert rules.fingerprint(draft, "b" * 64) != base
    assert rules.fingerprint(replace(draft, title="Teitl arall"), "a" * 64) != base
    assert rules.fingerprint(replace(draft, translated_by="Dafydd"), "a" * 64) != base
    assert rules.fingerprint(replace(draft), "a" * 64) == base


def test_a_translation_must_cover_every_option(app):
    proposal = make_proposal(status="scheduled", options=["Yes", "No", "Not sure"])
    with pytest.raises(rules.TranslationRefused, match="every response option"):
        translations.save(proposal_id=proposal.id,
                          draft=russian(proposal, option_labels=("Да", "Нет")),
                          offered=OFFERED, actor="system (tests)", now=datetime.now(UTC))


def test_the_api_gives_every_published_version_with_its_fingerprint(app, client):
    now = datetime.now(UTC)
    proposal = make_proposal(status="scheduled", options=["Yes", "No"], now=now)
    row = translations.save(proposal_id=proposal.id, draft=russian(proposal), offered=OFFERED,
                            actor="system (tests)", now=now)
    body = client.get(f"/api/v1/consultations/{proposal.id}").get_json()
    assert body["language"] == "en"
    [version] = body["translations"]
    assert version["language"] == "ru" and version["title"] == "Приостановить связь"
    assert version["sha256"] == row.sha256 and version["translates"] == proposal.fingerprint
    assert version["options"] == ["Вариант 0", "Вариант 1"]
    assert version["added_after_opening"] is False
    assert version["published_at"].startswith(proposal.opens_at.strftime("%Y-%m-%dT%H:%M"))


def test_a_draft_s_translation_is_not_public(app, client):
    proposal = make_proposal(status="draft", options=["Yes", "No"])
    translations.save(proposal_id=proposal.id, draft=russian(proposal), offered=OFFERED,
                      actor="system (tests)", now=datetime.now(UTC))
    assert client.get(f"/api/v1/consultations/{proposal.id}").status_code == 404


def test_a_translation_s_fingerprint_follows_the_english_until_the_opening(app):
    now = datetime.now(UTC)
    proposal = make_proposal(status="draft", options=["Yes", "No"], now=now)
    row = translations.save(proposal_id=proposal.id, draft=russian(proposal), offered=OFFERED,
                            actor="system (tests)", now=now)
    assert row.english_sha256 == ""  # a draft has no published text yet
    from consult.services import proposals

    proposals.schedule(proposal_id=proposal.id, actor="system (tests)", now=now,
                       no_twin_council_reason=NO_TWIN_COUNCIL_REASON)
    db.session.expire_all()
    row = db.session.get(ProposalTranslation, row.id)
    assert row.english_sha256 == proposal.fingerprint != ""
    assert row.sha256 == rules.fingerprint(translations.draft_of(row), proposal.fingerprint)


def test_the_officer_s_consultation_page_leads_to_its_language_versions(app, officer):
    proposal = make_proposal(status="scheduled", options=["Yes", "No"])
    translations.save(proposal_id=proposal.id, draft=russian(proposal), offered=OFFERED,
                      actor="system (tests)", now=datetime.now(UTC))
    html = officer.get(f"/officer/consultations/{proposal.id}").get_data(as_text=True)
    assert f"/officer/consultations/{proposal.id}/translations" in html
    assert '<span lang="ru">Русский</span>' in html
