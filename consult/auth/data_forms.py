"""The form for deleting one's own account: shape only."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from ..forms_base import BaseForm
from .forms import existing_password


class DeleteAccountForm(BaseForm):
    password = existing_password(_l("Your password"), _l("Enter your password to confirm"),
                                 description=_l("To confirm it is you."))
    submit = SubmitField(_l("Delete my account"), widget=GovSubmitInput())
