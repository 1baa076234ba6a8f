"""The fan-out scenario (issue 14): a decision notified to 100,000 followers of one twin link,
sent by one real `consult worker` to a local SMTP sink, while the signed-out consultation page
is under load.

1. The sink (bench/smtp_sink.py) and one `consult worker` (the real CLI, the gunicorn
   servers' settings plus MAIL_SERVER/MAIL_PORT of the sink) start; the worker first sends
   what the seed left (its events were recorded with no worker running) and runs its tick.
2. 100,000 confirmed follows of the Kiel link (immediate, one mailbox each) are bulk-inserted
   with SQLAlchemy Core into the models' table, created after every event so far.
3. The page is measured with the worker idle (`repeats` runs of `seconds`).
4. A decision about the link is recorded through the real service: its outbox row commits
   with it and the commit nudges the queue, which the worker fans out and sends.
5. The page is measured in back-to-back runs until the sink holds every mail; only runs that
   ended before the last mail count as "during". The worker's RSS and the sink's count are
   sampled every 0.25 s.
6. Once the database has no queued mail left, the page is measured again with the worker idle
   ("after"); the sink's summary says who got what.
"""

import os
import secrets
import signal
import statistics
import subprocess
import threading
import time
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from bench.machine import _rss_mb
from bench.seed import BulkInsert
from bench.smtp_sink import Sink
from bench.wrk import Load

ROOT = Path(__file__).resolve().parent.parent
LINK = "kiel"
ACTOR = "system (bench)"
RSS_LIMIT_MB = 150
PAGE_WITHIN = 0.10  # the page during the fan-out: at least 90% of its rate without
BATCH = 50_000
SAMPLE_SECONDS = 0.25


def follower_email(number: int) -> str:
    return f"follower{number}@bench.invalid"


def seed_followers(flask_app: Flask, count: int) -> tuple[int, float]:
    """`count` confirmed, immediate follows of the link; returns its id and the seconds taken."""
    from consult import clock
    from consult.domain import notifications as rules
    from consult.infrastructure import identity
    from consult.models import Subscription, db
    from consult.queries import link_queries

    started = time.perf_counter()
    with flask_app.app_context():
        link_id = link_queries.get_by_slug(LINK).id
        since = clock.now()  # after every event already recorded, before the decision
        with db.engine.connect() as connection:
            insert = BulkInsert(connection, Subscription.__table__,
                                ["email", "identity", "secret"],
                                {"target_key": rules.target_key(rules.LINK, link_id),
                                 "link_id": link_id, "proposal_id": None, "user_id": None,
                                 "frequency": rules.IMMEDIATE, "source": "follow",
                                 "created_at": since, "confirmed_at": since})
            for offset in range(0, count, BATCH):
                rows = []
                for number in range(offset, min(offset + BATCH, count)):
                    email = follower_email(number)
                    rows.append((email, identity.mailbox_identity(email), secrets.token_hex(16)))
                with connection.begin():
                    insert.run(rows)
        db.session.remove()
    return link_id, time.perf_counter() - started


def record_decision(flask_app: Flask, link_id: int) -> tuple[int, int]:
    """A decision taken without consultation, through the real service; returns the decision's
    and its notification's ids."""
    from consult import clock
    from consult.domain import days
    from consult.domain import decisions as decision_rules
    from consult.models import Notification, db
    from consult.services import decisions

    with flask_app.app_context():
        written = decision_rules.Record(
            decided_on=days.london_day(clock.now()), body=decision_rules.FULL_COUNCIL,
            outcome=decision_rules.ADOPTED, action="suspend",
            title="Suspend the link with Kiel (benchmark)",
            summary="The link is suspended while the benchmark runs.",
            reasons="A benchmark decision, to notify the link's followers.",
            no_consultation_reason="Benchmark: an urgent resolution.",
            minutes_url="https://example.invalid/minutes/bench")
        decision = decisions.record_without_consultation(link_id=link_id, written=written,
                                                         actor=ACTOR)
        decision_id = decision.id
        notification_id = db.session.scalar(sa.select(Notification.id).where(
            Notification.decision_id == decision_id))
        db.session.remove()
    return decision_id, notification_id


def delivery_in_database(flask_app: Flask, notification_id: int) -> dict:
    """What the app itself recorded: its mails by status, how often each was handed over."""
    from consult.models import Mail, MailAttempt, Notification, db

    with flask_app.app_context():
        of_event = Mail.notification_id == notification_id
        statuses = dict(db.session.execute(sa.select(Mail.status, sa.func.count())
                                           .where(of_event).group_by(Mail.status)).all())
        handed_twice = db.session.scalar(sa.select(sa.func.count()).select_from(Mail).where(
            of_event, Mail.sends > 1))
        attempts = dict(db.session.execute(
            sa.select(MailAttempt.outcome, sa.func.count()).join(Mail, Mail.id ==
                                                                 MailAttempt.mail_id)
            .where(of_event).group_by(MailAttempt.outcome)).all())
        notification = db.session.get(Notification, notification_id)
        found = {"mails_by_status": statuses, "mails_handed_over_more_than_once": handed_twice,
                 "attempts_by_outcome": attempts, "recipients_counted": notification.recipients,
                 "fanned_out": notification.fanned_out_at is not None}
        db.session.remove()
    return found


