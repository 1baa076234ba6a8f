"""`make bench`: drive the real app under gunicorn and compare it with a bare Flask route.

Every scenario runs right after the bare route, on the shipped durability settings (SQLite WAL,
synchronous=FULL); afterwards every acknowledged response must be stored and every total must
equal a direct count. Writes bench/results/<timestamp>.json and .md, and latest.md.
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--scaling-seconds", type=float, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=4000,
                        help="minted sessions per submission run (one per request)")
    parser.add_argument("--no-cache", action="store_true", help="seed even if cached")
    parser.add_argument("--only", choices=["fanout", "analysis"],
                        help="run only this scenario (the page it loads is still measured "
                             "without and with it)")
    parser.add_argument("--followers", type=int, default=100_000,
                        help="followers in the fan-out scenario (0: leave it out)")
    parser.add_argument("--fanout-timeout", type=float, default=1200,
                        help="seconds to wait for every fan-out mail to reach the sink")
    parser.add_argument("--worker-nice", type=int, default=None,
                        help="the fan-out worker's --nice (default: its own, 19; 0: as the "
                             "servers)")
    parser.add_argument("--fanout-stall", type=float, default=120,
                        help="give the fan-out up when no mail reaches the sink for this long")
    parser.add_argument("--fanout-page-runs", type=int, default=6,
                        help="runs of the page measured during the fan-out; then it finishes "
                             "alone")
    return parser.parse_args()


def load_generator():
    """wrk (installed from Debian's packages if missing and we may), else the Python one."""
    if not shutil.which("wrk") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: apt-get install -y wrk", flush=True)
        install = ["apt-get", "install", "-y", "-qq", "wrk"]
        if subprocess.run(install, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], capture_output=True)
            subprocess.run(install, capture_output=True)
    if shutil.which("wrk"):
        from bench import wrk

        return ("wrk for pages, the API and the bare route; the Python generator for "
                "submissions (exact per-session accounting)", wrk.run)
    from bench import loadgen

    print("wrk is not available: using the Python load generator, which may be the "
          "bottleneck (compare the bare route's req/s)", flush=True)
    return "Python (asyncio; wrk not installed)", loadgen.run


def environment(workdir: Path) -> dict:
    from bench import database

    env = dict(os.environ)
    env.update({"CONSULT_INSTANCE_PATH": str(workdir), "CONSULT_ENV": "production",
                "SECRET_KEY": secrets.token_hex(32), "CONSULT_BASE_URL": "http://127.0.0.1",
                "RATELIMIT_ENABLED": "false", "CONSULT_SHARED_ADDRESSES": "127.0.0.1",
                # Every bench resident's address is @bench.invalid: no burst rule per domain.
                "CONSULT_RESPONSE_BURST_DOMAIN": "100000000 per hour",
                "DATABASE_URL": database.url(workdir), "PYTHONPATH": str(ROOT)})
    return env


def measure(args, env: dict, workdir: Path, ids: dict, drive, flask_app) -> dict:
    from bench import analysis, checks, fanout
    from bench.machine import RssSampler
    from bench.scenarios import Bench
    from bench.servers import Server

    sampler = RssSampler()
    sampler.start()

    def started(server) -> None:
        sampler.watch("app", server.process.pid)
        bench.warm(server)

    RESULTS.mkdir(exist_ok=True)
    log = RESULTS / "servers.log"  # the app's own request log, and any error
    log.write_text("")
    app = Server("wsgi:app", env, args.workers, "/healthz", log=log, on_start=started)
    bare = Server("bench.bare:app", env, args.workers, "/bare", log=log,
                  on_start=lambda s: sampler.watch("bare", s.process.pid))
    bench = Bench(args, app=app, bare=bare, ids=ids, drive=drive, folder=workdir)
    everything = args.only is None
    scenarios, scaling, found, fanned, analysed = [], [], None, None, None
    if everything:
        print("Minting sessions", flush=True)
        bench.prepare(flask_app)
        with flask_app.app_context():
            audit_before = checks.audit_count()
    try:
        app.start()
        if everything:
            bare.start()
            bench.warm_up()
            print("Measuring", flush=True)
            scenarios = bench.measure()
            print("Scaling run", flush=True)
            scaling = bench.scaling(flask_app)
            found = checks.check(flask_app, bench, audit_before=audit_before, base=app.base)
        if args.only in (None, "analysis"):
            if args.only:
                bare.start()
            print("Analysis", flush=True)
            analysed = analysis.run(flask_app, env, app=app, bare=bare, seconds=args.seconds,
                                    log=RESULTS / "analysis-worker.log")
        bare.stop()  # idle through the fan-out, as it was through each app scenario
        # last: it writes a decision, audit entries and 100,000 mails
        if args.followers and args.only in (None, "fanout"):
            print("Fan-out", flush=True)
            fanned = fanout.run(flask_app, env, app=app, drive=drive, args=args, ids=ids,
                                folder=workdir, log=RESULTS / "worker.log")
    finally:
        app.stop()
        bare.stop()
    return {"scenarios": scenarios, "scaling": scaling, "checks": found, "fanout": fanned,
            "analysis": analysed, "memory": sampler.stop()}


def main() -> int:
    args = arguments()
    started, clock_start = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"), time.perf_counter()
    generator, drive = load_generator()
    workdir = Path(tempfile.mkdtemp(prefix="consult-bench-"))
    env = environment(workdir)
    os.environ.update(env)
    from bench import database, fanout, machine, report
    from consult import create_app

    try:
        described = machine.describe(workdir)
        print(f"Disk fsync rate: {described['fsync_per_second']}/s. Preparing the database",
              flush=True)
        ids, seeded = database.prepare(env, workdir, args.responses, not args.no_cache)
        print(f"Database {seeded}", flush=True)
        found = measure(args, env, workdir, ids, partial(drive), create_app())
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result = {"started": started, "machine": described,
              "database": "postgresql" if os.environ.get("BENCH_DATABASE_URL") else "sqlite",
              "responses": args.responses, "seed": seeded, "workers": args.workers,
              "connections": args.connections, "generator": generator,
              "repeats": args.repeats, "seconds": args.seconds, "only": args.only, **found}
    result["wall_seconds"] = time.perf_counter() - clock_start
    result["targets"] = report.targets(result)
    table = report.markdown(result)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{started}.json").write_text(json.dumps(result, indent=2, default=str))
    (RESULTS / f"{started}.md").write_text(table)
    (RESULTS / "latest.md").write_text(table)
    print(table)
    checks, fanned = result["checks"], result["fanout"]
    stored = checks is None or (checks["all_stored"] and checks["audit_matches"]
                                and checks["totals_match"] and checks["audit_verifies"])
    return 0 if stored and (fanned is None or fanout.delivered_once(fanned)) else 1


if __name__ == "__main__":
    raise SystemExit(main())
