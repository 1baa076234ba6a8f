"""The public, read-only JSON API under /api/v1/, documented by OpenAPI from the same schemas.

flask-smorest builds the document at /api/v1/openapi.json; consult.errors answers every error
(its handler replaces flask-smorest's), so API errors have one shape:
{"status": 400, "message": "...", "errors": {...}}.
"""

from flask import Flask
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser

from ..converters import LARGEST_ID, IdConverter
from .schemas import ErrorSchema

PREFIX = "/api/v1"


class StrictParser(FlaskParser):
    """Unknown query parameters are an error, and so is any bad value: 400, not 422."""

    DEFAULT_VALIDATION_STATUS = 400
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
                                   "query": RAISE, "querystring": RAISE}


class ApiBlueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = StrictParser()


class ConsultApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """consult.errors handles every error, in the API's shape under /api/."""


bp = ApiBlueprint("api", __name__, url_prefix=PREFIX, description="Open data: read-only.")

SETTINGS = {
    "API_TITLE": "Twinning consultations open data",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": PREFIX,
    "OPENAPI_JSON_PATH": "openapi.json",
}
DESCRIPTION = (
    "Read-only public data about the council's twin links, its consultations and their "
    "results, and the hash-chained audit log. No personal data: respondents appear only as "
    "receipt codes, and by the display name they chose on published reasons. Lists are "
    "paged (?page=, ?per_page= up to 100) with a `next` link. Every response carries ETag "
    "and Last-Modified (send If-None-Match or If-Modified-Since for a 304) and "
    "Access-Control-Allow-Origin: *. Unknown or malformed parameters get 400, unknown ids "
    "404, both as JSON {status, message, errors}. Reuse under the Open Government Licence "
    "v3.0.")


def init_app(app: Flask) -> None:
    from . import (  # noqa: F401  (routes attach)
        audit,
        consultation_requests,
        consultations,
        decisions,
        http,
        links,
    )

    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    api = ConsultApi(app, spec_kwargs={"info": {
        "description": DESCRIPTION,
        "license": {"name": "Open Government Licence v3.0",
                    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/"
                           "version/3/"}}})
    api.register_converter(IdConverter, lambda converter: {
        "type": "integer", "minimum": 1, "maximum": LARGEST_ID})
    api.register_blueprint(bp)
    http.init_app(app)
