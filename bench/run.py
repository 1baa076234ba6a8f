"""`make bench`: drive the real app under gunicorn with wrk and compare it with a bare route.

Every scenario is measured against the bare Flask route in the same repetition, on the
shipped durability settings; afterwards every acknowledged response must be stored and the
totals must equal a direct count. Writes bench/results/latest.json and latest.md.
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fsync_rate(folder: Path, seconds: float = 2.0) -> float:
    """Durable 4 KiB writes per second on this disk: the ceiling for durable submissions."""
    path, count, block = folder / "fsync-probe", 0, os.urandom(4096)
    with open(path, "wb") as handle:
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            handle.write(block)
            handle.flush()
            os.fsync(handle.fileno())
            count += 1
    path.unlink()
    return count / seconds


def environment(workdir: Path, port: int) -> dict:
    env = dict(os.environ)
    env.update({"CONSULT_INSTANCE_PATH": str(workdir), "CONSULT_ENV": "production",
                "SECRET_KEY": secrets.token_hex(32), "CONSULT_BASE_URL": f"http://127.0.0.1:{port}",
                "RATELIMIT_ENABLED": "false"})
    database = os.environ.get("BENCH_DATABASE_URL")
    env["DATABASE_URL"] = database or f"sqlite:///{workdir / 'bench.sqlite3'}"
    return env


def start(app: str, port: int, env: dict, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--no-control-socket", "--log-level", "warning", app],
        cwd=ROOT, env=env)
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{app} did not start on port {port}")


def worker_rss_mb(server: subprocess.Popen) -> float:
    """The largest resident set of the gunicorn workers (children of the master)."""
    largest = 0.0
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                largest = max(largest, int(line.split()[1]) / 1024)
    return largest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    from bench.scenarios import Bench

    workdir = Path(tempfile.mkdtemp(prefix="consult-bench-"))
    port, bare_port = free_port(), free_port()
    env = environment(workdir, port)
    os.environ.update(env)
    fsyncs = fsync_rate(workdir)
    subprocess.run([str(BIN / "consult"), "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    bench = Bench(args, port=port, bare_port=bare_port, workdir=workdir)
    started = time.perf_counter()
    bench.seed()
    seeded = time.perf_counter() - started
    app = start("wsgi:app", port, env, args.workers)
    bare = start("bench.bare:app", bare_port, env, args.workers)
    try:
        rows = bench.measure(app)
        scaling = bench.scaling()
        checks = bench.check()
    finally:
        for server in (app, bare):
            server.terminate()
            server.wait(timeout=20)
    report = {"machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                          "python": platform.python_version()},
              "database": "postgresql" if os.environ.get("BENCH_DATABASE_URL") else "sqlite",
              "responses": args.responses, "seed_seconds": round(seeded, 1),
              "fsync_per_second": round(fsyncs), "workers": args.workers,
              "connections": args.connections, "scenarios": rows, "scaling": scaling,
              "checks": checks, "max_worker_rss_mb": round(bench.max_rss, 1)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    table = markdown(report)
    (RESULTS / "latest.md").write_text(table)
    print(table)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0 if checks["all_stored"] and checks["totals_match"] else 1


def markdown(report: dict) -> str:
    lines = [f"Machine: {report['machine']['platform']}, {report['machine']['cpus']} cores; "
             f"{report['database']}; {report['responses']:,} responses in the busy "
             f"consultation; {report['workers']} gunicorn sync workers; "
             f"{report['connections']} connections; disk fsync {report['fsync_per_second']}/s; "
             f"largest worker {report['max_worker_rss_mb']} MB.", "",
             "| scenario | req/s | p50 ms | p99 ms | errors | ratio to bare |",
             "|---|---:|---:|---:|---:|---:|"]
    for row in report["scenarios"]:
        lines.append(f"| {row['name']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | "
                     f"{row['p99_ms']:.1f} | {row['errors']} | {row['ratio']:.0%} |")
    lines += ["", "| scaling: responses stored | consultation page req/s | results page req/s |",
              "|---:|---:|---:|"]
    for row in report["scaling"]:
        lines.append(f"| {row['responses']:,} | {row['page_rps']:.0f} | {row['results_rps']:.0f} |")
    checks = report["checks"]
    lines += ["", f"Acknowledged responses stored: {checks['all_stored']} "
                  f"({checks['acknowledged']} acknowledged, {checks['stored_new']} new rows); "
                  f"totals equal a direct count: {checks['totals_match']}; tally of the busy "
                  f"consultation {checks['tally_ms']:.1f} ms."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
