"""Loaders for officer pages: one per object, each the only place that turns an id into a row
(or a 404). Officers may see every row, drafts included; ids are bounded by the `id` converter."""

from flask import abort

from ..models import (
    AnalysisGroup,
    Comment,
    ConsultationRequest,
    Decision,
    Proposal,
    ProposalDocument,
    ProposalInvitation,
    Response,
    Theme,
    TwinLink,
    db,
)
from ..queries import link_queries


def load_proposal(proposal_id: int) -> Proposal:
    return db.get_or_404(Proposal, proposal_id)


def load_document(proposal: Proposal, document_id: int) -> ProposalDocument:
    """One of this proposal's documents; another proposal's is not found here."""
    document = db.get_or_404(ProposalDocument, document_id)
    if document.proposal_id != proposal.id:
        abort(404)
    return document


def load_link(slug: str) -> TwinLink:
    return link_queries.get_by_slug(slug) or abort(404)


def load_comment(comment_id: int) -> Comment:
    return db.get_or_404(Comment, comment_id)


def load_response(response_id: int) -> Response:
    return db.get_or_404(Response, response_id)


def load_decision(decision_id: int) -> Decision:
    return db.get_or_404(Decision, decision_id)


def load_invitation(proposal: Proposal, invitation_id: int) -> ProposalInvitation:
    """One of this proposal's invitations; another proposal's is not found here."""
    invitation = db.get_or_404(ProposalInvitation, invitation_id)
    if invitation.proposal_id != proposal.id:
        abort(404)
    return invitation


def load_request(request_id: int) -> ConsultationRequest:
    return db.get_or_404(ConsultationRequest, request_id)


def load_suggestion(proposal: Proposal, group_id: int) -> AnalysisGroup:
    """One of this proposal's suggested themes; a campaign or another's is not found here."""
    group = db.get_or_404(AnalysisGroup, group_id)
    if group.kind != "suggestion" or group.run.proposal_id != proposal.id:
        abort(404)
    return group


def load_theme(proposal: Proposal, theme_id: int) -> Theme:
    """One theme of this proposal's codebook; another proposal's is not found here."""
    theme = db.get_or_404(Theme, theme_id)
    if theme.proposal_id != proposal.id:
        abort(404)
    return theme
