"""The form for a proposal's translation: one field per English passage, option and document,
each showing the English it translates."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..domain import translations as rules
from ..forms_base import BaseForm
from ..models import Proposal


class TranslationForm(BaseForm):
    translated_by = StringField(
        _l("Translated by"), widget=GovTextInput(),
        description=_l("The translator's name or organisation, shown with the translation."),
        validators=[InputRequired(message=_l("Enter who translated the text")),
                    Length(max=rules.MAX_TRANSLATOR,
                           message=_l("Translated by must be 140 characters or fewer"))])
    title = StringField(_l("Title"), widget=GovTextInput(), validators=[
        InputRequired(message=_l("Enter the translated title")),
        Length(max=rules.MAX_TITLE, message=_l("Title must be 200 characters or fewer"))])
    summary = TextAreaField(_l("Summary"), widget=GovTextArea(), validators=[
        InputRequired(message=_l("Enter the translated summary")),
        Length(max=rules.MAX_SUMMARY, message=_l("Summary must be 2,000 characters or fewer"))])
    reasons = TextAreaField(_l("Reasons"), widget=GovTextArea(), validators=[
        Optional(),
        Length(max=rules.MAX_REASONS, message=_l("Reasons must be 20,000 characters or fewer"))])
    submit = SubmitField(_l("Save translation"), widget=GovSubmitInput())


def _line(label, english: str, message, max_length: int = rules.MAX_LABEL):
    return StringField(label, widget=GovTextInput(), description=english, validators=[
        InputRequired(message=message),
        Length(max=max_length, message=_l("Each translated line must be %(n)d characters or "
                                          "fewer", n=max_length))])


def form_for(proposal: Proposal, data: dict | None = None) -> TranslationForm:
    """A form with a field for each of this proposal's options, alternatives and documents."""

    class ProposalTranslationForm(TranslationForm):
        pass

    for index, option in enumerate(proposal.options):
        setattr(ProposalTranslationForm, f"option_{index}", _line(
            _l("Response option %(n)d", n=index + 1), option.label,
            _l("Translate response option %(n)d", n=index + 1)))
    for index, row in enumerate(proposal.alternatives):
        setattr(ProposalTranslationForm, f"alternative_{index}", _line(
            _l("Alternative %(n)d", n=index + 1), row.get("title", ""),
            _l("Translate alternative %(n)d", n=index + 1), 200))
        setattr(ProposalTranslationForm, f"alternative_{index}_why_not", TextAreaField(
            _l("Why alternative %(n)d is not preferred", n=index + 1), widget=GovTextArea(),
            description=row.get("why_not", ""), validators=[Optional(), Length(max=2000)]))
    for index, document in enumerate(proposal.documents):
        setattr(ProposalTranslationForm, f"document_{index}", _line(
            _l("Title of document %(n)d", n=index + 1), document.title,
            _l("Translate the title of document %(n)d", n=index + 1), 200))
    return ProposalTranslationForm(data=data)


def draft(form: TranslationForm, proposal: Proposal, language: str) -> rules.TranslationDraft:
    return rules.TranslationDraft(
        language=language, title=form.title.data or "", summary=form.summary.data or "",
        reasons=form.reasons.data or "", translated_by=form.translated_by.data or "",
        option_labels=tuple(form[f"option_{i}"].data or "" for i in range(len(proposal.options))),
        alternatives=tuple({"title": form[f"alternative_{i}"].data or "",
                            "why_not": form[f"alternative_{i}_why_not"].data or ""}
                           for i in range(len(proposal.alternatives))),
        document_titles=tuple(form[f"document_{i}"].data or ""
                              for i in range(len(proposal.documents))))


def data_of(row) -> dict:
    """A stored translation as the form's data."""
    data = {"translated_by": row.translated_by, "title": row.title, "summary": row.summary,
            "reasons": row.reasons}
    data.update({f"option_{i}": label for i, label in enumerate(row.option_labels)})
    data.update({f"document_{i}": title for i, title in enumerate(row.document_titles)})
    for i, alternative in enumerate(row.alternatives):
        data[f"alternative_{i}"] = alternative.get("title", "")
        data[f"alternative_{i}_why_not"] = alternative.get("why_not", "")
    return data
