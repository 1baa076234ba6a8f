"""Administrator forms."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from wtforms import SelectChoice, SelectField, SubmitField
from wtforms.validators import InputRequired

from ..domain.roles import ROLE_LABELS, ROLES
from ..forms_base import BaseForm


class RoleForm(BaseForm):
    # The labels are marked in domain/roles.py; lazily translated here, as they are shown.
    role = SelectField(_l("Role"), widget=GovSelect(),
                       choices=[SelectChoice(role, _l(ROLE_LABELS[role])) for role in ROLES],
                       validators=[InputRequired(message=_l("Choose a role"))])
    submit = SubmitField(_l("Change role"), widget=GovSubmitInput())
