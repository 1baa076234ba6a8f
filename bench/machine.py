"""What the benchmark ran on: the machine, the disk's fsync rate, the workers' memory."""

import os
import platform
import sqlite3
import threading
import time
from pathlib import Path


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def fsync_rate(folder: Path, seconds: float = 2.0) -> float:
    """Durable 4 KiB appends per second on this disk: the ceiling for durable commits."""
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


def describe(folder: Path) -> dict:
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "kernel": platform.release(),
            "platform": platform.platform(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "fsync_per_second": round(fsync_rate(folder))}


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(child) for child in path.read_text().split()]
    except OSError:
        return []


class RssSampler(threading.Thread):
    """Samples every worker of the watched gunicorn masters; keeps each worker's maximum."""

    def __init__(self, interval: float = 0.2):
        super().__init__(daemon=True)
        self.interval, self.masters, self.peaks = interval, {}, {}
        self._stop_event = threading.Event()

    def watch(self, label: str, master_pid: int) -> None:
        self.masters[label] = master_pid

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            for label, master in list(self.masters.items()):
                for pid in children(master):
                    rss = _rss_mb(pid)
                    if rss is not None:
                        key = (label, pid)
                        self.peaks[key] = max(self.peaks.get(key, 0.0), rss)

    def stop(self) -> dict:
        self._stop_event.set()
        self.join(timeout=2)
        report = {}
        for (label, pid), peak in sorted(self.peaks.items()):
            report.setdefault(label, []).append({"pid": pid, "max_rss_mb": round(peak, 1)})
        return report
