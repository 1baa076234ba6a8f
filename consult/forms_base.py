"""The base form: strips text and refuses invisible control characters in every text field."""

import re
from urllib.parse import parse_qsl

from babel import support
from flask import Flask, Request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from werkzeug.formparser import FormDataParser
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.i18n import messages_path
from wtforms.validators import InputRequired, Length, Optional

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


class _WTFormsWords:
    """WTForms' own messages ("Not a valid choice.") in the reader's language. Flask-WTF reads
    WTForms' catalogue from disk on every request; here each language's is read once."""

    _loaded: dict[str, support.Translations] = {}

    def _words(self):
        locale = get_locale()
        key = str(locale)
        if key not in self._loaded:
            self._loaded[key] = support.Translations.load(messages_path(), [locale],
                                                          domain="wtforms")
        return self._loaded[key]

    def gettext(self, string):
        return self._words().ugettext(string)

    def ngettext(self, singular, plural, n):
        return self._words().ungettext(singular, plural, n)


WTFORMS_WORDS = _WTFormsWords()


class BaseForm(FlaskForm):
    """Every form's parent. Field rules (required, lengths, choices) stay in each form."""

    class Meta:
        def get_translations(self, form):
            return WTFORMS_WORDS

        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            # Passwords are kept exactly as typed: a space at either end is part of them.
            if issubclass(field_class, StringField | TextAreaField) and not issubclass(
                    field_class, PasswordField):
                filters = unbound_field.kwargs.get("filters", ())
                options["filters"] = (strip_filter, *filters)
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and _CONTROL.search(field.data):
                field.errors = [*field.errors, _(
                    "%(label)s must not contain control characters or characters that could "
                    "not be read", label=field.label.text)]
                valid = False
        return valid


def text_field(label: str, max_length: int, *, too_long: str, required: str | None = None,
               **kwargs) -> StringField:
    """A one-line GOV.UK text input with a length limit. `required` is the message asking for
    it (None: it may be left empty); the messages are whole sentences, marked with `_l`."""
    checks = [InputRequired(message=required)] if required else [Optional()]
    checks.append(Length(max=max_length, message=too_long))
    return StringField(label, widget=GovTextInput(), validators=checks, **kwargs)


def first_error_field(form: FlaskForm, field_name: str | None):
    """The form field a domain error belongs to, or None for a form-wide error."""
    return getattr(form, field_name, None) if field_name else None


def add_error(form: FlaskForm, field_name: str | None, message: str) -> None:
    """Attach a domain error's message to its field (or the first field) for re-rendering."""
    field = first_error_field(form, field_name) or next(iter(form))
    field.errors = [*field.errors, message]


class _FormDataParser(FormDataParser):
    def parse(self, stream, mimetype, content_length, options=None):
        if mimetype != "application/x-www-form-urlencoded":
            return super().parse(stream, mimetype, content_length, options)
        text = stream.read().decode("utf-8", "replace")
        items = parse_qsl(text, keep_blank_values=True, errors="replace")
        return stream, self.cls(items), self.cls()


class FormRequest(Request):
    """Reads url-encoded bodies with unreadable bytes as U+FFFD, as multipart bodies are read.

    Werkzeug drops a whole url-encoded body that is not UTF-8 (the CSRF token with it) and keeps
    percent-encoded bad bytes as the text '%FF'; as U+FFFD, BaseForm refuses them by field.
    """

    form_data_parser_class = _FormDataParser


def init_app(app: Flask) -> None:
    app.request_class = FormRequest
