"""Run the build stages in order: load and validate, render, write."""

from __future__ import annotations

import contextlib
import dataclasses
import html
import re
import time
from dataclasses import dataclass
from pathlib import Path

from factcheck.addresses import site_address
from factcheck.cache import BuildCache, SiteState, digest_of, generator_key
from factcheck.files import scan_tree
from factcheck.load import load_content
from factcheck.markup import MarkdownRenderer
from factcheck.model import Content
from factcheck.pages import Destination, MadeSite, render_site
from factcheck.places import (
    LOCK,
    Places,
    Signature,
    check_places,
    exclusive,
    files_in_site,
    mark_cache,
    signature,
    site_id_of,
    site_lock,
)
from factcheck.quotes import QuoteChecks, verify_quotes
from factcheck.reader import RACY_NANOSECONDS
from factcheck.stored import StoredText
from factcheck.write import StagedSite

_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>&!#]|^\s*[-+>]|\n\s*\n", re.MULTILINE)
"""Characters that could make Markdown's text differ from the source text."""


@dataclass(frozen=True)
class RenderedSite:
    content: Content
    made: MadeSite
    quote_checks: QuoteChecks


@dataclass(frozen=True)
class BuildResult:
    pages: int
    claims: int
    sources: int
    seconds: float
    unchanged: bool = False
    """True when nothing had changed since the last build, so nothing was done."""
    note: str | None = None
    """Something the build could not do that did not stop it (the cache not written)."""


def render(
    content_dir: Path,
    templates_dir: Path,
    destination: Destination,
    *,
    base_url: str | None = None,
    include_drafts: bool = False,
    cache: BuildCache | None = None,
    parallel: bool = True,
    previous: dict[str, str] | None = None,
) -> RenderedSite:
    """Load, check and render the whole site into ``destination``; raise ContentErrors on any
    mistake. ``previous`` (site path -> key) names files an earlier build left that need not be
    made again: ``destination`` keeps those.
    """
    cache = cache or BuildCache()
    content = load_content(content_dir, cache.documents)
    if base_url is not None:
        site = dataclasses.replace(content.site, base_url=site_address(base_url))
        content = dataclasses.replace(content, site=site)
    renderer = MarkdownRenderer(cache.bodies)

    def quote_html(markdown: str) -> str:
        if not _MARKDOWN_SYNTAX.search(markdown):  # most quotations are plain words
            return f"<p>{html.escape(markdown, quote=False)}</p>"
        return renderer.render(markdown).html

    texts: dict[str, StoredText | None] = {}

    def stored_text(source_id: str) -> StoredText | None:
        if source_id not in texts:
            source = content.sources[source_id]
            stored = StoredText(source.body) if source.stored_text else None
            texts[source_id] = None if stored is None or stored.is_empty else stored
        return texts[source_id]

    digests = {source_id: source.digest for source_id, source in content.sources.items()}
    quote_checks = verify_quotes(
        content.documents, stored_text, quote_html, digests, cache.quote_checks, parallel=parallel
    )
    made = render_site(
        content,
        templates_dir,
        renderer,
        quote_checks,
        destination,
        include_drafts=include_drafts,
        parallel=parallel,
        previous=previous,
        data_parts=cache.data_parts,
    )
    return RenderedSite(content, made, quote_checks)


def build_site(
    content_dir: Path,
    templates_dir: Path,
    out_dir: Path,
    base_url: str | None = None,
    cache_dir: Path | None = None,
) -> BuildResult:
    """Build the site into ``out_dir``; on any error the previous site stays exactly as it was.

    With a ``cache_dir``, a rebuild reuses what the last build there made from unchanged inputs,
    and does nothing at all if no input changed; its output is the same as a cold build's.

    Raises :class:`~factcheck.errors.ContentErrors` for mistakes in content or templates and
    :class:`~factcheck.errors.UsageError` for an output or cache folder the build may not write
    (checked before anything is touched) or that another build is writing.
    """
    started = time.perf_counter()
    found = files_in_site(out_dir)
    check_places(Places(content_dir, templates_dir, out_dir, cache_dir), found)
    with contextlib.ExitStack() as held:
        held.enter_context(exclusive(site_lock(out_dir), out_dir, "--out"))
        cache, note = _open_cache(cache_dir, held)
        result = _build_locked(content_dir, templates_dir, out_dir, base_url, cache, found)
    notes = [text for text in (note, result.note) if text]
    return dataclasses.replace(
        result, seconds=time.perf_counter() - started, note="\n".join(notes) or None
    )


