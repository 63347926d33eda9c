"""The search index, built by Pagefind over the claim pages of a finished site.

Pagefind splits its index into small fragments that the browser fetches as a reader types, so a
search over 10,000 claims downloads a few kilobytes rather than one large file, and it runs
entirely on static hosting. It ships as a binary in its PyPI package, so it installs with pip.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from factcheck.cache import digest_of
from factcheck.errors import UsageError
from factcheck.model import Content
from factcheck.paths import CLAIMS, SEARCH_INDEX


def index_search(site_dir: Path) -> None:
    """Index the claim pages under ``site_dir`` into ``site_dir/pagefind``."""
    command = [
        sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", f"{CLAIMS}/**/*.html",
        "--output-subdir", SEARCH_INDEX, "--silent",
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise UsageError(f"could not run Pagefind to build the search index: {error}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise UsageError(
            "Pagefind could not build the search index"
            + (f": {detail[-1]}" if detail else "")
            + "; install it with pip install 'pagefind[extended]'"
        )


def index_key(content: Content, theme: str) -> str:
    """Changes whenever the index could: with what the claim pages show in their indexed part
    (claim, claimant, verdict, summary, dates, tags, where the claim appeared), with the theme
    (its digest) or the settings; not with a claim's analysis, which the index leaves out."""
    return digest_of([
        repr(content.site), repr(content.ratings),
        theme,
        *(repr((s.id, s.title, s.publisher, s.published)) for s in content.sources.values()),
        *(
            repr((c.slug, c.title, c.claimant, c.claimant_type, c.claim_date, c.appearance, c.verdict,
                  c.summary, c.published, c.updated, c.tags, c.corrections, c.draft))
            for c in content.claims
        ),
    ])  # fmt: skip
