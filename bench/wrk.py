"""Run wrk against one URL and read its report: requests/s, p50/p99 latency, errors."""

import re
import subprocess
from pathlib import Path

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}

SUBMIT_LUA = """
local sessions = {%(sessions)s}
local path = "%(path)s"
local body_tail = "%(body)s"
local i = 0
stored = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function request()
  i = i + 1
  local s = sessions[(i - 1) %% #sessions + 1]
  return wrk.format("POST", path, {
    ["Cookie"] = "session=" .. s[1],
    ["Content-Type"] = "application/x-www-form-urlencoded"}, "csrf_token=" .. s[2] .. body_tail)
end
function response(status, headers, body)
  if status == 302 then stored = stored + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("stored") end
  io.write(string.format("ACKNOWLEDGED %%d\\n", total))
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
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                        output)
    acknowledged = re.search(r"ACKNOWLEDGED (\d+)", output)
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99,
            "errors": (int(bad.group(1)) if bad else 0)
            + (sum(int(n) for n in sockets.groups()) if sockets else 0),
            "acknowledged": int(acknowledged.group(1)) if acknowledged else None}


def run(url: str, *, seconds: int, connections: int, script: Path | None = None) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    return parse(output)


def write_submit_script(path: Path, sessions: list[tuple[str, str]], url_path: str,
                        body_tail: str) -> Path:
    rows = ",".join(f'{{"{cookie}","{token}"}}' for cookie, token in sessions)
    path.write_text(SUBMIT_LUA % {"sessions": rows, "path": url_path, "body": body_tail})
    return path


def write_cookie_script(path: Path, cookie: str) -> Path:
    path.write_text(COOKIE_LUA % {"cookie": cookie})
    return path
