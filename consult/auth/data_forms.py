"""The form for deleting one's own account: shape only."""

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from ..forms_base import BaseForm
from .forms import existing_password


class DeleteAccountForm(BaseForm):
    password = existing_password("Your password", "Enter your password to confirm",
                                 description="To confirm it is you.")
    submit = SubmitField("Delete my account", widget=GovSubmitInput())
