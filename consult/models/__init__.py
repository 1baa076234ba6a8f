"""SQLAlchemy models, one module per aggregate."""

from .analysis import AnalysisGroup, AnalysisMember, AnalysisRun, ReasonRead, ReasonTag, Theme
from .audit import AuditEntry
from .base import db
from .comments import Comment, CommentReport, ModerationAction
from .counts import ResponseCount
from .decisions import Decision, Feedback, FeedbackNote
from .invitations import ProposalInvitation
from .links import LinkEvent, LinkSource, TwinLink
from .notifications import DigestItem, Mail, MailAttempt, Notification, Subscription
from .proposals import Proposal, ProposalDocument, ProposalNote, ProposalOption
from .requests import ConsultationRequest, Signature
from .responses import Response, ResponseVersion
from .translations import ProposalTranslation
from .users import User

__all__ = [
    "db", "AnalysisGroup", "AnalysisMember", "AnalysisRun", "AuditEntry", "Comment",
    "CommentReport", "ConsultationRequest", "Decision", "DigestItem", "Feedback", "FeedbackNote",
    "LinkEvent", "LinkSource", "Mail", "MailAttempt", "ModerationAction", "Notification",
    "Proposal", "ProposalDocument", "ProposalInvitation", "ProposalNote", "ProposalOption",
    "ProposalTranslation", "ReasonRead", "ReasonTag", "Response", "ResponseCount",
    "ResponseVersion", "Signature", "Subscription", "Theme", "TwinLink", "User",
]
