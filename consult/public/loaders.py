"""Loaders for public pages and downloads: one per object, each the only place that turns an
id or slug into a row the public may see (or a 404). Ids are bounded by the `id` converter."""

from flask import abort
from flask_login import current_user

from ..domain import requests as request_rules
from ..domain.roles import has_permission
from ..models import (
    Comment,
    ConsultationRequest,
    Decision,
    Proposal,
    ProposalDocument,
    TwinLink,
    db,
)
from ..queries import decision_queries, link_queries, open_data


def load_published(proposal_id: int) -> Proposal:
    """A proposal the public may see: anything but a draft. Otherwise 404."""
    proposal = open_data.published_consultation(proposal_id)
    if proposal is None:
        abort(404)
    return proposal


def load_comment(comment_id: int) -> Comment:
    """A comment on a published proposal."""
    comment = db.get_or_404(Comment, comment_id)
    load_published(comment.proposal_id)
    return comment


def load_upload(proposal: Proposal, document_id: int) -> ProposalDocument:
    """One of this proposal's uploaded PDFs (web links are plain links on the page)."""
    document = db.session.get(ProposalDocument, document_id)
    if document is None or document.proposal_id != proposal.id or not document.is_upload:
        abort(404)
    return document


def load_decision(decision_id: int) -> Decision:
    return decision_queries.get(decision_id) or abort(404)


def load_link(slug: str) -> TwinLink:
    return link_queries.get_by_slug(slug) or abort(404)


def load_request(request_id: int) -> ConsultationRequest:
    """A request for a consultation: published or rejected ones for everyone; one waiting for
    moderation only for its author and moderators."""
    found = db.get_or_404(ConsultationRequest, request_id)
    if found.status == request_rules.PENDING and not (current_user.is_authenticated and (
            current_user.id == found.author_id
            or has_permission(current_user.role, "moderate_requests"))):
        abort(404)
    return found
