"""Following forms: shape only. A visitor gives an address; a verified account needs none."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import EmailField, SubmitField
from wtforms.validators import Email, InputRequired, Length

from ..domain.notifications import FREQUENCIES
from ..forms_base import BaseForm

EMAIL_FORMAT = _l("Enter an email address in the correct format, like name@example.com")


class FollowByEmailForm(BaseForm):
    email = EmailField(_l("Email address"), widget=GovTextInput(), validators=[
        InputRequired(message=_l("Enter your email address")),
        Length(max=254, message=_l("Email address must be 254 characters or fewer")),
        Email(message=EMAIL_FORMAT, check_deliverability=False),
    ], description=_l("We will send you an email to confirm. You do not need an account."))
    submit = SubmitField(_l("Follow"), widget=GovSubmitInput())


class FollowForm(BaseForm):
    """A verified account follows with its own address: a button alone."""

    submit = SubmitField(_l("Follow"), widget=GovSubmitInput())


class ButtonForm(BaseForm):
    """A POST button where a GET must not change anything (confirming, unsubscribing)."""

    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class ChoicesForm(BaseForm):
    """The notification settings: the per-follow choices are read from the posted radios."""

    submit = SubmitField(_l("Save my choices"), widget=GovSubmitInput())


def read_choices(follows, posted) -> tuple[dict[int, str], set[int], list[str]]:
    """The posted frequency radio and 'stop' box of each follow shown; an answer that is not
    one of the choices is an error (nothing is saved), never silently ignored."""
    frequencies, stop, errors = {}, set(), []
    for follow in follows:
        chosen = posted.get(f"frequency-{follow.id}", follow.frequency)
        if chosen not in FREQUENCIES:
            errors.append(_("Choose how often you want emails from the choices given"))
            continue
        frequencies[follow.id] = chosen
        if posted.get(f"stop-{follow.id}") == "yes":
            stop.add(follow.id)
    return frequencies, stop, errors
