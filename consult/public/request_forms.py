"""Forms for asking for a consultation and signing a request: shape only (the rules are in
domain/requests.py)."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextArea
from wtforms import RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from ..domain import requests as rules
from ..forms_base import BaseForm, text_field


class RequestForm(BaseForm):
    link = SelectField(_l("Twin link"), widget=GovSelect(), coerce=str,
                       validators=[InputRequired(
                           message=_l("Choose the twin link the request is about"))],
                       invalid_choice_message=_l("Choose the twin link the request is about"))
    action = RadioField(_l("What should the council consult on?"), widget=GovRadioInput(),
                        choices=[SelectChoice(key, _l(label))
                                 for key, label in rules.ACTIONS.items()],
                        validators=[InputRequired(message=_l(
                            "Choose what you are asking the council to consult on"))],
                        invalid_choice_message=_l(
                            "Choose what you are asking the council to consult on"))
    title = text_field(_l("Title"), rules.MAX_TITLE,
                       required=_l("Enter a title for your request"),
                       too_long=_l("The title must be 120 characters or fewer"),
                       description=_l("A short summary, for example Review the twin link with "
                                      "Kiel"))
    reason = TextAreaField(
        _l("Why should the council consult?"), widget=GovTextArea(),
        description=_l("Up to 2,000 characters. Do not include personal information about "
                       "anyone, yourself included."),
        validators=[InputRequired(message=_l("Enter why the council should consult")),
                    Length(max=rules.MAX_REASON,
                           message=_l("Your reason must be 2,000 characters or fewer"))])

    def set_links(self, links) -> None:
        self.link.choices = [SelectChoice("", _l("Choose a twin link"))] + [
            SelectChoice(str(link.id), f"{link.home_place} – {link.partner_name}")
            for link in links]

    def draft(self) -> rules.Draft:
        link = self.link.data
        return rules.Draft(int(link) if link and link.isdigit() else None, self.action.data,
                           self.title.data or "", self.reason.data or "")


class SignForm(BaseForm):
    signer_type = RadioField(
        _l("Where do you live or work?"), widget=GovRadioInput(),
        choices=[SelectChoice(key, _l(label)) for key, label in rules.SIGNER_TYPES.items()],
        description=_l("Signatures from the twin city are counted separately."),
        validators=[InputRequired(message=_l("Choose where you live or work"))],
        invalid_choice_message=_l("Choose where you live or work"))


class WithdrawSignatureForm(BaseForm):
    """Nothing to fill in: the CSRF token alone."""
