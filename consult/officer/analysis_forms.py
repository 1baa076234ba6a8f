"""Forms of the analysis pages (issue 17): the filters (a GET form: what it cannot use it
ignores), the bulk actions, quoting, and the codebook's themes. Shape only: the rules are
domain/codebook's."""

from babel import Locale, UnknownLocaleError
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from .. import i18n
from ..domain import codebook as rules
from ..domain import voting
from ..forms_base import BaseForm
from ..forms_base import text_field as _text
from ..queries.analysis_queries import MAX_SEARCH, UNKNOWN_LANGUAGE, Filters

MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on PostgreSQL
APPLY, REMOVE, READ, UNREAD = "apply", "remove", "read", "unread"
TICKED, MATCHING = "ticked", "matching"
SHOW = {"uncoded": _l("Not yet coded"), "unread": _l("Not yet read"),
        "campaign": _l("In a campaign")}


def language_name(code: str) -> str:
    """A language's name in itself (Русский, Cymraeg), as the language switcher names them."""
    if code in i18n.LANGUAGES:
        return i18n.LANGUAGES[code]
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


class FilterForm(BaseForm):
    """Which reasons to list; read from the query string."""

    class Meta:
        csrf = False  # choosing what to see changes nothing

    option = SelectField(_l("Option"), widget=GovSelect(), validate_choice=False)
    group = SelectField(_l("Responding as"), widget=GovSelect(), validate_choice=False)
    language = SelectField(_l("Language"), widget=GovSelect(), validate_choice=False)
    theme = SelectField(_l("Theme"), widget=GovSelect(), validate_choice=False,
                        description=_l("A main theme includes its sub-themes."))
    show = SelectMultipleField(_l("Show only"), widget=GovCheckboxesInput(),
                               choices=[SelectChoice(key, label) for key, label in SHOW.items()],
                               validate_choice=False)
    q = StringField(_l("Search the reasons"), widget=GovTextInput(),
                    description=_l("Words or part of a word, in any language"))


def _theme_label(theme) -> str:
    if theme.parent_name:
        return str(_l("%(name)s (in %(parent)s)", name=theme.name, parent=theme.parent_name))
    return theme.name


def filter_form(args, *, options, languages, themes) -> FilterForm:
    """The filter form over the query string, its choices this consultation's."""
    form = FilterForm(formdata=args)
    form.option.choices = [SelectChoice("", _l("All options"))] + [
        SelectChoice(str(option.id), option.label) for option in options]
    form.group.choices = [SelectChoice("", _l("All respondents"))] + [
        SelectChoice(code, _l(label)) for code, label in voting.RESPONDENT_TYPES.items()]
    form.language.choices = [SelectChoice("", _l("All languages"))] + [
        SelectChoice(code or UNKNOWN_LANGUAGE, language_name(code) if code else _l("Not known"))
        for code in languages]
    form.theme.choices = [SelectChoice("", _l("All themes"))] + [
        SelectChoice(str(theme.id), _theme_label(theme)) for theme in themes]
    return form


def _chosen(field) -> str:
    value = field.data or ""
    return value if value in {choice.value for choice in field.choices} and value else ""


def filters_of(form: FilterForm) -> Filters:
    """What the form asked for, keeping only values it offers (anything else is ignored)."""
    option, theme = _chosen(form.option), _chosen(form.theme)
    shown = set(form.show.data or ()) & set(SHOW)
    search = " ".join((form.q.data or "").split())[:MAX_SEARCH]
    return Filters(option_id=int(option) if option else None, group=_chosen(form.group),
                   language=_chosen(form.language), theme_id=int(theme) if theme else None,
                   uncoded="uncoded" in shown, unread="unread" in shown,
                   campaign="campaign" in shown, search=search)


def query_args(filters: Filters) -> dict:
    """The filters as the form's query-string arguments, empty ones left out."""
    args = {"option": filters.option_id or "", "group": filters.group,
            "language": filters.language, "theme": filters.theme_id or "", "q": filters.search,
            "show": [name for name in SHOW if getattr(filters, name)]}
    return {key: value if isinstance(value, list) else str(value)
            for key, value in args.items() if value}


class ReasonIds(SelectMultipleField):
    """Checkbox values are reason ids; anything else is refused with a plain message."""

    def process_formdata(self, valuelist):
        if any(not (value.isascii() and value.isdigit() and int(value) <= MAX_ID)
               for value in valuelist):
            self.data = []
            raise ValueError(str(_l("Select reasons from the list on this page")))
        self.data = [int(value) for value in valuelist]

    def pre_validate(self, form):
        pass  # which ids are this consultation's reasons is checked by the service


