"""Officer forms for consultations: shape only (the rules are the domain's, through services)."""

import re
from datetime import UTC, datetime

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    Field,
    FieldList,
    FormField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.utils import unset_value
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..domain import proposals
from ..domain.days import LONDON
from ..forms_base import BaseForm
from ..forms_base import text_field as _text

MAX_ALTERNATIVES = 5
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
VISIBILITY_CHOICES = [
    SelectChoice(proposals.SHOWN, "Show running results while the consultation is open"),
    SelectChoice(proposals.HIDDEN, "Hide results until the consultation closes"),
]
_VISIBILITY_HINT = ("Hidden results cannot be switched on while the consultation is open. "
                    "Everyone sees the results once it closes.")


def london_to_utc(day: int, month: int, year: int, hour: int, minute: int) -> datetime:
    """A wall-clock time in Europe/London as UTC; a time skipped when clocks go forward fails."""
    naive = datetime(year, month, day, hour, minute)
    moment = naive.replace(tzinfo=LONDON).astimezone(UTC)
    if moment.astimezone(LONDON).replace(tzinfo=None) != naive:
        raise ValueError("does not exist in UK time (the clocks go forward then)")
    return moment


class LondonDateTimeField(Field):
    """Day, month and year inputs plus a time ("HH:MM"), entered in UK time; data is UTC."""

    PARTS = ("day", "month", "year", "time")

    def __init__(self, label=None, validators=None, required=True, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required = required
        self.parts = dict.fromkeys(self.PARTS, "")
        self.bad_parts: set[str] = set()

    def process_formdata(self, valuelist):
        pass  # read from the four named inputs in process() below

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if formdata is not None:
            self.parts = {p: formdata.get(f"{self.name}-{p}", "").strip()[:10]
                          for p in self.PARTS}
        elif isinstance(self.data, datetime):
            local = self.data.astimezone(LONDON)
            self.parts = {"day": str(local.day), "month": str(local.month),
                          "year": str(local.year), "time": f"{local:%H:%M}"}

    def _fail(self, parts: set[str], message: str):
        self.bad_parts = parts
        raise ValidationError(message)

    def pre_validate(self, form):
        self.data = None
        label = self.label.text
        if not any(self.parts.values()):
            if self.required:
                self._fail({"day", "month", "year", "time"}, f"Enter the {label.lower()}")
            return
        date_parts = [self.parts[p] for p in ("day", "month", "year")]
        if not all(part.isdecimal() for part in date_parts):
            self._fail({p for p in ("day", "month", "year") if not self.parts[p].isdecimal()},
                       f"{label} must include a day, month and year, as numbers")
        day, month, year = (int(part) for part in date_parts)
        if not 2000 <= year <= 2100:
            self._fail({"year"}, f"{label}: the year must be 4 numbers, like 2027")
        time = _TIME.match(self.parts["time"])
        if not time or int(time[1]) > 23 or int(time[2]) > 59:
            self._fail({"time"}, f"{label}: enter the time on the 24-hour clock, like 09:00")
        try:
            self.data = london_to_utc(day, month, year, int(time[1]), int(time[2]))
        except ValueError as exc:
            message = str(exc) if "UK time" in str(exc) else "must be a real date"
            self._fail({"day", "month", "year", "time"}, f"{label} {message}")


def _area(label: str, max_length: int, required: bool = True, message: str = "",
          **kwargs) -> TextAreaField:
    checks = ([InputRequired(message=message or f"Enter the {label.lower()}")] if required
              else [Optional()])
    checks.append(Length(max=max_length,
                         message=f"{label} must be {max_length} characters or fewer"))
    return TextAreaField(label, widget=GovTextArea(), validators=checks, **kwargs)


class AlternativeForm(BaseForm):
    """One alternative the council considered; a row left blank is ignored."""

    class Meta:
        csrf = False  # part of the proposal form, which carries the token

    title = _text("Alternative", 200, required=False)
    why_not = _area("Why it is not preferred", 2000, required=False)

    def validate_why_not(self, field):
        if field.data and not self.title.data:
            raise ValidationError("Enter the alternative, or leave both boxes empty")


class AlternativeRows(FieldList):
    """The posted rows, then empty rows up to min_entries.

    WTForms renumbers sparse rows (0, 1, 3 become 0, 1, 2) and then pads by reading the form
    again at the next numbers, which would repeat row 3; here padding rows start empty.
    """

    def process(self, formdata, data=unset_value, extra_filters=None):
        wanted, self.min_entries = self.min_entries, 0
        try:
            super().process(formdata, data, extra_filters)
        finally:
            self.min_entries = wanted
        while len(self.entries) < self.min_entries:
            self._add_entry(None)


class ProposalForm(BaseForm):
    link_id = SelectField("Twin link", widget=GovSelect(), coerce=str, validate_choice=True,
                          validators=[InputRequired(message="Choose the twin link")])
    action = RadioField("What the council proposes", widget=GovRadioInput(),
                        choices=[SelectChoice(value, label)
                                 for value, label in proposals.ACTIONS.items()],
                        validators=[InputRequired(message="Choose what the council proposes")],
                        description="The decision the council would take after the "
                                    "consultation.")
    title = _text("Title", 200, description="For example, Suspend the link with Volgograd")
    summary = _area("Summary", 2000, description="In plain English: what would change, and "
                                                 "for whom.")
    reasons = _area("Reasons", 20000, required=False,
                    description="Markdown: **bold**, *italic*, lists starting with - , "
                                "## headings and [links](https://example.org).")
    alternatives = AlternativeRows(FormField(AlternativeForm), min_entries=MAX_ALTERNATIVES,
                             max_entries=MAX_ALTERNATIVES)
    options = _area("Response options", 2000, required=False,
                    description="One per line, 2 to 8 options. Leave empty for Support, "
                                "Oppose, and Neither support nor oppose.")
    opens_at = LondonDateTimeField("Opening date and time", required=False)
    closes_at = LondonDateTimeField("Closing date and time", required=False)
    results_visibility = RadioField(
        "Running results", widget=GovRadioInput(), choices=VISIBILITY_CHOICES,
        default=proposals.HIDDEN, description=_VISIBILITY_HINT,
        validators=[InputRequired(message="Choose whether running results are shown")])
    submit = SubmitField("Save", widget=GovSubmitInput())

    @property
    def option_labels(self) -> list[str]:
        return [line.strip() for line in (self.options.data or "").splitlines() if line.strip()]

    @property
    def alternative_rows(self) -> list[dict]:
        return [{"title": row["title"] or "", "why_not": row["why_not"] or ""}
                for row in self.alternatives.data if (row["title"] or "").strip()]


class DocumentForm(BaseForm):
    title = _text("Document title", 200)
    # No Optional() here: it would stop validate_url from asking for a link or a file.
    url = StringField("Web address", widget=GovTextInput(), validators=[
        Length(max=500, message="Web address must be 500 characters or fewer")],
        description="A page or file on the web, starting with https://")
    file = FileField("Or upload a PDF", widget=GovFileInput(),
                     description="A PDF of at most 10 MB")
    submit = SubmitField("Add document", widget=GovSubmitInput())

    def validate_url(self, field):
        if field.data and self.file.data:
            raise ValidationError("Give a web address or a PDF, not both")
        if not field.data and not self.file.data:
            raise ValidationError("Enter a web address or choose a PDF to upload")


class ScheduleForm(BaseForm):
    schedule = SubmitField("Publish", widget=GovSubmitInput())


class VisibilityForm(BaseForm):
    results = RadioField("Running results", widget=GovRadioInput(), choices=VISIBILITY_CHOICES,
                         description=_VISIBILITY_HINT,
                         validators=[InputRequired(message="Choose whether running results "
                                                           "are shown")])
    save_visibility = SubmitField("Save", widget=GovSubmitInput())


class ExtendForm(BaseForm):
    closes_at = LondonDateTimeField("New closing date and time")
    submit = SubmitField("Extend the consultation", widget=GovSubmitInput())


class ReasonForm(BaseForm):
    """Closing early and withdrawing both need a reason the public will read."""

    reason = _area("Public reason", 2000, message="Enter the public reason",
                   description="Shown on the consultation page and in the link's history.")
    submit = SubmitField("Confirm", widget=GovSubmitInput())


class NoteForm(BaseForm):
    body = _area("Correction", 5000, message="Enter the correction",
                 description="Shown, dated, with the consultation. The published text itself "
                             "does not change.")
    submit = SubmitField("Add note", widget=GovSubmitInput())


class RemoveForm(BaseForm):
    remove = SubmitField("Remove", widget=GovSubmitInput())
