"""Residents' consultation forms: shape only; whether they may respond is the services' call."""

import re

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from ..domain import voting
from ..forms_base import BaseForm
from ..models.comments import REPORT_REASONS
from ..services.discussion import MAX_COMMENT

_ID = re.compile(r"^[0-9]{1,9}$")  # below 2**31: every backend compares it
NO_SUCH_COMMENT = _l("The comment you are replying to does not exist")


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    """Choices from a label table; the labels are read in the reader's language when shown."""
    return [SelectChoice(value, _l(label)) for value, label in labels.items()]


def _radios(label, message, **kwargs) -> RadioField:
    return RadioField(label, widget=GovRadioInput(), validators=[InputRequired(message=message)],
                      invalid_choice_message=message, invalid_value_message=message, **kwargs)


def _optional_text(label, max_length: int, message, **kwargs) -> StringField:
    """`message` says the text is too long; WTForms fills in its %(max)d."""
    return StringField(label, widget=GovTextInput(), validators=[
        Optional(), Length(max=max_length, message=message)], **kwargs)


class RespondForm(BaseForm):
    option = _radios(_l("Your response"), _l("Choose one of the options"), coerce=int)
    respondent_type = _radios(_l("Which describes you best?"),
                              _l("Choose who you are responding as"),
                              choices=_choices(voting.RESPONDENT_TYPES))
    organisation = _optional_text(
        _l("Name of the organisation"), 200,
        _l("Name of the organisation must be %(max)d characters or fewer"),
        description=_l("Only if you are responding on behalf of an organisation."))
    postcode_district = _optional_text(
        _l("First part of your postcode (optional)"), 8,
        _l("First part of your postcode (optional) must be %(max)d characters or fewer"),
        description=_l("For example, CV1. It shows which areas responded; it is never "
                       "published beside your name."))
    reason = TextAreaField(_l("Your reasons (optional)"), widget=GovCharacterCount(), validators=[
        Length(max=voting.MAX_REASON,
               message=_l("Your reasons must be %(max)d characters or fewer"))],
        description=_l("A moderator may publish your reasons with your display name. Your "
                       "email address is never shown."))
    hear_outcome = BooleanField(
        _l("Email me when it closes, when the council publishes what it heard, and when it "
           "decides"),
        widget=GovCheckboxInput(), default=True)
    submit = SubmitField(_l("Send my response"), widget=GovSubmitInput())

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.option.choices = [SelectChoice(option.id, option.label) for option in options]

    def label_options(self, labels: dict[int, str]) -> None:
        """Show the options in the language the proposal is read in (the ids stay)."""
        self.option.choices = [SelectChoice(choice.value, labels.get(choice.value, choice.label))
                               for choice in self.option.choices]

    def choice(self) -> voting.Choice:
        return voting.Choice(option_id=self.option.data,
                             respondent_type=self.respondent_type.data,
                             organisation=self.organisation.data or "",
                             postcode_district=self.postcode_district.data or "",
                             reason=self.reason.data or "")


class WithdrawForm(BaseForm):
    submit = SubmitField(_l("Withdraw my response"), widget=GovSubmitInput())


class CommentForm(BaseForm):
    body = TextAreaField(_l("Your comment"), widget=GovCharacterCount(), validators=[
        InputRequired(message=_l("Enter your comment")),
        Length(max=MAX_COMMENT, message=_l("Your comment must be %(max)d characters or fewer"))],
        description=_l("Shown with your display name. Web addresses become links."))
    parent_id = HiddenField()
    submit = SubmitField(_l("Post comment"), widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.parent_id.data and self.parent() is None:
            self.body.errors = [*self.body.errors, NO_SUCH_COMMENT]
            return False
        return valid

    def parent(self) -> int | None:
        """The comment replied to; None for a new thread or an id no row could have."""
        value = self.parent_id.data or ""
        return int(value) if _ID.match(value) else None


class ReportForm(BaseForm):
    reason = _radios(_l("Why are you reporting this comment?"),
                     _l("Choose why you are reporting this comment"),
                     choices=_choices(REPORT_REASONS))
    submit = SubmitField(_l("Send report"), widget=GovSubmitInput())
