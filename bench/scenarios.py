"""The benchmark's scenarios, each measured against the bare route in the same repetition."""

import statistics
import time
import urllib.request
from pathlib import Path

import sqlalchemy as sa

from bench import seed as seeding
from bench import wrk
from consult import create_app
from consult.models import Proposal, Response, db
from consult.services import results

SESSIONS_PER_RUN = 4000
SESSION_START = 50_000_000


class Bench:
    def __init__(self, args, *, port: int, bare_port: int, workdir: Path):
        self.args, self.workdir = args, workdir
        self.base, self.bare = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{bare_port}/bare"
        self.max_rss, self.acknowledged = 0.0, 0

    def seed(self) -> None:
        self.app = create_app()
        self.ids = seeding.seed(self.app, responses=self.args.responses)
        count = SESSIONS_PER_RUN * self.args.repeats + 1
        self.sessions = seeding.mint_sessions(self.app, count, start=SESSION_START)
        self.reader = self.sessions.pop()

    def _get(self, path: str, seconds: int | None = None, cookie: bool = False) -> dict:
        script = None
        if cookie:
            script = wrk.write_cookie_script(self.workdir / "cookie.lua", self.reader[0])
        return wrk.run(self.base + path, seconds=seconds or self.args.seconds,
                       connections=self.args.connections, script=script)

    def _post(self, sessions, option: int) -> dict:
        big = self.ids["big"]
        script = wrk.write_submit_script(
            self.workdir / "submit.lua", sessions, f"/consultations/{big}/respond",
            f"&option={option}&respondent_type=local_resident")
        return wrk.run(self.base + f"/consultations/{big}/respond", seconds=self.args.seconds,
                       connections=self.args.connections, script=script)

    def _api_available(self) -> bool:
        try:
            with urllib.request.urlopen(self._api_path(), timeout=5) as answer:
                return answer.status == 200
        except OSError:
            return False

    def _api_path(self) -> str:
        return f"{self.base}/api/v1/consultations/{self.ids['big']}/results"

    def measure(self, server) -> list[dict]:
        big, options = self.ids["big"], self.ids["options"]
        runs: dict[str, list[dict]] = {}
        api = self._api_available()
        for rep in range(self.args.repeats):
            bare = wrk.run(self.bare, seconds=self.args.seconds,
                           connections=self.args.connections)["rps"]
            batch = self.sessions[rep * SESSIONS_PER_RUN:(rep + 1) * SESSIONS_PER_RUN]
            measured = {
                "consultation page, signed out": lambda: self._get(f"/consultations/{big}"),
                "consultation page, signed in": lambda: self._get(f"/consultations/{big}",
                                                                 cookie=True),
                "results page, busy consultation": lambda: self._get(
                    f"/consultations/{big}/results"),
                "submit a response (new resident)":
                    lambda batch=batch: self._post(batch, options[0]),
                "change a response": lambda batch=batch: self._post(batch, options[1]),
            }
            if api:
                measured["API results"] = lambda: self._get(
                    f"/api/v1/consultations/{big}/results")
            for name, run in measured.items():
                row = run()
                row["ratio"] = row["rps"] / bare
                if name.startswith("submit"):
                    self.acknowledged += row["acknowledged"] or 0
                runs.setdefault(name, []).append(row)
                self.max_rss = max(self.max_rss, _rss(server))
        return [_median(name, rows) for name, rows in runs.items()]

    def scaling(self) -> list[dict]:
        rows = []
        for responses, key in ((0, "empty"), (10_000, "mid"), (self.args.responses, "big")):
            pid = self.ids[key]
            rows.append({"responses": responses,
                         "page_rps": self._get(f"/consultations/{pid}", seconds=4)["rps"],
                         "results_rps": self._get(f"/consultations/{pid}/results",
                                                  seconds=4)["rps"]})
        return rows

    def check(self) -> dict:
        with self.app.app_context():
            proposal = db.session.get(Proposal, self.ids["big"])
            stored = db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(
                Response.proposal_id == proposal.id, Response.withdrawn.is_(False)))
            started = time.perf_counter()
            total = results.tally(proposal)["total"]
            tally_ms = (time.perf_counter() - started) * 1000
            db.session.remove()
        new = stored - self.args.responses
        return {"acknowledged": self.acknowledged, "stored_new": new,
                "all_stored": new == self.acknowledged, "totals_match": total == stored,
                "tally_ms": tally_ms}


def _rss(server) -> float:
    from bench.run import worker_rss_mb

    return worker_rss_mb(server)


def _median(name: str, rows: list[dict]) -> dict:
    return {"name": name, "runs": len(rows),
            **{key: statistics.median(row[key] for row in rows)
               for key in ("rps", "p50_ms", "p99_ms", "ratio")},
            "errors": sum(row["errors"] for row in rows)}
