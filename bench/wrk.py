"""Run wrk against one URL and read its report: requests/s, p50/p99 latency, errors.

A `Load` says what each request is. Submissions carry one pre-minted session per request (the
threads share the list out, so no session is used twice); a submission is acknowledged only by
the redirect to the receipt page. If the sessions run out, the remaining requests go to a path
that does not exist and count as errors.
"""

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
EXHAUSTED_PATH = "/bench-sessions-exhausted"


@dataclass
class Load:
    path: str
    cookie: str | None = None
    sessions: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""  # form fields after the CSRF token, for POSTs
    acknowledged_by: str = "/receipt"  # Location of an acknowledged submission


SUBMIT_LUA = """
local sessions = {%(sessions)s}
local path = "%(path)s"
local body_tail = "%(body)s"
local i = 0
acknowledged, refused = 0, 0
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("slot", counter)
  table.insert(threads, thread)
end
function init(args) nthreads = tonumber(args[1]) end
function request()
  local n = slot + i * nthreads
  i = i + 1
  if n > #sessions then return wrk.format("GET", "%(exhausted)s") end
  local s = sessions[n]
  return wrk.format("POST", path, {
    ["Cookie"] = "session=" .. s[1],
    ["Content-Type"] = "application/x-www-form-urlencoded"}, "csrf_token=" .. s[2] .. body_tail)
end
function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  if status == 302 and string.find(location, "%(ack)s", 1, true) then
    acknowledged = acknowledged + 1
  else
    refused = refused + 1
  end
end
function done(summary, latency, requests)
  local a, r = 0, 0
  for _, t in ipairs(threads) do a = a + t:get("acknowledged"); r = r + t:get("refused") end
  io.write(string.format("ACKNOWLEDGED %%d REFUSED %%d\\n", a, r))
end
"""

COOKIE_LUA = """
wrk.headers["Cookie"] = "session=%(cookie)s"
"""


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse(output: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"\s50%\s+(\S+)", output)
    p99 = re.search(r"\s99%\s+(\S+)", output)
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                        output)
    counted = re.search(r"ACKNOWLEDGED (\d+) REFUSED (\d+)", output)
    errors = (int(bad.group(1)) if bad else 0) + (
        sum(int(n) for n in sockets.groups()) if sockets else 0)
    if counted:  # a submission that was not acknowledged is an error whatever its status
        errors = max(errors, int(counted.group(2)))
    answered = total > 0  # none answered: wrk prints zeros for the latencies
    return {"rps": rps, "requests": total,
            "p50_ms": _ms(p50.group(1)) if p50 and answered else None,
            "p99_ms": _ms(p99.group(1)) if p99 and answered else None, "errors": errors,
            "acknowledged": int(counted.group(1)) if counted else None}


def _script(load: Load, folder: Path) -> Path | None:
    if load.sessions:
        rows = ",".join(f'{{"{cookie}","{token}"}}' for cookie, token in load.sessions)
        path = folder / "submit.lua"
        path.write_text(SUBMIT_LUA % {"sessions": rows, "path": load.path, "body": load.body,
                                      "exhausted": EXHAUSTED_PATH, "ack": load.acknowledged_by})
        return path
    if load.cookie:
        path = folder / "cookie.lua"
        path.write_text(COOKIE_LUA % {"cookie": load.cookie})
        return path
    return None


def run(base: str, load: Load, *, seconds: float, connections: int, threads: int,
        folder: Path) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
               "--latency", "--timeout", "10s"]
    script = _script(load, folder)
    if script:
        command += ["-s", str(script)]
    command.append(base + load.path)
    if load.sessions:
        command += ["--", str(threads)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse(output)
