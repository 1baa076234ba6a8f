"""Who may respond, what a response holds, and honest tallies."""

import re
from collections import Counter
from dataclasses import dataclass

from .errors import DomainError
from .i18n import N_

LOCAL = "local_resident"
WORKS_STUDIES = "works_or_studies"
TWIN_CITY = "twin_city_resident"
ORGANISATION = "organisation"
OTHER = "other"

RESPONDENT_TYPES = {
    LOCAL: N_("Lives in the council area"),
    WORKS_STUDIES: N_("Works or studies in the council area"),
    TWIN_CITY: N_("Lives in the twin city"),
    ORGANISATION: N_("On behalf of an organisation"),
    OTHER: N_("Other"),
}

MAX_REASON = 5000
# The outward part of a UK postcode: CV1, CV10, B1, SW1A, W1D.
POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


class NotVerified(DomainError):
    """Only residents with a confirmed email address can respond."""


class NoCurrentResponse(DomainError):
    """There is no response to change or withdraw."""


class NothingChanged(DomainError):
    """A change of response that changes nothing keeps the response and its receipt code."""


@dataclass(frozen=True)
class Choice:
    option_id: int
    respondent_type: str
    organisation: str = ""
    postcode_district: str = ""
    reason: str = ""


def check_respondent(verified: bool) -> None:
    if not verified:
        raise NotVerified(N_("Confirm your email address before you respond. We sent you a "
                             "link when you registered; you can ask for a new one on your "
                             "account page."))


def normalise_district(text: str) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def check_choice(choice: Choice, option_ids: set[int]) -> Choice:
    """A response names one of this proposal's options and a known respondent type."""
    if choice.option_id not in option_ids:
        raise DomainError(N_("Choose one of the options"), field="option")
    if choice.respondent_type not in RESPONDENT_TYPES:
        raise DomainError(N_("Choose who you are responding as"), field="respondent_type")
    if choice.respondent_type == ORGANISATION and not choice.organisation.strip():
        raise DomainError(N_("Enter the name of the organisation"), field="organisation")
    district = normalise_district(choice.postcode_district)
    if district and not POSTCODE_DISTRICT.match(district):
        raise DomainError(N_("Enter the first part of a postcode, like CV1"),
                          field="postcode_district")
    if len(choice.reason) > MAX_REASON:
        raise DomainError(N_("Your reason must be %(max)d characters or fewer"), field="reason",
                          max=MAX_REASON)
    organisation = choice.organisation.strip() if choice.respondent_type == ORGANISATION else ""
    return Choice(choice.option_id, choice.respondent_type, organisation, district,
                  choice.reason.strip())


def require_change(current: Choice | None, new: Choice) -> None:
    """A change must change something: submitting the current response again would replace a
    receipt code the respondent may have noted for nothing."""
    if current == new:
        raise NothingChanged(N_("You did not change anything, so your response and its "
                                "receipt code stay as they were."))


@dataclass(frozen=True)
class Row:
    option_id: int
    label: str
    count: int
    percent: float


def percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def tally(option_labels: dict[int, str], votes: list[tuple[int, str]]) -> dict:
    """Totals from one (option_id, respondent_type) pair per current response."""
    return tally_counts(option_labels, Counter(votes))


def tally_counts(option_labels: dict[int, str], counts: dict[tuple[int, str], int]) -> dict:
    """Totals per option, overall and per respondent type; twin-city responses stay separate.

    `counts` holds how many current responses share each (option_id, respondent_type).
    """
    def rows(counter: Counter) -> list[Row]:
        total = sum(counter.values())
        return [Row(oid, label, counter[oid], percent(counter[oid], total))
                for oid, label in option_labels.items()]

    overall, by_type = Counter(), {rtype: Counter() for rtype in RESPONDENT_TYPES}
    for (option, rtype), n in counts.items():
        overall[option] += n
        by_type[rtype][option] += n
    return {
        "total": sum(overall.values()),
        "overall": rows(overall),
        "by_type": {rtype: {"total": sum(c.values()), "rows": rows(c)}
                    for rtype, c in by_type.items()},
    }


HEADLINE_GROUPS = (("council_area", N_("Council area and other respondents")),
                   (TWIN_CITY, N_("Twin city residents")))


def headline_groups(result: dict) -> list[dict]:
    """The two groups every headline total shows apart, as the results page does: residents
    of the twin city, and everyone else (people who live, work or study in the council area,
    organisations and others). A twin city's view is never merged into the council area's."""
    labels = {row.option_id: row.label for row in result["overall"]}
    twin = Counter({row.option_id: row.count for row in result["by_type"][TWIN_CITY]["rows"]})
    rest = Counter({row.option_id: row.count for row in result["overall"]}) - twin
    groups = []
    for (key, label), counter in zip(HEADLINE_GROUPS, (rest, twin), strict=True):
        total = sum(counter.values())
        groups.append({"group": key, "label": label, "total": total,
                       "rows": [Row(oid, name, counter[oid], percent(counter[oid], total))
                                for oid, name in labels.items()]})
    return groups


def leading_options(result: dict) -> list[int]:
    """The option ids with the most responses (several on a tie, none with no responses)."""
    rows = result["overall"]
    top = max((row.count for row in rows), default=0)
    return [row.option_id for row in rows if top and row.count == top]
