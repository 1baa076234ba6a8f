"""Load the sourced Coventry demo data: the council's twin links and the Volgograd timeline.

Loading twice changes nothing: a link already in the register is left as it is.
"""

import csv
from datetime import date, datetime
from pathlib import Path

from ..domain import decisions as decision_rules
from ..domain import twinning
from ..models import db
from ..queries import link_queries
from . import decisions, demo_consultations, links

DATA = Path(__file__).resolve().parent.parent / "demo"
ACTOR = "system (demo data)"

# Where sources disagree about when a link began, both dates are kept, each with its source.
DISAGREEMENTS = {
    "Parkes": {
        "began": "1939", "alternative": "1956",
        "events": [
            ("1939", "Parkes Shire Council dates its sister-city tie with Coventry to an exchange "
                     "of national flags in 1939.",
             "https://www.parkes.nsw.gov.au/living-here/our-region/sister-city/"),
            ("1956", "Coventry City Council dates the link to 1956, when a plaque showing Sir "
                     "Henry Parkes's birthplace was sent to Parkes.",
             "https://www.coventry.gov.uk/directory-record/49247/parkes-new-south-wales-australia"),
        ],
    },
    "Saint-Étienne": {
        "began": "1955", "alternative": "1963-06",
        "events": [
            ("1955", "A list of Coventry's twin towns gives 1955 as the year of the link.",
             "https://www.coventry.gov.uk/homepage/988/coventrys_twin_towns_and_cities"),
            ("1963-06", "Twinning ceremony in Coventry in June 1963, per Coventry City Council.",
             "https://www.coventry.gov.uk/homepage/988/coventrys_twin_towns_and_cities"),
        ],
    },
}


def _rows(name: str) -> list[dict]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _sources(text: str) -> list[str]:
    return [part.strip() for part in text.split("; ") if part.strip()]


def _add_link(row: dict, home_place: str, now: datetime) -> None:
    disagreement = DISAGREEMENTS.get(row["partner"])
    details = links.LinkDetails(
        partner_name=row["partner"], country=row["country"], partner_local_name=row["local_name"],
        began=disagreement["began"] if disagreement else (row["began"] or None),
        began_alternative=disagreement["alternative"] if disagreement else None,
        began_note=row["note"], sources=[row["source"]])
    link = links.create_link(details, home_place=home_place, actor=ACTOR, now=now)
    if disagreement:
        for date, summary, source in disagreement["events"]:
            _event(link, date, "established", summary, [source], now)
    elif row["began"] and row["partner"] != "Volgograd":
        _event(link, row["began"], "established", f"Twin link with {home_place} begins.",
               [row["source"]], now)


def _event(link, date: str, kind: str, summary: str, sources: list[str], now: datetime):
    details = links.EventDetails(occurred_on=date, kind=kind, summary=summary, sources=sources)
    return links.append_event(link_id=link.id, details=details, actor=ACTOR, now=now)


# Recorded as a decision taken without public consultation; its effect suspends the link.
VOLGOGRAD_SUSPENSION = decision_rules.Record(
    decided_on=date(2022, 3, 22), body=decision_rules.FULL_COUNCIL,
    outcome=decision_rules.ADOPTED, action="suspend",
    title="Suspend the twin link with Volgograd",
    summary="Full council passes a resolution, unanimously, condemning the invasion of Ukraine "
            "and suspending the twinning link with Volgograd.",
    reasons="The council condemned Russia's invasion of Ukraine.",
    no_consultation_reason="Urgent resolution at full council; no consultation was held",
    # The promise the council never made, 90 days after the decision: overdue since 2022.
    retrospective_by=date(2022, 6, 20),
    sources=("https://www.coventry.gov.uk/directory-record/49250/volgograd-russia-coventry-s-"
             "twinning-link-with-volgograd-is-currently-suspended",))


def _volgograd_history(home_place: str, now: datetime) -> None:
    link = link_queries.get_by_slug("volgograd")
    for row in _rows("volgograd-history.csv"):
        _event(link, row["date"], row["kind"], row["summary"], _sources(row["source"]), now)
    decisions.record_without_consultation(link_id=link.id, written=VOLGOGRAD_SUSPENSION,
                                          actor=ACTOR, now=now)


def load(*, home_place: str, now: datetime) -> int:
    """Add the links that are not yet in the register; return how many were added."""
    added = 0
    for row in _rows("coventry-links.csv"):
        if link_queries.get_by_slug(twinning.slugify(row["partner"])) is None:
            _add_link(row, home_place, now)
            added += 1
            if row["partner"] == "Volgograd":
                _volgograd_history(home_place, now)
    demo_consultations.load(now=now)
    db.session.remove()
    return added