def waiting_work(flask_app: Flask) -> int:
    """Mails queued and due, and events not yet fanned out: what the worker has to do now."""
    from consult import clock
    from consult.models import Mail, Notification, db

    with flask_app.app_context():
        due = db.session.scalar(sa.select(sa.func.count()).select_from(Mail).where(
            Mail.status == "queued", Mail.next_attempt_at <= clock.now()))
        unfinished = db.session.scalar(sa.select(sa.func.count()).select_from(Notification)
                                       .where(Notification.fanned_out_at.is_(None)))
        db.session.remove()
    return due + unfinished


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Worker:
    """One `consult worker` (Huey's consumer, its default 2 threads and the minute's tick)."""

    def __init__(self, env: dict, sink_port: int, log: Path, nice: int | None = None):
        self.env = {**env, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(sink_port)}
        self.log, self.process, self.nice = log, None, nice

    def start(self) -> "Worker":
        consult = Path(os.environ.get("VIRTUAL_ENV", "")) / "bin" / "consult"
        if not consult.exists():
            import sys

            consult = Path(sys.executable).parent / "consult"
        self.log.write_text("")
        nice = [] if self.nice is None else ["--nice", str(self.nice)]
        self.process = subprocess.Popen([str(consult), "worker", *nice], cwd=ROOT,
                                        env=self.env, stdout=self.log.open("ab"),
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"consult worker exited: see {self.log}")
            if b"consult worker:" in self.log.read_bytes():
                time.sleep(1)  # the consumer's threads start after its banner
                return self
            time.sleep(0.2)
        raise RuntimeError("consult worker did not start")

    def ticked(self) -> bool:
        """The minute's first tick (with its sweep) has run."""
        text = self.log.read_bytes()
        return b"consult.tasks.jobs.tick" in text and b"executed in" in text.split(
            b"Executing consult.tasks.jobs.tick", 1)[-1]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Huey's graceful stop
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Monitor(threading.Thread):
    """The sink's count, the worker's RSS and CPU time, every SAMPLE_SECONDS."""

    def __init__(self, sink: Sink, worker_pid: int, total: int):
        super().__init__(daemon=True)
        self.sink, self.pid, self.total = sink, worker_pid, total
        self.samples: list[tuple[float, int, float | None]] = []
        self.first_at = self.done_at = None
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(SAMPLE_SECONDS):
            now, count = time.perf_counter(), self.sink.count
            self.samples.append((now, count, _rss_mb(self.pid)))
            if count and self.first_at is None:
                self.first_at = now
            if count >= self.total and self.done_at is None:
                self.done_at = now

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=2)

    def idle_for(self) -> float:
        """Seconds since the sink's count last changed (since the start, if it never did)."""
        if not self.samples:
            return 0.0
        last_t, last_count, _ = self.samples[-1]
        for t, count, _ in reversed(self.samples):
            if count != last_count:
                return last_t - t
        return last_t - self.samples[0][0]

    def rss_at(self, share: float) -> float | None:
        """The worker's RSS when the sink first held `share` of the mails."""
        for _, count, rss in self.samples:
            if count >= share * self.total and rss is not None:
                return rss
        return None


def _median(rows: list[dict], key: str) -> float | None:
    values = [row[key] for row in rows if row.get(key) is not None]
    return statistics.median(values) if values else None


