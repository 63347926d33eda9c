"""``serve``: a live preview that rebuilds on every save and shows build errors in the browser.

It uses the livereload package for the browser connection and works around its weak points:
its reload throttle (a save within 3 s of the last reload was ignored) is switched off; its folder
watcher, which polls and stops at the first changed file, is replaced by one that the system's file
events wake once a burst of saves has settled, and that then compares the whole tree, so several
files saved together cause one rebuild; and since it only logs what a build task raises, build
errors are kept and shown on every page served.
"""

from __future__ import annotations

import errno
import gc
import html
import ipaddress
import logging
import mimetypes
import posixpath
import secrets
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
from tornado.web import HTTPError, RequestHandler
from tornado.websocket import WebSocketHandler

from factcheck.addresses import site_address
from factcheck.bodies import BodyStore
from factcheck.errors import ContentError, ContentErrors, UsageError, WorkerDied
from factcheck.pipeline import render
from factcheck.state import BuildState
from factcheck.units import Units
from factcheck.watcher import TreeWatcher
from factcheck.write import MemorySite

YOUNG_PER_FILE = 8
"""The collector's young generation, per file of the site, in the preview (see
:func:`size_the_collector`)."""
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class Preview:
    """The site as the preview serves it: the last good build, in memory, and the current errors."""

    def __init__(self, content_dir: Path, templates_dir: Path, hosts: Hosts) -> None:
        self.content_dir = content_dir
        self.templates_dir = templates_dir
        self.hosts = hosts
        self.base_url = hosts.base_url
        self.state = BuildState()
        self.bodies = BodyStore()
        self.units = Units()
        self.site = MemorySite()
        self.errors: list[ContentError] = []
        self.epoch = 0
        """How many builds the preview has made: each page served says which it shows."""
        self.run = secrets.token_hex(4)
        """This preview's own: a page from one run before is from another build too."""
        self.cookie = f"factcheck-build-{hosts.port}"
        """The cookie saying which build the browser's newest page of this preview shows (cookies
        are kept by host, not port: two previews on one machine keep theirs apart)."""

    def rebuild(self) -> None:
        started = time.perf_counter()
        try:
            rendered = render(
                self.content_dir, self.templates_dir, self.site, base_url=self.base_url,
                include_drafts=True, state=self.state, bodies=self.bodies, units=self.units,
            )  # fmt: skip
        except ContentErrors as failure:
            self.state.rollback()
            self.epoch += 1  # the pages change: they show the errors
            self.errors = failure.errors
            for error in self.errors:
                print(error, file=sys.stderr)
            print(
                f"Build failed: {len(self.errors)} error(s); the browser shows them.",
                file=sys.stderr,
            )
            return
        except WorkerDied as error:  # nothing to show in the page: the terminal says it
            self.state.rollback()
            print(f"error: {error}; the preview shows the last build", file=sys.stderr)
            return
        self.state.commit()
        self.epoch += 1
        self.errors = []
        print(
            f"Rebuilt {rendered.pages_made} of {rendered.pages} pages in "
            f"{time.perf_counter() - started:.2f} s",
            flush=True,
        )

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI application serving the preview."""
        if not self.hosts.allows(environ.get("HTTP_HOST", "")):
            start_response("421 Misdirected Request", [("Content-Type", "text/plain")])
            return [b"This preview answers only at its own address.\n"]
        path = posixpath.normpath(unquote(environ.get("PATH_INFO", "/"))).lstrip("/")
        if path == ".":
            path = ""
        wants_folder = environ.get("PATH_INFO", "/").endswith("/")
        name = f"{path}/index.html".lstrip("/") if wants_folder or not path else path
        if (
            name not in self.site.files
            and f"{name}/index.html" in self.site.files
            and not wants_folder
        ):
            start_response("301 Moved Permanently", [("Location", f"/{path}/")])
            return [b""]
        # normpath has removed every `..`; nothing outside the built files can be named.
        body = self.site.files.get(name)
        status = "200 OK"
        if body is None:
            status, name = "404 Not Found", "404.html"
            body = self.site.files.get(
                name, b"<!doctype html><html><head></head><body>Not found</body></html>"
            )
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        headers = [("Cache-Control", "no-store")]
        if content_type == "text/html":
            content_type += "; charset=utf-8"
            if self.errors:
                body = self._with_errors(body)
            headers.append(("Set-Cookie", f"{self.cookie}={self.build}; Path=/; SameSite=Strict"))
        start_response(status, [("Content-Type", content_type), *headers])
        return [body]

    @property
    def build(self) -> str:
        """Which build the pages served now show."""
        return f"{self.run}.{self.epoch}"

    def _with_errors(self, page: bytes) -> bytes:
        """The page with the build errors in a box at its top, or an error page if none was built."""
        items = "".join(
            f"<li><code>{html.escape(error.path)}:{error.line}</code>: {html.escape(error.message)}</li>"
            for error in self.errors
        )
        count = len(self.errors)
        box = (
            # Fixed to the viewport: an editor scrolled down the page sees it all the same.
            '<section role="alert" id="build-errors" style="position:fixed;top:0;left:0;right:0;'
            "z-index:1000;max-height:50vh;overflow:auto;box-sizing:border-box;"
            "margin:0;padding:1rem 1.5rem;background:#fff1f0;color:#5c0011;border-bottom:4px solid "
            '#a1161d;font:16px/1.5 system-ui,sans-serif">'
            f'<h2 style="margin:0 0 .5rem;font-size:1.2rem">The build failed: {count} '
            f'error{"s" if count != 1 else ""}</h2><ul style="margin:0;padding-left:1.25rem">{items}</ul>'
            '<p style="margin:.5rem 0 0">This page is from the last good build. Fix the file and save: '
            "the page reloads by itself.</p></section>"
        ).encode()
        if b"<body" not in page:
            page = (
                b"<!doctype html><html><head><title>Build failed</title></head><body></body></html>"
            )
        start = page.index(b"<body")
        end = page.index(b">", start) + 1
        return page[:end] + box + page[end:]


@dataclass(frozen=True)
class Hosts:
    """The addresses the preview answers at: the one it listens on, and for this machine only,
    ``localhost`` and ``127.0.0.1``. A request naming another host in its ``Host`` header comes
    through a name that resolves here (DNS rebinding) and is refused."""

    host: str
    port: int

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 address
        return f"http://{host}:{self.port}/"

    def allows(self, header: str) -> bool:
        if self.port == 80 and not header.endswith("]") and ":" not in header:
            header += ":80"  # browsers leave out the default port
        names = {self.host, f"[{self.host}]"}
        if self.host in ("127.0.0.1", "localhost", "::1"):
            names |= {"localhost", "127.0.0.1", "[::1]"}
        elif self.host in ("0.0.0.0", "::"):  # every interface: any address, never a name
            name, _, port = header.rpartition(":")
            return port == str(self.port) and _is_address(name)
        return header in {f"{name}:{self.port}" for name in names}


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
    except ValueError:
        return name == "localhost"
    return True


_JOIN = LiveReloadHandler.on_message
"""livereload's own handshake, kept here once: a second preview in one process wraps it, not the
first preview's wrapper."""


