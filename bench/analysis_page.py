"""Timing the officers' analysis page (issue 17) on a consultation with 100,000 reasons.

Not part of `make bench`: `python -m bench.analysis_page [--reasons N] [--database-url URL]`.
SQLite by default (a temporary file, shipped pragmas); with a PostgreSQL URL, a database of its
own is made on that server and dropped afterwards. The residents and responses are bulk-inserted
as bench/seed.py does; the codebook, the codes and the read marks go through the services
(which are timed too: tagging 10,000 reasons, and every reason at once). Then each page is asked
for through the app (a signed-in test client: routing, the queries, the template), 30 times per
filter, and the median and 95th percentile are printed. Target: 95th percentile under 300 ms.
"""

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

os.environ.setdefault("CONSULT_ENV", "testing")
os.environ.setdefault("CONSULT_FAST_PASSWORD_HASHING", "1")
os.environ.setdefault("CONSULT_INSTANCE_PATH", tempfile.mkdtemp(prefix="consult-analysis-"))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from bench.seed import insert_residents, insert_responses  # noqa: E402
from consult import create_app  # noqa: E402
from consult.models import AnalysisGroup, AnalysisMember, AnalysisRun, User, db  # noqa: E402
from consult.queries import analysis_queries  # noqa: E402
from consult.services import codebook, coding  # noqa: E402
from tests import databases  # noqa: E402
from tests.factories import PASSWORD, make_proposal, make_user  # noqa: E402

REPEATS = 30
WORDS = ("schools", "safety", "culture", "trade", "history", "friendship", "cost", "war",
         "students", "football")
REASONS_SQL = (
    "UPDATE responses SET reason = 'Reason ' || id || ': the link matters for ' || "
    "CASE id % 10 {cases} END, reason_status = CASE WHEN id % 3 = 0 THEN 'published' "
    "ELSE 'pending' END, language = CASE WHEN id % 4 = 0 THEN 'ru' WHEN id % 4 = 1 THEN 'en' "
    "ELSE '' END, detected_language = CASE WHEN id % 4 = 2 THEN 'cy' ELSE '' END "
    "WHERE proposal_id = :p")


def _seed(proposal_id: int, count: int) -> None:
    options = list(db.session.scalars(sa.text(
        "SELECT id FROM proposal_options WHERE proposal_id = :p ORDER BY id"), {"p": proposal_id}))
    db.session.remove()
    with db.engine.begin() as connection:
        people = insert_residents(connection, count, "x", datetime.now(UTC))
        insert_responses(connection, proposal_id, options, people, datetime.now(UTC))
        cases = " ".join(f"WHEN {n} THEN '{word}'" for n, word in enumerate(WORDS))
        connection.execute(sa.text(REASONS_SQL.format(cases=cases)), {"p": proposal_id})
        if connection.dialect.name == "postgresql":
            for table in ("users", "responses", "response_versions"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))")
            connection.exec_driver_sql("ANALYZE")


def _timed(label: str, work, **arguments):
    started = time.perf_counter()
    result = work(**arguments)
    print(f"{label}: {(time.perf_counter() - started) * 1000:.0f} ms")
    return result


def _code(proposal_id: int, officer) -> list[int]:
    """Ten themes, each coding a tenth of the reasons by its word; half read; a campaign."""
    now = datetime.now(UTC)
    themes = [codebook.add_theme(proposal_id=proposal_id, name=word.title(), actor=officer,
                                 now=now).id for word in WORDS]
    for theme, word in zip(themes, WORDS, strict=True):
        found = analysis_queries.matching_ids(proposal_id, analysis_queries.Filters(search=word))
        _timed(f"tag {len(found):,} reasons ({word})", coding.tag, proposal_id=proposal_id,
               theme_id=theme, response_ids=found, actor=officer)
    every = analysis_queries.matching_ids(proposal_id, analysis_queries.Filters())
    _timed(f"mark {len(every) // 2:,} reasons read", lambda: coding.mark_read(
        proposal_id=proposal_id, response_ids=every[::2], actor=officer))
    _timed(f"tag all {len(every):,} reasons", lambda: coding.tag(
        proposal_id=proposal_id, theme_id=themes[0], response_ids=every, actor=officer))
    _timed(f"untag all {len(every):,} reasons", lambda: coding.untag(
        proposal_id=proposal_id, theme_id=themes[0], response_ids=every, actor=officer))
    _campaign(proposal_id, every[::20])
    return themes


def _campaign(proposal_id: int, members: list[int]) -> None:
    now = datetime.now(UTC)
    run = AnalysisRun(proposal_id=proposal_id, status="done", requested_at=now, finished_at=now)
    db.session.add(run)
    db.session.flush()
    group = AnalysisGroup(run_id=run.id, kind="campaign", number=1, terms=[], example_ids=[])
    db.session.add(group)
    db.session.flush()
    db.session.execute(sa.insert(AnalysisMember), [{"group_id": group.id, "response_id": found}
                                                   for found in members])
    db.session.commit()


def _queries(ids: dict) -> dict[str, str]:
    return {"no filter": "", "page 900": "page=900", "theme": f"theme={ids['theme']}",
            "not read": "show=unread", "not coded": "show=uncoded", "campaign": "show=campaign",
            "language": "language=ru", "search": "q=FRIENDSHIP",
            "option+group+theme+unread": f"option={ids['option']}&group=local_resident&"
                                         f"theme={ids['theme']}&show=unread",
            "search+not coded+language": "q=matters&show=uncoded&language=cy"}


def _measure(client, proposal_id: int, queries: dict[str, str]) -> None:
    path = f"/officer/consultations/{proposal_id}/analysis"
    print(f"\n{'page':30} {'median':>8} {'p95':>8}  (ms, {REPEATS} requests each)")
    for label, query in queries.items():
        times = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            response = client.get(f"{path}?{query}")
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{label:30} {statistics.median(times):8.0f} {p95:8.0f}")
    for download in ("analysis.csv", "analysis.xlsx"):
        started = time.perf_counter()
        size = len(client.get(f"/officer/consultations/{proposal_id}/{download}").data)
        print(f"{download}: {(time.perf_counter() - started) * 1000:.0f} ms, {size:,} bytes")


def run(url: str, reasons: int) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                      "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
                      "HUEY_IMMEDIATE": True})
    with app.app_context():
        upgrade()
        officer = make_user(role="officer", email="analyst@example.org")
        proposal = make_proposal(status="open", options=["Support", "Oppose"],
                                 now=datetime.now(UTC) - timedelta(hours=1))
        proposal_id, option_id, officer_id = proposal.id, proposal.options[1].id, officer.id
        _timed(f"seed {reasons:,} reasons", lambda: _seed(proposal_id, reasons))
        themes = _code(proposal_id, db.session.get(User, officer_id))
        ids = {"theme": themes[1], "option": option_id}
        db.session.remove()
        if db.engine.dialect.name == "postgresql":  # as autovacuum would, after the coding
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE")
    client = app.test_client()
    client.post("/sign-in", data={"email": "analyst@example.org", "password": PASSWORD})
    _measure(client, proposal_id, _queries(ids))
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reasons", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if args.database_url:
        base = args.database_url.replace("postgresql://", "postgresql+psycopg://", 1)
        url = databases.create_run_database(base, "analysis_bench")
        try:
            run(url, args.reasons)
        finally:
            databases.drop_run_database(base, url)
        return
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{folder}/analysis.sqlite3", args.reasons)


if __name__ == "__main__":
    main()
