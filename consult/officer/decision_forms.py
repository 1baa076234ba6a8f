"""Officer forms for decisions: shape only."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from ..domain import decisions as decision_rules
from ..domain import proposals as proposal_rules
from ..fields import PartialDateField, SourcesField, valid_url
from ..forms_base import BaseForm
from .proposal_forms import _area, _text

_COUNT = Regexp(r"^\d{1,4}$", message=_l("Enter a whole number, like 12"))


class FullDateField(PartialDateField):
    """A full date (day, month and year) as GOV.UK date inputs; its data is a date."""

    def pre_validate(self, form):
        super().pre_validate(form)
        if self.data is None:
            return
        if len(self.data) != 10:
            self.bad_parts = {p for p in ("day", "month") if not self.parts[p]}
            self.data = None
            raise ValidationError(_("%(label)s must include a day, month and year",
                                    label=self.label.text))
        self.data = date.fromisoformat(self.data)


def _count(label: str) -> StringField:
    return StringField(label, widget=GovTextInput(), validators=[Optional(), _COUNT])


def _names(label: str, too_long: str) -> StringField:
    return _area(label, 5000, too_long=too_long,
                 description=_l("Optional. One name per line."))


class DecisionForm(BaseForm):
    """The written record of a decision (Openness of Local Government Bodies Regs 2014)."""

    title = _text(_l("Title"), 200, required=_l("Enter the title"),
                  too_long=_l("Title must be 200 characters or fewer"),
                  description=_l("For example, Suspend the twin link with Volgograd"))
    summary = _area(_l("What was decided"), 5000, required=_l("Enter what was decided"),
                    too_long=_l("What was decided must be 5000 characters or fewer"))
    decided_on = FullDateField(_l("Date of the decision"),
                               required=_l("Enter the date of the decision"))
    body = RadioField(_l("Who decided"), widget=GovRadioInput(),
                      choices=[SelectChoice(k, _l(v)) for k, v in decision_rules.BODIES.items()],
                      validators=[InputRequired(message=_l("Choose who took the decision"))])
    committee_name = _text(_l("Name of the committee"), 200,
                           too_long=_l("Name of the committee must be 200 characters or fewer"),
                           description=_l("Only if a committee decided."))
    outcome = RadioField(_l("Outcome"), widget=GovRadioInput(),
                         choices=[SelectChoice(k, _l(v))
                                  for k, v in decision_rules.OUTCOMES.items()],
                         validators=[InputRequired(message=_l("Choose the outcome"))])
    reasons = _area(_l("Reasons for the decision"), 20000,
                    required=_l("Enter the reasons for the decision"),
                    too_long=_l("Reasons for the decision must be 20000 characters or fewer"))
    alternatives = _area(
        _l("Alternatives considered and rejected"), 10000,
        too_long=_l("Alternatives considered and rejected must be 10000 characters or fewer"),
        description=_l("Optional. What else was considered, and why not."))
    interests = _area(_l("Interests declared"), 5000,
                      too_long=_l("Interests declared must be 5000 characters or fewer"),
                      description=_l("Optional. Any conflict of interest declared by a "
                                     "councillor or officer, and any dispensation granted."))
    votes_for = _count(_l("Votes for"))
    votes_against = _count(_l("Votes against"))
    votes_abstained = _count(_l("Abstentions"))
    names_for = _names(_l("Councillors voting for"),
                       _l("Councillors voting for must be 5000 characters or fewer"))
    names_against = _names(_l("Councillors voting against"),
                           _l("Councillors voting against must be 5000 characters or fewer"))
    names_abstained = _names(_l("Councillors abstaining"),
                             _l("Councillors abstaining must be 5000 characters or fewer"))
    minutes_url = StringField(_l("Link to the minutes"), widget=GovTextInput(), validators=[
        Optional(), Length(max=500, message=_l("Link to the minutes must be 500 characters or "
                                               "fewer"))],
        description=_l("Starting with https://"))
    sources = SourcesField(_l("Other sources"), widget=GovTextArea(),
                           description=_l("Optional. One per line: a web address, or a "
                                          "citation (author, title, date)."))
    review_on = FullDateField(_l("Review date"),
                              description=_l("Only for a suspension: when it should be "
                                             "reviewed."))
    corrects_id = SelectField(_l("Is this a correction?"), widget=GovSelect(), coerce=str,
                              validate_choice=True)
    submit = SubmitField(_l("Record the decision"), widget=GovSubmitInput())

    def validate_minutes_url(self, field):
        if field.data and not valid_url(field.data):
            raise ValidationError(_("Enter a web address starting with https://"))

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
        _l("Which response option does the decision match?"), widget=GovRadioInput(),
        validators=[InputRequired(
            message=_l("Choose the option the decision matches, or none"))])
    departure_reason = _area(
        _l("Why the decision differs from the option most people supported"), 10000,
        too_long=_l("Why the decision differs from the option most people supported must be "
                    "10000 characters or fewer"),
        description=_l("Needed when the decision matches none of the options most people "
                       "supported."))

    def record(self, **extra) -> decision_rules.Record:
        matched = self.matched_option.data
        return super().record(
            action="", departure_reason=self.departure_reason.data or "",
            matched_option_id=int(matched) if matched and matched != "none" else None, **extra)


RETROSPECTIVE_CHOICES = {
    "yes": _l("Yes: a retrospective consultation will open by a date"),
    "no": _l("No: none will be held"),
}


class UnconsultedDecisionForm(DecisionForm):
    action = RadioField(_l("What the decision is about"), widget=GovRadioInput(),
                        choices=[SelectChoice(k, _l(v))
                                 for k, v in proposal_rules.ACTIONS.items()],
                        validators=[InputRequired(
                            message=_l("Choose what the decision is about"))])
    no_consultation_reason = _area(
        _l("Why the decision could not wait for a public consultation"), 5000,
        required=_l("Say why the decision could not wait for a public consultation"),
        too_long=_l("Why the decision could not wait for a public consultation must be 5000 "
                    "characters or fewer"),
        description=_l("Shown with the decision and on the link's history."))
    retrospective = RadioField(
        _l("Will the public be consulted after the decision?"), widget=GovRadioInput(),
        choices=[SelectChoice(k, v) for k, v in RETROSPECTIVE_CHOICES.items()],
        validators=[InputRequired(message=_l("Say whether a retrospective consultation will "
                                             "be held"))])
    retrospective_by = FullDateField(_l("Date by which the retrospective consultation will "
                                        "open"))
    no_retrospective_reason = _area(
        _l("Why no retrospective consultation will be held"), 5000,
        too_long=_l("Why no retrospective consultation will be held must be 5000 characters "
                    "or fewer"),
        description=_l("Shown with the decision. Its fairness checks show it as a failure."))

    def validate(self, extra_validators=None) -> bool:
        """The date, or the reason, whichever the answer asks for (shape only)."""
        valid = super().validate(extra_validators)
        date_field, reason = self.retrospective_by, self.no_retrospective_reason
        if self.retrospective.data == "yes" and date_field.data is None \
                and not date_field.errors:
            date_field.bad_parts = {"day", "month", "year"}
            date_field.errors = [_("Enter the date by which the retrospective consultation "
                                   "will open")]
            valid = False
        if self.retrospective.data == "no" and not (reason.data or "").strip():
            reason.errors = [*reason.errors, _("Say why no retrospective consultation will "
                                               "be held")]
            valid = False
        return valid

    def record(self, **extra) -> decision_rules.Record:
        promised = self.retrospective.data == "yes"
        return super().record(
            action=self.action.data, no_consultation_reason=self.no_consultation_reason.data,
            retrospective_by=self.retrospective_by.data if promised else None,
            no_retrospective_reason="" if promised else self.no_retrospective_reason.data or "",
            **extra)


class ReviewRecordForm(BaseForm):
    """That a decision's review was done, and how it came out."""

    outcome = _area(_l("Outcome of the review"), 5000, required=_l("Enter the outcome of the "
                                                                    "review"),
                    too_long=_l("Outcome of the review must be 5000 characters or fewer"),
                    description=_l("Shown on the link's history."))
    submit = SubmitField(_l("Record the review"), widget=GovSubmitInput())
