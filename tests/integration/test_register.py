"""The twin-link register through HTTP: officers add, describe and date links; the public reads."""

import html as html_module
import re

import pytest
import sqlalchemy as sa

from consult.domain import twinning
from consult.models import AuditEntry, LinkEvent, TwinLink, db
from consult.services import links
from tests.conftest import submit
from tests.factories import NOW, make_event, make_link

SAINT_ETIENNE = {
    "partner_name": "Saint-Étienne", "partner_local_name": "Saint-Étienne", "country": "France",
    "began-day": "", "began-month": "", "began-year": "1955", "began_alternative-day": "",
    "began_alternative-month": "6", "began_alternative-year": "1963",
    "began_note": "Sources disagree.", "description": "",
    "sources": "https://www.coventry.gov.uk/homepage/988/coventrys_twin_towns_and_cities",
}


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def slugs_listed(html: str) -> list[str]:
    """The links in the register table, in the order shown."""
    return re.findall(r'<th scope="row" class="govuk-table__header"><a class="govuk-link" '
                      r'href="/links/([^"]+)">', html)


def form_values(html: str) -> dict[str, str]:
    """What a browser would send back from a form as the page shows it."""
    values = {name: html_module.unescape(value) for name, value in
              re.findall(r'name="([\w-]+)" type="text" value="([^"]*)"', html)}
    values |= {name: html_module.unescape(text) for name, text in
               re.findall(r'<textarea[^>]*name="([\w-]+)"[^>]*>(.*?)</textarea>', html, re.S)}
    return values


def latest_audit() -> AuditEntry:
    return db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq.desc())).first()


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def add_event(client, slug: str, *, date: tuple[str, str, str], kind: str = "activity",
              summary: str = "A visit.", sources: str = "https://example.org/visit",
              corrects: str = ""):
    day, month, year = date
    return submit(client, f"/officer/links/{slug}/events/new", {
        "occurred_on-day": day, "occurred_on-month": month, "occurred_on-year": year,
        "kind": kind, "summary": summary, "sources": sources, "corrects_id": corrects})


def change_status(client, slug: str, status: str, *, summary: str = "Council resolution."):
    return submit(client, f"/officer/links/{slug}/status", {
        "status": status, "occurred_on-day": "22", "occurred_on-month": "3",
        "occurred_on-year": "2022", "summary": summary, "sources": ""})


def assert_audited(officer, action: str, subject: str) -> AuditEntry:
    entry = latest_audit()
    assert (entry.action, entry.subject) == (action, subject)
    assert entry.actor == "Olu Officer (officer)"
    assert entry.actor_id == officer.user.id
    return entry


# Adding and describing links


def test_an_officer_adds_a_link_at_an_address_made_from_its_name(officer):
    response = submit(officer, "/officer/links/new", SAINT_ETIENNE)
    assert response.status_code == 302
    assert response.headers["Location"] == "/links/saint-etienne"
    html = page(officer, "/links/saint-etienne")
    assert "Coventry and Saint-Étienne" in html
    assert "Saint-Étienne has been added to the register." in html
    assert "1955 or June 1963" in html
    link = db.session.scalars(sa.select(TwinLink)).one()
    assert (link.slug, link.status, link.began, link.began_alternative) == (
        "saint-etienne", "active", "1955", "1963-06")
    entry = assert_audited(officer, "link.created", "link:saint-etienne")
    assert entry.details == {"partner_name": "Saint-Étienne", "country": "France"}


@pytest.mark.parametrize("name", ["Saint-Étienne", "Saint Etienne", "SAINT-ÉTIENNE "])
def test_a_link_whose_name_makes_an_existing_address_is_refused_on_the_name(officer, name):
    submit(officer, "/officer/links/new", SAINT_ETIENNE)
    before = (count(TwinLink), count(AuditEntry))
    response = submit(officer, "/officer/links/new", {**SAINT_ETIENNE, "partner_name": name})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert 'id="partner_name-error"' in html
    assert html.count("There is already a link at /links/saint-etienne") == 2
    assert f'value="{name.strip()}"' in html
    assert (count(TwinLink), count(AuditEntry)) == before


def test_editing_a_link_changes_its_details_but_not_its_address(officer):
    submit(officer, "/officer/links/new", SAINT_ETIENNE)
    changed = {**SAINT_ETIENNE, "partner_name": "Saint-Étienne (Loire)",
               "description": "Twinned since the 1950s."}
    response = submit(officer, "/officer/links/saint-etienne/edit", changed)
    assert response.status_code == 302
    assert response.headers["Location"] == "/links/saint-etienne"
    html = page(officer, "/links/saint-etienne")
    assert "Coventry and Saint-Étienne (Loire)" in html
    assert "Twinned since the 1950s." in html
    assert officer.get("/links/saint-etienne-loire").status_code == 404
    entry = assert_audited(officer, "link.updated", "link:saint-etienne")
    assert entry.details["changed"] == {
        "partner_name": {"from": "Saint-Étienne", "to": "Saint-Étienne (Loire)"},
        "description": {"from": "", "to": "Twinned since the 1950s."},
    }


