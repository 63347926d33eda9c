"""The link check: does each address the sources give still lead to a page? (``check --links``)

It is polite to the sites it asks: one address at a time from each site, and at most
:data:`PARALLEL` sites at once; it waits as long as a site asks when it answers 429 Too Many
Requests (up to :data:`MAX_WAIT`); it tries once more after a failure that may pass; it names
itself and the site it checks for in its User-Agent; and it reads only each answer's head.

What it finds of each address is a :class:`~factcheck.model.LinkCheck`: live, redirected, moved,
dead (the server says the page is gone: 404 or 410) or unreachable (anything that may pass or
that a checker cannot judge, such as a time-out, a server error or a refusal to robots). Only dead
ones change what readers are told, so a site down for an hour never marks its pages gone.
"""

from __future__ import annotations

import dataclasses
import datetime
import email.utils
import http.client
import queue
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from factcheck.model import LinkCheck

PARALLEL = 4
"""Sites asked at once at most."""
TIMEOUT = 10.0
"""Seconds to wait for a connection, and then for each part of an answer."""
RETRY_DELAY = 2.0
"""Seconds before the one retry of a failure that may pass, where the site does not say."""
MAX_WAIT = 60.0
"""The longest a site's Retry-After is waited for; one asking for longer is checked another day."""
MAX_REDIRECTS = 10
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_GONE = {404, 410}
_BUSY = {408, 429}
"""Answers that say "not now" rather than "no"; with server errors (5xx), they are tried again."""
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
    """How it waits before a retry (a test may record the waits instead of sleeping)."""


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
        parts = urlsplit(address)
        sites.setdefault(f"{parts.scheme.lower()}://{parts.netloc.lower()}", []).append(address)
    found: queue.SimpleQueue[tuple[str, LinkCheck] | BaseException] = queue.SimpleQueue()

    def check_site(site_addresses: list[str]) -> None:
        try:
            for address in site_addresses:
                found.put((address, _check(address, today, settings)))
        except BaseException as error:  # reported by the caller, which waits for every address
            found.put(error)

    checks: dict[str, LinkCheck] = {}
    if not sites:
        return checks
    pool = ThreadPoolExecutor(max_workers=min(settings.parallel, len(sites)))
    try:
        for site_addresses in sites.values():
            pool.submit(check_site, site_addresses)
        while len(checks) < sum(map(len, sites.values())):
            item = found.get()
            if isinstance(item, BaseException):
                raise item
            checks[item[0]] = item[1]
            done()
    finally:  # on an interruption, without waiting for the sites still being asked
        pool.shutdown(wait=False, cancel_futures=True)
    return checks


def _check(address: str, today: datetime.date, settings: Settings) -> LinkCheck:
    outcome = _follow(address, today, settings)
    if not outcome.again:
        return outcome.check
    wait = RETRY_DELAY if outcome.wait is None else outcome.wait
    if wait > MAX_WAIT:
        reason = f"{outcome.check.reason}; it asked to be left alone for {wait:.0f} s"
        return dataclasses.replace(outcome.check, reason=reason)
    settings.sleep(wait)
    return _follow(address, today, settings).check


def _follow(address: str, today: datetime.date, settings: Settings) -> _Outcome:
    """Ask for ``address``, following its redirects, and judge where it ends."""
    permanent: bool | None = None  # None: not redirected
    at = address
    for _ in range(MAX_REDIRECTS + 1):
        answer = _ask(at, settings)
        if answer.code not in _REDIRECTS or not answer.location:
            return _judged(answer, permanent, at if at != address else None, today)
        target = urljoin(at, answer.location)
        if urlsplit(target).scheme.lower() not in _WEB:
            why = f"{answer.code} {answer.reason}, to {target}, which is no web address"
            return _Outcome(LinkCheck("unreachable", today, answer.code, why))
        permanent = bool(permanent) or answer.code in _PERMANENT
        at = target
    why = f"more than {MAX_REDIRECTS} redirects, the last to {at}"
    return _Outcome(LinkCheck("unreachable", today, None, why))


def _judged(
    answer: _Answer, permanent: bool | None, moved_to: str | None, today: datetime.date
) -> _Outcome:
    code = answer.code
    why = answer.reason if code is None else f"{code} {answer.reason}".strip()
    if code is None:
        return _Outcome(LinkCheck("unreachable", today, None, why, moved_to), again=True)
    if 200 <= code < 300:
        if permanent is None:
            return _Outcome(LinkCheck("live", today, code))
        status = "moved" if permanent else "redirected"
        return _Outcome(LinkCheck(status, today, code, "", moved_to))
    if code in _GONE:
        return _Outcome(LinkCheck("dead", today, code, why, moved_to))
    again = code in _BUSY or code >= 500
    return _Outcome(LinkCheck("unreachable", today, code, why, moved_to), again, answer.retry_after)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as answers, so each is judged (permanent or not, to where)."""

    def redirect_request(self, *arguments: object) -> None:
        return None


# Only web addresses are opened: the proxies the system sets, HTTP and HTTPS, no redirects.
_OPENER = urllib.request.OpenerDirector()
for _handler in (
    urllib.request.ProxyHandler(),
    urllib.request.HTTPHandler(),
    urllib.request.HTTPSHandler(),
    urllib.request.HTTPDefaultErrorHandler(),
    urllib.request.HTTPErrorProcessor(),
    _NoRedirects(),
):
    _OPENER.add_handler(_handler)


def _ask(address: str, settings: Settings) -> _Answer:
    """One GET of ``address``, closed once its head is read: the page itself is not needed, and
    some servers answer HEAD wrongly."""
    request = urllib.request.Request(
        quote(address, safe=_KEPT_IN_ADDRESSES),
        headers={"User-Agent": settings.user_agent, "Accept": "text/html,*/*;q=0.8"},
    )
    try:
        with _OPENER.open(request, timeout=settings.timeout) as response:
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
        return _Answer(None, _no_answer(error, settings.timeout))


def _no_answer(error: BaseException, timeout: float) -> str:
    """Why no answer came, in words."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
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
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())
