"""Officer forms for requests for a consultation: shape only (the rules are the domain's)."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length

from ..domain import requests as rules
from ..forms_base import BaseForm


class PublishForm(BaseForm):
    """Nothing to fill in: the CSRF token alone."""


class RejectForm(BaseForm):
    code = RadioField(_l("Why reject this request?"), widget=GovRadioInput(),
                      choices=[SelectChoice(key, _l(label))
                               for key, label in rules.REJECTION_REASONS.items()],
                      description=_l("The reason is shown publicly with the request."),
                      validators=[InputRequired(
                          message=_l("Choose the reason for rejecting the request"))],
                      invalid_choice_message=_l("Choose the reason for rejecting the request"))


class AnswerForm(BaseForm):
    proposal = RadioField(_l("Which consultation answers the request?"), widget=GovRadioInput(),
                          coerce=str,
                          validators=[InputRequired(message=_l("Choose a consultation"))],
                          invalid_choice_message=_l("Choose a consultation"))

    def set_proposals(self, proposals, status_label) -> None:
        self.proposal.choices = [SelectChoice(str(p.id), f"{p.title} ({status_label(p)})")
                                 for p in proposals]


class RefuseForm(BaseForm):
    reason = TextAreaField(
        _l("The council's reasons for not consulting"), widget=GovTextArea(),
        description=_l("Published on the request's page and sent to everyone who signed it."),
        validators=[InputRequired(message=_l("Enter the council's reasons for refusing")),
                    Length(max=rules.MAX_REFUSAL,
                           message=_l("The reasons must be 5000 characters or fewer"))])