def test_saving_the_edit_form_unchanged_keeps_every_detail_and_source(officer):
    submit(officer, "/officer/links/new", {**SAINT_ETIENNE, "sources": (
        "https://example.org/one\nLe Progrès, 'Jumelage avec Coventry', June 1963")})
    edit_page = page(officer, "/officer/links/saint-etienne/edit")
    values = form_values(edit_page)
    assert values["sources"] == ("https://example.org/one\n"
                                 "Le Progrès, 'Jumelage avec Coventry', June 1963")
    assert (values["began-year"], values["began_alternative-month"]) == ("1955", "6")
    assert submit(officer, "/officer/links/saint-etienne/edit", values).status_code == 302
    link = db.session.scalars(sa.select(TwinLink)).one()
    db.session.refresh(link)
    assert [source.url for source in link.sources] == [
        "https://example.org/one", "Le Progrès, 'Jumelage avec Coventry', June 1963"]
    assert (link.began, link.began_alternative) == ("1955", "1963-06")
    assert latest_audit().details == {"changed": {}}


# History


@pytest.mark.parametrize("date, shown", [
    (("", "", "1944"), "1944: Activity"),
    (("", "6", "1944"), "June 1944: Activity"),
    (("6", "6", "1944"), "6 June 1944: Activity"),
])
def test_an_event_is_shown_with_the_precision_its_date_was_given(officer, date, shown):
    make_link(partner_name="Volgograd", country="Russia")
    response = add_event(officer, "volgograd", date=date)
    assert response.status_code == 302
    assert response.headers["Location"] == "/links/volgograd"
    assert shown in page(officer, "/links/volgograd")
    event = db.session.scalars(sa.select(LinkEvent)).one()
    assert event.occurred_on == "-".join(part.zfill(2) for part in reversed(date) if part)
    entry = assert_audited(officer, "link.event_added", "link:volgograd")
    assert entry.details["event_id"] == event.id


def test_the_timeline_puts_a_year_before_its_months_and_days(officer):
    make_link(partner_name="Volgograd", country="Russia")
    for date in (("6", "6", "1944"), ("", "", "1944"), ("", "6", "1944"), ("", "10", "1941")):
        add_event(officer, "volgograd", date=date, summary=f"Event {'-'.join(date)}.")
    html = page(officer, "/links/volgograd")
    headings = re.findall(r'class="app-timeline__date">([^<]+)<', html)
    assert headings == ["October 1941: Activity", "1944: Activity", "June 1944: Activity",
                        "6 June 1944: Activity"]
    newest = re.findall(r'class="app-timeline__date">([^<]+)<',
                        page(officer, "/links/volgograd?order=newest"))
    assert newest == list(reversed(headings))


@pytest.mark.parametrize("kind", twinning.MANUAL_KINDS)
def test_a_fact_without_a_source_is_refused(officer, kind):
    make_link(partner_name="Kiel")
    response = add_event(officer, "kiel", date=("", "", "1947"), kind=kind, sources="",
                         summary="The mayor visits.")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="sources-error"' in html
    assert "Give at least one source for a fact from outside" in html
    assert "The mayor visits." in html
    assert count(LinkEvent) == 0


def test_a_correction_points_at_the_earlier_event_and_both_are_shown(officer):
    make_link(partner_name="Volgograd", country="Russia")
    add_event(officer, "volgograd", date=("", "", "1943"),
              summary="Coventry women send a tablecloth with 830 names.")
    wrong = db.session.scalars(sa.select(LinkEvent)).one()
    assert f'value="{wrong.id}"' in page(officer, "/officer/links/volgograd/events/new")

    response = add_event(officer, "volgograd", date=("", "", "1943"), kind="note",
                         summary="Correction: the council's record gives 900 names.",
                         corrects=str(wrong.id))
    assert response.status_code == 302
    correction = db.session.scalars(sa.select(LinkEvent).where(LinkEvent.id != wrong.id)).one()
    assert correction.corrects_id == wrong.id
    html = page(officer, "/links/volgograd")
    assert "830 names" in html and "900 names" in html
    assert f'This corrects <a class="govuk-link" href="#event-{wrong.id}">' in html
    assert f'see <a class="govuk-link" href="#event-{correction.id}">the correction' in html
    assert assert_audited(officer, "link.event_added", "link:volgograd").details[
        "corrects_id"] == wrong.id


def test_a_correction_cannot_point_at_another_links_event(officer):
    other = make_link(partner_name="Dresden")
    foreign = make_event(other, summary="Dresden's event.")
    make_link(partner_name="Kiel")
    response = add_event(officer, "kiel", date=("", "", "1950"), corrects=str(foreign.id))
    assert response.status_code == 200
    assert 'id="corrects_id-error"' in response.get_data(as_text=True)
    assert count(LinkEvent) == 1


# Status


