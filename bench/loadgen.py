"""A Python load generator: same `Load`, same report keys as bench/wrk.py.

Closed loop: `connections` asyncio clients, each sending its next request as soon as the last
answer arrived; at the deadline they stop sending and wait for every answer, so for
submissions it knows exactly which sessions were acknowledged (wrk abandons the requests in
flight when its time is up). It drives the submission scenarios, and everything when wrk is
not installed. It costs far more CPU per request than wrk: its own rate on the bare route is
reported as its ceiling.
"""

import asyncio
import statistics
import time
from urllib.parse import urlsplit

from .wrk import EXHAUSTED_PATH, Load


def _request(load: Load, host: str, session: tuple[str, str] | None) -> bytes:
    head = [f"Host: {host}", "Connection: close"]
    if session is None and load.sessions:
        return (f"GET {EXHAUSTED_PATH} HTTP/1.1\r\n" + "\r\n".join(head) + "\r\n\r\n").encode()
    if session:
        body = f"csrf_token={session[1]}{load.body}".encode()
        head += [f"Cookie: session={session[0]}",
                 "Content-Type: application/x-www-form-urlencoded",
                 f"Content-Length: {len(body)}"]
        return (f"POST {load.path} HTTP/1.1\r\n" + "\r\n".join(head) + "\r\n\r\n").encode() + body
    if load.cookie:
        head.append(f"Cookie: session={load.cookie}")
    return (f"GET {load.path} HTTP/1.1\r\n" + "\r\n".join(head) + "\r\n\r\n").encode()


async def _one(host: str, port: int, payload: bytes) -> tuple[int, str]:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(payload)
        await writer.drain()
        answer = await reader.read()
    finally:
        writer.close()
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    location = next((line.split(":", 1)[1].strip() for line in head[1:]
                     if line.lower().startswith("location:")), "")
    return int(head[0].split()[1]), location


async def _drive(base: str, load: Load, seconds: float, connections: int) -> dict:
    url = urlsplit(base)
    sessions = enumerate(load.sessions)
    latencies, errors, acknowledged = [], 0, []
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors, acknowledged
        while time.perf_counter() < deadline:
            index, session = next(sessions, (None, None)) if load.sessions else (None, None)
            payload = _request(load, url.netloc, session)
            started = time.perf_counter()
            try:
                status, location = await _one(url.hostname, url.port, payload)
            except OSError:
                errors += 1
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            if load.sessions:
                ok = status == 302 and load.acknowledged_by in location and index is not None
                if ok:
                    acknowledged.append(index)
                errors += not ok
            elif status >= 400:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {"rps": len(latencies) / elapsed, "requests": len(latencies),
            "p50_ms": cuts[49] if cuts else None, "p99_ms": cuts[98] if cuts else None,
            "errors": errors, "acknowledged": len(acknowledged) if load.sessions else None,
            "acknowledged_sessions": sorted(acknowledged)}


def run(base: str, load: Load, *, seconds: float, connections: int, **_ignored) -> dict:
    return asyncio.run(_drive(base, load, seconds, connections))


async def _paced(base: str, load: Load, seconds: float, rate: float) -> dict:
    """Open loop: a request every 1/rate seconds whether or not earlier ones were answered,
    as people arrive at a peak; each latency includes any wait for a worker."""
    url = urlsplit(base)
    latencies, errors, acknowledged = [], 0, []

    async def one(index: int) -> None:
        nonlocal errors
        session = load.sessions[index] if index < len(load.sessions) else None
        started = time.perf_counter()
        try:
            status, location = await _one(url.hostname, url.port,
                                          _request(load, url.netloc, session))
        except OSError:
            errors += 1
            return
        latencies.append((time.perf_counter() - started) * 1000)
        if status == 302 and load.acknowledged_by in location and session is not None:
            acknowledged.append(index)
        else:
            errors += 1

    started, tasks = time.perf_counter(), []
    for index in range(int(seconds * rate)):
        await asyncio.sleep(max(0.0, started + index / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(one(index)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {"rps": len(latencies) / elapsed, "requests": len(latencies),
            "p50_ms": cuts[49] if cuts else None, "p99_ms": cuts[98] if cuts else None,
            "errors": errors, "acknowledged": len(acknowledged),
            "acknowledged_sessions": sorted(acknowledged)}


def run_paced(base: str, load: Load, *, seconds: float, rate: float) -> dict:
    return asyncio.run(_paced(base, load, seconds, rate))

