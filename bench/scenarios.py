"""The scenarios, interleaved with the bare route, and the scaling run.

In each repetition every scenario runs right after its own bare-route run, and its ratio is to
that run; the table reports the median of the repetitions.
"""

import contextlib
import math
import os
import statistics
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench import loadgen, sessions
from bench.locks import LockSampler
from bench.seed import MIDDLING
from bench.wrk import Load

RESPONSE_FIELDS = "&respondent_type=local_resident"
CHANGE_TO = 2  # the option a change moves to, from any other
# The UK Parliament petitions site's peak in March 2019: about 2,000 signatures a minute.
PEAK_PER_MINUTE = 2000
PEAK_PAGE = "peak: consultation page, signed out, with 2,000 submissions a minute"
PEAK_SUBMIT = "peak: 2,000 submissions a minute, with the page under load"


class Bench:
    def __init__(self, args, *, app, bare, ids: dict, drive, folder):
        self.args, self.app, self.bare, self.ids = args, app, bare, ids
        self.drive, self.folder = drive, folder
        self.submitted, self.changed = [], []  # (user ids, acknowledged) per run
        self.signed = []

    def _run(self, server, load: Load, seconds: float | None = None, drive=None) -> dict:
        return (drive or self.drive)(server.base, load, seconds=seconds or self.args.seconds,
                                     connections=self.args.connections,
                                     threads=self.args.threads, folder=self.folder)

    def prepare(self, flask_app) -> None:
        """Mint the sessions: new residents for submissions, seeded ones for changes."""
        per_run, repeats = self.args.sessions, self.args.repeats
        peak = math.ceil(PEAK_PER_MINUTE / 60 * self.args.seconds)
        fresh = sessions.new_residents(flask_app, per_run * repeats + 1)
        seeded = sessions.responded(flask_app, self.ids["big"], per_run * repeats,
                                    other_than=self.ids["options"][CHANGE_TO])
        at_peak = sessions.new_residents(flask_app, peak * repeats)
        signers = sessions.new_residents(flask_app, per_run * repeats)
        for_signing = sessions.sign(flask_app, signers)
        self.signers = [(signers[r * per_run:(r + 1) * per_run],
                         for_signing[r * per_run:(r + 1) * per_run]) for r in range(repeats)]
        minted = sessions.sign(flask_app, fresh + seeded)
        signed = sessions.sign(flask_app, at_peak)
        self.at_peak = [(at_peak[r * peak:(r + 1) * peak], signed[r * peak:(r + 1) * peak])
                        for r in range(repeats)]
        self.reader = minted[per_run * repeats][0]
        self.fresh = [(fresh[r * per_run:(r + 1) * per_run], minted[r * per_run:(r + 1) * per_run])
                      for r in range(repeats)]
        offset = per_run * repeats + 1
        self.seeded = [(seeded[r * per_run:(r + 1) * per_run],
                        minted[offset + r * per_run:offset + (r + 1) * per_run])
                       for r in range(repeats)]

    def _loads(self, rep: int) -> dict[str, tuple[Load, list | None]]:
        big, options = self.ids["big"], self.ids["options"]
        respond = f"/consultations/{big}/respond"
        new_ids, new_sessions = self.fresh[rep]
        old_ids, old_sessions = self.seeded[rep]
        return {
            "consultation page, signed out": (Load(f"/consultations/{big}"), None),
            "consultation page, signed in": (Load(f"/consultations/{big}", cookie=self.reader),
                                             None),
            "results page, busy consultation": (Load(f"/consultations/{big}/results"), None),
            "submit a response (new resident)": (
                Load(respond, sessions=new_sessions, body=f"&option={options[0]}"
                     + RESPONSE_FIELDS), (self.submitted, new_ids)),
            "change a response": (
                Load(respond, sessions=old_sessions, body=f"&option={options[CHANGE_TO]}"
                     + RESPONSE_FIELDS), (self.changed, old_ids)),
            "API results": (Load(f"/api/v1/consultations/{big}/results"), None),
            "home page, signed out": (Load("/"), None),
            "request page, signed out": (Load(f"/requests/{self.ids['request']}"), None),
            "sign a request (new resident)": (
                Load(f"/requests/{self.ids['request']}/sign", sessions=self.signers[rep][1],
                     body="&signer_type=local_resident", acknowledged_by="#sign"),
                (self.signed, self.signers[rep][0])),
        }

    def warm(self, server) -> None:
        """A few requests to each page the scenarios use (not the slow 1M results), so new
        workers have their templates compiled before they are measured."""
        paths = [f"/consultations/{self.ids['big']}", f"/consultations/{self.ids['empty']}/results",
                 "/", f"/requests/{self.ids['request']}",
                 f"/api/v1/consultations/{self.ids['empty']}/results", "/healthz"]
        for path in paths * 4:
            urllib.request.urlopen(server.base + path, timeout=60).close()

    def warm_up(self) -> None:
        """Once before measuring: the bare route too (the app was warmed as it started)."""
        self._run(self.bare, Load("/bare"), seconds=1)

    def measure(self) -> list[dict]:
        runs: dict[str, list[dict]] = {}
        for rep in range(self.args.repeats):
            for name, (load, log) in self._loads(rep).items():
                bare = self._run(self.bare, Load("/bare"))
                # Submissions: the Python generator, which accounts for every session exactly.
                with _lock_sampler(log is not None) as sampler:
                    row = self._run(self.app, load, drive=loadgen.run if log else None)
                if sampler is not None:
                    row.update(sampler.result())
                row["bare_rps"], row["ratio"] = bare["rps"], row["rps"] / bare["rps"]
                row["restarted"] = self.app.settle()
                if log is not None:
                    log[0].append((log[1], row.pop("acknowledged_sessions")))
                runs.setdefault(name, []).append(row)
                print(f"  rep {rep + 1} {name}: {row['rps']:.1f} req/s "
                      f"(bare {bare['rps']:.0f}), p99 {row['p99_ms'] or 0:.0f} ms, "
                      f"{row['errors']} errors", flush=True)
            bare = self._run(self.bare, Load("/bare"))
            for name, row in self.peak(rep).items():
                row["bare_rps"], row["ratio"] = bare["rps"], row["rps"] / bare["rps"]
                row["restarted"] = self.app.settle()
                runs.setdefault(name, []).append(row)
                print(f"  rep {rep + 1} {name}: {row['rps']:.1f} req/s, p99 "
                      f"{row['p99_ms'] or 0:.0f} ms, {row['errors']} errors", flush=True)
            ceiling = self._run(self.bare, Load("/bare"), drive=loadgen.run)
            runs.setdefault("bare route, Python generator (its ceiling)", []).append(
                {**ceiling, "bare_rps": bare["rps"], "ratio": ceiling["rps"] / bare["rps"],
                 "restarted": False})
        return [_median(name, rows) for name, rows in runs.items()]

    def peak(self, rep: int) -> dict[str, dict]:
        """The page under full load while residents submit at the petitions site's peak rate,
        paced (open loop), both at once."""
        big, options = self.ids["big"], self.ids["options"]
        user_ids, minted = self.at_peak[rep]
        submit = Load(f"/consultations/{big}/respond", sessions=minted,
                      body=f"&option={options[1]}" + RESPONSE_FIELDS)
        with ThreadPoolExecutor(1) as pool:
            paced = pool.submit(loadgen.run_paced, self.app.base, submit,
                                seconds=self.args.seconds, rate=PEAK_PER_MINUTE / 60)
            page = self._run(self.app, Load(f"/consultations/{big}"))
            submitted = paced.result()
        self.submitted.append((user_ids, submitted.pop("acknowledged_sessions")))
        return {PEAK_PAGE: page, PEAK_SUBMIT: submitted}

    def scaling(self, flask_app) -> list[dict]:
        from bench.checks import tally_ms

        rows = []
        for key, count in (("empty", 0), ("mid", MIDDLING), ("big", self.args.responses)):
            pid, row = self.ids[key], {"responses": count}
            for page, path in (("page", f"/consultations/{pid}"),
                               ("results", f"/consultations/{pid}/results")):
                found = self._run(self.app, Load(path), seconds=self.args.scaling_seconds)
                row[f"{page}_rps"], row[f"{page}_p50_ms"] = found["rps"], found["p50_ms"]
                self.app.settle()
            row["tally_ms"] = tally_ms(flask_app, pid, repeats=3 if count <= MIDDLING else 1)
            rows.append(row)
            print(f"  scaling {count:,}: page {row['page_rps']:.1f} req/s, results "
                  f"{row['results_rps']:.1f} req/s, tally {row['tally_ms']:.1f} ms", flush=True)
        return rows


@contextlib.contextmanager
def _lock_sampler(writes: bool):
    """On PostgreSQL, during the write scenarios: the share of busy database time spent
    waiting for locks (bench/locks.py)."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if not (writes and url):
        yield None
        return
    with LockSampler(url) as sampler:
        yield sampler


def _median(name: str, rows: list[dict]) -> dict:
    def middle(key):
        values = [row[key] for row in rows if row[key] is not None]
        return statistics.median(values) if values else None

    return {"name": name, "runs": len(rows),
            **{key: middle(key) for key in ("rps", "p50_ms", "p99_ms", "ratio", "bare_rps")},
            "errors": sum(row["errors"] for row in rows),
            "lock_wait_share": _share(rows),
            "requests": sum(row["requests"] for row in rows),
            "restarts": sum(bool(row["restarted"]) for row in rows)}


def _share(rows: list[dict]) -> float | None:
    """Lock waits over busy samples, all repetitions together (None off PostgreSQL)."""
    busy = sum(row.get("busy_backend_samples", 0) for row in rows)
    return sum(row.get("lock_waits", 0) for row in rows) / busy if busy else None
