"""The form for an invitation to respond: shape only (the rules are domain/invitations')."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SelectChoice, SubmitField
from wtforms.validators import InputRequired

from ..domain import invitations as rules
from ..forms_base import BaseForm
from ..forms_base import text_field as _text
from .decision_forms import FullDateField


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(code, _l(label)) for code, label in labels.items()]


class InvitationForm(BaseForm):
    name = _text(_l("Name of the group"), rules.MAX_NAME,
                 required=_l("Enter the name of the group invited"),
                 too_long=_l("The name must be 200 characters or fewer"),
                 description=_l("For example, Volgograd City Administration"))
    kind = RadioField(_l("Kind of group"), widget=GovRadioInput(),
                      choices=_choices(rules.KINDS),
                      validators=[InputRequired(message=_l("Choose what kind of group it is"))])
    invited_on = FullDateField(_l("Date the council says it invited them"),
                               required=_l("Enter the date of the invitation"))
    channel = RadioField(_l("How they were invited"), widget=GovRadioInput(),
                         choices=_choices(rules.CHANNELS),
                         validators=[InputRequired(message=_l("Choose how the group was "
                                                              "invited"))])
    submit = SubmitField(_l("Save the invitation"), widget=GovSubmitInput())


def draft(form: InvitationForm) -> rules.InvitationDraft:
    return rules.InvitationDraft(name=form.name.data or "", kind=form.kind.data or "",
                                 invited_on=form.invited_on.data, channel=form.channel.data or "")


def data_of(row) -> dict:
    return {"name": row.name, "kind": row.kind, "channel": row.channel,
            "invited_on": row.invited_on.isoformat()}
