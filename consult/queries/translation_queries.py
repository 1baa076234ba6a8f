"""Which language a proposal is read in, and its published language versions (issue 15)."""

from dataclasses import dataclass, field
from datetime import datetime

from ..domain import proposals as proposal_rules
from ..domain import translations as rules
from ..models import Proposal, ProposalTranslation


@dataclass(frozen=True)
class ProposalText:
    """The words of a proposal in one language, with what a reader must know about them."""

    language: str
    title: str
    summary: str
    reasons: str
    alternatives: list[dict]
    options: dict[int, str]  # option id → label
    documents: dict[int, str]  # document id → title
    sha256: str
    translation: ProposalTranslation | None = None
    wanted: str = rules.SOURCE  # the language the reader asked for
    versions: list = field(default_factory=list)

    @property
    def translated(self) -> bool:
        return self.translation is not None


def published_at(proposal: Proposal, row: ProposalTranslation) -> datetime | None:
    """When the version became public and frozen: the opening, or when it was added after."""
    return row.added_after_opening_at or proposal.opens_at


def public_versions(proposal: Proposal) -> list[ProposalTranslation]:
    """Translations the public can read: those of a published (not draft) proposal."""
    if proposal.status == proposal_rules.DRAFT:
        return []
    return list(proposal.translations)


def english(proposal: Proposal, wanted: str = rules.SOURCE,
            versions: list | None = None) -> ProposalText:
    return ProposalText(
        language=rules.SOURCE, title=proposal.title, summary=proposal.summary,
        reasons=proposal.reasons, alternatives=list(proposal.alternatives),
        options={o.id: o.label for o in proposal.options},
        documents={d.id: d.title for d in proposal.documents}, sha256=proposal.fingerprint,
        wanted=wanted,
        versions=public_versions(proposal) if versions is None else versions)


def title_for(proposal: Proposal, wanted: str) -> tuple[str, str]:
    """(title, its language): the published translation's title in `wanted`, else the English;
    for lists, without loading the rest of the text."""
    row = next((v for v in public_versions(proposal) if v.language == wanted), None)
    return (row.title, row.language) if row is not None else (proposal.title, rules.SOURCE)


def text_for(proposal: Proposal, wanted: str) -> ProposalText:
    """The proposal in `wanted` when a published translation exists, else the English."""
    versions = public_versions(proposal)
    row = next((v for v in versions if v.language == wanted), None)
    if row is None:
        return english(proposal, wanted, versions)
    return ProposalText(
        language=row.language, title=row.title, summary=row.summary, reasons=row.reasons,
        alternatives=[{**english_row, **translated} for english_row, translated
                      in zip(proposal.alternatives, row.alternatives, strict=False)],
        options={o.id: label for o, label in zip(proposal.options, row.option_labels,
                                                 strict=False)},
        documents={d.id: title for d, title in zip(proposal.documents, row.document_titles,
                                                   strict=False)},
        sha256=row.sha256, translation=row, wanted=wanted, versions=versions)
