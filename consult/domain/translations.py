"""A proposal's text in another language: what it holds, when it may change, its fingerprint.

The English text is the one the council decides on. A translation covers everything a
respondent reads (title, summary, reasons, alternatives, option labels, document titles), each
list in the English version's order. Before the consultation opens it can be edited freely;
from the opening it is frozen with the English; one added later is a dated addition.
"""

import hashlib
from dataclasses import dataclass

from .audit import canonical_json
from .errors import DomainError
from .i18n import N_

SOURCE = "en"
MAX_TITLE, MAX_SUMMARY, MAX_REASONS = 200, 2000, 20000
MAX_LABEL, MAX_TRANSLATOR = 120, 140


class TranslationRefused(DomainError):
    """A translation that is not allowed: unknown language, frozen, or incomplete."""


@dataclass(frozen=True)
class TranslationDraft:
    language: str
    title: str
    summary: str
    reasons: str
    alternatives: tuple[dict, ...]
    option_labels: tuple[str, ...]
    document_titles: tuple[str, ...]
    translated_by: str


def check(draft: TranslationDraft, *, offered: set[str], options: int, documents: int,
          alternatives: int) -> TranslationDraft:
    """A whole translation in an offered language other than English, one entry per English
    option, document and alternative."""
    if draft.language == SOURCE or draft.language not in offered:
        raise TranslationRefused(N_("Choose a language the service offers, other than English"),
                                 field="language")
    if not draft.translated_by.strip():
        raise TranslationRefused(N_("Enter who translated the text"), field="translated_by")
    if not draft.title.strip():
        raise TranslationRefused(N_("Enter the translated title"), field="title")
    if not draft.summary.strip():
        raise TranslationRefused(N_("Enter the translated summary"), field="summary")
    if len(draft.option_labels) != options or not all(x.strip() for x in draft.option_labels):
        raise TranslationRefused(N_("Translate every response option"), field="title")
    if len(draft.document_titles) != documents or not all(
            x.strip() for x in draft.document_titles):
        raise TranslationRefused(N_("Translate the title of every document"), field="title")
    if len(draft.alternatives) != alternatives or not all(
            (row.get("title") or "").strip() for row in draft.alternatives):
        raise TranslationRefused(N_("Translate every alternative"), field="title")
    return draft


def require_changeable(opened: bool, exists: bool) -> None:
    """Before opening: edited freely. After: only a language not yet published may be added."""
    if opened and exists:
        raise TranslationRefused(N_("This translation was published with the consultation and "
                                    "is frozen. It cannot be changed."))


def published_text(draft: TranslationDraft, english_sha256: str) -> dict:
    """What the translation's fingerprint covers: its text, who translated it, and the
    English version it translates."""
    return {
        "language": draft.language, "title": draft.title, "summary": draft.summary,
        "reasons": draft.reasons, "alternatives": list(draft.alternatives),
        "options": list(draft.option_labels), "documents": list(draft.document_titles),
        "translated_by": draft.translated_by, "translates": english_sha256,
    }


def fingerprint(draft: TranslationDraft, english_sha256: str) -> str:
    text = canonical_json(published_text(draft, english_sha256))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
