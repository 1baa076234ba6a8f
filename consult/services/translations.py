"""Adding and editing a proposal's translations (issue 15); every change is audited with the
version's fingerprint."""

from datetime import datetime

from ..domain import proposals as proposal_rules
from ..domain import translations as rules
from ..domain.i18n import N_
from ..infrastructure.unit_of_work import load, use_case
from ..models import Proposal, ProposalTranslation, User, db
from . import audit_log


def _opened(proposal: Proposal, now: datetime) -> bool:
    return proposal_rules.text_frozen(proposal.status, proposal.window, now)


def draft_of(row: ProposalTranslation) -> rules.TranslationDraft:
    return rules.TranslationDraft(
        language=row.language, title=row.title, summary=row.summary, reasons=row.reasons,
        alternatives=tuple(row.alternatives), option_labels=tuple(row.option_labels),
        document_titles=tuple(row.document_titles), translated_by=row.translated_by)


def existing(proposal: Proposal, language: str) -> ProposalTranslation | None:
    return next((row for row in proposal.translations if row.language == language), None)


@use_case
def save(*, proposal_id: int, draft: rules.TranslationDraft, offered: set[str], actor: User | str,
         now: datetime, demonstration: bool = False) -> ProposalTranslation:
    """Add or (before opening) edit the translation into `draft.language`."""
    proposal = load(Proposal, proposal_id)
    if proposal.status in (proposal_rules.WITHDRAWN,):
        raise rules.TranslationRefused(N_("A withdrawn consultation cannot be "
                                                "translated."))
    opened = _opened(proposal, now)
    row = existing(proposal, draft.language)
    rules.require_changeable(opened, row is not None)
    rules.check(draft, offered=offered, options=len(proposal.options),
                documents=len(proposal.documents), alternatives=len(proposal.alternatives))
    added = row is None
    if added:
        row = ProposalTranslation(proposal_id=proposal.id, language=draft.language,
                                  created_at=now, created_by_id=getattr(actor, "id", None),
                                  demonstration=demonstration,
                                  added_after_opening_at=now if opened else None)
        db.session.add(row)
    row.title, row.summary, row.reasons = draft.title, draft.summary, draft.reasons
    row.alternatives, row.option_labels = list(draft.alternatives), list(draft.option_labels)
    row.document_titles, row.translated_by = list(draft.document_titles), draft.translated_by
    row.updated_at = now
    _fingerprint(row, proposal)
    db.session.flush()
    action = ("proposal.translation_added_after_opening" if opened else
              "proposal.translation_added" if added else "proposal.translation_edited")
    audit_log.append(actor=actor, action=action, subject=f"proposal:{proposal.id}",
                     details={"language": row.language, "sha256": row.sha256,
                              "translates": row.english_sha256,
                              "translated_by": row.translated_by}, now=now)
    return row


@use_case
def remove(*, proposal_id: int, language: str, actor: User, now: datetime) -> None:
    """Drop a translation before the consultation opens; after, it is part of the record."""
    proposal = load(Proposal, proposal_id)
    row = existing(proposal, language)
    if row is None:
        return
    rules.require_changeable(_opened(proposal, now), True)
    db.session.delete(row)
    audit_log.append(actor=actor, action="proposal.translation_removed",
                     subject=f"proposal:{proposal.id}", details={"language": language}, now=now)


def follow_english(proposal: Proposal) -> None:
    """Inside the caller's unit of work, after the English fingerprint changed (editing or
    publishing before the opening): each translation's fingerprint names the new English."""
    for row in proposal.translations:
        if row.added_after_opening_at is None:
            _fingerprint(row, proposal)


def _fingerprint(row: ProposalTranslation, proposal: Proposal) -> None:
    row.english_sha256 = proposal.fingerprint or ""
    row.sha256 = rules.fingerprint(draft_of(row), row.english_sha256)
