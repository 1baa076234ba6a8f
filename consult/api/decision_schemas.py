"""Schemas for decisions: the record, the councillors' vote and the Gunning fairness checks."""

import marshmallow as ma
from marshmallow import fields, validate

from ..domain import decisions as decision_rules
from ..domain import fairness
from ..queries import decision_queries
from .consultation_schemas import CountSchema
from .schemas import SLUG, LinkRefSchema, PageArgs, nullable, page_schema, required


class DecisionArgs(PageArgs):
    link = fields.String(validate=validate.Regexp(SLUG),
                         metadata={"description": "Only decisions on the link with this slug."})
    outcome = fields.String(validate=validate.OneOf(tuple(decision_rules.OUTCOMES)))
    consulted = fields.String(validate=validate.OneOf(("yes", "no")), metadata={
        "description": "yes: after a public consultation; no: without one."})
    year = fields.Integer(validate=validate.Range(decision_queries.MIN_YEAR,
                                                  decision_queries.MAX_YEAR),
                          metadata={"description": "The year it was decided."})
    overdue = fields.Boolean(metadata={
        "description": "true: only decisions whose promised retrospective consultation is "
                       "overdue; false: only the others."})


class DecisionSummarySchema(ma.Schema):
    id = required(fields.Integer)
    title = required(fields.String)
    link = required(fields.Nested, LinkRefSchema)
    decided_on = required(fields.Date)
    body = required(fields.String, validate=validate.OneOf(tuple(decision_rules.BODIES)))
    body_label = required(fields.String)
    outcome = required(fields.String, validate=validate.OneOf(tuple(decision_rules.OUTCOMES)))
    outcome_label = required(fields.String)
    action = required(fields.String)
    consulted = required(fields.Boolean)
    consultation_id = nullable(fields.Integer)
    corrects = nullable(fields.Integer, metadata={
        "description": "The decision record this one corrects."})
    retrospective_by = nullable(fields.Date, metadata={
        "description": "Without consultation: the date by which a retrospective consultation "
                       "was promised to open."})
    no_retrospective_reason = required(fields.String, metadata={
        "description": "Without consultation: why no retrospective consultation will be held."})
    retrospective_consultation_id = nullable(fields.Integer, metadata={
        "description": "The published retrospective consultation looking back on it."})
    overdue = required(fields.Boolean, metadata={
        "description": "The promised date has passed with no retrospective consultation open."})
    overdue_since = nullable(fields.Date, metadata={
        "description": "The promised date, when overdue."})
    url = required(fields.String)
    html_url = required(fields.String)


class CouncilVoteSchema(ma.Schema):
    counts = required(fields.List, fields.Nested(CountSchema), metadata={
        "description": "Popolo counts: yes, no and abstain."})
    names = required(fields.Dict, keys=fields.String(), values=fields.List(fields.String()),
                     metadata={"description": "Councillors named in the minutes, by how they "
                                              "voted, where recorded."})


class CheckSchema(ma.Schema):
    name = required(fields.String)
    status = required(fields.String, validate=validate.OneOf(tuple(fairness.STATUS_LABELS)))
    label = required(fields.String)
    explanation = required(fields.String)


class SealSchema(ma.Schema):
    seq = nullable(fields.Integer)
    hash = nullable(fields.String, metadata={
        "description": "The audit log's head right after this decision was recorded."})


class DecisionSchema(DecisionSummarySchema):
    committee_name = required(fields.String)
    summary = required(fields.String)
    reasons = required(fields.String)
    alternatives = required(fields.String)
    interests = required(fields.String)
    vote = fields.Nested(CouncilVoteSchema, required=True, allow_none=True, metadata={
        "description": "Null where no vote was counted."})
    minutes_url = nullable(fields.String)
    sources = required(fields.List, fields.String())
    review_on = nullable(fields.Date)
    no_consultation_reason = required(fields.String)
    matches_option = nullable(fields.String, metadata={
        "description": "The consultation option the decision matches."})
    differs_from_most_supported = required(fields.Boolean)
    departure_reason = required(fields.String)
    status_before = nullable(fields.String)
    status_after = nullable(fields.String)
    recorded_at = required(fields.DateTime)
    recorded_by = required(fields.String)
    corrected_by = nullable(fields.Integer)
    audit = required(fields.Nested, SealSchema)
    reasons_received = nullable(fields.Integer, metadata={
        "description": "Reasons given in the responses when the decision was recorded (every "
                       "response not withdrawn or invalidated). Null for a decision without "
                       "consultation, or recorded before reading was counted."})
    reasons_read = nullable(fields.Integer, metadata={
        "description": "Of those, reasons an officer had read, in their current version, "
                       "before the decision was recorded."})
    reasons_coded = nullable(fields.Integer, metadata={
        "description": "Of those, reasons coded with at least one theme before the decision "
                       "was recorded."})
    analysis_finished_at = nullable(fields.DateTime, metadata={
        "description": "When the last of the reasons was read, if all were read before the "
                       "decision; otherwise null."})
    checks = required(fields.List, fields.Nested(CheckSchema), metadata={
        "description": "The four Gunning principles, then whether the people most affected "
                       "were invited: passed, failed or not_yet, each explained."})


DecisionPageSchema = page_schema("DecisionPageSchema", DecisionSummarySchema)
