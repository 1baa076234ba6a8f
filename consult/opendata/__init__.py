"""Open data for people: CSV downloads, Atom feeds, the /open-data page and the API guide."""

from flask import Blueprint, Flask, request

from ..api.http import allow_any_origin, conditional
from ..domain.i18n import N_

bp = Blueprint("opendata", __name__)

# Its name is translated on pages (it has official translations); feeds keep the English.
LICENCE = N_("Open Government Licence v3.0")
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@bp.after_request
def _cache_and_share_data(response):
    """Downloads and feeds are cached and shared like the API; the HTML pages are not."""
    if request.endpoint and request.endpoint.endswith(("_csv", "_feed")):
        return conditional(allow_any_origin(response))
    return response


def init_app(app: Flask) -> None:
    from . import downloads, feeds, pages, request_data  # noqa: F401  (routes attach to bp)

    app.register_blueprint(bp)
