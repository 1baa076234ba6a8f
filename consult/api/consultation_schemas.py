"""Schemas for consultations, their results (as a Popolo vote event), receipts and reasons."""

import marshmallow as ma
from marshmallow import fields, validate

from ..domain import invitations, voting
from ..queries import open_data
from .schemas import LinkRefSchema, nullable, page_schema, required

STATUSES = tuple(open_data.PUBLIC_STATUS.values())


class AlternativeSchema(ma.Schema):
    title = required(fields.String)
    why_not = required(fields.String)


class DocumentSchema(ma.Schema):
    title = required(fields.String)
    url = required(fields.String)
    sha256 = nullable(fields.String, metadata={"description": "Of an uploaded file."})


class CorrectionSchema(ma.Schema):
    body = required(fields.String)
    created_at = required(fields.DateTime)


class ConsultationSummarySchema(ma.Schema):
    id = required(fields.Integer)
    title = required(fields.String)
    action = required(fields.String)
    action_label = required(fields.String)
    status = required(fields.String, validate=validate.OneOf(STATUSES))
    link = required(fields.Nested, LinkRefSchema)
    opens_at = nullable(fields.DateTime)
    closes_at = nullable(fields.DateTime)
    retrospective = required(fields.Boolean, metadata={
        "description": "Asked after the decision it looks back on (taken without consultation)."})
    retrospective_of = nullable(fields.Integer, metadata={
        "description": "The decision a retrospective consultation looks back on."})
    url = required(fields.String)
    html_url = required(fields.String)


class TranslationSchema(ma.Schema):
    language = required(fields.String, metadata={"description": "Language code, e.g. ru."})
    title = required(fields.String)
    summary = required(fields.String)
    reasons = required(fields.String, metadata={"description": "Markdown, as written."})
    alternatives = required(fields.List, fields.Nested(AlternativeSchema))
    options = required(fields.List, fields.String(), metadata={
        "description": "In the order of the English options."})
    documents = required(fields.List, fields.String(), metadata={
        "description": "Document titles, in the order of the English documents."})
    translated_by = required(fields.String)
    demonstration = required(fields.Boolean, metadata={
        "description": "A demonstration translation that no translator has checked."})
    sha256 = required(fields.String, metadata={
        "description": "SHA-256 of this version's text, its translator and the English "
                       "fingerprint it translates."})
    translates = required(fields.String, metadata={
        "description": "The fingerprint of the English text this version translates."})
    published_at = nullable(fields.DateTime, metadata={
        "description": "When this version became public and frozen: the opening, or the "
                       "time it was added after the opening."})
    added_after_opening = required(fields.Boolean)


class InvitationSchema(ma.Schema):
    name = required(fields.String, metadata={"description": "The group invited."})
    kind = required(fields.String, validate=validate.OneOf(tuple(invitations.KINDS)))
    kind_label = required(fields.String)
    invited_on = required(fields.Date, metadata={
        "description": "The day the council says it invited them: its claim, as recorded."})
    channel = required(fields.String, validate=validate.OneOf(tuple(invitations.CHANNELS)))
    channel_label = required(fields.String)
    demonstration = required(fields.Boolean, metadata={
        "description": "A demonstration invitation that the council did not send."})
    added_after_opening = required(fields.Boolean, metadata={
        "description": "Recorded after the consultation opened: not on the list then."})
    added_at = required(fields.DateTime, metadata={
        "description": "When the invitation was recorded on this service."})


