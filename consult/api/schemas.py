"""Marshmallow schemas: they serialise every API response and generate the OpenAPI document.

Output fields are all `required` (always present); those that may be empty allow null.
"""

import marshmallow as ma
from marshmallow import fields, validate

from ..domain import twinning
from ..queries import open_data

SLUG = r"^[a-z0-9-]{1,80}$"
MAX_PAGE = 100_000


def required(field_class, *args, **kwargs):
    return field_class(*args, required=True, **kwargs)


def nullable(field_class, *args, **kwargs):
    return field_class(*args, required=True, allow_none=True, **kwargs)


class ErrorSchema(ma.Schema):
    status = required(fields.Integer, metadata={"description": "The HTTP status code."})
    message = required(fields.String, metadata={"description": "What went wrong, in words."})
    errors = fields.Dict(metadata={
        "description": "Each rejected parameter, by location and name, with the reasons: "
                       "{\"query\": {\"per_page\": [\"...\"]}}."})
    incident = fields.String(metadata={"description": "On a server error: a reference to quote."})


# --- query parameters -------------------------------------------------------------------

class NoArgs(ma.Schema):
    """No query parameters: any given are refused with 400."""


class PageArgs(ma.Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE),
                          metadata={"description": "Page number, from 1."})
    per_page = fields.Integer(load_default=20,
                              validate=validate.Range(1, open_data.MAX_PER_PAGE),
                              metadata={"description": "Items per page, at most 100."})


class LinkArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(twinning.STATUSES),
                           metadata={"description": "Only links with this status."})
    country = fields.String(validate=validate.Length(1, 80),
                            metadata={"description": "Only links with a partner in this country "
                                                     "(exact name, e.g. Germany)."})


class ConsultationArgs(PageArgs):
    status = fields.String(
        validate=validate.OneOf(open_data.CONSULTATION_FILTERS),
        metadata={"description": "By status now: 'closed' includes decided consultations."})
    link = fields.String(validate=validate.Regexp(SLUG),
                         metadata={"description": "Only consultations about the link with this "
                                                  "slug (e.g. volgograd)."})


# --- pages of results -------------------------------------------------------------------

class PageSchema(ma.Schema):
    page = required(fields.Integer)
    per_page = required(fields.Integer)
    total = required(fields.Integer, metadata={"description": "Items on every page together."})
    pages = required(fields.Integer)
    next = nullable(fields.String, metadata={
        "description": "The next page's URL; null on the last page."})
    prev = nullable(fields.String, metadata={"description": "The previous page's URL."})


def page_schema(name: str, item_schema) -> type[ma.Schema]:
    return type(name, (PageSchema,), {"items": required(fields.List, fields.Nested(item_schema))})


# --- the register -----------------------------------------------------------------------

class LinkRefSchema(ma.Schema):
    slug = required(fields.String)
    partner_name = required(fields.String)
    url = required(fields.String)


class LinkSchema(ma.Schema):
    slug = required(fields.String)
    home_place = required(fields.String)
    partner_name = required(fields.String)
    partner_local_name = required(fields.String)
    country = required(fields.String)
    status = required(fields.String, validate=validate.OneOf(twinning.STATUSES))
    status_label = required(fields.String)
    began = nullable(fields.String, metadata={
        "description": "Partial date: YYYY, YYYY-MM or YYYY-MM-DD, as precisely as known."})
    began_alternative = nullable(fields.String, metadata={
        "description": "Where sources disagree: the other date given."})
    began_note = required(fields.String)
    description = required(fields.String)
    sources = required(fields.List, fields.String())
    updated_at = required(fields.DateTime)
    overdue = required(fields.Boolean, metadata={
        "description": "A retrospective consultation or a review is overdue."})
    retrospective_overdue_since = nullable(fields.Date, metadata={
        "description": "The date a promised retrospective consultation was due to open by."})
    review_on = nullable(fields.Date, metadata={
        "description": "The review date set by the link's latest decision that set one."})
    review_overdue = required(fields.Boolean, metadata={
        "description": "The review date has come with no newer decision, open consultation or "
                       "recorded review."})
    url = required(fields.String)
    html_url = required(fields.String)


class EventSchema(ma.Schema):
    id = required(fields.Integer)
    occurred_on = required(fields.String, metadata={"description": "Partial date."})
    kind = required(fields.String, metadata={
        "description": "What happened, as a stable key; kind_label words it. "
                       "consultation_response: the council published its feedback (\"you said, "
                       "we did\"); the key keeps the name it was first published under."})
    kind_label = required(fields.String)
    summary = required(fields.String)
    sources = required(fields.List, fields.String())
    corrects = nullable(fields.Integer, metadata={
        "description": "The id of the entry this one corrects."})
    consultation_id = nullable(fields.Integer)
    recorded_at = required(fields.DateTime)
    recorded_by = required(fields.String, metadata={
        "description": "The officer (named, as they act for the council) or the system."})
    html_url = required(fields.String)


class HistorySchema(ma.Schema):
    link = required(fields.Nested, LinkRefSchema)
    total = required(fields.Integer)
    events = required(fields.List, fields.Nested(EventSchema),
                      metadata={"description": "Oldest first. Entries are never edited: a "
                                               "correction is a new entry."})


LinkPageSchema = page_schema("LinkPageSchema", LinkSchema)


# --- the audit log ----------------------------------------------------------------------

class AuditHeadSchema(ma.Schema):
    seq = required(fields.Integer, metadata={
        "description": "Entries so far in lane 0, the main log (0 before the first)."})
    hash = required(fields.String, metadata={
        "description": "SHA-256 of the newest entry in lane 0; through its anchors it vouches "
                       "for the response lanes too."})
    occurred_at = nullable(fields.DateTime)
    entries = required(fields.Integer, metadata={
        "description": "Entries in every lane together, with this head."})
    public_key = required(fields.String, metadata={
        "description": "The council's Ed25519 public key: 32 bytes, in hex."})
    signature = required(fields.String, metadata={
        "description": "Ed25519 signature (64 bytes, hex) of the canonical JSON of "
                       '{"statement": "consult audit log head", "lane": 0, "seq", "hash", '
                       '"entries"} (sorted keys, no spaces, UTF-8).'})


class AuditEntrySchema(ma.Schema):
    lane = required(fields.Integer, metadata={
        "description": "0 for the main log; 1-16 for residents' responses. Each lane is its "
                       "own chain, numbered from 1; `lane` is hashed only when it is not 0."})
    seq = required(fields.Integer, metadata={"description": "Position within the lane."})
    occurred_at = required(fields.String, metadata={"description": "ISO 8601, exactly as hashed."})
    actor = required(fields.String, metadata={
        "description": "Staff by name and role; residents only as 'resident'."})
    action = required(fields.String)
    subject = required(fields.String)
    details = required(fields.Dict)
    prev_hash = required(fields.String)
    hash = required(fields.String)
    withheld = required(fields.List, fields.String(), metadata={
        "description": "Fields taken out because they held an account's id (\"subject\", "
                       "\"details.recorded_by_id\"): that entry's hash cannot be recomputed "
                       "from what is published, but the next entry still chains to it."})


AuditPageSchema = page_schema("AuditPageSchema", AuditEntrySchema)
