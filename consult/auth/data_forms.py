"""The form for deleting one's own account: shape only."""

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput
from wtforms import PasswordField, SubmitField
from wtforms.validators import InputRequired, Length

from ..forms_base import BaseForm


class DeleteAccountForm(BaseForm):
    password = PasswordField("Your password", widget=GovPasswordInput(), validators=[
        InputRequired(message="Enter your password to confirm"),
        Length(max=200, message="Password is too long"),
    ], description="To confirm it is you.")
    submit = SubmitField("Delete my account", widget=GovSubmitInput())
