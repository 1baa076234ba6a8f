"""Residents asking for a consultation: moderation, signing, the threshold and the answer.

Pure: the clock, the config and the database are the caller's. A request is stored as
`pending` (waiting for a moderator), `rejected` (with a coded public reason) or `published`.
A published request collects signatures until `closes_at`; once `threshold` local signatures
are reached (the moment recorded when the signature that reaches it is written) the council
owes an answer by `answer_due_at`: a consultation (the request is answered once that
consultation is published, i.e. no longer a draft and not withdrawn) or a reasoned refusal.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import DomainError, InvalidTransition
from .i18n import N_
from .voting import LOCAL, RESPONDENT_TYPES, TWIN_CITY, WORKS_STUDIES

# Stored statuses.
PENDING = "pending"
REJECTED = "rejected"
PUBLISHED = "published"
STORED = (PENDING, REJECTED, PUBLISHED)

# What the public sees: a published request's place in its life, computed with `now`.
OPEN = "open"
AWAITING = "awaiting_answer"
OVERDUE = "overdue"
ANSWERED = "answered"
CLOSED = "closed"  # closed without reaching the threshold (and without an answer)
STATES = (PENDING, OPEN, AWAITING, OVERDUE, ANSWERED, CLOSED, REJECTED)
STATE_LABELS = {PENDING: N_("Waiting for moderation"), OPEN: N_("Open for signatures"),
                AWAITING: N_("Waiting for the council's answer"),
                OVERDUE: N_("Council's answer overdue"), ANSWERED: N_("Answered"),
                CLOSED: N_("Closed"), REJECTED: N_("Rejected")}
# The public list's filters, each a set of states.
FILTERS = {"open": frozenset({OPEN}), "awaiting": frozenset({AWAITING, OVERDUE}),
           "answered": frozenset({ANSWERED}), "closed": frozenset({CLOSED}),
           "rejected": frozenset({REJECTED})}
FILTER_LABELS = {"open": N_("Open"), "awaiting": N_("Awaiting the council's answer"),
                 "answered": N_("Answered"), "closed": N_("Closed"), "rejected": N_("Rejected")}

# What a request may ask for. Defined here, not in proposals.ACTIONS: "review" is a request's
# own word until consultations have it too.
ACTIONS = {"suspend": N_("Suspend the link"), "end": N_("End the link"),
           "resume": N_("Resume the link"), "establish": N_("Establish a new link"),
           "review": N_("Review the link")}

# The UK Parliament petitions site's pattern: a coded public reason for each rejection.
DUPLICATE = "duplicate"
NOT_TWIN_LINK = "not_twin_link"
OFFENSIVE = "offensive"
PERSONAL_INFORMATION = "personal_information"
ALREADY_CONSULTING = "already_consulting"
REJECTION_REASONS = {
    DUPLICATE: N_("There is already a request about this"),
    NOT_TWIN_LINK: N_("It is not about a twin link"),
    OFFENSIVE: N_("It is offensive, abusive or nonsense"),
    PERSONAL_INFORMATION: N_("It includes personal information"),
    ALREADY_CONSULTING: N_("The council is already consulting on this"),
}

# A request rejected for these reasons is listed by its reason alone: its words are not shown.
TEXT_WITHHELD = frozenset({OFFENSIVE, PERSONAL_INFORMATION})


def text_shown(status: str, rejection_code: str | None) -> bool:
    """Whether the public may read a request's title and reason."""
    return not (status == REJECTED and rejection_code in TEXT_WITHHELD)


# How the council answered.
CONSULTATION = "consultation"
REFUSAL = "refusal"
ANSWERS = (CONSULTATION, REFUSAL)
# The mail each signer still signed gets when the council answers (an event of its own kind).
ANSWER_SUBJECTS = {CONSULTATION: N_("The council will consult on a request you signed"),
                   REFUSAL: N_("The council has refused a request you signed")}

# Who may sign, and how each signature counts: twin-city residents apart from the rest.
SIGNER_TYPES = {key: RESPONDENT_TYPES[key] for key in (LOCAL, WORKS_STUDIES, TWIN_CITY)}
LOCAL_GROUP, TWIN_GROUP = "local", "twin_city"

MAX_TITLE = 120
MAX_REASON = 2000
MAX_REFUSAL = 5000


class RequestError(DomainError):
    """A rule about requests for a consultation was broken."""


class SigningClosed(RequestError):
    """The request is not open for signatures (not published, or past its close)."""


class AlreadySigned(RequestError):
    """One signature per person per request."""


class NotSigned(RequestError):
    """There is no signature to withdraw."""


@dataclass(frozen=True)
class Draft:
    link_id: int | None
    action: str
    title: str
    reason: str