def run(flask_app: Flask, env: dict, *, app, drive, args, ids: dict, folder: Path,
        log: Path) -> dict:
    total = args.followers
    sink = Sink([follower_email(n) for n in range(total)]).start()
    worker = Worker(env, sink.port, log, nice=args.worker_nice).start()
    page = Load(f"/consultations/{ids['big']}")

    def measure_page(label: str) -> dict:
        row = drive(app.base, page, seconds=args.seconds, connections=args.connections,
                    threads=args.threads, folder=folder)
        row["restarted"] = app.settle()
        print(f"  fan-out, page {label}: {row['rps']:.1f} req/s, p99 "
              f"{row['p99_ms'] or 0:.0f} ms, {row['errors']} errors; sink {sink.count:,}",
              flush=True)
        return row

    monitor = Monitor(sink, worker.process.pid, total)
    before, during, overlapping, after = [], [], [], []
    stalled = False
    try:
        # The seed's own events (never fanned out: no worker ran) and their mail go first,
        # before the followers exist (they follow from now on, so those events are not
        # theirs), and the worker is idle when the page is measured without the fan-out.
        drain_deadline = time.perf_counter() + 90
        while time.perf_counter() < drain_deadline and (
                waiting_work(flask_app) or not worker.ticked()):
            time.sleep(1)
        left_before = waiting_work(flask_app)
        print(f"Fan-out: seeding {total:,} followers", flush=True)
        link_id, seeded = seed_followers(flask_app, total)
        for _ in range(args.repeats):
            before.append(measure_page("without fan-out (before)"))
        idle_rss = _rss_mb(worker.process.pid)
        worker_cpu_before = _cpu_seconds(worker.process.pid)
        monitor.start()
        started = time.perf_counter()
        decision_id, notification_id = record_decision(flask_app, link_id)
        committed = time.perf_counter()
        print(f"  decision {decision_id} recorded (notification {notification_id}) in "
              f"{committed - started:.2f} s", flush=True)
        deadline = committed + args.fanout_timeout
        while monitor.done_at is None and time.perf_counter() < deadline:
            if len(during) >= args.fanout_page_runs:  # measured enough: let it finish
                time.sleep(0.5)
            else:
                row = measure_page("during fan-out")
                (during if monitor.done_at is None else overlapping).append(row)
            if monitor.idle_for() > args.fanout_stall:
                stalled = True
                print(f"  no mail reached the sink for {args.fanout_stall:.0f} s: stopping "
                      f"(see {log})", flush=True)
                break
        finished = monitor.done_at
        worker_cpu = _cpu_seconds(worker.process.pid)
        # let the worker record the last outcomes (and any late resend reach the sink)
        settle_deadline = time.perf_counter() + (0 if stalled else 60)
        while time.perf_counter() < settle_deadline:
            database = delivery_in_database(flask_app, notification_id)
            if database["fanned_out"] and not database["mails_by_status"].get("queued"):
                break
            time.sleep(1)
        for _ in range(args.repeats):
            after.append(measure_page("without fan-out (after)"))
        database = delivery_in_database(flask_app, notification_id)
    finally:
        monitor.stop()
        worker_pid = worker.process.pid
        worker.stop()
        sink_cpu = _cpu_seconds(sink.process.pid)
        received = sink.stop()
    without = before + after
    page_without, page_during = _median(without, "rps"), _median(during, "rps")
    first = monitor.first_at
    rss_values = [rss for _, _, rss in monitor.samples if rss is not None]
    result = {
        "followers": total, "worker_nice": args.worker_nice, "seed_seconds": seeded,
        "link_id": link_id,
        "decision_id": decision_id, "notification_id": notification_id,
        "worker_pid": worker_pid, "finished": finished is not None, "stalled": stalled,
        "work_waiting_before_decision": left_before,
        "seconds_to_first_mail": (first - committed) if first else None,
        "seconds_to_all": (finished - committed) if finished else None,
        "mails_per_second": (total / (finished - committed)) if finished else None,
        "mails_per_second_first_to_last": (total / (finished - first))
        if finished and first and finished > first else None,
        "sink_count_at_end": sink.count,
        "worker_rss_idle_mb": idle_rss, "worker_max_rss_mb": max(rss_values, default=None),
        "worker_rss_at_10pct_mb": monitor.rss_at(0.1),
        "worker_rss_at_50pct_mb": monitor.rss_at(0.5),
        "worker_rss_at_100pct_mb": monitor.rss_at(1.0),
        "worker_cpu_seconds": (worker_cpu - worker_cpu_before)
        if worker_cpu is not None and worker_cpu_before is not None else None,
        "sink_cpu_seconds": sink_cpu,
        "sink": received, "database": database,
        "page_without": {"runs": len(without), "rps": page_without,
                         "p50_ms": _median(without, "p50_ms"), "p99_ms": _median(without, "p99_ms"),
                         "before_rps": [r["rps"] for r in before],
                         "after_rps": [r["rps"] for r in after],
                         "errors": sum(r["errors"] for r in without)},
        "page_during": {"runs": len(during), "rps": page_during,
                        "p50_ms": _median(during, "p50_ms"), "p99_ms": _median(during, "p99_ms"),
                        "all_rps": [r["rps"] for r in during],
                        "overlapping_end_rps": [r["rps"] for r in overlapping],
                        "errors": sum(r["errors"] for r in during)},
        "page_ratio": (page_during / page_without) if page_during and page_without else None,
        "rss_series": [(round(t - committed, 2), count, rss) for t, count, rss in
                       monitor.samples[::8]],
    }
    return result


