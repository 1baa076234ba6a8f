"""What is published about each thing, as plain dicts shared by the API, the CSVs and the feeds.

One function per kind of record decides which fields are public, so the three outputs cannot
disagree. Account ids, email addresses and the ids of whoever recorded something never appear.
"""

import re
from datetime import datetime

from ..domain import invitations, proposals, twinning, voting
from ..models import AuditEntry, LinkEvent, Proposal, TwinLink
from ..navigation import external_url
from ..queries import invitation_queries, open_data, results, translation_queries

# The audit log names an account by its id in some entries: the id is withheld from open data.
_ACCOUNT_SUBJECT = re.compile(r"^user:\d+$")
ACCOUNT_KEYS = frozenset({"user_id", "actor_id", "author_id", "recorded_by_id", "created_by_id",
                          "moderator_id", "reporter_id"})
WITHHELD = "withheld"


def link_ref(link: TwinLink) -> dict:
    return {"slug": link.slug, "partner_name": link.partner_name,
            "url": external_url("api.link", slug=link.slug)}


def link_record(link: TwinLink) -> dict:
    return {
        "slug": link.slug, "home_place": link.home_place, "partner_name": link.partner_name,
        "partner_local_name": link.partner_local_name, "country": link.country,
        "status": link.status, "status_label": twinning.STATUS_LABELS[link.status],
        "began": link.began, "began_alternative": link.began_alternative,
        "began_note": link.began_note, "description": link.description,
        "sources": [source.url for source in link.sources], "updated_at": link.updated_at,
        "url": external_url("api.link", slug=link.slug),
        "html_url": external_url("public.link_detail", slug=link.slug),
    }


def event_record(event: LinkEvent) -> dict:
    return {
        "id": event.id, "occurred_on": event.occurred_on, "kind": event.kind,
        "kind_label": twinning.EVENT_KINDS.get(event.kind, event.kind),
        "summary": event.summary, "sources": list(event.sources or []),
        "corrects": event.corrects_id, "consultation_id": event.proposal_id,
        "recorded_at": event.recorded_at, "recorded_by": event.recorded_by,
        "html_url": external_url("public.link_detail", slug=event.link.slug,
                                 _anchor=f"event-{event.id}"),
    }


def _document(proposal: Proposal, document) -> dict:
    url = document.url or external_url("public.consultation_document",
                                       proposal_id=proposal.id, document_id=document.id)
    return {"title": document.title, "url": url, "sha256": document.sha256 or None}


def consultation_summary(proposal: Proposal, now: datetime) -> dict:
    return {
        "id": proposal.id, "title": proposal.title, "action": proposal.action,
        "action_label": proposals.ACTIONS.get(proposal.action, proposal.action),
        "status": open_data.public_status(proposal, now), "link": link_ref(proposal.link),
        "opens_at": proposal.opens_at, "closes_at": proposal.closes_at,
        "retrospective": proposal.retrospective, "retrospective_of": proposal.retrospective_of_id,
        "url": external_url("api.consultation", proposal_id=proposal.id),
        "html_url": external_url("public.consultation", proposal_id=proposal.id),
    }


def consultation_record(proposal: Proposal, now: datetime) -> dict:
    return {
        **consultation_summary(proposal, now),
        "summary": proposal.summary, "reasons": proposal.reasons,
        "alternatives": [{"title": a.get("title", ""), "why_not": a.get("why_not", "")}
                         for a in proposal.alternatives or []],
        "options": [option.label for option in proposal.options],
        "published_closes_at": proposal.published_closes_at,
        "closed_early_at": proposal.closed_early_at, "close_reason": proposal.close_reason,
        "withdrawn_at": proposal.withdrawn_at, "withdrawn_reason": proposal.withdrawn_reason,
        "results_visibility": proposal.results_visibility,
        "results_visible": open_data.outcome(proposal, now).visible,
        "fingerprint": proposal.fingerprint or None,
        "documents": [_document(proposal, document) for document in proposal.documents],
        "corrections": [{"body": note.body, "created_at": note.created_at}
                        for note in proposal.notes],
        "language": "en",
        "translations": [translation_record(proposal, row)
                         for row in translation_queries.public_versions(proposal)],
        **invitations_record(proposal),
        "results_url": external_url("api.consultation_results", proposal_id=proposal.id),
    }


