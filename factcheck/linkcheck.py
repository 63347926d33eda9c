"""The link check: does each address the sources give still lead to a page? (``check --links``)

It is polite to the sites it asks: one address at a time from each site (by host name), and at
most :data:`PARALLEL` sites at once; it waits as long as a site asks when it answers 429 Too Many
Requests (up to :data:`MAX_WAIT`); it asks once more after a failure that may pass; it names
itself and the site it checks for in its User-Agent; and it reads only each answer's head.

What it finds of each address is a :class:`~factcheck.linkstatus.LinkCheck`: live, redirected,
moved, dead (the server said twice that the page is gone: 404 or 410) or unreachable (anything
that may pass or that a checker cannot judge: a time-out, a server error, a refusal to robots).
Only dead ones change what readers are told, so a site down for an hour never marks its pages gone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import email.utils
import http.client
import queue
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from factcheck.linkstatus import LinkCheck

PARALLEL = 4
"""Sites asked at once at most."""
TIMEOUT = 10.0
"""Seconds a site has to answer: to connect and send the whole head of its answer."""
RETRY_DELAY = 2.0
"""Seconds before asking again after a failure that may pass, where the site does not say."""
MAX_WAIT = 60.0
"""The longest a site's Retry-After is waited for; one asking for longer is checked another day."""
MAX_REDIRECTS = 10
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_GONE = {404, 410}
"""Answers that say the page is gone; asked once more, as a page may be missing for a moment."""
_BUSY = {408, 429}
"""Answers that say "not now" rather than "no"; with server errors (5xx), asked again."""
_WEB = ("http", "https")
_KEPT_IN_ADDRESSES = ":/?#[]@!$&'()*+,;=%~"
"""What an address keeps as it is when asked for: the rest (letters of any script, spaces) is
sent as UTF-8, escaped, as a browser sends it."""


@dataclass(frozen=True)
class Settings:
    """How the check asks: who it says it is, and how long it waits."""

    user_agent: str
    timeout: float = TIMEOUT
    parallel: int = PARALLEL
    sleep: Callable[[float], None] = time.sleep
    """How it waits before asking again (a test may record the waits instead of sleeping)."""


@dataclass(frozen=True)
class _Answer:
    """One request's answer, or why none came (``code`` None)."""

    code: int | None
    reason: str
    location: str | None = None
    retry_after: float | None = None


@dataclass(frozen=True)
class _Outcome:
    check: LinkCheck
    again: bool = False
    """Whether it may pass, and is worth asking once more."""
    wait: float | None = None
    """How long the site asked the checker to wait before asking again."""


def user_agent(version: str, site_address: str) -> str:
    """An honest User-Agent: the program, and the site whose sources it checks, so a site's
    owner can tell who is asking and why."""
    return f"factcheck-link-check/{version} (+{site_address}; checks the sources this site cites)"


def check_links(
    addresses: Iterable[str],
    today: datetime.date,
    settings: Settings,
    done: Callable[[], None] = lambda: None,
) -> dict[str, LinkCheck]:
    """What each of ``addresses`` leads to today; ``done`` is called as each is known."""
    sites: dict[str, list[str]] = {}
    for address in sorted(set(addresses)):
        sites.setdefault(_site_of(address), []).append(address)
    opener = _opener()  # with the proxies the environment sets now
    found: queue.SimpleQueue[tuple[str, LinkCheck]] = queue.SimpleQueue()

    def check_site(site_addresses: list[str]) -> None:
        for address in site_addresses:
            try:
                result = _check(address, today, settings, opener)
            except Exception as error:  # an answer no one foresaw: this address's, not the run's
                result = LinkCheck("unreachable", today, None, f"the check failed ({error})")
            found.put((address, result))

    checks: dict[str, LinkCheck] = {}
    if not sites:
        return checks
    pool = ThreadPoolExecutor(max_workers=min(settings.parallel, len(sites)))
    try:
        for site_addresses in sites.values():
            pool.submit(check_site, site_addresses)
        while len(checks) < sum(map(len, sites.values())):
            address, result = found.get()
            checks[address] = result
            done()
    finally:  # on an interruption, without waiting for the sites still being asked
        pool.shutdown(wait=False, cancel_futures=True)
    return checks


def _site_of(address: str) -> str:
    try:
        return urlsplit(address).hostname or address
    except ValueError:  # not an address one can ask for: reported as its own site
        return address


def _check(
    address: str, today: datetime.date, settings: Settings, opener: urllib.request.OpenerDirector
) -> LinkCheck:
    outcome = _follow(address, today, settings, opener)
    if not outcome.again:
        return outcome.check
    wait = RETRY_DELAY if outcome.wait is None else outcome.wait
    if wait > MAX_WAIT:
        reason = f"{outcome.check.reason}; it asked to be left alone for {wait:.0f} s"
        return dataclasses.replace(outcome.check, reason=reason)
    settings.sleep(wait)
    return _follow(address, today, settings, opener).check