class BulkForm(BaseForm):
    """One action on the ticked reasons, or on every reason the filters keep."""

    reasons = ReasonIds(_l("Reasons"))
    which = RadioField(_l("Which reasons"), widget=GovRadioInput(), default=TICKED,
                       choices=[SelectChoice(TICKED, _l("The reasons I ticked")),
                                SelectChoice(MATCHING, _l("All the reasons matching the "
                                                          "filters"))],
                       validators=[InputRequired(message=_l("Choose which reasons"))])
    theme = SelectField(_l("Theme"), widget=GovSelect(), validate_choice=True, default="",
                        invalid_choice_message=_l("Choose a theme from the list"))
    action = SelectField(_l("Action"), choices=[SelectChoice(action, action) for action in (
                             APPLY, REMOVE, READ, UNREAD)],
                         validators=[InputRequired(message=_l("Choose an action"))],
                         invalid_choice_message=_l("Choose an action"))

    def validate_theme(self, field) -> None:
        if self.action.data in (APPLY, REMOVE) and not field.data:
            raise ValidationError(str(_l("Choose the theme to apply or remove")))


def bulk_form(themes, *, submitted: bool = False) -> BulkForm:
    form = BulkForm(prefix="bulk") if submitted else BulkForm(formdata=None, prefix="bulk")
    form.theme.choices = [SelectChoice("", _l("Choose a theme"))] + [
        SelectChoice(str(theme.id), _theme_label(theme)) for theme in themes]
    return form


class QuoteForm(BaseForm):
    """Start or stop quoting one reason (the button pressed names it)."""

    quote = ReasonIds(_l("Quote"))
    unquote = ReasonIds(_l("Stop quoting"))

    def chosen(self) -> tuple[int, bool] | None:
        """(the reason, whether to quote it), if exactly one button was pressed."""
        pressed = [(found, True) for found in self.quote.data or ()] + [
            (found, False) for found in self.unquote.data or ()]
        return pressed[0] if len(pressed) == 1 else None


class ThemeForm(BaseForm):
    name = _text(_l("Name of the theme"), rules.MAX_NAME,
                 required=_l("Enter the name of the theme"),
                 too_long=_l("The name must be 80 characters or fewer"),
                 description=_l("Short and plain, for example Road safety"))
    description = TextAreaField(
        _l("Description (optional)"), widget=GovTextArea(),
        description=_l("What reasons coded with this theme have in common."),
        validators=[Optional(), Length(max=rules.MAX_DESCRIPTION, message=_l(
            "The description must be 1000 characters or fewer"))])
    parent = SelectField(_l("Main theme"), widget=GovSelect(), validate_choice=True,
                         invalid_choice_message=_l("Choose a main theme from the list"),
                         description=_l("Make it a sub-theme of a main theme, or leave it a "
                                        "main theme. Sub-themes have no sub-themes."))
    submit = SubmitField(_l("Save the theme"), widget=GovSubmitInput())

    def parent_id(self) -> int | None:
        return int(self.parent.data) if self.parent.data else None


def theme_form(themes, *, editing=None, data: dict | None = None) -> ThemeForm:
    """The theme form; a main theme other than the one edited may be the parent."""
    form = ThemeForm(data=data)
    form.parent.choices = [SelectChoice("", _l("None: it is a main theme"))] + [
        SelectChoice(str(theme.id), theme.name) for theme in themes
        if not theme.is_sub_theme and (editing is None or theme.id != editing)]
    return form


class MergeForm(BaseForm):
    target = SelectField(_l("Merge it into"), widget=GovSelect(), validate_choice=True,
                         invalid_choice_message=_l("Choose a theme from the list"),
                         validators=[InputRequired(message=_l("Choose the theme to merge it "
                                                              "into"))])
    submit = SubmitField(_l("Merge the themes"), widget=GovSubmitInput())


def merge_form(themes, source_id: int) -> MergeForm:
    """Any other theme but the source's own sub-themes (the rules refuse what else breaks)."""
    form = MergeForm()
    form.target.choices = [SelectChoice("", _l("Choose a theme"))] + [
        SelectChoice(str(theme.id), _theme_label(theme)) for theme in themes
        if theme.id != source_id and theme.parent_id != source_id]
    return form
