"""The /open-data page, listing every download, feed and the API, and the API guide."""

from flask import render_template

from .. import clock
from ..domain.i18n import N_
from ..queries import open_data
from . import LICENCE, LICENCE_URL, bp

# Each address and what it gives; the descriptions are shown in the reader's language.
API_ROUTES = (
    ("/api/v1/links", N_("Twin links. Filters: status (active, suspended, dormant, ended), "
                         "country.")),
    ("/api/v1/links/{slug}", N_("One twin link.")),
    ("/api/v1/links/{slug}/history", N_("A link's history, oldest first.")),
    ("/api/v1/consultations", N_("Consultations, latest closing first. Filters: status (open, "
                                 "upcoming, closed, withdrawn, decided), link (a link's "
                                 "slug).")),
    ("/api/v1/consultations/{id}", N_("One consultation: the proposal, its options, documents "
                                      "and corrections.")),
    ("/api/v1/consultations/{id}/results", N_("Results as a Popolo vote event: counts by "
                                              "option, overall and by who responded. While "
                                              "results are hidden until the close, only the "
                                              "count.")),
    ("/api/v1/consultations/{id}/receipts", N_("Every counted receipt code, sorted, once the "
                                               "consultation has closed. Before then: 409.")),
    ("/api/v1/consultations/{id}/reasons", N_("Reasons a moderator has published, with the "
                                              "name each person chose to show.")),
    ("/api/v1/decisions", N_("Decision records, newest first. Filters: link, outcome (adopted, "
                             "adopted_with_changes, rejected, deferred), consulted (yes, no), "
                             "year.")),
    ("/api/v1/decisions/{id}", N_("One decision: the record, the councillors' vote, the "
                                  "fairness checks and the audit log's hash when it was "
                                  "recorded.")),
    ("/api/v1/audit/head", N_("The newest audit log entry's number and hash.")),
    ("/api/v1/audit/entries", N_("The audit log, oldest first, with each entry's hash.")),
)


@bp.get("/open-data")
def index():
    now = clock.now()
    return render_template("opendata/index.html", links=open_data.links(),
                           consultations=open_data.consultations(now=now),
                           licence=LICENCE, licence_url=LICENCE_URL)


@bp.get("/open-data/api")
def api_guide():
    return render_template("opendata/api.html", routes=API_ROUTES, licence=LICENCE,
                           licence_url=LICENCE_URL)
