"""The build, as an outline: load → verify → plan → render → write.

Each stage is a module of its own (:mod:`factcheck.load`, :mod:`factcheck.quotes`,
:mod:`factcheck.plan`, :mod:`factcheck.make`, :mod:`factcheck.write`), and what one build hands
the next is in one build state (:mod:`factcheck.state`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import re
import time
from dataclasses import dataclass
from pathlib import Path

from factcheck.addresses import site_address
from factcheck.digests import digest_of
from factcheck.files import scan_tree
from factcheck.known import KnownDocuments
from factcheck.load import load_content
from factcheck.make import make_outputs
from factcheck.markup import MarkdownRenderer
from factcheck.model import Content
from factcheck.places import (
    LOCK,
    Places,
    Signature,
    check_places,
    exclusive,
    files_in_site,
    mark_cache,
    refuse_strangers,
    site_id_of,
    site_lock,
)
from factcheck.plan import DataParts, plan_site
from factcheck.quotes import QuoteChecks, verify_quotes
from factcheck.search import SearchIndex
from factcheck.state import (
    RACY_NANOSECONDS,
    BodyStore,
    BuildState,
    StateBroken,
    generator_key,
)
from factcheck.stored import StoredText
from factcheck.theme import read_theme
from factcheck.write import Destination, FolderSite, claim_paths, finish_commits

_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>&!#]|^\s*[-+>]|\n\s*\n", re.MULTILINE)
"""Characters that could make Markdown's text differ from the source text."""


@dataclass(frozen=True)
class RenderedSite:
    content: Content
    quote_checks: QuoteChecks
    pages: int
    """How many pages the site has."""
    pages_made: int
    """How many of them were made anew, rather than kept from the last build."""


def render(
    content_dir: Path,
    templates_dir: Path,
    destination: Destination,
    *,
    base_url: str | None = None,
    include_drafts: bool = False,
    state: BuildState | None = None,
    bodies: BodyStore | None = None,
    parallel: bool = True,
) -> RenderedSite:
    """Load, check, plan and render the site into ``destination``, making only the files whose
    inputs changed since the build ``state`` records; raise ContentErrors on any mistake, before
    ``destination`` is changed. ``state`` is left holding this build's, not yet committed."""
    state = state or BuildState()
    known = KnownDocuments(state.stamps(), state.all("documents"))
    content = _load(content_dir, known, base_url)
    bodies = bodies or BodyStore(state)
    renderer = MarkdownRenderer(bodies)
    quote_checks = _verify(content, renderer, state)
    theme = read_theme(templates_dir)
    parts = DataParts(
        SearchIndex(state.all("search_claims"), state.all("search_files")), state.all("open_data")
    )
    plan = plan_site(content, theme, renderer, quote_checks, parts, include_drafts=include_drafts)
    claim_paths((output.path, output.origin) for output in plan.outputs)
    records = state.outputs() if state.site_id() == destination.site_id() else {}
    found = destination.signatures()
    stale = [
        output
        for output in plan.outputs
        if (record := records.get(output.path)) is None
        or record.plan != output.plan
        or record.signature != found.get(output.path)
        or plan.inputs.changed(record.reads)
    ]
    destination.begin()
    made = make_outputs(stale, plan.inputs, destination, bodies, parallel=parallel)
    paths = sorted(output.path for output in plan.outputs)
    outputs = {path: made.get(path) or records[path] for path in paths}
    site_id = digest_of(
        f"{path}\0{record.plan}\0{record.reads}" for path, record in outputs.items()
    )
    destination.commit(site_id, paths, sorted(set(found) - set(paths)))
    now = found | destination.signatures(made)
    state.set_site(site_id, {
        path: dataclasses.replace(record, signature=now.get(path)) for path, record in outputs.items()
    })  # fmt: skip
    state.set_stamps(known.stamps_now)
    state.put_many("documents", known.added)
    state.keep_only("documents", known.used)
    state.put_many("bodies", bodies.take_made())
    _save_parts(state, parts)
    html_paths = [path for path in paths if path.endswith(".html")]
    return RenderedSite(
        content, quote_checks, len(html_paths), sum(path.endswith(".html") for path in made)
    )


def _load(content_dir: Path, known: KnownDocuments, base_url: str | None) -> Content:
    content = load_content(content_dir, known)
    if base_url is None:
        return content
    site = dataclasses.replace(content.site, base_url=site_address(base_url))
    return dataclasses.replace(content, site=site)


def _verify(content: Content, renderer: MarkdownRenderer, state: BuildState) -> QuoteChecks:
    """Check every quotation against its source, reusing the checks of unchanged documents."""

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
    known = state.all("quote_checks")
    before = dict(known)
    checks = verify_quotes(content.documents, stored_text, quote_html, digests, known)
    state.put_many(
        "quote_checks", {key: value for key, value in known.items() if key not in before}
    )
    state.keep_only("quote_checks", known)
    return checks


