"""A web server on 127.0.0.1 for the link check's tests: live, dead, redirecting, slow and busy
addresses, each a path. No test of the link check reaches any other machine.

``/trickle`` sends its head a line at a time, never ending it; ``/slow`` never answers until the server stops (a time-out, whatever the check waits), and
``/held...`` until the test lets it (``permits``);
``/slow-once``, ``/busy`` and ``/error-once`` fail the first time they are asked and answer 200
after. Every request is recorded, with its headers, so tests can see what the check sent.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# path: (status, headers) of the answer; a status of None: never answer.
_ANSWERS: dict[str, tuple[int | None, dict[str, str]]] = {
    "/live": (200, {}),
    "/also-live": (200, {}),
    "/gone": (404, {}),
    "/removed": (410, {}),
    "/moved": (301, {"Location": "/live"}),
    "/moved-twice": (308, {"Location": "/temporary"}),
    "/temporary": (302, {"Location": "/also-live"}),
    "/moved-to-gone": (301, {"Location": "/gone"}),
    "/loop": (302, {"Location": "/loop"}),
    "/to-a-file": (302, {"Location": "file:///etc/passwd"}),
    "/error": (500, {}),
    "/forbidden": (403, {}),
    "/slow": (None, {}),
    "/busy-for-an-hour": (429, {"Retry-After": "3600"}),
    "/%C5%BEivo": (200, {}),  # /živo, as a browser sends it
    "/a%20b": (200, {}),
    "/moved-to-a-space": (301, {"Location": "/a b"}),
    "/like-a-doi": (302, {"Location": "/moved"}),  # a temporary redirect, then a permanent one
    "/to-a-bad-address": (302, {"Location": "http://[::1/x"}),
}
_FIRST_TIME: dict[str, tuple[int | None, dict[str, str]]] = {
    "/slow-once": (None, {}),
    "/busy": (429, {"Retry-After": "1"}),
    "/busy-until-a-past-date": (429, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
    "/error-once": (503, {}),
    "/gone-once": (404, {}),
    "/busy-oddly": (429, {"Retry-After": "\u00b2"}),
}
"""Answers given the first time only; 200 after."""


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.released = threading.Event()
        """Set as the server stops, so a request left unanswered ends."""
        self.permits = threading.Semaphore(0)
        """One for each ``/held...`` request the test lets the server answer."""
        self.lock = threading.Condition()
        self.asked: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.in_flight = 0
        """``/held...`` requests asked and waiting for their permit (and the most at once)."""
        self.most_in_flight = 0
        self.site_in_flight: Counter[str] = Counter()
        """The same, for each site: its requests waiting now (and the most of one site at once)."""
        self.most_of_a_site = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up on a slow address: what the tests make happen

    def wait_until(self, condition: Any, timeout: float = 60) -> None:
        """Wait until ``condition(self)`` holds, as requests arrive."""
        with self.lock:
            assert self.lock.wait_for(lambda: condition(self), timeout), "the condition never held"


class _Handler(BaseHTTPRequestHandler):
    server: LinkServer

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            server.asked[self.path] += 1
            first = server.asked[self.path] == 1
            server.user_agents.append(self.headers.get("User-Agent", ""))
            if self.path.startswith("/held"):  # in flight from the moment it is counted asked
                server.in_flight += 1
                server.most_in_flight = max(server.most_in_flight, server.in_flight)
                site = self._site()
                server.site_in_flight[site] += 1
                server.most_of_a_site = max(server.most_of_a_site, server.site_in_flight[site])
            server.lock.notify_all()
        self._answer(first)

    def _answer(self, first: bool) -> None:
        status, headers = _ANSWERS.get(self.path, (None, {}))
        if self.path in _FIRST_TIME:
            status, headers = _FIRST_TIME[self.path] if first else (200, {})
        elif self.path not in _ANSWERS and not self.path.startswith("/held"):
            status = 404
        if self.path == "/trickle":  # a header line at a time, never ending the head
            self._trickle()
            return
        if self.path.startswith("/held"):
            self._held()
            status = 200
        if status is None:
            self.server.released.wait()
            return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        body = b"<!doctype html><title>page</title>"
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _held(self) -> None:
        """Wait for the test's permit. The request is in flight until it has it, not while it is
        answered: a client that has read the answer may ask again before this handler returns,
        which counted two in flight where the client asked one at a time (a failure under load)."""
        server = self.server
        try:
            server.permits.acquire()
        finally:
            with server.lock:
                server.in_flight -= 1
                server.site_in_flight[self._site()] -= 1

    def _site(self) -> str:
        """The site asked, by the name it was asked by (the server is two: by number and name)."""
        return self.headers.get("Host", "").rpartition(":")[0]

    def _trickle(self) -> None:
        self.send_response(200)
        self.flush_headers()
        number = 0
        while not self.server.released.wait(0.1):  # faster than any time-out the tests give
            number += 1
            self.wfile.write(f"X-Line-{number}: more to come\r\n".encode())
            self.wfile.flush()

    def log_message(self, *arguments: Any) -> None:
        pass  # the tests assert what was asked; a log would only clutter their output


@contextmanager
def link_server() -> Iterator[LinkServer]:
    server = LinkServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.released.set()
        server.permits.release(1000)
        server.shutdown()
        server.server_close()
        thread.join()
