"""Measure the preview on a synthetic site: python benchmarks/preview.py [--claims N] [--saves K].

Starts ``python build.py serve`` on a synthetic site of N claims, opens a claim page in headless
Chromium (Debian's ``chromium``), then saves an edit to that claim's summary K times and prints,
for each save, the seconds until the browser shows the new text (live reload included) and the
preview's own report of what it rebuilt; and, before the saves, how much of a core the preview
takes while nothing changes, with the page open.

The browser shows the new text when it first paints the reloaded page: its own record of that
moment (the page's first contentful paint, on the system clock as the save's time is) is the
figure. The moment this script sees the text is printed too; it comes later, by the time
Playwright takes to wait again in the new page (about 0.08 s).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PAINTED = """() => {
    const [paint] = performance.getEntriesByName("first-contentful-paint");
    return performance.timeOrigin + (paint ? paint.startTime : performance.now());
}"""
"""When the page first painted its text, in milliseconds since the epoch (or now, where the
browser keeps no record of it)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds to measure it idle")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="factcheck-preview-") as folder:
        root = generate(Path(folder), options.claims)
        port = free_port()
        started = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, str(PROJECT / "build.py"), "serve", "--port", str(port),
             "--content", "content", "--templates", "templates"],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        lines: list[str] = []
        assert server.stdout is not None
        stdout = server.stdout
        threading.Thread(target=lambda: lines.extend(stdout), daemon=True).start()
        url = f"http://127.0.0.1:{port}/claims/claim-00000/"
        while True:
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit("serve exited:\n" + "".join(lines)) from None
                time.sleep(0.1)
        first = time.perf_counter() - started
        claim = root / "content" / "claims" / "claim-00000.md"
        seconds, seen = [], []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM)
                page = browser.new_page()
                page.goto(url)
                before, clock = _cpu_seconds(server.pid), time.perf_counter()
                time.sleep(options.idle)
                idle = (_cpu_seconds(server.pid) - before) / (time.perf_counter() - clock)
                for save in range(options.saves):
                    time.sleep(1.0)  # let the watcher settle, as between an editor's saves
                    marker = f"Preview edit {save}."
                    text = claim.read_text(encoding="utf-8")
                    saved, saved_at = time.perf_counter(), time.time()
                    claim.write_text(
                        text.replace('summary: "', f'summary: "{marker} ', 1), encoding="utf-8"
                    )
                    page.wait_for_function(
                        "marker => document.body.innerText.includes(marker)",
                        arg=marker,
                        timeout=120_000,
                        polling=20,
                    )
                    seen.append(time.perf_counter() - saved)
                    seconds.append(page.evaluate(PAINTED) / 1000 - saved_at)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)

    print(f"{options.claims} claims: the preview served its first page after {first:.1f} s")
    print(f"idle, with the page open: {idle:.1%} of a core")
    print("save -> new text in the browser, seconds: " + ", ".join(f"{s:.2f}" for s in seconds))
    print(f"median {statistics.median(seconds):.2f} s")
    print(
        "save -> new text seen by this script, seconds: "
        + ", ".join(f"{s:.2f}" for s in seen)
        + f" (median {statistics.median(seen):.2f} s)"
    )
    print("the preview's own reports:")
    for line in lines:
        if line.startswith("Rebuilt"):
            print("  " + line.rstrip())


def _cpu_seconds(pid: int) -> float:
    """The processor time the process ``pid`` has used, its own and the system's for it."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
