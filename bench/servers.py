"""Gunicorn servers for the benchmark: the app and the bare route, same configuration."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.machine import children

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One gunicorn (sync workers, the production settings) on 127.0.0.1."""

    def __init__(self, app: str, env: dict, workers: int, probe: str, *, log: Path,
                 on_start=None):
        self.app, self.env, self.workers, self.probe, self.log = app, env, workers, probe, log
        self.port, self.process, self.on_start, self.restarts = free_port(), None, on_start, 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        self.process = subprocess.Popen(
            [str(GUNICORN), "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--no-control-socket", "--log-level", "warning", self.app],
            cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.responsive(timeout=2):
                if self.on_start:
                    self.on_start(self)
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"{self.app} did not start on port {self.port}")

    def responsive(self, timeout: float) -> bool:
        try:
            with urllib.request.urlopen(self.base + self.probe, timeout=timeout) as answer:
                return answer.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        """Kill the master, then its workers: requests still queued are dropped, not served."""
        if self.process and self.process.poll() is None:
            workers = children(self.process.pid)
            self.process.kill()
            self.process.wait()
            for pid in workers:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def settle(self, timeout: float = 5.0) -> bool:
        """After an overload, requests wrk gave up on may still be queued for the workers: wait
        a little for them, or restart rather than let them run into the next measurement (`on_start`
        warms the new workers). True if restarted."""
        if self.responsive(timeout):
            return False
        self.stop()
        self.restarts += 1
        self.start()
        return True
