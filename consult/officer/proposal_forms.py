"""Officer forms for consultations: shape only (the rules are the domain's, through services)."""

import re
from datetime import UTC, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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
    SelectChoice(proposals.SHOWN, _l("Show running results while the consultation is open")),
    SelectChoice(proposals.HIDDEN, _l("Hide results until the consultation closes")),
]
_VISIBILITY_HINT = _l("Hidden results cannot be switched on while the consultation is open. "
                      "Everyone sees the results once it closes.")
_VISIBILITY_REQUIRED = _l("Choose whether running results are shown")


class SkippedTime(ValueError):
    """A wall-clock time that never happens in the UK: the clocks go forward past it."""


def london_to_utc(day: int, month: int, year: int, hour: int, minute: int) -> datetime:
    """A wall-clock time in Europe/London as UTC; a time skipped when clocks go forward fails."""
    naive = datetime(year, month, day, hour, minute)
    moment = naive.replace(tzinfo=LONDON).astimezone(UTC)
    if moment.astimezone(LONDON).replace(tzinfo=None) != naive:
        raise SkippedTime(naive)
    return moment


class LondonDateTimeField(Field):
    """Day, month and year inputs plus a time ("HH:MM"), entered in UK time; data is UTC.

    `required` is the message for a field left empty, a whole sentence marked with `_l`; None
    when it may be left empty."""

    PARTS = ("day", "month", "year", "time")

    def __init__(self, label=None, validators=None, required=None, **kwargs):
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
                self._fail({"day", "month", "year", "time"}, str(self.required))
            return
        date_parts = [self.parts[p] for p in ("day", "month", "year")]
        if not all(part.isdecimal() for part in date_parts):
            self._fail({p for p in ("day", "month", "year") if not self.parts[p].isdecimal()},
                       _("%(label)s must include a day, month and year, as numbers",
                         label=label))
        day, month, year = (int(part) for part in date_parts)
        if not 2000 <= year <= 2100:
            self._fail({"year"}, _("%(label)s: the year must be 4 numbers, like 2027",
                                   label=label))
        time = _TIME.match(self.parts["time"])
        if not time or int(time[1]) > 23 or int(time[2]) > 59:
            self._fail({"time"}, _("%(label)s: enter the time on the 24-hour clock, like 09:00",
                                   label=label))
        try:
            self.data = london_to_utc(day, month, year, int(time[1]), int(time[2]))
        except SkippedTime:
            self._fail({"day", "month", "year", "time"}, _(
                "%(label)s does not exist in UK time (the clocks go forward then)", label=label))
        except ValueError:
            self._fail({"day", "month", "year", "time"},
                       _("%(label)s must be a real date", label=label))


def _area(label: str, max_length: int, *, too_long: str, required: str | None = None,
          **kwargs) -> TextAreaField:
    """A GOV.UK text area with a length limit; `required` is the message asking for it (None:
    it may be left empty). The messages are whole sentences, marked with `_l`."""
    checks = [InputRequired(message=required)] if required else [Optional()]
    checks.append(Length(max=max_length, message=too_long))
    return TextAreaField(label, widget=GovTextArea(), validators=checks, **kwargs)


