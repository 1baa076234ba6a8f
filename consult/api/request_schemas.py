"""Schemas for residents' requests for a consultation."""

import marshmallow as ma
from marshmallow import fields, validate

from ..domain import requests as rules
from .schemas import LinkRefSchema, PageArgs, nullable, page_schema, required


class RequestArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(tuple(rules.FILTERS)), metadata={
        "description": "open, awaiting (the council's answer, overdue included), answered, "
                       "closed (without reaching the threshold) or rejected."})


class SignatureCountsSchema(ma.Schema):
    local = required(fields.Integer, metadata={
        "description": "Signatures from the council area: these count towards the threshold."})
    twin_city = required(fields.Integer, metadata={
        "description": "Signatures from residents of the twin city, counted separately."})


class AnswerSchema(ma.Schema):
    kind = required(fields.String, validate=validate.OneOf(rules.ANSWERS))
    answered_at = required(fields.DateTime)
    consultation_id = nullable(fields.Integer)
    consultation_url = nullable(fields.String)
    reasons = required(fields.String, metadata={"description": "A refusal's reasons."})


class RequestSchema(ma.Schema):
    id = required(fields.Integer)
    title = nullable(fields.String, metadata={
        "description": "Null when rejected as offensive or for personal information."})
    reason = nullable(fields.String)
    language = nullable(fields.String)
    link = required(fields.Nested, LinkRefSchema)
    action = required(fields.String, validate=validate.OneOf(tuple(rules.ACTIONS)))
    action_label = required(fields.String)
    status = required(fields.String, validate=validate.OneOf(rules.STATES))
    status_label = required(fields.String)
    rejection_reason = nullable(fields.String,
                                validate=validate.OneOf(tuple(rules.REJECTION_REASONS)))
    published_at = nullable(fields.DateTime)
    closes_at = nullable(fields.DateTime)
    signatures = required(fields.Nested, SignatureCountsSchema)
    threshold = nullable(fields.Integer)
    reached_at = nullable(fields.DateTime, metadata={
        "description": "When the signature that reached the threshold was written."})
    answer_due_by = nullable(fields.DateTime)
    overdue = required(fields.Boolean)
    answer = fields.Nested(AnswerSchema, required=True, allow_none=True, metadata={
        "description": "The council's answer, once public; null before."})
    url = required(fields.String)
    html_url = required(fields.String)


RequestPageSchema = page_schema("RequestPageSchema", RequestSchema)
