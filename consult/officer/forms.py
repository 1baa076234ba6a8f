"""Officer forms for the twin-link register: shape only."""

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


def _sources(required_hint: str = "") -> SourcesField:
    return SourcesField("Sources", widget=GovTextArea(), validators=[
        Length(max=6000, message="Sources must be 6000 characters or fewer")],
        description="One per line: a web address starting with https://, or a published "
                    "citation (author, title, date)" + required_hint)


class LinkForm(BaseForm):
    partner_name = _text("Partner place", 120,
                         description="In English, as the council writes it. This makes the "
                                     "page address, which does not change later.")
    partner_local_name = _text("Name in the local language", 120, required=False)
    country = _text("Country", 80)
    began = PartialDateField("Date the link began", required=False)
    began_alternative = PartialDateField("Another date given by sources", required=False)
    began_note = TextAreaField("Note on the date", widget=GovTextArea(), validators=[
        Length(max=2000, message="Note on the date must be 2000 characters or fewer")],
        description="For example, where sources disagree about the year.")
    description = TextAreaField("Description", widget=GovTextArea(), validators=[
        Length(max=5000, message="Description must be 5000 characters or fewer")])
    sources = _sources()
    submit = SubmitField("Save link", widget=GovSubmitInput())


class EventForm(BaseForm):
    occurred_on = PartialDateField("Date of the event")
    kind = RadioField("Kind of event", widget=GovRadioInput(),
                      choices=[SelectChoice(kind, twinning.EVENT_KINDS[kind]) for kind in
                               twinning.MANUAL_KINDS],
                      validators=[InputRequired(message="Choose the kind of event")])
    summary = TextAreaField("What happened", widget=GovTextArea(), validators=[
        InputRequired(message="Enter what happened"),
        Length(max=2000, message="What happened must be 2000 characters or fewer")])
    sources = _sources(". Needed for facts from outside the council.")
    corrects_id = SelectField("Corrects an earlier entry", widget=GovSelect(), coerce=str,
                              validators=[Optional()], validate_choice=True,
                              description="Entries are never edited. To correct one, choose it "
                                          "here and say what was wrong.")
    submit = SubmitField("Add to history", widget=GovSubmitInput())


class StatusForm(BaseForm):
    status = RadioField("New status", widget=GovRadioInput(),
                        validators=[InputRequired(message="Choose the new status")])
    occurred_on = PartialDateField("Date of the change")
    summary = TextAreaField("Reason for the change", widget=GovTextArea(), validators=[
        InputRequired(message="Enter the reason for the change"),
        Length(max=2000, message="Reason must be 2000 characters or fewer")])
    sources = _sources()
    submit = SubmitField("Change status", widget=GovSubmitInput())
