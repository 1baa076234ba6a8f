"""The receipt code search: a GET form, so no CSRF token; shape only."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import InputRequired, Length, ValidationError

from ..domain import receipts
from ..forms_base import BaseForm

MAX_TYPED = 80  # a code with generous spacing; anything longer is not one


def _is_a_code(form, field) -> None:
    if receipts.normalise(field.data or "") is None:
        raise ValidationError(_("Enter your receipt code as it was shown to you, for example "
                                "%(example)s", example="ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"))


class ReceiptSearchForm(BaseForm):
    class Meta:
        csrf = False  # a search changes nothing

    code = StringField(_l("Your receipt code"), widget=GovTextInput(), validators=[
        InputRequired(message=_l("Enter your receipt code")),
        Length(max=MAX_TYPED, message=_l("Enter your receipt code as it was shown to you")),
        _is_a_code])

    def normalised(self) -> str:
        return receipts.normalise(self.code.data or "") or ""