def _follow(
    address: str, today: datetime.date, settings: Settings, opener: urllib.request.OpenerDirector
) -> _Outcome:
    """Ask for ``address``, following its redirects, and judge where it ends. It has moved if
    its own answer is a permanent redirect, to where the permanent redirects lead."""
    moved_to: str | None = None
    permanent = True  # the redirects so far were all permanent (none yet: so far so)
    at = address
    for _ in range(MAX_REDIRECTS + 1):
        answer = _ask(at, settings, opener)
        if answer.code not in _REDIRECTS or not answer.location:
            return _judged(answer, moved_to, at if at != address else None, today)
        try:
            target = urljoin(at, answer.location)
            web = urlsplit(target).scheme.lower() in _WEB
        except ValueError:
            web = False
        if not web:
            why = f"{answer.code} {answer.reason}, to {answer.location}, which is no web address"
            return _Outcome(LinkCheck("unreachable", today, answer.code, why))
        permanent = permanent and answer.code in _PERMANENT
        if permanent:
            moved_to = target
        at = target
    why = f"more than {MAX_REDIRECTS} redirects, the last to {at}"
    return _Outcome(LinkCheck("unreachable", today, None, why))


def _judged(
    answer: _Answer, moved_to: str | None, led_to: str | None, today: datetime.date
) -> _Outcome:
    code = answer.code
    why = answer.reason if code is None else f"{code} {answer.reason}".strip()
    if code is None:
        return _Outcome(LinkCheck("unreachable", today, None, why, led_to), again=True)
    if 200 <= code < 300:
        if led_to is None:
            return _Outcome(LinkCheck("live", today, code))
        if moved_to is not None:
            return _Outcome(LinkCheck("moved", today, code, "", moved_to))
        return _Outcome(LinkCheck("redirected", today, code, "", led_to))
    if code in _GONE:
        return _Outcome(LinkCheck("dead", today, code, why, led_to), again=True)
    again = code in _BUSY or code >= 500
    return _Outcome(LinkCheck("unreachable", today, code, why, led_to), again, answer.retry_after)


class _Deadline:
    """A connection whose answer's head must come within its time-out in all, not only between
    two of its bytes: a server sending a byte at a time would otherwise hold the check for days.
    When the time is up, the socket is shut, which ends the wait for the answer."""

    timeout: float | None
    sock: socket.socket | None

    def connect(self) -> None:
        self._expired = False
        self._timer = threading.Timer(self.timeout or TIMEOUT, self._expire)
        self._timer.daemon = True
        self._timer.start()
        try:
            super().connect()  # type: ignore[misc]
        except BaseException:
            self._timer.cancel()
            raise

    def getresponse(self) -> http.client.HTTPResponse:
        try:
            response: http.client.HTTPResponse = super().getresponse()  # type: ignore[misc]
        finally:
            self._timer.cancel()
        if self._expired:  # a head cut short reads as a whole one: it ended with the socket
            response.close()
            raise TimeoutError("the answer's head did not come in time")
        return response

    def _expire(self) -> None:
        self._expired = True
        with contextlib.suppress(OSError, AttributeError):  # closed already: nothing to end
            self.sock.shutdown(socket.SHUT_RDWR)  # type: ignore[union-attr]


class _HTTPConnection(_Deadline, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_Deadline, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, request: urllib.request.Request) -> Any:
        return self.do_open(_HTTPConnection, request)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self) -> None:
        self.context = ssl.create_default_context()
        super().__init__(context=self.context)

    def https_open(self, request: urllib.request.Request) -> Any:
        return self.do_open(_HTTPSConnection, request, context=self.context)


def _opener() -> urllib.request.OpenerDirector:
    """An opener of web addresses only, through the proxies the environment sets, that follows
    no redirect: each comes back as an answer (HTTPError), to be judged."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        _HTTPHandler(),
        _HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _ask(address: str, settings: Settings, opener: urllib.request.OpenerDirector) -> _Answer:
    """One GET of ``address``, closed once its head is read: the page itself is not needed, and
    some servers answer HEAD wrongly."""
    request = urllib.request.Request(
        quote(address, safe=_KEPT_IN_ADDRESSES),
        headers={"User-Agent": settings.user_agent, "Accept": "text/html,*/*;q=0.8"},
    )
    started = time.monotonic()
    try:
        with opener.open(request, timeout=settings.timeout) as response:
            return _Answer(response.status, response.reason)
    except urllib.error.HTTPError as error:  # 3xx, 4xx and 5xx come this way
        with error:
            headers = error.headers
            return _Answer(
                error.code,
                str(error.reason or ""),
                headers.get("Location"),
                _retry_after(headers.get("Retry-After")),
            )
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        if time.monotonic() - started >= settings.timeout:
            return _Answer(None, f"no answer within {settings.timeout:g} s")
        return _Answer(None, _no_answer(error))


def _no_answer(error: BaseException) -> str:
    """Why no answer came, in words."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, socket.gaierror):
        return "the site's name was not found"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return "its certificate could not be verified"
    return f"no answer ({reason})"


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait, from a Retry-After header: a number of seconds, or a date."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())
