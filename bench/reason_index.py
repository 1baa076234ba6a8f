"""What the trigram index of migration 0019 costs each reason written, on PostgreSQL.

Not part of `make bench`: `python bench/reason_index.py --database-url postgresql://… [--rows N
--writes N --rounds N]`. In a database of its own (created, then dropped) the migrations run and
N responses get generated reasons (bench/reason_corpus.py). Then, in each round, the index is
made each way (as migration 0019 makes it: written at once, fastupdate off; with GIN's pending
list of 64 kB; PostgreSQL's default 4 MB pending list; no index at all) and the same number of
writes change one reason each in its own committed transaction, as a resident changing a
response does. Prints the mean (which counts the writes that flush a pending list) and the 99th
percentile, in milliseconds. The commits do not wait for the disk (the run database's
synchronous_commit is off), so the differences are the index's work.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CONSULT_INSTANCE_PATH", tempfile.mkdtemp(prefix="consult-index-"))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from bench import analysis, analysis_page, reason_corpus  # noqa: E402
from consult import create_app  # noqa: E402
from consult.models import Response, db  # noqa: E402
from tests import databases  # noqa: E402
from tests.factories import make_proposal  # noqa: E402

MADE = "CREATE INDEX ix_responses_reason_trgm ON responses USING gin (reason gin_trgm_ops)"
WAYS = {"fastupdate off (shipped)": MADE + " WITH (fastupdate = off)",
        "pending list 64 kB": MADE + " WITH (fastupdate = on, gin_pending_list_limit = 64)",
        "pending list 4 MB (default)": MADE,
        "no index": None}


def _seed(rows: int) -> list[int]:
    """An open consultation with `rows` responses that each hold a generated reason (the
    analysis benches' own seeding); their ids."""
    proposal = make_proposal(status="open", options=["Keep", "End"],
                             now=datetime.now(UTC) - timedelta(hours=1))
    proposal_id = proposal.id
    analysis_page._seed(proposal_id, rows)
    with db.engine.begin() as connection:
        analysis._texts(connection, proposal_id, reason_corpus.generate(rows, rows // 10, seed=0))
    ids = list(db.session.scalars(sa.select(Response.id).where(
        Response.proposal_id == proposal_id).order_by(Response.id)))
    db.session.remove()  # no open transaction may keep the index from being dropped
    return ids


def _writes(engine, ids: list[int], texts: list[str], count: int, seed: int) -> list[float]:
    """Milliseconds of each of `count` single-reason changes, each committed."""
    chosen, times = random.Random(seed).sample(ids, count), []
    with engine.connect() as connection:
        for number, rid in enumerate(chosen):
            started = time.perf_counter()
            connection.execute(sa.text("UPDATE responses SET reason = :reason WHERE id = :id"),
                               {"id": rid, "reason": texts[number % len(texts)]})
            connection.commit()
            times.append((time.perf_counter() - started) * 1000)
    return times


def _make(engine, statement: str | None) -> None:
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("DROP INDEX IF EXISTS ix_responses_reason_trgm")
        if statement:
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql("VACUUM ANALYZE responses")


def run(url: str, rows: int, writes: int, rounds: int) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade()
        ids = _seed(rows)
        texts = [text for _n, text in reason_corpus.generate(writes, 0, seed=1).reasons]
        found: dict[str, list[float]] = {way: [] for way in WAYS}
        for number in range(rounds):
            for offset, (way, statement) in enumerate(WAYS.items()):
                _make(db.engine, statement)
                found[way] += _writes(db.engine, ids, texts, writes,
                                      seed=number * len(WAYS) + offset)
        db.engine.dispose()
    print(f"{rows:,} reasons; {rounds} rounds of {writes:,} committed changes each way")
    bare = statistics.fmean(found["no index"])
    for way, times in found.items():
        mean, p99 = statistics.fmean(times), statistics.quantiles(times, n=100)[-1]
        print(f"{way:28} mean {mean:6.3f} ms ({mean - bare:+.3f}), p99 {p99:6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--writes", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    base = args.database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    url = databases.create_run_database(base, "index_bench")
    try:
        run(url, args.rows, args.writes, args.rounds)
    finally:
        databases.drop_run_database(base, url)


if __name__ == "__main__":
    main()
