"""The benchmark's data set: the Coventry links, 50 consultations, three of them with responses.

The consultations, comments and replies go through the real services. The residents and their
responses are bulk-inserted with SQLAlchemy Core into the models' own tables (so columns added
later with defaults are filled), in large transactions. Their history is synthetic: each seeded
response has its first version (as a real submission would) but no audit entry, so the audit
log holds only what the services wrote. All seeded residents share one real password hash.
"""

import base64
import operator
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from consult import clock
from consult.domain import requests as request_rules
from consult.domain import voting
from consult.infrastructure import identity, passwords
from consult.models import Proposal, Response, ResponseVersion, User, db
from consult.queries import link_queries
from consult.services import demo, discussion, proposals, requests
from tests.factories import make_user

SEED_VERSION = "4"  # bump when the data set changes: the cached database is rebuilt
CONSULTATIONS = 50
MIDDLING = 10_000
BATCH = 50_000
PASSWORD = "bench-resident-password"
ACTOR = "system (bench)"


def _proposal(link, title: str, *, visibility: str, now: datetime) -> Proposal:
    opens, closes = now - timedelta(days=1), now + timedelta(days=30)
    draft = proposals.ProposalDraft(
        link_id=link.id, action="suspend", title=title, summary="A benchmark proposal.",
        reasons="## Reasons\n\nBenchmark text " * 20, options=[], opens_at=opens,
        closes_at=closes, results_visibility=visibility,
        alternatives=[{"title": "Keep the link", "why_not": "Benchmark."}])
    created = proposals.create(draft, actor=ACTOR, now=opens - timedelta(days=1))
    return proposals.schedule(proposal_id=created.id, actor=ACTOR, now=opens - timedelta(days=1),
                              no_twin_council_reason="A benchmark consultation: nobody invited.")


def _next_id(connection, table: sa.Table) -> int:
    return (connection.scalar(sa.select(sa.func.max(table.c.id))) or 0) + 1


class BulkInsert:
    """An executemany of one model table that fills every column the model would.

    Columns the caller does not vary are constants: given ones and the model's Python-side
    defaults (so columns added later with a default are filled) are converted once with the
    column types' own bind processing; per row only the varying values are new.
    """

    def __init__(self, connection, table: sa.Table, varying: list[str], constants: dict):
        values = dict(constants)
        for column in table.columns:
            default = column.default
            if column.name in varying or column.name in values or default is None:
                continue
            if default.is_scalar:
                values[column.name] = default.arg
            elif default.is_callable:
                values[column.name] = default.arg(None)
        names = varying + list(values)
        dialect = connection.dialect
        compiled = sa.insert(table).values({name: sa.bindparam(name) for name in names}).compile(
            dialect=dialect)
        for name, value in values.items():
            process = table.c[name].type._cached_bind_processor(dialect)
            values[name] = process(value) if process else value
        self.connection, self.sql, self.constants = connection, str(compiled), values
        self.order = list(compiled.positiontup) if compiled.positional else None
        self.varying = varying

    def run(self, rows: list[tuple]) -> None:
        """Each row holds the varying values, in the order given."""
        tail = tuple(self.constants.values())
        if self.order:
            names = self.varying + list(self.constants)
            pick = operator.itemgetter(*(names.index(name) for name in self.order))
            params = [pick(row + tail) for row in rows]
        else:
            params = [dict(zip(self.varying + list(self.constants), row + tail, strict=True))
                      for row in rows]
        self.connection.exec_driver_sql(self.sql, params)


def _email_columns() -> list[str]:
    """Columns such as a normalised email, filled with the (already normal) address."""
    return [column.name for column in User.__table__.columns
            if "email" in column.name and column.name not in ("email", "email_verified_at")
            and not isinstance(column.type, sa.DateTime | sa.TypeDecorator)]


