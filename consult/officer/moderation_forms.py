"""Moderation forms: shape only. The rules (not your own, a known reason) are in the service."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField, SelectChoice
from wtforms.validators import InputRequired

from ..forms_base import BaseForm
from ..models.comments import REPORT_REASONS

_CHOICES = [SelectChoice(value, _l(label)) for value, label in REPORT_REASONS.items()]


def _reason(label: str, message: str, description: str) -> RadioField:
    return RadioField(label, widget=GovRadioInput(), choices=_CHOICES, description=description,
                      invalid_choice_message=message,
                      validators=[InputRequired(message=message)])


class HideCommentForm(BaseForm):
    reason = _reason(_l("Why hide this comment?"), _l("Choose the public reason for hiding"),
                     _l("The page shows “Hidden by a moderator:” and this reason."))


class HideReasonForm(BaseForm):
    reason = _reason(_l("Why not publish this reason?"),
                     _l("Choose the reason for not publishing"),
                     _l("Kept in the moderation record."))


def for_item(form_class: type[BaseForm], anchor: str, *, submitted: bool = False) -> BaseForm:
    """One form per queue item: only the posted one reads the request, each has its own ids."""
    form = form_class() if submitted else form_class(formdata=None)
    form.reason.id = f"{anchor}-reason"
    return form
