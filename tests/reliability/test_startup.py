"""Starting the command line and gunicorn: a bad setting, a database that does not answer, or
per-worker rate limits in production is one line on stderr and exit status 2."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.reliability.redis_server import REDIS_SERVER, RedisServer
from tests.reliability.servers import GUNICORN, ROOT, consult_command, free_port


def production_env(tmp_path, **extra: str) -> dict:
    """A deployment's settings, with nothing inherited from the test run."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("CONSULT_", "RATELIMIT_", "MAIL_", "DATABASE_URL",
                                  "SECRET_KEY", "WEB_CONCURRENCY"))}
    env.update({"CONSULT_ENV": "production", "CONSULT_INSTANCE_PATH": str(tmp_path / "instance"),
                "CONSULT_BASE_URL": "https://consult.example", "RATELIMIT_ENABLED": "false",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'consult.sqlite3'}",
                # The console script's editable install may point at another checkout.
                "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def gunicorn(env: dict, workers: int = 2) -> subprocess.CompletedProcess:
    """gunicorn as deployed, expected to refuse to start (killed after 60 s if it does not)."""
    return subprocess.run(
        [str(GUNICORN), "--bind", f"127.0.0.1:{free_port()}", "--workers", str(workers),
         "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def one_line(result: subprocess.CompletedProcess, *words: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("consult: "), result.stderr
    assert all(word in lines[0] for word in words), lines[0]
    return lines[0]


BAD_SETTINGS = [
    ({"CONSULT_ENV": "staging"}, "CONSULT_ENV"),
    ({"SECRET_KEY": "too short"}, "SECRET_KEY"),
    ({"MAIL_PORT": "twenty-five"}, "MAIL_PORT"),
    ({"CONSULT_RETENTION_MONTHS": "a year"}, "CONSULT_RETENTION_MONTHS"),
    ({"CONSULT_RESPONSE_BURST_IP": "lots"}, "CONSULT_RESPONSE_BURST_IP"),
    ({"CONSULT_LOGIN_LIMIT": "ten a minute"}, "CONSULT_LOGIN_LIMIT"),
    ({"RATELIMIT_STORAGE_URI": "memcache-ish://127.0.0.1"}, "RATELIMIT_STORAGE_URI"),
]


@pytest.mark.parametrize(("setting", "name"), BAD_SETTINGS)
def test_a_bad_setting_is_one_line_and_exit_2_on_the_command_line(tmp_path, setting, name):
    one_line(consult_command(production_env(tmp_path, **setting), "audit", "verify"), name)


@pytest.mark.parametrize(("setting", "name"), BAD_SETTINGS[:3])
def test_a_bad_setting_is_one_line_and_exit_2_when_gunicorn_starts(tmp_path, setting, name):
    one_line(gunicorn(production_env(tmp_path, **setting)), name)


def test_production_without_a_base_url_refuses_to_serve_in_one_line(tmp_path):
    env = production_env(tmp_path)
    del env["CONSULT_BASE_URL"]
    one_line(gunicorn(env), "CONSULT_BASE_URL")


def closed_database(tmp_path) -> str:
    return f"postgresql://postgres@127.0.0.1:{free_port()}/consult"  # nothing listens there


def test_a_database_that_does_not_answer_is_one_line_and_exit_2_on_the_command_line(tmp_path):
    env = production_env(tmp_path, DATABASE_URL=closed_database(tmp_path))
    for command in (["audit", "verify"], ["db", "upgrade"]):
        one_line(consult_command(env, *command), "database does not answer")


def test_a_database_that_does_not_answer_is_one_line_and_exit_2_when_gunicorn_starts(tmp_path):
    env = production_env(tmp_path, DATABASE_URL=closed_database(tmp_path))
    one_line(gunicorn(env), "database does not answer")


def test_production_refuses_per_worker_rate_limits_with_more_than_one_worker(tmp_path):
    env = production_env(tmp_path, RATELIMIT_ENABLED="true")
    one_line(gunicorn(env, workers=2), "counted per worker", "RATELIMIT_STORAGE_URI")
    one_line(gunicorn({**env, "WEB_CONCURRENCY": "3"}, workers=3), "3 workers")


def started(env: dict, log, workers: int = 2) -> subprocess.Popen:
    """gunicorn serving a migrated database (its stderr to log) once /healthz answers."""
    migrate = subprocess.run([sys.executable, "-c", "from consult.cli import main; main()",
                              "db", "upgrade"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=300)
    assert migrate.returncode == 0, migrate.stderr
    port = free_port()
    process = subprocess.Popen(
        [str(GUNICORN), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env, stderr=log,
        start_new_session=True)
    for _ in range(300):
        assert process.poll() is None, log.name
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                process.health = json.load(answer)
                return process
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn never answered")


def stopped(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def test_development_with_per_worker_rate_limits_starts_and_says_so_once(tmp_path):
    env = production_env(tmp_path, CONSULT_ENV="development", RATELIMIT_ENABLED="true")
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        stopped(started(env, log))
    lines = [line for line in log_path.read_text().splitlines() if line.startswith("consult:")]
    assert len(lines) == 1 and "counted per worker" in lines[0], lines


@pytest.mark.skipif(not REDIS_SERVER, reason="redis-server is not installed")
def test_production_with_shared_rate_limit_storage_starts_with_several_workers(tmp_path):
    with RedisServer() as redis_server:
        env = production_env(tmp_path, RATELIMIT_ENABLED="true",
                             RATELIMIT_STORAGE_URI=redis_server.url)
        with (tmp_path / "gunicorn.log").open("w") as log:
            server = started(env, log)
            stopped(server)
    assert server.health["rate_limits"] == {"status": "ok", "storage": "redis"}
    assert "consult:" not in (tmp_path / "gunicorn.log").read_text()