def delivered_once(found: dict) -> bool:
    sink, database = found["sink"], found["database"]
    return (found["finished"] and sink.get("missing") == 0
            and sink.get("recipients_with_several_message_ids") == 0
            and sink.get("recipients") == found["followers"]
            and database["mails_by_status"].get("sent") == found["followers"])


def targets(found: dict) -> list[tuple[str, bool, str]]:
    sink = found["sink"]
    rss = found["worker_max_rss_mb"] or 0.0
    ratio = found["page_ratio"]
    stopped = " (stopped: no mail for a while)" if found.get("stalled") else ""
    return [
        (f"fan-out: all {found['followers']:,} followers get exactly one mail",
         delivered_once(found),
         f"{sink.get('recipients', 0):,} recipients, {sink.get('missing', '?')} missing, "
         f"{sink.get('recipients_with_several_message_ids', '?')} with two different mails, "
         f"{sink.get('resent_same_message_id', '?')} resent under the same Message-ID; "
         f"{found['database']['mails_by_status'].get('sent', 0):,} sent in the database"
         + stopped),
        (f"fan-out: worker max RSS < {RSS_LIMIT_MB} MB", 0 < rss < RSS_LIMIT_MB,
         f"{rss:.0f} MB (idle {found['worker_rss_idle_mb'] or 0:.0f} MB)"),
        (f"fan-out: signed-out page within {PAGE_WITHIN:.0%} of its rate without fan-out",
         ratio is not None and ratio >= 1 - PAGE_WITHIN,
         "no complete page run during the fan-out" if ratio is None else
         f"{ratio:.1%} ({found['page_during']['rps']:,.1f} vs "
         f"{found['page_without']['rps']:,.1f} req/s)"),
    ]


def _num(value, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def markdown(found: dict) -> list[str]:
    sink, database = found["sink"], found["database"]
    during, without = found["page_during"], found["page_without"]
    return [
        "", f"Fan-out: a decision notified to {found['followers']:,} followers of one link by "
        f"one `consult worker` (2 threads"
        + (f", --nice {found['worker_nice']}" if found.get("worker_nice") is not None
           else ", its default --nice 19")
        + ") to a local SMTP sink (its own process), the signed-out consultation page under "
        f"load for {found['page_during']['runs']} runs of it, then the fan-out alone:", "",
        "| measure | value |", "|---|---:|",
        f"| followers seeded (bulk insert) | {found['followers']:,} in "
        f"{found['seed_seconds']:.1f} s |",
        f"| decision's commit to first mail in the sink | "
        f"{_num(found['seconds_to_first_mail'])} s |",
        f"| decision's commit to all mails in the sink | {_num(found['seconds_to_all'])} s |",
        f"| mails per second (commit to last mail) | {_num(found['mails_per_second'])} |",
        f"| mails per second (first to last mail) | "
        f"{_num(found['mails_per_second_first_to_last'])} |",
        f"| worker RSS idle / at 10% / 50% / 100% of mails / max (MB) | "
        f"{_num(found['worker_rss_idle_mb'], 0)} / {_num(found['worker_rss_at_10pct_mb'], 0)} / "
        f"{_num(found['worker_rss_at_50pct_mb'], 0)} / "
        f"{_num(found['worker_rss_at_100pct_mb'], 0)} / {_num(found['worker_max_rss_mb'], 0)} |",
        f"| worker CPU time (s) / sink CPU time (s) | {_num(found['worker_cpu_seconds'])} / "
        f"{_num(found['sink_cpu_seconds'])} |",
        f"| mails in the sink / distinct Message-IDs / resent under the same Message-ID | "
        f"{sink.get('messages', 0):,} / {sink.get('distinct_message_ids', 0):,} / "
        f"{sink.get('resent_same_message_id', 0):,} |",
        f"| recipients / missing / with two different mails | {sink.get('recipients', 0):,} / "
        f"{sink.get('missing', 0):,} / {sink.get('recipients_with_several_message_ids', 0):,} |",
        f"| other mail in the sink (the seed's, sent before the decision) | "
        f"{sink.get('other_messages', 0):,} |",
        "| mails in the database by status | " + ", ".join(
            f"{status} {n:,}" for status, n in sorted(database["mails_by_status"].items())) +
        f"; handed over more than once {database['mails_handed_over_more_than_once']:,} |",
        f"| page without fan-out: req/s, p50, p99 (median of {without['runs']} runs) | "
        f"{_num(without['rps'])}, {_num(without['p50_ms'])} ms, {_num(without['p99_ms'])} ms |",
        f"| page during fan-out: req/s, p50, p99 (median of {during['runs']} runs) | "
        f"{_num(during['rps'])}, {_num(during['p50_ms'])} ms, {_num(during['p99_ms'])} ms |",
        f"| during / without | "
        f"{'–' if found['page_ratio'] is None else format(found['page_ratio'], '.1%')} |",
    ]
