"""Officer forms for feedback ("you said, we did"): shape only.

The form has an answer box for each theme of the consultation's codebook and nothing to type
a number into: every figure is counted by the database (queries/theme_counts.py).
"""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from ..domain.feedback import MAX_ANSWER, MAX_UNANSWERED_REASON, answer_field
from ..forms_base import BaseForm
from .proposal_forms import _area


class FeedbackForm(BaseForm):
    summary = _area(_l("What we heard"), 10000, required=_l("Enter what we heard"),
                    too_long=_l("What we heard must be 10000 characters or fewer"),
                    description=_l("A summary of the responses. The totals and each theme’s "
                                   "figures are counted from the stored responses; do not type "
                                   "them."))
    unanswered_reason = _area(
        _l("Why the council does not answer some themes raised by many people"),
        MAX_UNANSWERED_REASON,
        too_long=_l("Why the council does not answer some themes must be 5000 characters or "
                    "fewer"),
        description=_l("Only needed when a theme raised by many people has no answer. "
                       "Published with the feedback."))
    submit = SubmitField(_l("Publish feedback"), widget=GovSubmitInput())
    theme_ids: tuple[int, ...] = ()

    def answer_box(self, theme_id: int):
        return self[answer_field(theme_id)]

    def answers(self) -> dict[int, str]:
        return {theme_id: self.answer_box(theme_id).data or "" for theme_id in self.theme_ids}


def feedback_form(theme_ids: list[int]) -> FeedbackForm:
    """The feedback form with one answer box per theme (a blank box: not answered)."""
    boxes = {answer_field(theme_id): _area(
        _l("The council's answer"), MAX_ANSWER,
        too_long=_l("The council's answer must be 5000 characters or fewer"))
        for theme_id in theme_ids}
    form = type("CodebookFeedbackForm", (FeedbackForm,), boxes)()
    form.theme_ids = tuple(theme_ids)
    return form


class FeedbackNoteForm(BaseForm):
    body = _area(_l("Correction"), 5000, required=_l("Enter the correction"),
                 too_long=_l("Correction must be 5000 characters or fewer"),
                 description=_l("Shown, dated, beneath the feedback. The feedback itself does "
                                "not change."))
    submit = SubmitField(_l("Add the correction"), widget=GovSubmitInput())