def _save_parts(state: BuildState, parts: DataParts) -> None:
    for table, values in (
        ("search_claims", parts.search.claims),
        ("search_files", parts.search.files),
        ("open_data", parts.open_data),
    ):
        state.put_many(table, values)
        state.keep_only(table, values)


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


def build_site(
    content_dir: Path,
    templates_dir: Path,
    out_dir: Path,
    base_url: str | None = None,
    cache_dir: Path | None = None,
) -> BuildResult:
    """Build the site into ``out_dir``; on any error the previous site stays exactly as it was.

    With a ``cache_dir``, a rebuild makes only what changed since the last build there, and does
    nothing at all if no input changed; its output is the same as a cold build's.

    Raises :class:`~factcheck.errors.ContentErrors` for mistakes in content or templates and
    :class:`~factcheck.errors.UsageError` for an output or cache folder the build may not write
    (checked before anything is touched) or that another build is writing.
    """
    started = time.perf_counter()
    check_places(Places(content_dir, templates_dir, out_dir, cache_dir))
    with contextlib.ExitStack() as held:
        held.enter_context(exclusive(site_lock(out_dir), out_dir, "--out"))
        finish_commits(out_dir)
        found = files_in_site(out_dir)
        refuse_strangers(out_dir, found)
        state, note = _open_state(cache_dir, held)
        try:
            try:
                result = _build_locked(content_dir, templates_dir, out_dir, base_url, state, found)
            except StateBroken as broken:  # damaged since it was opened: build without it
                state.close()
                state.clear()
                note = (
                    f"note: the cache in {cache_dir} could not be used ({broken}) and was "
                    "cleared; this build made everything anew"
                )
                state = BuildState()
                result = _build_locked(content_dir, templates_dir, out_dir, base_url, state, found)
            note = _keep(state, cache_dir) or note
        finally:
            state.close()  # whatever was not committed is dropped: a failed build keeps nothing
    return dataclasses.replace(result, seconds=time.perf_counter() - started, note=note)


def _keep(state: BuildState, cache_dir: Path | None) -> str | None:
    """Commit what the build changed in the state; a note if the disk would not take it."""
    try:
        state.commit()
    except StateBroken as broken:
        state.close()
        state.clear()
        return (
            f"note: the cache in {cache_dir} could not be written ({broken}) and was "
            "cleared; the next build makes everything anew"
        )
    return None


def _build_locked(
    content_dir: Path,
    templates_dir: Path,
    out_dir: Path,
    base_url: str | None,
    state: BuildState,
    found: dict[str, Signature | None],
) -> BuildResult:
    """The build, once its folders are checked and locked; ``found`` is what the site holds."""
    fingerprint = _fingerprint(content_dir, templates_dir, base_url)
    as_left = site_id_of(out_dir) == state.site_id() and found == state.signatures()
    if as_left and fingerprint != "" and fingerprint == state.fingerprint():
        return BuildResult(*state.counts(), seconds=0.0, unchanged=True)
    with FolderSite(out_dir) as site:
        rendered = render(content_dir, templates_dir, site, base_url=base_url, state=state)
    claims = sum(not claim.draft for claim in rendered.content.claims)
    counts = (rendered.pages, claims, len(rendered.content.sources))
    state.set_fingerprint(fingerprint, counts)
    return BuildResult(*counts, seconds=0.0)


def _open_state(
    cache_dir: Path | None, held: contextlib.ExitStack
) -> tuple[BuildState, str | None]:
    """The state in ``cache_dir``, locked for this build; an empty one kept in memory, with a
    note saying why, where the system will not let the folder be made, locked or read."""
    if cache_dir is None:
        return BuildState(), None
    try:
        mark_cache(cache_dir)
        held.enter_context(exclusive(cache_dir / LOCK, cache_dir, "--cache"))
        return BuildState(cache_dir), None
    except (OSError, StateBroken) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        return BuildState(), (
            f"note: the cache in {cache_dir} could not be used ({reason}); "
            "this build made everything anew"
        )


def _fingerprint(content_dir: Path, templates_dir: Path, base_url: str | None) -> str:
    """The size and time of every input file, for knowing that nothing changed since a build.

    Empty when a file changed so shortly before the build that a later change could keep its
    time; the next build then does its work rather than trust the times.
    """
    now = time.time_ns()
    entries = [generator_key(), base_url or ""]
    for folder in (content_dir, templates_dir):
        for entry in sorted(scan_tree(folder), key=lambda entry: entry.path):
            try:
                stat = entry.stat()
            except OSError:
                return ""  # deleted while we looked, or a link to nothing: the load will say
            if stat.st_mtime_ns > now - RACY_NANOSECONDS:
                return ""
            entries.append(f"{entry.path}:{stat.st_mtime_ns}:{stat.st_size}")
    return digest_of(entries)