class ConsultationSchema(ConsultationSummarySchema):
    summary = required(fields.String)
    reasons = required(fields.String, metadata={"description": "Markdown, as written."})
    alternatives = required(fields.List, fields.Nested(AlternativeSchema))
    options = required(fields.List, fields.String())
    published_closes_at = nullable(fields.DateTime, metadata={
        "description": "The closing time first published (compare with closes_at)."})
    closed_early_at = nullable(fields.DateTime)
    close_reason = required(fields.String)
    withdrawn_at = nullable(fields.DateTime)
    withdrawn_reason = required(fields.String)
    results_visibility = required(fields.String, validate=validate.OneOf(("shown", "hidden")),
                                  metadata={"description": "Whether running results are shown "
                                                           "while open."})
    results_visible = required(fields.Boolean)
    fingerprint = nullable(fields.String, metadata={
        "description": "SHA-256 of the published text."})
    documents = required(fields.List, fields.Nested(DocumentSchema))
    corrections = required(fields.List, fields.Nested(CorrectionSchema))
    language = required(fields.String, metadata={
        "description": "The language of the text above: en, the one the council decides on."})
    translations = required(fields.List, fields.Nested(TranslationSchema), metadata={
        "description": "Every published language version, each with its own fingerprint."})
    invitations = required(fields.List, fields.Nested(InvitationSchema), metadata={
        "description": "Who the council says it invited to respond, oldest invitation first."})
    no_twin_council_reason = required(fields.String, metadata={
        "description": "The council's public reason for not inviting the twin city's council; "
                       "empty when it was invited before the consultation opened."})
    results_url = required(fields.String)


class CountSchema(ma.Schema):
    option = required(fields.String, metadata={"description": "The option's label."})
    value = required(fields.Integer, metadata={"description": "Responses for it."})


class GroupSchema(ma.Schema):
    id = required(fields.String, validate=validate.OneOf(tuple(voting.RESPONDENT_TYPES)))
    name = required(fields.String)


class GroupResultSchema(ma.Schema):
    group = required(fields.Nested, GroupSchema)
    total = required(fields.Integer)
    counts = required(fields.List, fields.Nested(CountSchema))


class LanguageResultSchema(ma.Schema):
    language = required(fields.String, metadata={
        "description": "The interface language the response was written in; empty for "
                       "responses made before languages were recorded."})
    total = required(fields.Integer)
    counts = required(fields.List, fields.Nested(CountSchema))


class VoteEventSchema(ma.Schema):
    identifier = required(fields.String)
    start_date = nullable(fields.DateTime)
    end_date = nullable(fields.DateTime)
    result = nullable(fields.String, metadata={
        "description": "The option with most responses, 'tie', or null with no responses. "
                       "Advisory: the council decides."})
    total = required(fields.Integer)
    counts = required(fields.List, fields.Nested(CountSchema))
    group_results = required(fields.List, fields.Nested(GroupResultSchema), metadata={
        "description": "By who responded; twin-city residents are always a group of their "
                       "own."})
    language_results = required(fields.List, fields.Nested(LanguageResultSchema), metadata={
        "description": "By the language each response was written in."})


class MotionSchema(ma.Schema):
    text = required(fields.String)
    classification = required(fields.String)
    options = required(fields.List, fields.String())
    requirement = required(fields.String)


class ResultsSchema(ma.Schema):
    consultation_id = required(fields.Integer)
    status = required(fields.String, validate=validate.OneOf(STATUSES))
    visible = required(fields.Boolean, metadata={
        "description": "False while results are hidden until the close: then only "
                       "response_count is given."})
    final = required(fields.Boolean, metadata={"description": "The consultation has closed."})
    response_count = required(fields.Integer)
    motion = required(fields.Nested, MotionSchema)
    vote_event = fields.Nested(VoteEventSchema, required=True, allow_none=True)
    html_url = required(fields.String)


class ReceiptsSchema(ma.Schema):
    consultation_id = required(fields.Integer)
    count = required(fields.Integer)
    receipts = required(fields.List, fields.String(), metadata={
        "description": "Every counted response's receipt code, sorted: each respondent can "
                       "find their own."})


class ReasonSchema(ma.Schema):
    display_name = required(fields.String, metadata={
        "description": "The name the person chose to show."})
    option = required(fields.String)
    reason = required(fields.String)
    responded_at = required(fields.DateTime, metadata={
        "description": "When the person last changed their response."})


class ReasonPageSchema(page_schema("ReasonPageBase", ReasonSchema)):
    visible = required(fields.Boolean, metadata={
        "description": "False while results are hidden: no reasons are listed then."})


ConsultationPageSchema = page_schema("ConsultationPageSchema", ConsultationSummarySchema)
