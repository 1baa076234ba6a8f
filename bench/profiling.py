"""Profile the benchmark's requests in process (cProfile): where the time of each one goes.

    .venv/bin/python bench/profiling.py [--responses N]

Uses the cached benchmark database (seeding it first if needed) in a temporary folder, the
production settings, and the app's own test client; prints the top functions of the app's
code (and the libraries they call) by cumulative time for each scenario.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _requests(ids: dict, minted: list[tuple[str, str]]) -> dict:
    big, option = ids["big"], ids["options"][0]
    reader = minted.pop()[0]

    def submit(client):
        cookie, token = minted.pop()
        return client.post(f"/consultations/{big}/respond", headers={"Cookie": f"session={cookie}"},
                           data={"csrf_token": token, "option": option,
                                 "respondent_type": "local_resident"})

    return {
        "(1) consultation page, signed out": lambda c: c.get(f"/consultations/{big}"),
        "(2) consultation page, signed in": lambda c: c.get(
            f"/consultations/{big}", headers={"Cookie": f"session={reader}"}),
        "(3) results page, busy consultation": lambda c: c.get(f"/consultations/{big}/results"),
        "(4) submit a response": submit,
    }


def _profile(app, send, repeats: int) -> str:
    send(app.test_client(use_cookies=False))  # warm: templates compiled, connections open
    profiler = cProfile.Profile()
    for _ in range(repeats):
        client = app.test_client(use_cookies=False)
        profiler.enable()
        answer = send(client)
        profiler.disable()
        assert answer.status_code in (200, 302), answer.status_code
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"consult/|sqlalchemy/engine|jinja2/environment", 18)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="consult-profile-"))
    os.environ.update({"CONSULT_INSTANCE_PATH": str(workdir), "CONSULT_ENV": "production",
                       "SECRET_KEY": secrets.token_hex(32), "RATELIMIT_ENABLED": "false",
                       "CONSULT_BASE_URL": "http://127.0.0.1",
                       "CONSULT_SHARED_ADDRESSES": "127.0.0.1",
                       "CONSULT_RESPONSE_BURST_DOMAIN": "100000000 per hour",
                       "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}"})
    from bench import database, sessions
    from consult import create_app

    try:
        ids, how = database.prepare(dict(os.environ), workdir, args.responses, True)
        print(f"Database {how}")
        app = create_app()
        minted = sessions.sign(app, sessions.new_residents(app, args.repeats * 2 + 2))
        for name, send in _requests(ids, minted).items():
            print(f"==== {name} ({args.repeats} requests)")
            print(_profile(app, send, args.repeats))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
