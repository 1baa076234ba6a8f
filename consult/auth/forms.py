"""Account forms: shape only (required, lengths, formats)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from ..forms_base import BaseForm

MIN_PASSWORD = 12
MAX_PASSWORD = 200
PASSWORD_LABEL = _l("Password")
ENTER_YOUR_PASSWORD = _l("Enter your password")



class PasswordInput(GovPasswordInput):
    """GOV.UK's password input with its show/hide button's words in the reader's language."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.update(showPasswordText=_("Show"), hidePasswordText=_("Hide"),
                      showPasswordAriaLabelText=_("Show password"),
                      hidePasswordAriaLabelText=_("Hide password"),
                      passwordShownAnnouncementText=_("Your password is visible"),
                      passwordHiddenAnnouncementText=_("Your password is hidden"))
        return params

def _password(new: bool = False) -> PasswordField:
    """A password being chosen: "Password" (registering) or "New password" (a change)."""
    if new:
        label, missing = _l("New password"), _l("Enter a new password")
        length = lazy_ngettext("New password must be between %(low)d and %(num)d character",
                               "New password must be between %(low)d and %(num)d characters",
                               MAX_PASSWORD, low=MIN_PASSWORD)
    else:
        label, missing = PASSWORD_LABEL, _l("Enter a password")
        length = lazy_ngettext("Password must be between %(low)d and %(num)d character",
                               "Password must be between %(low)d and %(num)d characters",
                               MAX_PASSWORD, low=MIN_PASSWORD)
    return PasswordField(label, widget=PasswordInput(), validators=[
        InputRequired(message=missing),
        Length(min=MIN_PASSWORD, max=MAX_PASSWORD, message=length),
    ], description=lazy_ngettext(
        "At least %(num)d character. A few unrelated words work well.",
        "At least %(num)d characters. A few unrelated words work well.", MIN_PASSWORD))


def existing_password(label=PASSWORD_LABEL, message=ENTER_YOUR_PASSWORD,
                      description="") -> PasswordField:
    """The password an account already has: required, and no longer than any password can be.
    `label`, `message` and `description` are marked words (`_l`)."""
    return PasswordField(label, widget=PasswordInput(), description=description, validators=[
        InputRequired(message=message),
        Length(max=MAX_PASSWORD, message=_l("Password is too long")),
    ])


def _confirm_new() -> PasswordField:
    return PasswordField(_l("Confirm new password"), widget=PasswordInput(), validators=[
        InputRequired(message=_l("Confirm your new password")),
        EqualTo("password", message=_l("Passwords must match")),
    ])


def _email() -> EmailField:
    return EmailField(_l("Email address"), widget=GovTextInput(), validators=[
        InputRequired(message=_l("Enter your email address")),
        Length(max=254, message=lazy_ngettext(
            "Email address must be %(num)d character or fewer",
            "Email address must be %(num)d characters or fewer", 254)),
        Email(message=_l("Enter an email address in the correct format, like name@example.com"),
              check_deliverability=False),
    ])


class RegisterForm(BaseForm):
    display_name = StringField(_l("Display name"), widget=GovTextInput(), validators=[
        InputRequired(message=_l("Enter a display name")),
        Length(max=80, message=lazy_ngettext(
            "Display name must be %(num)d character or fewer",
            "Display name must be %(num)d characters or fewer", 80)),
    ], description=_l("Shown beside your comments. You can use your own name or another name."))
    email = _email()
    password = _password()
    confirm = PasswordField(_l("Confirm password"), widget=PasswordInput(), validators=[
        InputRequired(message=_l("Confirm your password")),
        EqualTo("password", message=_l("Passwords must match")),
    ])
    submit = SubmitField(_l("Create account"), widget=GovSubmitInput())


class SignInForm(BaseForm):
    email = _email()
    password = existing_password()
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class ForgotPasswordForm(BaseForm):
    email = _email()
    submit = SubmitField(_l("Send reset link"), widget=GovSubmitInput())


class ResetPasswordForm(BaseForm):
    password = _password(new=True)
    confirm = _confirm_new()
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    """A button alone: used where a GET must not change anything (email confirmation)."""

    submit = SubmitField(_l("Confirm my email address"), widget=GovSubmitInput())


class ChangePasswordForm(BaseForm):
    current_password = existing_password(_l("Current password"), _l("Enter your current password"))
    password = _password(new=True)
    confirm = _confirm_new()
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())


def _code() -> StringField:
    missing = _l("Enter the 6-digit code from your authenticator app")
    return StringField(_l("Code from your authenticator app"), widget=GovTextInput(), validators=[
        InputRequired(message=missing),
        Length(max=10, message=missing),
    ], description=_l("The 6-digit code the app shows now, for example 123456."))


class CodeForm(BaseForm):
    code = _code()
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class ConfirmIdentityForm(BaseForm):
    password = existing_password()
    code = _code()
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class TwoFactorSetupForm(BaseForm):
    code = _code()
    submit = SubmitField(_l("Turn on two-factor sign-in"), widget=GovSubmitInput())


class TwoFactorOffForm(BaseForm):
    password = existing_password()
    code = _code()
    submit = SubmitField(_l("Turn off two-factor sign-in"), widget=GovSubmitInput())
