"""Forms for a suggested theme: accept it under a name, or add its reasons to a theme."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from ..domain import codebook as codebook_rules
from ..forms_base import BaseForm
from ..forms_base import text_field as _text


class AcceptForm(BaseForm):
    name = _text(_l("Name of the new theme"), codebook_rules.MAX_NAME,
                 required=_l("Enter the name of the theme"),
                 too_long=_l("The name must be 80 characters or fewer"),
                 description=_l("Suggested from its most telling words: change it to say "
                                "what the reasons are about"))
    description = TextAreaField(
        _l("Description (optional)"), widget=GovTextArea(),
        validators=[Length(max=codebook_rules.MAX_DESCRIPTION,
                           message=_l("The description must be 1000 characters or fewer"))])
    accept = SubmitField(_l("Accept as a new theme"), widget=GovSubmitInput())


class AddToThemeForm(BaseForm):
    theme_id = SelectField(_l("Theme already in the codebook"), widget=GovSelect(), coerce=int,
                           validators=[InputRequired(message=_l("Choose a theme"))])
    add = SubmitField(_l("Add these reasons to the theme"), widget=GovSubmitInput())