def insert_residents(connection, count: int, password_hash: str, now: datetime) -> list[int]:
    """`count` new verified residents (emails named by id); returns their ids in order."""
    extra = _email_columns()
    insert = BulkInsert(connection, User.__table__, ["id", "email", "display_name", *extra],
                        {"password_hash": password_hash, "role": "resident",
                         "email_verified_at": now, "created_at": now})
    first = _next_id(connection, User.__table__)
    for offset in range(first, first + count, BATCH):
        rows = []
        for user_id in range(offset, min(offset + BATCH, first + count)):
            email = _email(user_id)
            rows.append((user_id, email, f"Resident {user_id}", *([email] * len(extra))))
        insert.run(rows)
    return list(range(first, first + count))


def _identity(user_id: int) -> str:
    """The mailbox identity of a seeded resident (their address is already in normal form)."""
    return identity.keyed_hash(identity.MAILBOX, _email(user_id))


def _email(user_id: int) -> str:
    return f"resident-{user_id:09d}@bench.invalid"  # in id order: appends to the index


def receipts(count: int) -> list[str]:
    """Random receipt codes in the service's format (160 random bits, grouped base 32), sorted
    so that inserting them in id order appends to the unique index instead of scattering."""
    text = base64.b32encode(secrets.token_bytes(20 * count)).decode("ascii")
    return sorted("-".join((t[0:4], t[4:8], t[8:12], t[12:16], t[16:20], t[20:24], t[24:28],
                            t[28:32])) for t in (text[i:i + 32] for i in range(0, 32 * count, 32)))


def insert_responses(connection, proposal_id: int, options: list[int], user_ids: list[int],
                     now: datetime) -> None:
    """One current response (version 1) and its first version per resident."""
    types = list(voting.RESPONDENT_TYPES)
    blank = {"organisation": "", "postcode_district": "", "reason": "", "created_at": now}
    current = BulkInsert(
        connection, Response.__table__,
        ["id", "user_id", "option_id", "respondent_type", "receipt_code", "respondent_identity"],
        {**blank, "proposal_id": proposal_id, "reason_status": "none", "withdrawn": False,
         "version": 1, "updated_at": now})
    history = BulkInsert(
        connection, ResponseVersion.__table__,
        ["id", "response_id", "option_id", "respondent_type", "receipt_code"],
        {**blank, "version": 1, "action": "submitted"})
    first = _next_id(connection, Response.__table__)
    first_version = _next_id(connection, ResponseVersion.__table__)
    codes = receipts(len(user_ids))
    for offset in range(0, len(user_ids), BATCH):
        chunk = user_ids[offset:offset + BATCH]
        rows = [(first + offset + i, uid, options[(offset + i) % len(options)],
                 types[(offset + i) % len(types)], codes[offset + i], _identity(uid))
                for i, uid in enumerate(chunk)]
        current.run(rows)
        history.run([(first_version + row[0] - first, row[0], *row[2:5]) for row in rows])


def fix_sequences(connection) -> None:
    """PostgreSQL: explicit ids leave the id sequences behind; move them on."""
    if connection.dialect.name != "postgresql":
        return
    for table in ("users", "responses", "response_versions"):
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")


# PostgreSQL: one trigger call per seeded row is most of a bulk load's time, so the load runs
# without it and counts its proposals once afterwards (grouped as migrations 0007, 0009 and,
# with the language, 0014).
PG_COUNT_TRIGGER = "ALTER TABLE responses {} TRIGGER response_counts_keep"
PG_RECOUNT = (
    "INSERT INTO response_counts (proposal_id, option_id, respondent_type, review_status, "
    "language, day, shard, n) SELECT proposal_id, option_id, respondent_type, review_status, "
    "language, (created_at AT TIME ZONE 'Europe/London')::date, mod(id, 8), count(*) FROM "
    "responses WHERE proposal_id = {proposal} AND NOT withdrawn GROUP BY 1, 2, 3, 4, 5, 6, 7")


def _recount_postgresql(connection, plan: list[tuple[int, int]]) -> None:
    for proposal_id, _count in plan:
        connection.exec_driver_sql(f"DELETE FROM response_counts WHERE proposal_id = "
                                   f"{int(proposal_id)}")
        connection.exec_driver_sql(PG_RECOUNT.format(proposal=int(proposal_id)))
    connection.exec_driver_sql(PG_COUNT_TRIGGER.format("ENABLE"))


