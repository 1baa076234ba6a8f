"""Officer forms for the twin-link register: shape only."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import (
    RadioField,
    SelectChoice,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from ..domain import twinning
from ..fields import PartialDateField, SourcesField
from ..forms_base import BaseForm
from ..forms_base import text_field as _text

_SOURCES_HINT = _l("One per line: a web address starting with https://, or a published citation "
                   "(author, title, date)")


def _sources(description=_SOURCES_HINT) -> SourcesField:
    return SourcesField(_l("Sources"), widget=GovTextArea(), validators=[
        Length(max=6000, message=_l("Sources must be 6000 characters or fewer"))],
        description=description)


class LinkForm(BaseForm):
    partner_name = _text(_l("Partner place"), 120, required=_l("Enter the partner place"),
                         too_long=_l("Partner place must be 120 characters or fewer"),
                         description=_l("In English, as the council writes it. This makes the "
                                        "page address, which does not change later."))
    partner_local_name = _text(
        _l("Name in the local language"), 120,
        too_long=_l("Name in the local language must be 120 characters or fewer"))
    country = _text(_l("Country"), 80, required=_l("Enter the country"),
                    too_long=_l("Country must be 80 characters or fewer"))
    began = PartialDateField(_l("Date the link began"))
    began_alternative = PartialDateField(_l("Another date given by sources"))
    began_note = TextAreaField(_l("Note on the date"), widget=GovTextArea(), validators=[
        Length(max=2000, message=_l("Note on the date must be 2000 characters or fewer"))],
        description=_l("For example, where sources disagree about the year."))
    description = TextAreaField(_l("Description"), widget=GovTextArea(), validators=[
        Length(max=5000, message=_l("Description must be 5000 characters or fewer"))])
    sources = _sources()
    submit = SubmitField(_l("Save link"), widget=GovSubmitInput())


class EventForm(BaseForm):
    occurred_on = PartialDateField(_l("Date of the event"),
                                   required=_l("Enter the date of the event"))
    kind = RadioField(_l("Kind of event"), widget=GovRadioInput(),
                      choices=[SelectChoice(kind, _l(twinning.EVENT_KINDS[kind])) for kind in
                               twinning.MANUAL_KINDS],
                      validators=[InputRequired(message=_l("Choose the kind of event"))])
    summary = TextAreaField(_l("What happened"), widget=GovTextArea(), validators=[
        InputRequired(message=_l("Enter what happened")),
        Length(max=2000, message=_l("What happened must be 2000 characters or fewer"))])
    sources = _sources(_l("One per line: a web address starting with https://, or a published "
                          "citation (author, title, date). Needed for facts from outside the "
                          "council."))
    corrects_id = SelectField(_l("Corrects an earlier entry"), widget=GovSelect(), coerce=str,
                              validators=[Optional()], validate_choice=True,
                              description=_l("Entries are never edited. To correct one, choose "
                                             "it here and say what was wrong."))
    submit = SubmitField(_l("Add to history"), widget=GovSubmitInput())


class StatusForm(BaseForm):
    status = RadioField(_l("New status"), widget=GovRadioInput(),
                        validators=[InputRequired(message=_l("Choose the new status"))])
    occurred_on = PartialDateField(_l("Date of the change"),
                                   required=_l("Enter the date of the change"))
    summary = TextAreaField(_l("Reason for the change"), widget=GovTextArea(), validators=[
        InputRequired(message=_l("Enter the reason for the change")),
        Length(max=2000, message=_l("Reason must be 2000 characters or fewer"))])
    sources = _sources()
    submit = SubmitField(_l("Change status"), widget=GovSubmitInput())
