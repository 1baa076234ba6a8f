"""The officers' analysis list (issue 17): every reason analysis covers, filtered and paged,
with what officers did with it, and the progress figures.

Fast with 100,000 reasons: the filters are conditions on the consultation's responses (found
by the index on proposal_id) tested with indexed lookups (a reason's codes by the primary key
of reason_tags, a theme's reasons by its (theme_id, response_id) index, its read mark by the
primary key of reason_reads); the list is counted once (not at all when the progress figures
hold its size: no filter, not yet coded, not yet read), then only the page's 50 ids are read in
full, with their themes and campaign marks in one query each. Measured with
bench/analysis_page.py.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa

from ..models import (
    AnalysisGroup,
    AnalysisMember,
    AnalysisRun,
    ProposalOption,
    ReasonRead,
    ReasonTag,
    Response,
    Theme,
    db,
)
from . import reason_scope
from .paging import Page, page_of_select

PER_PAGE = 50
UNKNOWN_LANGUAGE = "none"  # the language filter's value for reasons of no known language
MAX_SEARCH = 200


@dataclass(frozen=True)
class Filters:
    """What the officer asked to see; every part is optional and they all apply together."""

    option_id: int | None = None
    group: str = ""
    language: str = ""
    theme_id: int | None = None
    uncoded: bool = False
    unread: bool = False
    campaign: bool = False
    search: str = ""

    @property
    def active(self) -> bool:
        return self != Filters()


@dataclass(frozen=True)
class Coded:
    theme_id: int
    name: str
    quoted: bool


@dataclass(frozen=True)
class Reason:
    id: int
    receipt_code: str
    option: str
    group: str
    language: str
    text: str
    published: bool
    read: bool
    campaign: bool
    themes: list[Coded] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    analysed: int
    read: int
    coded: int


def is_read():
    """The reason was read at its current version (one changed since is unread again)."""
    return sa.exists().where(ReasonRead.response_id == Response.id,
                             ReasonRead.version == Response.version)


def is_coded():
    return sa.exists().where(ReasonTag.response_id == Response.id)


def latest_run_id(proposal_id: int) -> int | None:
    """The consultation's most recent finished analysis run (whose campaigns are shown)."""
    return db.session.scalar(
        sa.select(AnalysisRun.id).where(AnalysisRun.proposal_id == proposal_id,
                                        AnalysisRun.status == "done")
        .order_by(AnalysisRun.finished_at.desc(), AnalysisRun.id.desc()).limit(1))


def campaign_members(run_id: int | None) -> sa.Select:
    """The ids of reasons in a campaign of the run (none without a run)."""
    return (sa.select(AnalysisMember.response_id)
            .join(AnalysisGroup, AnalysisGroup.id == AnalysisMember.group_id)
            .where(AnalysisGroup.run_id == (run_id or 0), AnalysisGroup.kind == "campaign"))


def _theme_and_sub_themes(theme_id: int) -> sa.Select:
    themes = sa.select(Theme.id).where(sa.or_(Theme.id == theme_id, Theme.parent_id == theme_id))
    return sa.select(ReasonTag.response_id).where(ReasonTag.theme_id.in_(themes))


def _search(term: str):
    """Case-insensitive substring of the reason, LIKE's wildcards taken literally.

    PostgreSQL's ILIKE folds every script and is answered by the trigram index of migration
    0019. SQLite's own LIKE folds ASCII letters only, which is all a term of ASCII needs; any
    other term is folded by a Python lower() (SQLite's lower() knows only ASCII:
    consult/database.py)."""
    if db.engine.dialect.name != "sqlite":
        return Response.reason.icontains(term, autoescape=True)
    if term.isascii():
        return Response.reason.contains(term, autoescape=True)
    return sa.func.unicode_lower(Response.reason).contains(term.lower(), autoescape=True)


def _language(code: str):
    return reason_scope.language() == ("" if code == UNKNOWN_LANGUAGE else code)


def conditions(proposal_id: int, filters: Filters) -> list:
    """The analysed reasons of the consultation that the filters keep."""
    found = [reason_scope.analysed(proposal_id)]
    found += [Response.option_id == filters.option_id] if filters.option_id else []
    found += [Response.respondent_type == filters.group] if filters.group else []
    found += [_language(filters.language)] if filters.language else []
    if filters.theme_id:
        found.append(Response.id.in_(_theme_and_sub_themes(filters.theme_id)))
    found += [~is_coded()] if filters.uncoded else []
    found += [~is_read()] if filters.unread else []
    if filters.campaign:
        found.append(Response.id.in_(campaign_members(latest_run_id(proposal_id))))
    found += [_search(filters.search)] if filters.search else []
    return found


def matching_ids(proposal_id: int, filters: Filters) -> list[int]:
    """Every reason the filters keep, for "apply to all N matching"."""
    return list(db.session.scalars(sa.select(Response.id)
                                   .where(*conditions(proposal_id, filters))
                                   .order_by(Response.id)))


