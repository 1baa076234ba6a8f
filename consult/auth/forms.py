"""Account forms: shape only (required, lengths, formats)."""

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from ..forms_base import BaseForm

MIN_PASSWORD = 12
MAX_PASSWORD = 200


def _password(label: str = "Password") -> PasswordField:
    return PasswordField(label, widget=GovPasswordInput(), validators=[
        InputRequired(message=f"Enter a {label.lower()}"),
        Length(min=MIN_PASSWORD, max=MAX_PASSWORD,
               message=f"{label} must be between {MIN_PASSWORD} and {MAX_PASSWORD} characters"),
    ], description=f"At least {MIN_PASSWORD} characters. A few unrelated words work well.")


def existing_password(label: str = "Password", message: str = "Enter your password",
                      description: str = "") -> PasswordField:
    """The password an account already has: required, and no longer than any password can be."""
    return PasswordField(label, widget=GovPasswordInput(), description=description, validators=[
        InputRequired(message=message),
        Length(max=MAX_PASSWORD, message="Password is too long"),
    ])


def _confirm_new() -> PasswordField:
    return PasswordField("Confirm new password", widget=GovPasswordInput(), validators=[
        InputRequired(message="Confirm your new password"),
        EqualTo("password", message="Passwords must match"),
    ])


def _email() -> EmailField:
    return EmailField("Email address", widget=GovTextInput(), validators=[
        InputRequired(message="Enter your email address"),
        Length(max=254, message="Email address must be 254 characters or fewer"),
        Email(message="Enter an email address in the correct format, like name@example.com",
              check_deliverability=False),
    ])


class RegisterForm(BaseForm):
    display_name = StringField("Display name", widget=GovTextInput(), validators=[
        InputRequired(message="Enter a display name"),
        Length(max=80, message="Display name must be 80 characters or fewer"),
    ], description="Shown beside your comments. You can use your own name or another name.")
    email = _email()
    password = _password()
    confirm = PasswordField("Confirm password", widget=GovPasswordInput(), validators=[
        InputRequired(message="Confirm your password"),
        EqualTo("password", message="Passwords must match"),
    ])
    submit = SubmitField("Create account", widget=GovSubmitInput())


class SignInForm(BaseForm):
    email = _email()
    password = existing_password()
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ForgotPasswordForm(BaseForm):
    email = _email()
    submit = SubmitField("Send reset link", widget=GovSubmitInput())


class ResetPasswordForm(BaseForm):
    password = _password("New password")
    confirm = _confirm_new()
    submit = SubmitField("Change password", widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    """A button alone: used where a GET must not change anything (email confirmation)."""

    submit = SubmitField("Confirm my email address", widget=GovSubmitInput())


class ChangePasswordForm(BaseForm):
    current_password = existing_password("Current password", "Enter your current password")
    password = _password("New password")
    confirm = _confirm_new()
    submit = SubmitField("Change password", widget=GovSubmitInput())


def _code() -> StringField:
    return StringField("Code from your authenticator app", widget=GovTextInput(), validators=[
        InputRequired(message="Enter the 6-digit code from your authenticator app"),
        Length(max=10, message="Enter the 6-digit code from your authenticator app"),
    ], description="The 6-digit code the app shows now, for example 123456.")


class CodeForm(BaseForm):
    code = _code()
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ConfirmIdentityForm(BaseForm):
    password = existing_password()
    code = _code()
    submit = SubmitField("Continue", widget=GovSubmitInput())


class TwoFactorSetupForm(BaseForm):
    code = _code()
    submit = SubmitField("Turn on two-factor sign-in", widget=GovSubmitInput())


class TwoFactorOffForm(BaseForm):
    password = existing_password()
    code = _code()
    submit = SubmitField("Turn off two-factor sign-in", widget=GovSubmitInput())
