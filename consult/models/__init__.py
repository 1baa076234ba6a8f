"""SQLAlchemy models, one module per aggregate."""

from .audit import AuditEntry
from .base import db
from .comments import Comment, CommentReport, ModerationAction
from .counts import ResponseCount
from .decisions import Decision, Feedback, FeedbackNote
from .links import LinkEvent, LinkSource, TwinLink
from .proposals import Proposal, ProposalDocument, ProposalNote, ProposalOption
from .responses import Response, ResponseVersion
from .users import User

__all__ = [
    "db", "AuditEntry", "Comment", "CommentReport", "Decision", "Feedback", "FeedbackNote",
    "LinkEvent", "LinkSource", "ModerationAction", "Proposal", "ProposalDocument", "ProposalNote",
    "ProposalOption", "Response", "ResponseCount", "ResponseVersion", "TwinLink", "User",
]