class AlternativeForm(BaseForm):
    """One alternative the council considered; a row left blank is ignored."""

    class Meta:
        csrf = False  # part of the proposal form, which carries the token

    title = _text(_l("Alternative"), 200,
                  too_long=_l("Alternative must be 200 characters or fewer"))
    why_not = _area(_l("Why it is not preferred"), 2000,
                    too_long=_l("Why it is not preferred must be 2000 characters or fewer"))

    def validate_why_not(self, field):
        if field.data and not self.title.data:
            raise ValidationError(_("Enter the alternative, or leave both boxes empty"))


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
    link_id = SelectField(_l("Twin link"), widget=GovSelect(), coerce=str, validate_choice=True,
                          validators=[InputRequired(message=_l("Choose the twin link"))])
    action = RadioField(_l("What the council proposes"), widget=GovRadioInput(),
                        choices=[SelectChoice(value, _l(label))
                                 for value, label in proposals.ACTIONS.items()],
                        validators=[InputRequired(
                            message=_l("Choose what the council proposes"))],
                        description=_l("The decision the council would take after the "
                                       "consultation."))
    title = _text(_l("Title"), 200, required=_l("Enter the title"),
                  too_long=_l("Title must be 200 characters or fewer"),
                  description=_l("For example, Suspend the link with Volgograd"))
    summary = _area(_l("Summary"), 2000, required=_l("Enter the summary"),
                    too_long=_l("Summary must be 2000 characters or fewer"),
                    description=_l("In plain English: what would change, and for whom."))
    reasons = _area(_l("Reasons"), 20000,
                    too_long=_l("Reasons must be 20000 characters or fewer"),
                    description=_l("Markdown: **bold**, *italic*, lists starting with - , "
                                   "## headings and [links](https://example.org)."))
    alternatives = AlternativeRows(FormField(AlternativeForm), min_entries=MAX_ALTERNATIVES,
                             max_entries=MAX_ALTERNATIVES)
    options = _area(_l("Response options"), 2000,
                    too_long=_l("Response options must be 2000 characters or fewer"),
                    description=_l("One per line, 2 to 8 options. Leave empty for Support, "
                                   "Oppose, and Neither support nor oppose."))
    opens_at = LondonDateTimeField(_l("Opening date and time"))
    closes_at = LondonDateTimeField(_l("Closing date and time"))
    results_visibility = RadioField(
        _l("Running results"), widget=GovRadioInput(), choices=VISIBILITY_CHOICES,
        default=proposals.HIDDEN, description=_VISIBILITY_HINT,
        validators=[InputRequired(message=_VISIBILITY_REQUIRED)])
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())

    @property
    def option_labels(self) -> list[str]:
        return [line.strip() for line in (self.options.data or "").splitlines() if line.strip()]

    @property
    def alternative_rows(self) -> list[dict]:
        return [{"title": row["title"] or "", "why_not": row["why_not"] or ""}
                for row in self.alternatives.data if (row["title"] or "").strip()]


class DocumentForm(BaseForm):
    title = _text(_l("Document title"), 200, required=_l("Enter the document title"),
                  too_long=_l("Document title must be 200 characters or fewer"))
    # No Optional() here: it would stop validate_url from asking for a link or a file.
    url = StringField(_l("Web address"), widget=GovTextInput(), validators=[
        Length(max=500, message=_l("Web address must be 500 characters or fewer"))],
        description=_l("A page or file on the web, starting with https://"))
    file = FileField(_l("Or upload a PDF"), widget=GovFileInput(),
                     description=_l("A PDF of at most 10 MB"))
    submit = SubmitField(_l("Add document"), widget=GovSubmitInput())

    def validate_url(self, field):
        if field.data and self.file.data:
            raise ValidationError(_("Give a web address or a PDF, not both"))
        if not field.data and not self.file.data:
            raise ValidationError(_("Enter a web address or choose a PDF to upload"))


class ScheduleForm(BaseForm):
    # Shown (and required, by the domain) only when the twin city's council is not invited.
    no_twin_council_reason = _area(
        _l("Why the twin city’s council is not invited"), 2000,
        too_long=_l("The reason must be 2000 characters or fewer"),
        description=_l("The twin city’s council is not on the list of who was invited. Say "
                       "why: the reason is public, shown with the list."))
    schedule = SubmitField(_l("Publish"), widget=GovSubmitInput())


class VisibilityForm(BaseForm):
    results = RadioField(_l("Running results"), widget=GovRadioInput(),
                         choices=VISIBILITY_CHOICES, description=_VISIBILITY_HINT,
                         validators=[InputRequired(message=_VISIBILITY_REQUIRED)])
    save_visibility = SubmitField(_l("Save"), widget=GovSubmitInput())


class ExtendForm(BaseForm):
    closes_at = LondonDateTimeField(_l("New closing date and time"),
                                    required=_l("Enter the new closing date and time"))
    submit = SubmitField(_l("Extend the consultation"), widget=GovSubmitInput())


class ReasonForm(BaseForm):
    """Closing early and withdrawing both need a reason the public will read."""

    reason = _area(_l("Public reason"), 2000, required=_l("Enter the public reason"),
                   too_long=_l("Public reason must be 2000 characters or fewer"),
                   description=_l("Shown on the consultation page and in the link's history."))
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class NoteForm(BaseForm):
    body = _area(_l("Correction"), 5000, required=_l("Enter the correction"),
                 too_long=_l("Correction must be 5000 characters or fewer"),
                 description=_l("Shown, dated, with the consultation. The published text "
                                "itself does not change."))
    submit = SubmitField(_l("Add note"), widget=GovSubmitInput())


class RemoveForm(BaseForm):
    remove = SubmitField(_l("Remove"), widget=GovSubmitInput())
