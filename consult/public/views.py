"""Public pages. GETs only: query, then render."""

from flask import jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import clock, health
from ..domain import twinning
from ..queries import consultation_queries, follow_up_queries, link_queries
from . import bp
from .follow_forms import FollowByEmailForm, FollowForm
from .loaders import load_link
from .pages import listed

SORT_LABELS = {"name": _l("Name (A to Z)"), "year": _l("Year began (oldest first)"),
               "year-desc": _l("Year began (newest first)")}
# A status as a filter, in brackets after "Twin links" in the page title.
STATUS_WORDS = {twinning.ACTIVE: _l("active"), twinning.SUSPENDED: _l("suspended"),
                twinning.DORMANT: _l("dormant"), twinning.ENDED: _l("ended")}


@bp.get("/")
def index():
    counts = {status: 0 for status in twinning.STATUSES}
    for link in link_queries.list_links():
        counts[link.status] += 1
    now = clock.now()
    return render_template("public/index.html", counts=counts,
                           open_consultations=listed(consultation_queries.open_now(now), now),
                           overdue_links=follow_up_queries.overdue_links(now),
                           reviews_overdue=follow_up_queries.reviews(now, overdue_only=True))


@bp.get("/links")
def links_index():
    status = request.args.get("status", "")
    country = request.args.get("country", "")
    sort = request.args.get("sort", "name")
    status = status if status in twinning.STATUSES else ""
    countries = link_queries.countries()
    country = country if country in countries else ""
    sort = sort if sort in SORT_LABELS else "name"
    found = link_queries.list_links(status=status or None, country=country or None, sort=sort)
    return render_template("public/links_index.html", links=found, countries=countries,
                           status=status, country=country, sort=sort, sort_labels=SORT_LABELS,
                           status_words=STATUS_WORDS)


@bp.get("/links/<slug>")
def link_detail(slug: str):
    link, now = load_link(slug), clock.now()
    newest_first = request.args.get("order") == "newest"
    events = link_queries.timeline(link, newest_first=newest_first)
    corrected_by = {event.corrects_id: event for event in events if event.corrects_id}
    own = current_user.is_authenticated and current_user.is_verified
    return render_template("public/link_detail.html", link=link, events=events,
                           follow_form=FollowForm() if own else FollowByEmailForm(),
                           newest_first=newest_first, corrected_by=corrected_by,
                           review=follow_up_queries.review(link, now),
                           retrospective_overdue=follow_up_queries.link_overdue_since(link, now))


@bp.get("/healthz")
def healthz():
    body, healthy = health.report()
    return jsonify(body), 200 if healthy else 503


@bp.get("/about")
def about():
    return render_template("public/about.html")
