"""Administrator forms."""

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from wtforms import SelectChoice, SelectField, SubmitField
from wtforms.validators import InputRequired

from ..domain.roles import ROLE_LABELS, ROLES
from ..forms_base import BaseForm


class RoleForm(BaseForm):
    role = SelectField("Role", widget=GovSelect(),
                       choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES],
                       validators=[InputRequired(message="Choose a role")])
    submit = SubmitField("Change role", widget=GovSubmitInput())
