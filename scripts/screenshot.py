"""Screenshot pages of a built site at phone and desktop widths in headless Chromium.

python scripts/screenshot.py [SITE] [OUT_DIR] [PAGE ...]: by default site/, screenshots/, and the
home page and the first claim page.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
WIDTHS = {"phone": 360, "desktop": 1280}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("out", type=Path, nargs="?", default=Path("screenshots"))
    parser.add_argument("pages", nargs="*", help="site paths such as '' or claims/slug/")
    options = parser.parse_args()
    if not options.pages:
        first_claim = min(
            path.parent.name for path in (options.site / "claims").glob("*/index.html")
        )
        options.pages = ["", f"claims/{first_claim}/"]
    options.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(options.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                for path in options.pages:
                    page.goto(f"http://127.0.0.1:{server.server_port}/{path}")
                    label = path.strip("/").replace("/", "_") or "home"
                    target = options.out / f"{label}-{name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                page.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
