"""SQLAlchemy models, one module per aggregate."""

from .audit import AuditEntry
from .base import db
from .links import LinkEvent, LinkSource, TwinLink
from .users import User

__all__ = ["db", "AuditEntry", "LinkEvent", "LinkSource", "TwinLink", "User"]
