"""One resident who has used every part of the service, through the web pages, plus a
neighbour whose data must never be touched or shown to them."""

from dataclasses import dataclass

import sqlalchemy as sa

from consult.extensions import db
from consult.models import Comment, Response
from consult.queries import results
from tests.conftest import submit
from tests.factories import make_proposal

EMAIL = "Ada.Personal@Example.org"
NAME = "Ada Personal-Data"
ORGANISATION = "Friends of Ada's Garden"
FIRST_REASON = "My first reason mentions my street, Ada Lane."
SECOND_REASON = "Changed my mind after the library meeting on Ada Lane."
COMMENT = "A comment only Ada wrote about the twin link."
NEIGHBOUR_COMMENT = "The neighbour's comment, which must stay as it was."


@dataclass
class Resident:
    client: object
    user: object
    proposal: object
    neighbour: object


def respond(client, proposal, option, reason: str, **fields):
    data = {"option": str(option.id), "respondent_type": "organisation",
            "organisation": ORGANISATION, "postcode_district": "CV1", "reason": reason,
            **fields}
    response = submit(client, f"/consultations/{proposal.id}/respond", data,
                      token_from=f"/consultations/{proposal.id}")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def comment(client, proposal, body: str, parent_id: int | None = None):
    data = {"body": body, "parent_id": str(parent_id) if parent_id else ""}
    response = submit(client, f"/consultations/{proposal.id}/comments", data,
                      token_from=f"/consultations/{proposal.id}")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def make_resident(signed_in) -> Resident:
    proposal = make_proposal(status="open", results_visibility="shown")
    neighbour = signed_in("resident", display_name="Neighbour Nell")
    respond(neighbour, proposal, proposal.options[1], "The neighbour's own reason.",
            respondent_type="local_resident", organisation="")
    comment(neighbour, proposal, NEIGHBOUR_COMMENT)
    client = signed_in("resident", email=EMAIL, display_name=NAME)
    respond(client, proposal, proposal.options[0], FIRST_REASON)
    respond(client, proposal, proposal.options[1], SECOND_REASON)
    neighbour_comment = db.session.scalar(sa.select(Comment.id).where(
        Comment.author_id == neighbour.user.id))
    comment(client, proposal, COMMENT, parent_id=neighbour_comment)
    reported = submit(client, f"/comments/{neighbour_comment}/report", {"reason": "off_topic"})
    assert reported.status_code == 302
    return Resident(client=client, user=client.user, proposal=proposal, neighbour=neighbour)


def totals(proposal) -> tuple:
    db.session.expire_all()
    return results.tally(proposal), results.response_count(proposal.id)


def response_of(user) -> Response:
    db.session.expire_all()
    return db.session.scalars(sa.select(Response).where(Response.user_id == user.id)).one()