def _bulk(plan: list[tuple[int, int]], password_hash: str, now: datetime) -> None:
    """Residents and responses for each (proposal id, count), in transactions of ~200k rows."""
    db.engine.dispose()
    with db.engine.connect() as connection:
        postgresql = connection.dialect.name == "postgresql"
        if connection.dialect.name == "sqlite":  # alone on the file: no WAL for the bulk load
            connection.exec_driver_sql("PRAGMA journal_mode=MEMORY")
            connection.commit()
        if postgresql:
            connection.exec_driver_sql(PG_COUNT_TRIGGER.format("DISABLE"))
            connection.commit()
        for proposal_id, count in plan:
            options = list(connection.scalars(sa.text(
                "SELECT id FROM proposal_options WHERE proposal_id = :p ORDER BY id"),
                {"p": proposal_id}))
            connection.commit()
            for offset in range(0, count, 4 * BATCH):
                size = min(4 * BATCH, count - offset)
                with connection.begin():
                    ids = insert_residents(connection, size, password_hash, now)
                    insert_responses(connection, proposal_id, options, ids, now)
        with connection.begin():
            fix_sequences(connection)
            if postgresql:
                _recount_postgresql(connection, plan)
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")


def _request(link, author, now: datetime) -> int:
    """A resident's request for a consultation, published: the signing scenario's target."""
    draft = request_rules.Draft(link.id, "review", "Benchmark: review the link",
                                "A request the benchmark signs.")
    request = requests.submit(author=author, draft=draft, now=now)
    moderator = make_user(email="bench-moderator@example.invalid", role="officer")
    return requests.publish(request_id=request.id, moderator=moderator, now=now).id


def _comments(proposal: Proposal, author, now: datetime) -> None:
    for number in range(20):
        top = discussion.post_comment(proposal_id=proposal.id, author=author,
                                      body=f"Comment {number}", now=now)
        for reply in range(3):
            discussion.post_comment(proposal_id=proposal.id, author=author,
                                    body=f"Reply {reply} to comment {number}",
                                    now=now, parent_id=top.id)


def _no_fsync(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA synchronous=OFF")
    dbapi_connection.execute("PRAGMA cache_size=-262144")  # 256 MiB for the index builds
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # consistent by construction


def seed(app: Flask, *, responses: int) -> dict:
    """Load the data set; return the ids the benchmark needs.

    Seeding only: SQLite skips fsync and the demo accounts get the cheapest argon2 hashes (the
    server, started afterwards, uses the shipped settings).
    """
    app.config["CONSULT_FAST_PASSWORD_HASHING"] = True
    with app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"
        if sqlite:
            db.engine.dispose()
            sa.event.listen(db.engine, "connect", _no_fsync)
        try:
            return _seed(responses)
        finally:
            app.config["CONSULT_FAST_PASSWORD_HASHING"] = False
            if sqlite:
                sa.event.remove(db.engine, "connect", _no_fsync)
                db.engine.dispose()


def _seed(responses: int) -> dict:
    now = clock.now()
    demo.load(home_place="Coventry", now=now)
    register = link_queries.get_by_slug("volgograd")
    made = {key: _proposal(register, f"Benchmark: {key} consultation", visibility="shown",
                           now=now) for key in ("big", "mid", "empty")}
    for number in range(CONSULTATIONS - len(made)):
        _proposal(register, f"Benchmark consultation {number}", visibility="hidden", now=now)
    author = make_user(email="bench-commenter@example.invalid", display_name="Commenter")
    for proposal in made.values():
        _comments(proposal, author, now)
    ids = {key: proposal.id for key, proposal in made.items()}
    ids["options"] = [option.id for option in made["big"].options]
    ids["request"] = _request(register, author, now)
    password_hash = passwords.hash_password(PASSWORD)
    db.session.remove()
    _bulk([(ids["big"], responses), (ids["mid"], MIDDLING)], password_hash, now)
    return ids
