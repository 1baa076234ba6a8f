"""Residents' consultation forms: shape only; whether they may respond is the services' call."""

import re

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
NO_SUCH_COMMENT = "The comment you are replying to does not exist"


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


def _radios(label: str, message: str, **kwargs) -> RadioField:
    return RadioField(label, widget=GovRadioInput(), validators=[InputRequired(message=message)],
                      invalid_choice_message=message, invalid_value_message=message, **kwargs)


def _optional_text(label: str, max_length: int, **kwargs) -> StringField:
    return StringField(label, widget=GovTextInput(), validators=[
        Optional(), Length(max=max_length,
                           message=f"{label} must be {max_length} characters or fewer")], **kwargs)


class RespondForm(BaseForm):
    option = _radios("Your response", "Choose one of the options", coerce=int)
    respondent_type = _radios("Which describes you best?", "Choose who you are responding as",
                              choices=_choices(voting.RESPONDENT_TYPES))
    organisation = _optional_text(
        "Name of the organisation", 200,
        description="Only if you are responding on behalf of an organisation.")
    postcode_district = _optional_text(
        "First part of your postcode (optional)", 8,
        description="For example, CV1. It shows which areas responded; it is never published "
                    "beside your name.")
    reason = TextAreaField("Your reasons (optional)", widget=GovCharacterCount(), validators=[
        Length(max=voting.MAX_REASON,
               message=f"Your reasons must be {voting.MAX_REASON} characters or fewer")],
        description="A moderator may publish your reasons with your display name. Your email "
                    "address is never shown.")
    hear_outcome = BooleanField(
        "Email me when it closes, when the council publishes what it heard, and when it decides",
        widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Send my response", widget=GovSubmitInput())

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.option.choices = [SelectChoice(option.id, option.label) for option in options]

    def choice(self) -> voting.Choice:
        return voting.Choice(option_id=self.option.data,
                             respondent_type=self.respondent_type.data,
                             organisation=self.organisation.data or "",
                             postcode_district=self.postcode_district.data or "",
                             reason=self.reason.data or "")


class WithdrawForm(BaseForm):
    submit = SubmitField("Withdraw my response", widget=GovSubmitInput())


class CommentForm(BaseForm):
    body = TextAreaField("Your comment", widget=GovCharacterCount(), validators=[
        InputRequired(message="Enter your comment"),
        Length(max=MAX_COMMENT, message=f"Your comment must be {MAX_COMMENT} characters or fewer")],
        description="Shown with your display name. Web addresses become links.")
    parent_id = HiddenField()
    submit = SubmitField("Post comment", widget=GovSubmitInput())

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
    reason = _radios("Why are you reporting this comment?", "Choose why you are reporting "
                     "this comment", choices=_choices(REPORT_REASONS))
    submit = SubmitField("Send report", widget=GovSubmitInput())
