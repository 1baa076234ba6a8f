"""Two officers coding overlapping reasons at once (issue 17): nothing fails, no reason is coded
twice, and the counts by theme equal a direct count of the rows."""

import threading
from datetime import UTC, datetime

import sqlalchemy as sa

from consult.models import ReasonRead, ReasonTag, User, db
from consult.queries import analysis_queries, codebook_queries
from consult.services import codebook, coding
from tests.factories import make_user
from tests.integration.analysis_data import bulk_reasons, reasons_consultation

ROUNDS = 6


def _officer_work(app, officer_id, proposal_id, theme_ids, chosen, barrier, results, errors):
    """Each round: tag a slice of the reasons with each theme, untag a little, mark read."""
    try:
        with app.app_context():
            actor = db.session.get(User, officer_id)
            barrier.wait()
            for round_ in range(ROUNDS):
                part = chosen[round_ * 40:(round_ + 2) * 40]
                for theme_id in theme_ids:
                    added = coding.tag(proposal_id=proposal_id, theme_id=theme_id,
                                       response_ids=part, actor=actor, now=datetime.now(UTC))
                    results.append(("tag", theme_id, added))
                removed = coding.untag(proposal_id=proposal_id, theme_id=theme_ids[0],
                                       response_ids=part[:5], actor=actor,
                                       now=datetime.now(UTC))
                results.append(("untag", theme_ids[0], removed))
                coding.mark_read(proposal_id=proposal_id, response_ids=part, actor=actor,
                                 now=datetime.now(UTC))
            db.session.remove()
    except Exception as error:  # noqa: BLE001 (reported to the test thread)
        errors.append(repr(error))


def _direct_counts(proposal_id: int) -> dict[int, int]:
    db.session.expire_all()
    return dict(db.session.execute(sa.text(
        "SELECT t.theme_id, COUNT(*) FROM reason_tags t JOIN responses r ON r.id = t.response_id "
        "WHERE r.proposal_id = :p GROUP BY t.theme_id"), {"p": proposal_id}).all())


def test_two_officers_tagging_overlapping_reasons_at_once_keep_exact_counts(app):
    proposal, _ = reasons_consultation(("A first reason.",))
    chosen = bulk_reasons(proposal, 300)
    officers = [make_user(role="officer") for _ in range(2)]
    themes = [codebook.add_theme(proposal_id=proposal.id, name=name, actor=officers[0],
                                 now=datetime.now(UTC)).id for name in ("Safety", "Schools")]
    barrier, results, errors = threading.Barrier(2), [], []
    slices = (chosen[:280], chosen[20:])  # they overlap on 260 reasons
    threads = [threading.Thread(target=_officer_work, args=(
        app, officer.id, proposal.id, themes, part, barrier, results, errors))
        for officer, part in zip(officers, slices, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    assert errors == []
    direct = _direct_counts(proposal.id)
    shown = {row.id: row.reasons for row in codebook_queries.themes(proposal.id)}
    assert shown == {theme: direct.get(theme, 0) for theme in themes}
    for theme in themes:  # every code added was counted once, by the one who added it
        net = sum(n if kind == "tag" else -n for kind, found, n in results if found == theme)
        assert net == direct[theme]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReasonTag).where(
        ReasonTag.theme_id == themes[1])) == 300
    assert analysis_queries.progress(proposal.id).read == db.session.scalar(
        sa.select(sa.func.count()).select_from(ReasonRead)) == 300
