"""Many residents responding and changing their minds at once: one response each, honest counts.

Each thread drives its own test client through the real web pages; several threads share a
person, so the same person's submissions race each other as well as everyone else's.
"""

import re
import threading
from collections import Counter

import sqlalchemy as sa

from consult.models import AuditEntry, Response, ResponseVersion, db
from consult.services import audit_log
from tests.conftest import csrf_token, sign_in
from tests.factories import PASSWORD, make_proposal, make_user

THREADS = 8
ROUNDS = 4
PEOPLE = 5  # fewer people than threads: threads i and i + PEOPLE are the same person


def _clients(app, proposal, people):
    clients = []
    for index in range(THREADS):
        client = app.test_client()
        sign_in(client, people[index % PEOPLE].email, PASSWORD)
        client.token = csrf_token(client, f"/consultations/{proposal.id}")
        client.person = people[index % PEOPLE].id
        clients.append(client)
    return clients


def _work(index, client, proposal_id, option_ids, barrier, outcomes):
    """Respond ROUNDS times with changing choices; some threads withdraw at the end."""
    barrier.wait()
    for round_ in range(ROUNDS):
        answer = client.post(f"/consultations/{proposal_id}/respond", data={
            "csrf_token": client.token, "option": str(option_ids[(index + round_) % 3]),
            "respondent_type": ("local_resident", "twin_city_resident")[index % 2],
            "reason": f"Thread {index}, round {round_}"})
        outcomes.append(("respond", client.person, answer.status_code))
    if index % 3 == 0:
        answer = client.post(f"/consultations/{proposal_id}/withdraw-response",
                             data={"csrf_token": client.token}, follow_redirects=True)
        withdrawn = "has been withdrawn" in answer.get_data(as_text=True)
        outcomes.append(("withdraw" if withdrawn else "nothing", client.person,
                         answer.status_code))


def _hammer(app, proposal, people) -> list[tuple[str, int, int]]:
    clients = _clients(app, proposal, people)
    option_ids = [option.id for option in proposal.options]
    barrier, outcomes = threading.Barrier(THREADS), []
    threads = [threading.Thread(target=_work, args=(i, client, proposal.id, option_ids, barrier,
                                                    outcomes))
               for i, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return outcomes


def _page_counts(client, proposal_id: int) -> tuple[int, dict[int, int]]:
    html = client.get(f"/consultations/{proposal_id}/results").get_data(as_text=True)
    total = int(re.search(r'id="response-count">(\d+) response', html).group(1))
    table = html[html.index('id="totals-overall"'):]
    table = table[:table.index("</table>")]
    return total, {int(o): int(c) for o, c in re.findall(r'data-option="(\d+)">(\d+)<', table)}


def _sql_counts(proposal_id: int) -> tuple[int, dict[int, int]]:
    params = {"p": proposal_id, "w": False}
    total = db.session.execute(sa.text(
        "SELECT COUNT(*) FROM responses WHERE proposal_id = :p AND withdrawn = :w"),
        params).scalar_one()
    rows = db.session.execute(sa.text(
        "SELECT option_id, COUNT(*) FROM responses WHERE proposal_id = :p AND withdrawn = :w "
        "GROUP BY option_id"), params)
    return total, dict(rows.all())


def test_concurrent_responses_and_changes_keep_one_response_per_person_and_honest_counts(app):
    proposal = make_proposal(status="open", results_visibility="shown",
                             options=["Support", "Oppose", "Neither"])
    people = [make_user() for _ in range(PEOPLE)]
    outcomes = _hammer(app, proposal, people)

    assert [status for _, _, status in outcomes if status != 302 and status != 200] == []
    assert all(status == 302 for kind, _, status in outcomes if kind == "respond")
    db.session.expire_all()
    per_person = Counter(db.session.scalars(
        sa.select(Response.user_id).where(Response.proposal_id == proposal.id)))
    assert per_person == Counter({person.id: 1 for person in people})

    # Every accepted submission, change and withdrawal left exactly one version, numbered 1..n.
    accepted = sum(1 for kind, _, _ in outcomes if kind in ("respond", "withdraw"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ResponseVersion)) == accepted
    for response in db.session.scalars(sa.select(Response)):
        assert [v.version for v in response.versions] == list(range(1, response.version + 1))
        assert response.versions[-1].receipt_code == response.receipt_code
        assert (response.versions[-1].action == "withdrawn") == response.withdrawn

    total, by_option = _page_counts(app.test_client(), proposal.id)
    sql_total, sql_by_option = _sql_counts(proposal.id)
    assert total == sql_total
    assert by_option == {option.id: sql_by_option.get(option.id, 0)
                         for option in proposal.options}

    votes = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action.like("response.%")))
    assert votes == accepted
    assert audit_log.verify_chain() == (True, None)


def test_many_first_responses_at_once_each_count_once(app):
    proposal = make_proposal(status="open", results_visibility="shown")
    people = [make_user() for _ in range(THREADS)]
    clients = []
    for person in people:
        client = app.test_client()
        sign_in(client, person.email, PASSWORD)
        client.token = csrf_token(client, f"/consultations/{proposal.id}")
        clients.append(client)
    option = str(proposal.options[0].id)
    barrier, statuses = threading.Barrier(THREADS), []

    def first_response(client):
        barrier.wait()
        statuses.append(client.post(f"/consultations/{proposal.id}/respond", data={
            "csrf_token": client.token, "option": option,
            "respondent_type": "local_resident"}).status_code)

    threads = [threading.Thread(target=first_response, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert statuses == [302] * THREADS
    db.session.expire_all()
    assert _sql_counts(proposal.id)[0] == THREADS
    assert _page_counts(app.test_client(), proposal.id)[0] == THREADS
    assert audit_log.verify_chain() == (True, None)
