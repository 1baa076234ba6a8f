"""A resident's browser in miniature, for client processes: cookies by hand (the production
cookies are Secure, which urllib's cookie jar would never send over http), CSRF from the page,
no redirects followed. Imports nothing from the app, so spawned processes start quickly."""

import http.client
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class Browser:
    def __init__(self, base: str, headers: dict | None = None):
        self.base, self.cookies, self.headers = base, {}, dict(headers or {})

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {**self.headers, "Cookie": "; ".join(f"{k}={v}" for k, v in
                                                          self.cookies.items())}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            answer = _OPENER.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            answer = error
        with answer:
            for header in answer.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return answer.status, answer.read().decode("utf-8", "replace")

    def token(self, path: str) -> str:
        status, html = self.request(path)
        match = CSRF.search(html)
        if status != 200 or not match:
            raise ConnectionError(f"no form on {path} ({status})")
        return next(group for group in match.groups() if group)

    def sign_in(self, email: str, password: str) -> int:
        token = self.token("/sign-in")
        return self.request("/sign-in", {"csrf_token": token, "email": email,
                                         "password": password})[0]

    def respond(self, proposal_id: int, option_id: int, reason: str) -> int:
        page = f"/consultations/{proposal_id}"
        token = self.token(page)
        return self.request(f"{page}/respond", {
            "csrf_token": token, "option": str(option_id), "respondent_type": "local_resident",
            "reason": reason})[0]


def append_durably(log: Path, line: str) -> None:
    """One line, on the disk before we go on: the log of what the server acknowledged."""
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def keep_responding(base: str, accounts: list[tuple[str, str]], proposal_id: int,
                    options: list[int], log: str, stop: str, name: str) -> None:
    """Client process: sign each account in, then respond in turn until the stop file exists,
    riding out server crashes; every acknowledged (302) response is logged with fsync."""
    browsers = [(Browser(base), email, password) for email, password in accounts]
    signed_in: set[int] = set()
    number = 0
    while not Path(stop).exists():
        index = number % len(browsers)
        browser, email, password = browsers[index]
        number += 1
        try:
            if index not in signed_in:
                if browser.sign_in(email, password) != 302:
                    continue
                signed_in.add(index)
            marker = f"{name}-{number}"
            if browser.respond(proposal_id, options[number % len(options)], marker) == 302:
                append_durably(Path(log), f"{email} {marker}")
        except (OSError, http.client.HTTPException):
            # The server is down (killed on purpose), or died mid-answer (IncompleteRead): that
            # response was not acknowledged, so it is not logged. Try again shortly.
            time.sleep(0.05)