def _guard_reloads(hosts: Hosts, preview: Preview) -> None:
    """Let only the preview's own pages hold the reload connection, nothing else trigger a
    reload, and no page miss one. livereload accepts a WebSocket from any origin and reloads every
    page on a GET of ``/forcereload`` from anywhere; its handler classes are set here, as
    ``DEFAULT_RELOAD_TIME`` is, since its server builds its routes from them.

    A page loaded just before a rebuild connects only after it (the server does one thing at a
    time), so it would miss the reload sent when the rebuild ended. After MkDocs' epochs, each
    build is numbered: the number of the build the browser's newest page shows, in a cookie
    (:attr:`Preview.cookie`), is compared when a page connects, and a page of an older build is
    reloaded at once. MkDocs keeps the number in each page; the cookie is the browser's newest
    page, so of two tabs loaded around one rebuild, the older could still miss it.
    """

    def on_message(handler: LiveReloadHandler, message: str) -> None:
        waiting = handler in LiveReloadHandler.waiters
        _JOIN(handler, message)
        shown = handler.get_cookie(preview.cookie)
        joined = not waiting and handler in LiveReloadHandler.waiters
        if joined and shown is not None and shown != preview.build:
            handler.send_message(
                {"command": "reload", "path": "*", "liveCSS": False, "liveImg": True}
            )

    def prepare(handler: RequestHandler) -> None:
        if not hosts.allows(handler.request.host):
            raise HTTPError(421)

    def check_origin(handler: WebSocketHandler, origin: str) -> bool:
        # tornado's own rule, which livereload switches off: the page's origin is this server
        return bool(WebSocketHandler.check_origin(handler, origin))

    def refuse(handler: RequestHandler) -> None:
        raise HTTPError(403)  # reloads come from saved files, never from a request

    LiveReloadHandler.prepare = prepare  # type: ignore[method-assign,assignment]
    LiveReloadHandler.check_origin = check_origin  # type: ignore[method-assign]
    LiveReloadJSHandler.prepare = prepare  # type: ignore[method-assign,assignment]
    ForceReloadHandler.get = refuse  # type: ignore[method-assign]
    LiveReloadHandler.on_message = on_message  # type: ignore[method-assign]


