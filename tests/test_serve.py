"""The live preview, driven in a real headless Chromium: edits show without a manual reload,
errors show in the page with their file and line, and the page comes back when they are fixed."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BUILD_SCRIPT, Project

playwright_api = pytest.importorskip("playwright.sync_api")

SVR_CLAIM = "claims/svr-serbia-secret-ammunition-supplies.md"
WAIT_MS = 10_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServeProcess:
    """`python build.py serve` running on a copy of the project, with its output collected."""

    def __init__(self, project: Project, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(
            [sys.executable, str(BUILD_SCRIPT), "serve", "--port", str(port),
             "--content", str(project.content), "--templates", str(project.templates)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.lines: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()
        self._wait_until_up()

    def _collect(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url, timeout=1)
                return
            except OSError:
                if self.process.poll() is not None:
                    raise AssertionError("serve exited:\n" + "\n".join(self.lines)) from None
                time.sleep(0.1)
        raise AssertionError("serve did not start:\n" + "\n".join(self.lines))

    def rebuilds(self) -> int:
        return sum(line.startswith(("Rebuilt", "Build failed")) for line in self.lines)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def server(project: Project) -> Iterator[ServeProcess]:
    running = ServeProcess(project, free_port())
    yield running
    running.stop()


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edit_break_and_fix_reach_the_open_page(
    browser, server: ServeProcess, project: Project
) -> None:
    page = browser.new_page()
    page.goto(server.url + "claims/svr-serbia-secret-ammunition-supplies/")
    expect = playwright_api.expect
    expect(page.locator("h1")).to_contain_text("in bulk on false end-user certificates")
    claim = project.content / SVR_CLAIM

    # An edit shows without a manual reload.
    save(claim, 'summary: "Financial Times', 'summary: "Edited in the preview. Financial Times')
    expect(page.locator(".summary")).to_contain_text("Edited in the preview.", timeout=WAIT_MS)

    # A second save straight after the reload shows too (livereload's default ignored it for 3 s).
    save(claim, "Edited in the preview.", "Edited twice.")
    expect(page.locator(".summary")).to_contain_text("Edited twice.", timeout=WAIT_MS)

    # A mistake shows in the page with its file and line, in view however far the editor has
    # scrolled, and the server keeps running.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    save(claim, "verdict: unproven", "verdict: unprovn")
    alert = page.locator("#build-errors")
    expect(alert).to_contain_text(f"{claim}:11", timeout=WAIT_MS)
    expect(alert).to_contain_text("did you mean `unproven`?")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(alert).to_be_in_viewport()
    other = browser.new_page()
    other.goto(server.url + "sources/")
    expect(other.locator("#build-errors")).to_contain_text(f"{claim}:11")

    # Fixed, the page comes back by itself.
    save(claim, "verdict: unprovn", "verdict: unproven")  # as its translation gives it
    expect(alert).to_have_count(0, timeout=WAIT_MS)
    expect(page.locator(".verdict-box .verdict-label")).to_have_text("Unproven")
    assert server.process.poll() is None

    # The terminal holds the preview's own lines: no line per request, connection or reload.
    ours = ("Previewing at ", "Changed: ", "Rebuilt ", "Build failed: ", f"{claim}:")
    assert server.lines and all(line.startswith(ours) for line in server.lines), server.lines


def wait_until(condition: Callable[[], bool]) -> None:
    """Wait until ``condition`` holds: the server's output is read by a thread of its own."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def wait_for(page: Any, condition: Callable[[], bool]) -> None:
    """Wait until ``condition`` holds, letting the browser's events run meanwhile."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(20)


def test_a_page_that_connects_only_after_a_rebuild_still_reloads(
    browser, server: ServeProcess, project: Project
) -> None:
    """A page loaded just before a rebuild connects after it, when the reload was sent to the
    pages connected then. Its connection is held back here until the rebuild has ended."""
    held: list[tuple[Any, list[str | bytes]]] = []

    def hold(socket: Any) -> None:
        if held:  # livereload.js tries again after 5 s unanswered: let that one through
            socket.connect_to_server()
            return
        messages: list[str | bytes] = []
        socket.on_message(lambda message: messages.append(message))
        held.append((socket, messages))

    page = browser.new_page()
    page.route_web_socket("**/livereload", hold)
    page.goto(server.url + "claims/svr-serbia-secret-ammunition-supplies/")
    wait_for(page, lambda: bool(held and held[0][1]))  # livereload.js said hello, unanswered
    rebuilds = server.rebuilds()
    save(
        project.content / SVR_CLAIM,
        'summary: "Financial Times',
        'summary: "Saved meanwhile. Financial',
    )
    wait_for(page, lambda: server.rebuilds() > rebuilds)
    socket, messages = held[0]
    upstream = socket.connect_to_server()
    socket.on_message(lambda message: upstream.send(message))
    for message in messages:
        upstream.send(message)
    playwright_api.expect(page.locator(".summary")).to_contain_text(
        "Saved meanwhile.", timeout=WAIT_MS
    )


def test_a_save_touching_several_files_rebuilds_once(
    server: ServeProcess, project: Project
) -> None:
    before = server.rebuilds()
    for path in sorted((project.content / "claims").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^published: .*$", "published: 2026-11-20", text, flags=re.M))
    wait_until(lambda: server.rebuilds() > before)
    # A marker saved after the burst's rebuild: any further rebuild of the burst would come
    # before the marker's, so once the marker shows there must have been exactly two.
    marker = project.content / "pages" / "methodology.md"
    marker.write_text(marker.read_text(encoding="utf-8") + "\nA marker.\n", encoding="utf-8")
    wait_until(lambda: any("methodology.md" in line for line in server.lines))
    wait_until(lambda: server.rebuilds() > before + 1)
    changed = [line for line in server.lines if line.startswith("Changed: ")]
    assert server.rebuilds() == before + 2, server.lines
    assert "methodology.md" in changed[-1] and "methodology.md" not in changed[-2]


def test_drafts_show_in_the_preview_marked_and_never_in_a_build(
    browser, server: ServeProcess, project: Project
) -> None:
    claim = project.content / SVR_CLAIM
    save(claim, "tags:", "draft: true\ntags:")
    page = browser.new_page()  # before, during or after the rebuild: it shows the draft
    page.goto(server.url)
    expect = playwright_api.expect
    card = page.locator(".claim-card", has_text="in bulk on false end-user certificates")
    expect(card.locator(".draft-label")).to_have_text("Draft", timeout=WAIT_MS)
    card.locator("h2 a").click()
    expect(page.locator(".draft-banner")).to_contain_text("not published")

    assert project.build().returncode == 0
    assert not (project.out / "claims" / claim.stem).exists()
    assert "in bulk on false end-user certificates" not in (project.out / "index.html").read_text()


def test_serve_reads_nothing_outside_the_site(server: ServeProcess) -> None:
    with socket.create_connection(("127.0.0.1", server.port)) as connection:
        connection.sendall(
            b"GET /../../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
            b"Connection: close\r\n\r\n" % server.port
        )
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    assert b"root:" not in response
    assert response.startswith(b"HTTP/1.1 404")


def test_port_in_use_gives_a_clear_message(server: ServeProcess, project: Project) -> None:
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "serve", "--port", str(server.port),
         "--content", str(project.content), "--templates", str(project.templates)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert f"port {server.port} is in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_listens_on_loopback_only(server: ServeProcess) -> None:
    # The kernel's table of listening sockets says which address the port is bound to.
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, port = local.rsplit(":", 1)
            if state == "0A" and int(port, 16) == server.port:  # 0A: LISTEN
                listening.append(address)
    assert listening == ["0100007F"]  # 127.0.0.1, nothing else
