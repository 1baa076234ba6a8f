"""A proposal's words as a reader sees them: in their language when a published translation
exists, else the English, marked with `lang` wherever it differs from the page's language."""

from flask import request
from markupsafe import Markup, escape

from .. import i18n
from ..domain import translations as rules
from ..models import Proposal
from ..queries import translation_queries

ENGLISH_ONLY = rules.SOURCE  # `?text=en` asks for the council's English text


def wanted() -> str:
    """The language the reader wants the proposal in (`?text=en` asks for the English)."""
    return ENGLISH_ONLY if request.args.get("text") == ENGLISH_ONLY else i18n.current_language()


def text_of(proposal: Proposal) -> translation_queries.ProposalText:
    return translation_queries.text_for(proposal, wanted())


def plain_title(proposal: Proposal) -> str:
    """The title in the reader's language if it was translated (for <title> and the like)."""
    return translation_queries.title_for(proposal, i18n.current_language())[0]


def shown_title(proposal: Proposal) -> Markup:
    """The title in the reader's language if it was translated, marked with its language when
    that is not the page's."""
    return in_language(*translation_queries.title_for(proposal, i18n.current_language()))


def in_language(words: str, language: str) -> Markup:
    """`words` (escaped), in a span naming their language when it is not the page's."""
    if language == i18n.current_language():
        return Markup(escape(words))
    return Markup('<span lang="{}">{}</span>').format(language, words)