def size_the_collector(files: int) -> None:
    """Let the young objects of one rebuild after an edit (the plan of every file: 100,000 to
    200,000 at 10,000 claims) live until the next rebuild lets them go, without the collector
    walking them all: with the build's threshold (:func:`factcheck.cli.main`) it did so at every
    save, 0.03 to 0.07 s of a rebuild of 0.6 s. What is left in cycles (1,500 objects a rebuild,
    most of them the rendered pages' template frames) waits longer to be freed."""
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_PER_FILE * files), *older)


def serve(content_dir: Path, templates_dir: Path, host: str, port: int) -> None:
    """Build, serve and rebuild on every change until interrupted."""
    hosts = Hosts(host, port)
    try:
        site_address(hosts.base_url)
    except ValueError as problem:
        raise UsageError(
            f"--host {host}: the preview's address {hosts.base_url} {problem}"
        ) from None
    preview = Preview(content_dir, templates_dir, hosts)
    preview.rebuild()
    size_the_collector(len(preview.site.files))

    def rebuild(changed: list[str]) -> None:
        print(f"Changed: {', '.join(changed[:3])}{' ...' if len(changed) > 3 else ''}", flush=True)
        preview.rebuild()
        size_the_collector(len(preview.site.files))  # the site has grown, or a first build failed

    # livereload ignores a change within DEFAULT_RELOAD_TIME seconds of the last reload.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    _guard_reloads(hosts, preview)
    # livereload logs each connection and reload, and tornado each request: the terminal keeps
    # the preview's own lines, and their warnings and errors (a filter, which livereload's own
    # logging set-up in serve() leaves in place).
    logging.getLogger("livereload").addFilter(lambda record: record.levelno >= logging.WARNING)
    logging.getLogger("tornado.access").addFilter(lambda record: record.levelno >= logging.ERROR)
    server = Server(app=preview, watcher=TreeWatcher([content_dir, templates_dir], rebuild))
    print(f"Previewing at http://{host}:{port}/ (drafts shown); press Ctrl+C to stop.", flush=True)
    try:
        server.serve(port=port, host=host, debug=False, live_css=False, restart_delay=0)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} is in use by another program; stop it or choose another with --port"
            ) from None
        raise