def check_draft(draft: Draft, link_ids: set[int]) -> Draft:
    """A request names a twin link, an action, a short title and a reason of bounded length."""
    if draft.link_id not in link_ids:
        raise RequestError(N_("Choose the twin link the request is about"), field="link")
    if draft.action not in ACTIONS:
        raise RequestError(N_("Choose what you are asking the council to consult on"),
                           field="action")
    title, reason = draft.title.strip(), draft.reason.strip()
    if not title:
        raise RequestError(N_("Enter a title for your request"), field="title")
    if len(title) > MAX_TITLE:
        raise RequestError(N_("The title must be %(max)d characters or fewer"), field="title",
                           max=MAX_TITLE)
    if not reason:
        raise RequestError(N_("Enter why the council should consult"), field="reason")
    if len(reason) > MAX_REASON:
        raise RequestError(N_("Your reason must be %(max)d characters or fewer"),
                           field="reason", max=MAX_REASON)
    return Draft(draft.link_id, draft.action, title, reason)


def require_pending(status: str) -> None:
    """Only a request waiting for moderation can be published or rejected."""
    if status != PENDING:
        raise InvalidTransition(N_("This request has already been moderated"))


def check_rejection(code: str) -> str:
    if code not in REJECTION_REASONS:
        raise RequestError(N_("Choose the reason for rejecting the request"), field="reason")
    return code


def closes_at(published_at: datetime, days: int) -> datetime:
    """Signatures are taken for `days` days from the moment the request was published."""
    return published_at + timedelta(days=days)


def answer_due_at(reached_at: datetime, days: int) -> datetime:
    """The council owes its answer `days` days after the threshold was reached."""
    return reached_at + timedelta(days=days)


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about one request, as stored."""

    status: str
    closes_at: datetime | None = None
    threshold: int = 0
    reached_at: datetime | None = None
    answer_due_at: datetime | None = None
    answer: str | None = None  # CONSULTATION or REFUSAL once an officer answered
    consultation_published: bool = False  # the linked consultation is no longer a draft


def answered(facts: Facts) -> bool:
    """A refusal answers at once; a consultation once it is published (and not withdrawn)."""
    return facts.answer == REFUSAL or (facts.answer == CONSULTATION
                                       and facts.consultation_published)


def state(facts: Facts, now: datetime) -> str:
    """Where the request stands at `now` (one of STATES)."""
    if facts.status != PUBLISHED:
        return facts.status
    if answered(facts):
        return ANSWERED
    if facts.reached_at is not None:
        return OVERDUE if facts.answer_due_at and now > facts.answer_due_at else AWAITING
    if facts.closes_at is not None and now >= facts.closes_at:
        return CLOSED
    return OPEN


def signing_open(facts: Facts, now: datetime) -> bool:
    """Published and before its close (an answer does not stop the signing)."""
    return facts.status == PUBLISHED and facts.closes_at is not None and now < facts.closes_at


def require_signing_open(facts: Facts, now: datetime) -> None:
    """Signatures, and their withdrawal, are taken only while the request is open."""
    if not signing_open(facts, now):
        raise SigningClosed(N_("This request is not open for signatures"), field="signer_type")


def check_signer_type(signer_type: str) -> str:
    if signer_type not in SIGNER_TYPES:
        raise RequestError(N_("Choose where you live or work"), field="signer_type")
    return signer_type


def group_of(signer_type: str) -> str:
    """Twin-city residents are counted apart; everyone else counts towards the threshold."""
    return TWIN_GROUP if signer_type == TWIN_CITY else LOCAL_GROUP


def reaches_threshold(facts: Facts, local_count: int) -> bool:
    """True the first time the local count reaches the threshold (the moment is kept)."""
    return facts.reached_at is None and facts.threshold > 0 and local_count >= facts.threshold


def can_answer(facts: Facts) -> bool:
    """The council may answer a published request not yet answered (before or after the
    threshold); a consultation answer whose consultation was withdrawn may be answered again."""
    return facts.status == PUBLISHED and (facts.answer is None or (
        facts.answer == CONSULTATION and not facts.consultation_published))


def require_answerable(facts: Facts) -> None:
    if not can_answer(facts):
        raise RequestError(N_("This request cannot be answered now"))


def check_refusal(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise RequestError(N_("Enter the council's reasons for refusing"), field="reason")
    if len(reason) > MAX_REFUSAL:
        raise RequestError(N_("The reasons must be %(max)d characters or fewer"), field="reason",
                           max=MAX_REFUSAL)
    return reason


def check_consultation_link(request_link_id: int, proposal_link_id: int,
                            proposal_status: str) -> None:
    """The answering consultation is about the same twin link and is not withdrawn."""
    if proposal_link_id != request_link_id:
        raise RequestError(N_("Choose a consultation about the same twin link"),
                           field="proposal")
    if proposal_status == "withdrawn":
        raise RequestError(N_("Choose a consultation that has not been withdrawn"),
                           field="proposal")