def _open_cache(
    cache_dir: Path | None, held: contextlib.ExitStack
) -> tuple[BuildCache, str | None]:
    """The cache in ``cache_dir``, locked for this build; an empty one kept in memory, with a
    note saying why, where the system will not let the folder be made or locked."""
    if cache_dir is None:
        return BuildCache(), None
    try:
        mark_cache(cache_dir)
        held.enter_context(exclusive(cache_dir / LOCK, cache_dir, "--cache"))
    except OSError as error:
        return BuildCache(), (
            f"note: the cache in {cache_dir} could not be used ({error.strerror or error}); "
            "this build made everything anew"
        )
    return BuildCache.load(cache_dir), None


def _build_locked(
    content_dir: Path,
    templates_dir: Path,
    out_dir: Path,
    base_url: str | None,
    cache: BuildCache,
    found: dict[str, Signature | None],
) -> BuildResult:
    """The build, once its folders are checked and locked; ``found`` is what the output folder
    holds."""
    state = cache.site
    place = str(out_dir.resolve())
    # Whether the site there is the one the cache describes; then each of its files that is
    # still as that build left it (same signature) can be linked into the new site.
    whole = state.site_id != "" and state.out_dir == place and site_id_of(out_dir) == state.site_id
    fingerprint = _fingerprint(content_dir, templates_dir, base_url, started_ns=time.time_ns())
    previous = {
        path: key
        for path, key in state.outputs.items()
        if whole and path in found and found[path] == state.signatures.get(path)
    }
    as_left = len(previous) == len(state.outputs) == len(found)  # nothing changed or planted
    if whole and as_left and fingerprint == state.fingerprint != "":
        pages = sum(path.endswith(".html") for path in state.outputs)
        return BuildResult(pages, state.claims, state.sources, 0.0, unchanged=True)

    with StagedSite(out_dir) as staged:
        site = render(
            content_dir, templates_dir, staged, base_url=base_url, cache=cache, previous=previous
        )
        outputs = site.made.outputs
        site_id = digest_of(f"{path}:{key}" for path, key in sorted(outputs.items()))
        staged.publish(site_id, sorted(outputs))

    claims = sum(not claim.draft for claim in site.content.claims)
    signatures = {path: signature(f"{place}/{path}") for path in outputs}
    cache.site = SiteState(
        place, site_id, outputs,
        {path: mark for path, mark in signatures.items() if mark is not None},
        fingerprint, claims, len(site.content.sources),
    )  # fmt: skip
    return BuildResult(
        site.made.page_count, claims, len(site.content.sources), 0.0, note=cache.save()
    )


def _fingerprint(
    content_dir: Path, templates_dir: Path, base_url: str | None, *, started_ns: int
) -> str:
    """The size and time of every input file, for knowing that nothing changed since a build.

    Empty when a file changed so shortly before the build that a later change could keep its
    time; the next build then does its work rather than trust the times.
    """
    entries = [generator_key(), base_url or ""]
    for folder in (content_dir, templates_dir):
        for entry in sorted(scan_tree(folder), key=lambda entry: entry.path):
            try:
                stat = entry.stat()
            except OSError:
                return ""  # deleted while we looked, or a link to nothing: the load will say
            if stat.st_mtime_ns > started_ns - RACY_NANOSECONDS:
                return ""
            entries.append(f"{entry.path}:{stat.st_mtime_ns}:{stat.st_size}")
    return digest_of(entries)
