"""Officer forms for decisions and feedback ("you said, we did"): shape only."""

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import FormField, RadioField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from ..domain import decisions as decision_rules
from ..domain import proposals as proposal_rules
from ..domain.feedback import MAX_ANSWER, MAX_THEME, MAX_THEMES, Theme
from ..fields import PartialDateField, SourcesField, valid_url
from ..forms_base import BaseForm
from .proposal_forms import AlternativeRows, _area, _text

_COUNT = Regexp(r"^\d{1,4}$", message="Enter a whole number, like 12")


class FullDateField(PartialDateField):
    """A full date (day, month and year) as GOV.UK date inputs; its data is a date."""

    def pre_validate(self, form):
        super().pre_validate(form)
        if self.data is None:
            return
        if len(self.data) != 10:
            self.bad_parts = {p for p in ("day", "month") if not self.parts[p]}
            self.data = None
            raise ValidationError(f"{self.label.text} must include a day, month and year")
        self.data = date.fromisoformat(self.data)


def _count(label: str) -> StringField:
    return StringField(label, widget=GovTextInput(), validators=[Optional(), _COUNT])


def _names(label: str) -> StringField:
    return _area(label, 5000, required=False, description="Optional. One name per line.")


class DecisionForm(BaseForm):
    """The written record of a decision (Openness of Local Government Bodies Regs 2014)."""

    title = _text("Title", 200, description="For example, Suspend the twin link with Volgograd")
    summary = _area("What was decided", 5000)
    decided_on = FullDateField("Date of the decision", required=True)
    body = RadioField("Who decided", widget=GovRadioInput(),
                      choices=[SelectChoice(k, v) for k, v in decision_rules.BODIES.items()],
                      validators=[InputRequired(message="Choose who took the decision")])
    committee_name = _text("Name of the committee", 200, required=False,
                           description="Only if a committee decided.")
    outcome = RadioField("Outcome", widget=GovRadioInput(),
                         choices=[SelectChoice(k, v) for k, v in decision_rules.OUTCOMES.items()],
                         validators=[InputRequired(message="Choose the outcome")])
    reasons = _area("Reasons for the decision", 20000)
    alternatives = _area("Alternatives considered and rejected", 10000, required=False,
                         description="Optional. What else was considered, and why not.")
    interests = _area("Interests declared", 5000, required=False,
                      description="Optional. Any conflict of interest declared by a "
                                  "councillor or officer, and any dispensation granted.")
    votes_for = _count("Votes for")
    votes_against = _count("Votes against")
    votes_abstained = _count("Abstentions")
    names_for = _names("Councillors voting for")
    names_against = _names("Councillors voting against")
    names_abstained = _names("Councillors abstaining")
    minutes_url = StringField("Link to the minutes", widget=GovTextInput(), validators=[
        Optional(), Length(max=500, message="Link to the minutes must be 500 characters or "
                                            "fewer")], description="Starting with https://")
    sources = SourcesField("Other sources", widget=GovTextArea(), description="Optional. One "
                           "per line: a web address, or a citation (author, title, date).")
    review_on = FullDateField("Review date", required=False,
                          description="Only for a suspension: when it should be reviewed.")
    corrects_id = SelectField("Is this a correction?", widget=GovSelect(), coerce=str,
                              validate_choice=True)
    submit = SubmitField("Record the decision", widget=GovSubmitInput())

    def validate_minutes_url(self, field):
        if field.data and not valid_url(field.data):
            raise ValidationError("Enter a web address starting with https://")

    def vote_names(self) -> dict[str, list[str]]:
        fields = {"for": self.names_for, "against": self.names_against,
                  "abstained": self.names_abstained}
        return {key: lines for key, field in fields.items()
                if (lines := [x.strip() for x in (field.data or "").splitlines() if x.strip()])}

    def record(self, **extra) -> decision_rules.Record:
        def number(field):
            return int(field.data) if field.data else None

        votes = decision_rules.Votes(number(self.votes_for), number(self.votes_against),
                            number(self.votes_abstained), self.vote_names())
        return decision_rules.Record(
            decided_on=self.decided_on.data, body=self.body.data, outcome=self.outcome.data,
            title=self.title.data, summary=self.summary.data, reasons=self.reasons.data,
            committee_name=self.committee_name.data or "",
            alternatives=self.alternatives.data or "", interests=self.interests.data or "",
            votes=votes, minutes_url=self.minutes_url.data or "",
            sources=tuple(self.sources.urls), review_on=self.review_on.data,
            corrects_id=int(self.corrects_id.data) if self.corrects_id.data else None, **extra)


class ConsultedDecisionForm(DecisionForm):
    matched_option = RadioField(
        "Which response option does the decision match?", widget=GovRadioInput(),
        validators=[InputRequired(message="Choose the option the decision matches, or none")])
    departure_reason = _area(
        "Why the decision differs from the option most people supported", 10000,
        required=False, description="Needed when the decision matches none of the options "
                                    "most people supported.")

    def record(self, **extra) -> decision_rules.Record:
        matched = self.matched_option.data
        return super().record(
            action="", departure_reason=self.departure_reason.data or "",
            matched_option_id=int(matched) if matched and matched != "none" else None, **extra)


class UnconsultedDecisionForm(DecisionForm):
    action = RadioField("What the decision is about", widget=GovRadioInput(),
                        choices=[SelectChoice(k, v) for k, v in proposal_rules.ACTIONS.items()],
                        validators=[InputRequired(message="Choose what the decision is about")])
    no_consultation_reason = _area(
        "Why there was no public consultation", 5000,
        message="Say why the decision was taken without public consultation",
        description="Shown with the decision and on the link's history.")

    def record(self, **extra) -> decision_rules.Record:
        return super().record(action=self.action.data,
                              no_consultation_reason=self.no_consultation_reason.data, **extra)


class ThemeForm(BaseForm):
    """One theme row; a row left blank is ignored."""

    class Meta:
        csrf = False  # part of the feedback form, which carries the token

    theme = _text("Theme", MAX_THEME, required=False)
    count = StringField("Responses that raised it", widget=GovTextInput(),
                        validators=[Optional(), _COUNT])
    answer = _area("The council's answer", MAX_ANSWER, required=False)


class FeedbackForm(BaseForm):
    summary = _area("What we heard", 10000,
                    description="A summary of the responses. The totals are added from the "
                                "count of responses; do not type them.")
    themes = AlternativeRows(FormField(ThemeForm), min_entries=MAX_THEMES,
                             max_entries=MAX_THEMES)
    submit = SubmitField("Publish feedback", widget=GovSubmitInput())

    def theme_rows(self) -> list[Theme]:
        return [Theme(row["theme"] or "", row["count"] or "", row["answer"] or "")
                for row in self.themes.data]


class FeedbackNoteForm(BaseForm):
    body = _area("Correction", 5000, message="Enter the correction",
                 description="Shown, dated, beneath the feedback. The feedback itself does not "
                             "change.")
    submit = SubmitField("Add the correction", widget=GovSubmitInput())
