"""The real app under gunicorn for the reliability tests: start, wait for /healthz, kill -9."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
CONSULT = Path(sys.executable).parent / "consult"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(instance: Path, database_url: str, port: int, **extra: str) -> dict:
    """Production settings, as deployed; the whole crowd comes from 127.0.0.1."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("CONSULT_", "RATELIMIT_", "MAIL_"))}
    env.update({"CONSULT_ENV": "production", "CONSULT_INSTANCE_PATH": str(instance),
                "CONSULT_BASE_URL": f"http://127.0.0.1:{port}", "DATABASE_URL": database_url,
                "SECRET_KEY": extra.pop("SECRET_KEY", secrets.token_hex(32)),
                "CONSULT_SHARED_ADDRESSES": "127.0.0.1", "RATELIMIT_ENABLED": "false"})
    env.update(extra)
    return env


class Gunicorn:
    """`gunicorn wsgi:app` with sync workers in its own process group (so kill -9 takes all)."""

    def __init__(self, port: int, env: dict, workers: int = 2):
        self.port, self.env, self.workers, self.process = port, env, workers, None
        self.base = f"http://127.0.0.1:{port}"

    def start(self) -> "Gunicorn":
        self.process = subprocess.Popen(
            [str(GUNICORN), "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--worker-class", "sync", "--log-level", "warning", "wsgi:app"],
            cwd=ROOT, env=self.env, start_new_session=True)
        self._wait_healthy()
        return self

    def _wait_healthy(self, attempts: int = 300) -> None:
        for _ in range(attempts):
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn on port {self.port} never became healthy")

    def kill_hard(self) -> None:
        """SIGKILL to the master and every worker at once: a power cut for the app."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill_hard()


def consult_command(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CONSULT), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
