"""Run the build stages in order: load and validate, render, write."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path

from factcheck.load import load_content
from factcheck.pages import render_site
from factcheck.write import check_replaceable, write_site


@dataclass(frozen=True)
class BuildResult:
    pages: int
    claims: int
    sources: int
    seconds: float


def build_site(
    content_dir: Path, templates_dir: Path, out_dir: Path, base_url: str | None = None
) -> BuildResult:
    """Build the site into ``out_dir``; on any error the previous site stays exactly as it was.

    Raises :class:`~factcheck.errors.ContentErrors` for mistakes in content or templates and
    :class:`~factcheck.errors.UsageError` for an output folder that must not be replaced.
    """
    started = time.perf_counter()
    check_replaceable(out_dir)
    content = load_content(content_dir)
    if base_url is not None:
        site = dataclasses.replace(content.site, base_url=base_url.rstrip("/") + "/")
        content = dataclasses.replace(content, site=site)
    files = render_site(content, templates_dir)
    write_site(files, out_dir)
    published = [claim for claim in content.claims if not claim.draft]
    return BuildResult(
        pages=sum(file.path.endswith(".html") for file in files),
        claims=len(published),
        sources=len(content.sources),
        seconds=time.perf_counter() - started,
    )