def link_in_status(status: str) -> TwinLink:
    link = make_link(partner_name="Kiel")
    if status != twinning.ACTIVE:
        details = links.EventDetails(occurred_on="2020", kind="status_changed",
                                     summary="Set up for the test.")
        links.change_status(link_id=link.id, target=status, details=details,
                            actor="system (tests)", now=NOW)
    return link


TRANSITION_CASES = [(current, target) for current in twinning.STATUSES
                    for target in twinning.STATUSES]


@pytest.mark.parametrize("current, target", TRANSITION_CASES,
                         ids=[f"{c} to {t}" for c, t in TRANSITION_CASES])
def test_status_changes_follow_the_transition_table(officer, current, target):
    link = link_in_status(current)
    events_before = count(LinkEvent)
    response = change_status(officer, "kiel", target)
    db.session.expire_all()
    if target in twinning.TRANSITIONS[current]:
        assert response.status_code == 302
        assert link.status == target
        event = link.events[-1]
        assert (event.kind, event.occurred_on, event.recorded_by) == (
            "status_changed", "2022-03-22", "Olu Officer (officer)")
        entry = assert_audited(officer, "link.status_changed", "link:kiel")
        assert entry.details == {"from": current, "to": target, "event_id": event.id}
    else:
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "There is a problem" in html
        if current == twinning.ENDED:  # no form is shown, only why
            assert "An ended link cannot change status" in html
        else:
            assert 'id="status-error"' in html
        assert link.status == current
        assert count(LinkEvent) == events_before


def test_an_ended_link_offers_no_status_change(officer):
    link_in_status(twinning.ENDED)
    html = page(officer, "/officer/links/kiel/status")
    assert "An ended link cannot change status" in html
    assert 'name="status"' not in html
    assert "Change status</a>" not in page(officer, "/links/kiel")


def test_every_officer_action_is_audited_and_the_chain_verifies(app, officer):
    submit(officer, "/officer/links/new", SAINT_ETIENNE)
    submit(officer, "/officer/links/saint-etienne/edit", {**SAINT_ETIENNE,
                                                         "description": "Edited."})
    add_event(officer, "saint-etienne", date=("", "6", "1963"))
    change_status(officer, "saint-etienne", "dormant")
    mine = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.actor_id == officer.user.id).order_by(AuditEntry.seq)).all()
    assert [entry.action for entry in mine] == [
        "link.created", "link.updated", "link.event_added", "link.event_added",
        "link.status_changed"]
    assert {entry.actor for entry in mine} == {"Olu Officer (officer)"}

    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "Audit log verified" in result.output


# The public register


@pytest.fixture
def register_page(client, demo):
    def _get(query: str = "") -> tuple[str, list[str]]:
        html = page(client, "/links" + query)
        return html, slugs_listed(html)

    return _get


def test_the_status_filter_shows_only_the_suspended_volgograd_link(register_page):
    html, slugs = register_page("?status=suspended")
    assert slugs == ["volgograd"]
    assert "1 link found." in html


def test_the_country_filter_shows_that_countrys_links(register_page):
    html, slugs = register_page("?country=Canada")
    assert slugs == ["cornwall", "granby", "windsor"]
    _, active_in_germany = register_page("?country=Germany&status=active")
    assert active_in_germany == ["dresden", "kiel"]


def test_sorting_by_year_puts_1939_parkes_before_1944_volgograd(register_page):
    _, slugs = register_page("?sort=year")
    assert slugs[:3] == ["parkes", "volgograd", "kiel"]
    assert slugs.index("warsaw") > slugs.index("jinan")  # unknown years come last
    _, newest = register_page("?sort=year-desc")
    assert newest[0] == "jinan"


@pytest.mark.parametrize("query", [
    "?status=bogus", "?country=Atlantis", "?sort=random", "?status=%FF&country=%C3%28&sort=%27",
    "?status=suspended%27%20OR%201%3D1--", "?status=&country=&sort=", "?status=suspended&status=x",
])
def test_unknown_filter_values_are_ignored(register_page, query):
    html, slugs = register_page(query)
    expected = 1 if query.startswith("?status=suspended&") else 26
    assert len(slugs) == expected
    assert f"{expected} link{'s' if expected > 1 else ''} found." in html


def test_volgograd_shows_its_suspension_without_public_consultation(client, demo):
    html = page(client, "/links/volgograd")
    assert "Coventry and Volgograd" in html and "Волгоград" in html
    assert "Suspended</strong>" in html
    assert "22 March 2022: Status changed" in html
    assert "without public consultation" in html
    headings = re.findall(r'class="app-timeline__date">([^<]+)<', html)
    assert headings[0] == "October 1941: First contact"
    assert headings.index("6 June 1944: Link established") < headings.index(
        "22 March 2022: Decision") < headings.index("22 March 2022: Status changed")
    newest = re.findall(r'class="app-timeline__date">([^<]+)<',
                        page(client, "/links/volgograd?order=newest"))
    assert newest == list(reversed(headings))