def invitations_record(proposal: Proposal) -> dict:
    """Who the council says it invited, and its reason for not inviting the twin council."""
    invited = invitation_queries.public_list(proposal)
    return {
        "invitations": [{
            "name": row.name, "kind": row.kind,
            "kind_label": invitations.KINDS.get(row.kind, row.kind),
            "invited_on": row.invited_on, "channel": row.channel,
            "channel_label": invitations.CHANNELS.get(row.channel, row.channel),
            "demonstration": row.demonstration,
            "added_after_opening": row.added_after_opening_at is not None,
            "added_at": row.created_at} for row in invited.rows],
        "no_twin_council_reason": invited.no_twin_council_reason,
    }


def translation_record(proposal: Proposal, row) -> dict:
    return {
        "language": row.language, "title": row.title, "summary": row.summary,
        "reasons": row.reasons,
        "alternatives": [{"title": a.get("title", ""), "why_not": a.get("why_not", "")}
                         for a in row.alternatives],
        "options": list(row.option_labels), "documents": list(row.document_titles),
        "translated_by": row.translated_by, "demonstration": row.demonstration,
        "sha256": row.sha256, "translates": row.english_sha256,
        "published_at": translation_queries.published_at(proposal, row),
        "added_after_opening": row.added_after_opening_at is not None,
    }


def _counts(rows) -> list[dict]:
    return [{"option": row.label, "value": row.count} for row in rows]


def _result(tally: dict) -> str | None:
    """The option with most responses; 'tie' when several share the most; None with none."""
    leaders = voting.leading_options(tally)
    labels = {row.option_id: row.label for row in tally["overall"]}
    if not leaders:
        return None
    return labels[leaders[0]] if len(leaders) == 1 else "tie"


def vote_event(proposal: Proposal, tally: dict) -> dict:
    """The responses as a Popolo vote event: counts by option, overall and per group."""
    groups = [{"group": {"id": rtype, "name": voting.RESPONDENT_TYPES[rtype]},
               "total": group["total"], "counts": _counts(group["rows"])}
              for rtype, group in tally["by_type"].items()]
    labels = {option.id: option.label for option in proposal.options}
    languages = [{"language": row["language"], "total": row["total"],
                  "counts": [{"option": label, "value": count} for label, count in row["counts"]]}
                 for row in results.by_language(proposal, labels)]
    return {"identifier": f"consultation-{proposal.id}", "start_date": proposal.opens_at,
            "end_date": proposal.closes_at, "result": _result(tally), "total": tally["total"],
            "counts": _counts(tally["overall"]), "group_results": groups,
            "language_results": languages}


def results_record(proposal: Proposal, now: datetime) -> dict:
    """Totals and the breakdown once results are visible; only the count while hidden."""
    found = open_data.outcome(proposal, now)
    status = open_data.public_status(proposal, now)
    return {
        "consultation_id": proposal.id, "status": status, "visible": found.visible,
        "final": found.visible and status in ("closed", "decided"),
        "response_count": found.response_count,
        "motion": {"text": proposal.title, "classification": proposal.action,
                   "options": [option.label for option in proposal.options],
                   "requirement": "advisory: the council decides after the consultation"},
        "vote_event": vote_event(proposal, found.tally) if found.visible else None,
        "html_url": external_url("public.consultation_results", proposal_id=proposal.id),
    }


def reason_record(reason: open_data.PublishedReason) -> dict:
    return {"display_name": reason.display_name, "option": reason.option,
            "reason": reason.reason, "responded_at": reason.responded_at}


def audit_record(entry: AuditEntry) -> dict:
    """An entry as chained, less any account id (in the subject or a details key).

    `withheld` names what was taken out: such an entry's hash cannot be recomputed from what is
    published, but the next entry's prev_hash still chains to it.
    """
    withheld, subject, details = [], entry.subject, dict(entry.details or {})
    if _ACCOUNT_SUBJECT.match(subject):
        withheld.append("subject")
        subject = f"user:{WITHHELD}"
    for key in sorted(ACCOUNT_KEYS & set(details)):
        if details[key] is not None:
            withheld.append(f"details.{key}")
            details[key] = WITHHELD
    return {
        "lane": entry.lane, "seq": entry.seq, "occurred_at": entry.occurred_at.isoformat(),
        "actor": entry.actor,
        "action": entry.action, "subject": subject, "details": details,
        "prev_hash": entry.prev_hash, "hash": entry.hash, "withheld": withheld,
    }
