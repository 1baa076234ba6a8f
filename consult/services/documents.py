"""Background documents: web links, and PDF uploads stored under instance/documents/."""

import hashlib
import secrets
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app

from ..domain import proposals
from ..domain.errors import DomainError
from ..domain.i18n import N_
from ..infrastructure.unit_of_work import load, use_case
from ..models import Proposal, ProposalDocument, User, db
from . import audit_log, translations

MAX_PDF_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def folder() -> Path:
    path = Path(current_app.config["INSTANCE_PATH"]) / "documents"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(document: ProposalDocument) -> Path:
    return folder() / document.stored_name


def check_pdf(data: bytes) -> None:
    """Only real PDFs of at most 10 MB: the bytes must start like a PDF, whatever the name."""
    if not data:
        raise DomainError(N_("The selected file is empty"), field="file")
    if len(data) > MAX_PDF_BYTES:
        raise DomainError(N_("The selected file must be smaller than 10 MB"), field="file")
    if not data.startswith(PDF_MAGIC):
        raise DomainError(N_("The selected file must be a PDF"), field="file")


def _refingerprint(proposal: Proposal) -> None:
    """A scheduled proposal's fingerprint covers its documents, so it follows them."""
    if proposal.status == proposals.SCHEDULED:
        db.session.flush()
        proposal.fingerprint = proposals.text_fingerprint(proposal.published_text())
        translations.follow_english(proposal)


def _add(proposal: Proposal, document: ProposalDocument, actor: User, now: datetime):
    proposals.require_editable(proposal.status, proposal.window, now)
    if not document.title.strip():
        raise DomainError(N_("Enter a title for the document"), field="title")
    document.proposal, document.added_at = proposal, now
    db.session.add(document)
    _refingerprint(proposal)
    db.session.flush()
    audit_log.append(actor=actor, action="proposal.document_added",
                     subject=f"proposal:{proposal.id}",
                     details={"document_id": document.id, "title": document.title,
                              "url": document.url, "sha256": document.sha256,
                              "fingerprint": proposal.fingerprint}, now=now)
    return document


@use_case
def add_link(*, proposal_id: int, title: str, url: str, actor: User, now: datetime):
    proposal = load(Proposal, proposal_id)
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DomainError(N_("Enter a web address starting with https://"), field="url")
    return _add(proposal, ProposalDocument(title=title.strip(), url=url.strip()), actor, now)


@use_case
def add_upload(*, proposal_id: int, title: str, data: bytes, actor: User, now: datetime):
    """Store the PDF under a random name (never the uploader's file name)."""
    proposal = load(Proposal, proposal_id)
    check_pdf(data)
    stored_name = f"{secrets.token_hex(16)}.pdf"
    document = ProposalDocument(title=title.strip(), stored_name=stored_name, size=len(data),
                                sha256=hashlib.sha256(data).hexdigest())
    (folder() / stored_name).write_bytes(data)
    try:
        return _add(proposal, document, actor, now)
    except Exception:
        (folder() / stored_name).unlink(missing_ok=True)
        raise


@use_case
def remove(*, document_id: int, actor: User, now: datetime) -> None:
    """Only before the consultation opens: afterwards the published set is frozen.

    The stored file stays on disk: the audit log still names its fingerprint.
    """
    document = load(ProposalDocument, document_id)
    proposal = load(Proposal, document.proposal_id)
    proposals.require_editable(proposal.status, proposal.window, now)
    details = {"document_id": document.id, "title": document.title}
    proposal.documents.remove(document)  # delete-orphan: the row goes at the flush
    _refingerprint(proposal)
    audit_log.append(actor=actor, action="proposal.document_removed",
                     subject=f"proposal:{proposal.id}",
                     details={**details, "fingerprint": proposal.fingerprint}, now=now)
