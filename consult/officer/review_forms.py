"""Forms for reviewing held responses: shape only (which responses may change is the domain's)."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import SelectChoice, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired, Length

from ..domain import abuse
from ..forms_base import BaseForm

MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on PostgreSQL


_NOT_LISTED = _l("Select responses from the lists on this page")


class _Ids(SelectMultipleField):
    """Checkbox values are row ids; anything else is refused with a plain message."""

    def __init__(self, *args, not_listed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.not_listed = not_listed or _NOT_LISTED

    def process_formdata(self, valuelist):
        if any(not (value.isascii() and value.isdigit() and int(value) <= MAX_ID)
               for value in valuelist):
            self.data = []
            raise ValueError(str(self.not_listed))
        self.data = [int(value) for value in valuelist]

    def pre_validate(self, form):
        pass  # which ids are on the page, and still held, is checked by the service


class ReviewForm(BaseForm):
    """Accept or invalidate the selected responses; the reason is kept and audited."""

    responses = _Ids(_l("Responses"), validators=[InputRequired(
        message=_l("Select at least one response"))])
    action = SelectField(_l("Decision"), choices=[SelectChoice(abuse.ACCEPT, _l("Accept")),
                                                  SelectChoice(abuse.INVALIDATE,
                                                               _l("Invalidate"))],
                         validators=[InputRequired(message=_l("Choose accept or invalidate"))],
                         invalid_choice_message=_l("Choose accept or invalidate"))
    note = TextAreaField(
        _l("Reason for your decision"), widget=GovTextArea(),
        description=_l("Kept with the responses and published in the audit log."),
        validators=[InputRequired(message=_l("Enter the reason for your decision")),
                    Length(max=abuse.MAX_NOTE,
                           message=_l("The reason must be 500 characters or fewer"))])


def review_form(prefix: str = "", *, submitted: bool = False) -> ReviewForm:
    """The held list's form ("") or the invalidated list's ("invalidated"); only the posted one
    reads the request."""
    if submitted:
        return ReviewForm(prefix=prefix)
    return ReviewForm(formdata=None, prefix=prefix)


class SignatureReviewForm(ReviewForm):
    """The same review for the signatures of a request, in its own words."""

    responses = _Ids(_l("Signatures"), validators=[InputRequired(
        message=_l("Select at least one signature"))],
        not_listed=_l("Select signatures from the list on this page"))
    note = TextAreaField(
        _l("Reason for your decision"), widget=GovTextArea(),
        description=_l("Kept with the signatures and published in the audit log."),
        validators=[InputRequired(message=_l("Enter the reason for your decision")),
                    Length(max=abuse.MAX_NOTE,
                           message=_l("The reason must be 500 characters or fewer"))])


def signature_review_form(*, submitted: bool = False) -> SignatureReviewForm:
    return SignatureReviewForm() if submitted else SignatureReviewForm(formdata=None)
