"""Run the build stages in order: load and validate, render, write."""

from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.load import DocumentCache, load_content
from factcheck.markup import BodyKey, MarkdownRenderer, RenderedBody
from factcheck.model import Content, OutputFile
from factcheck.pages import render_site
from factcheck.quotes import QuoteCheck, SourceText, plain_text, verify_quotes
from factcheck.search import index_search
from factcheck.write import check_replaceable, write_site

_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>&!#]|^\s*[-+>]|\n\s*\n", re.MULTILINE)
"""Characters that could make Markdown's text differ from the source text."""


@dataclass
class BuildCache:
    """What one build can hand the next in the same process (``serve``): parsed files and rendered
    Markdown, each keyed by exactly what it was made from, so a stale entry is never used."""

    documents: DocumentCache = field(default_factory=dict)
    bodies: dict[BodyKey, RenderedBody] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderedSite:
    content: Content
    files: list[OutputFile]
    quote_checks: list[QuoteCheck]

    @property
    def page_count(self) -> int:
        return sum(file.path.endswith(".html") for file in self.files)


@dataclass(frozen=True)
class BuildResult:
    pages: int
    claims: int
    sources: int
    seconds: float


def render(
    content_dir: Path,
    templates_dir: Path,
    *,
    base_url: str | None = None,
    include_drafts: bool = False,
    cache: BuildCache | None = None,
    parallel: bool = True,
) -> RenderedSite:
    """Load, check and render the whole site in memory; raise ContentErrors on any mistake."""
    cache = cache or BuildCache()
    content = load_content(content_dir, cache.documents)
    if base_url is not None:
        site = dataclasses.replace(content.site, base_url=base_url.rstrip("/") + "/")
        content = dataclasses.replace(content, site=site)
    renderer = MarkdownRenderer(cache.bodies)

    def reader_text(markdown: str) -> str:
        if not _MARKDOWN_SYNTAX.search(markdown):
            return markdown  # most quotations are plain words: no need to run Markdown
        return plain_text(renderer.render(markdown).html)

    texts = {source_id: SourceText(reader_text(s.body)) for source_id, s in content.sources.items()}
    documents = [*content.claims, *content.sources.values(), *content.pages]
    quote_checks = verify_quotes(documents, texts, reader_text)
    files = render_site(
        content,
        templates_dir,
        renderer,
        quote_checks,
        include_drafts=include_drafts,
        parallel=parallel,
    )
    return RenderedSite(content, files, quote_checks)


def build_site(
    content_dir: Path, templates_dir: Path, out_dir: Path, base_url: str | None = None
) -> BuildResult:
    """Build the site into ``out_dir``; on any error the previous site stays exactly as it was.

    Raises :class:`~factcheck.errors.ContentErrors` for mistakes in content or templates and
    :class:`~factcheck.errors.UsageError` for an output folder that must not be replaced.
    """
    started = time.perf_counter()
    check_replaceable(out_dir)
    site = render(content_dir, templates_dir, base_url=base_url)
    write_site(site.files, out_dir, finish=index_search)
    return BuildResult(
        pages=site.page_count,
        claims=sum(not claim.draft for claim in site.content.claims),
        sources=len(site.content.sources),
        seconds=time.perf_counter() - started,
    )
