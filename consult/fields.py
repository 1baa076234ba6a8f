"""Form fields shared by several forms: partial dates and lists of source URLs."""

from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import Field, TextAreaField
from wtforms.validators import ValidationError

from .domain import partial_dates
from .domain.errors import InvalidPartialDate

MAX_SOURCES = 10
MAX_URL = 500


class PartialDateField(Field):
    """Day, month and year inputs where day, or day and month, may be left empty.

    Its data is the ISO text of the partial date ("1944", "1941-10", "1944-06-06") or None.
    `required` is the message for a field left empty, a whole sentence marked with `_l`
    ("Enter the date of the event"); None when it may be left empty.
    """

    def __init__(self, label=None, validators=None, required=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required = required
        self.parts = {"day": "", "month": "", "year": ""}
        self.bad_parts: set[str] = set()

    def process_formdata(self, valuelist):
        pass  # read from the three named inputs in process() below

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if formdata is not None:
            self.parts = {p: formdata.get(f"{self.name}-{p}", "").strip()[:10] for p in self.parts}
        elif self.data:
            parsed = partial_dates.parse(self.data)
            self.parts = {"day": str(parsed.day or ""), "month": str(parsed.month or ""),
                          "year": str(parsed.year)}

    def pre_validate(self, form):
        self.data = None
        if not any(self.parts.values()):
            if self.required:
                self.bad_parts = {"year"}
                raise ValidationError(str(self.required))
            return
        try:
            numbers = {p: int(v) if v else None for p, v in self.parts.items()}
        except ValueError as exc:
            self.bad_parts = {p for p, v in self.parts.items() if v and not v.isdecimal()}
            raise ValidationError(_("%(label)s must be made of numbers",
                                    label=self.label.text)) from exc
        if numbers["year"] is None:
            self.bad_parts = {"year"}
            raise ValidationError(_("%(label)s must include a year", label=self.label.text))
        try:
            self.data = partial_dates.build(numbers["year"], numbers["month"], numbers["day"]).iso()
        except InvalidPartialDate as exc:
            self.bad_parts = {"day", "month", "year"}
            raise ValidationError(_("%(label)s: %(problem)s", label=self.label.text,
                                    problem=exc.message)) from exc


def parse_sources(text: str | None) -> list[str]:
    """One URL per line; blank lines ignored."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def looks_like_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://", "www."))


def valid_url(source: str) -> bool:
    parts = urlsplit(source)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in source


class SourcesField(TextAreaField):
    """Sources, one per line: a web address (http or https) or a published citation."""

    def process_data(self, value):
        # A link's sources are rows with a url: show them one per line, not as a list's repr.
        if isinstance(value, list | tuple):
            value = "\n".join(getattr(source, "url", source) for source in value)
        super().process_data(value)

    def pre_validate(self, form):
        sources = parse_sources(self.data)
        if len(sources) > MAX_SOURCES:
            raise ValidationError(ngettext("Give at most %(num)d source",
                                           "Give at most %(num)d sources", MAX_SOURCES))
        for source in sources:
            if len(source) > MAX_URL:
                raise ValidationError(ngettext("Each source must be %(num)d character or fewer",
                                               "Each source must be %(num)d characters or fewer",
                                               MAX_URL))
            if looks_like_url(source) and not valid_url(source):
                raise ValidationError(_("'%(source)s' is not a web address starting with "
                                        "https://", source=source[:60]))
            if not looks_like_url(source) and len(source) < 10:
                raise ValidationError(_("A source that is not a web address must be a citation "
                                        "of at least 10 characters (author, title, date)"))

    @property
    def urls(self) -> list[str]:
        return parse_sources(self.data)