def _themes(ids: list[int]) -> dict[int, list[Coded]]:
    found: dict[int, list[Coded]] = {}
    rows = db.session.execute(
        sa.select(ReasonTag.response_id, Theme.id, Theme.name, ReasonTag.quoted)
        .join(Theme, Theme.id == ReasonTag.theme_id).where(ReasonTag.response_id.in_(ids))
        .order_by(sa.func.lower(Theme.name), Theme.id))
    for response_id, theme_id, name, quoted in rows:
        found.setdefault(response_id, []).append(Coded(theme_id, name, quoted))
    return found


def _reasons(proposal_id: int, ids: list[int]) -> list[Reason]:
    """The page's reasons in full: one query for them, one for their themes, one for campaigns."""
    if not ids:
        return []
    rows = db.session.execute(
        sa.select(Response.id, Response.receipt_code, ProposalOption.label,
                  Response.respondent_type, reason_scope.language(), Response.reason,
                  Response.reason_status == "published", is_read())
        .join(ProposalOption, ProposalOption.id == Response.option_id)
        .where(Response.id.in_(ids)).order_by(Response.id))
    themes = _themes(ids)
    campaigns = set(db.session.scalars(campaign_members(latest_run_id(proposal_id))
                                       .where(AnalysisMember.response_id.in_(ids))))
    return [Reason(*row[:7], read=bool(row[7]), campaign=row[0] in campaigns,
                   themes=themes.get(row[0], [])) for row in rows]


def known_total(filters: Filters, progress: Progress) -> int | None:
    """How many reasons the filters keep, when the progress figures already say it: all of
    them, those not yet coded, or those not yet read. Otherwise None: the list is counted."""
    return {Filters(): progress.analysed,
            Filters(uncoded=True): progress.analysed - progress.coded,
            Filters(unread=True): progress.analysed - progress.read}.get(filters)


def page(proposal_id: int, filters: Filters, wanted: int | None,
         total: int | None = None) -> Page:
    """One page of 50 reasons the filters keep, oldest first; a page that does not exist is
    page 1. The caller may give the total it knows (known_total): the list is then not
    counted again."""
    query = sa.select(Response.id).where(*conditions(proposal_id, filters)).order_by(Response.id)
    ids = page_of_select(query, wanted, PER_PAGE, clamp=True, total=total)
    return Page(_reasons(proposal_id, ids.items), ids.total, ids.number, ids.per_page)


def _count(proposal_id: int, *where) -> sa.ScalarSelect:
    return (sa.select(sa.func.count()).select_from(Response)
            .where(reason_scope.analysed(proposal_id), *where).scalar_subquery())


def progress(proposal_id: int) -> Progress:
    """How many reasons analysis covers, and how many of them are read and coded: three
    counts that each database runs as a scan with a semi-join (an EXISTS per reason in the
    select list would be a subplan run for every reason on PostgreSQL)."""
    return Progress(*db.session.execute(sa.select(
        _count(proposal_id), _count(proposal_id, is_read()),
        _count(proposal_id, is_coded()))).one())


def languages(proposal_id: int) -> list[str]:
    """The languages the consultation's reasons are in ("" for not known), for the filter."""
    language = reason_scope.language().label("shown_language")  # not a column's name
    return sorted(db.session.scalars(sa.select(language).where(
        reason_scope.analysed(proposal_id)).group_by(language)))


def _overview_sqlite(proposal_id: int) -> tuple[Progress, list[str]]:
    """SQLite probes an index per reason cheaply: one pass, grouped by language."""
    language = reason_scope.language().label("shown_language")
    rows = db.session.execute(
        sa.select(language, sa.func.count(), sa.func.count(sa.case((is_read(), 1))),
                  sa.func.count(sa.case((is_coded(), 1))))
        .where(reason_scope.analysed(proposal_id)).group_by(language)).all()
    totals = Progress(*(sum(row[column] for row in rows) for column in (1, 2, 3)))
    return totals, sorted(row[0] for row in rows)


def overview(proposal_id: int) -> tuple[Progress, list[str]]:
    """The progress figures and the languages of the reasons, each database its quickest way."""
    if db.engine.dialect.name == "sqlite":
        return _overview_sqlite(proposal_id)
    return _overview_postgresql(proposal_id)


def _overview_postgresql(proposal_id: int) -> tuple[Progress, list[str]]:
    """PostgreSQL joins the read marks and the coded reasons once each (hash joins) and groups
    by language in the same pass: half the time of the counts and the languages apart."""
    language = reason_scope.language().label("shown_language")
    coded = sa.select(ReasonTag.response_id).distinct().subquery()
    rows = db.session.execute(
        sa.select(language, sa.func.count(), sa.func.count(ReasonRead.response_id),
                  sa.func.count(coded.c.response_id))
        .select_from(Response)
        .outerjoin(ReasonRead, sa.and_(ReasonRead.response_id == Response.id,
                                       ReasonRead.version == Response.version))
        .outerjoin(coded, coded.c.response_id == Response.id)
        .where(reason_scope.analysed(proposal_id)).group_by(language)).all()
    totals = Progress(*(sum(row[column] for row in rows) for column in (1, 2, 3)))
    return totals, sorted(row[0] for row in rows)
