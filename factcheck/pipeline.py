"""The build, as an outline: load → verify → plan → render → write.

Each stage is a module of its own (:mod:`factcheck.load`, :mod:`factcheck.quotes`,
:mod:`factcheck.plan`, :mod:`factcheck.make`, :mod:`factcheck.write`), and what one build hands
the next is in one build state (:mod:`factcheck.state`).
"""

from __future__ import annotations

import dataclasses
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.addresses import site_address
from factcheck.bodies import BodyStore
from factcheck.cards import keep_documents, kept_documents, let_go
from factcheck.digests import digest_of
from factcheck.editions import edition_languages, prefix_of
from factcheck.errors import ContentErrors
from factcheck.history import GitHistory, head_commit, read_history
from factcheck.known import KnownDocuments
from factcheck.load import load_content
from factcheck.make import MadeFrom, make_outputs
from factcheck.markup import MarkdownRenderer
from factcheck.memory import give_back
from factcheck.model import Content, Document
from factcheck.plan import SitePlan, plan_site
from factcheck.planner import DataParts
from factcheck.progress import Stages, no_progress
from factcheck.quotes import QuoteChecks, verify_quotes
from factcheck.revisions import (
    Published,
    Revisions,
    claim_key,
    published_of,
    quiet_changes,
    revisions_of,
)
from factcheck.search import SearchIndex
from factcheck.stamps import Stamp
from factcheck.state import BuildState, OutputRecord
from factcheck.stored import StoredText
from factcheck.theme import Theme, read_theme
from factcheck.units import Units
from factcheck.write import Destination, claim_paths

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
    site_id: str
    site_stamps: dict[str, Stamp | None]
    """Each file of the site as it was left."""
    note: str | None
    """Why the claims' revision history is left out, where it is."""


def render(
    content_dir: Path,
    templates_dir: Path,
    destination: Destination,
    *,
    base_url: str | None = None,
    include_drafts: bool = False,
    state: BuildState | None = None,
    bodies: BodyStore | None = None,
    units: Units | None = None,
    parallel: bool = True,
    stage: Stages = no_progress,
    link_checks: bool = True,
) -> RenderedSite:
    """Load, check, plan and render the site into ``destination``, making only the files whose
    inputs changed since the build ``state`` records; raise ContentErrors on any mistake, before
    ``destination`` is changed. ``state`` is left holding this build's, not yet committed but
    for the documents it read (see :func:`_let_go`); ``units``, what planning made at the last
    build and may take again (the preview's, kept in memory).
    ``stage`` shows the progress of the long stages. Without ``link_checks``, what the last link
    check found is not read: the check itself, which writes it anew, must not depend on it."""
    state = state or BuildState()
    known = KnownDocuments(state.stamps(), kept_documents(state))
    content = _load(content_dir, known, base_url, link_checks)
    same_site = state.site_id() == destination.site_id()
    history = read_history(content_dir, head_commit(content_dir))
    revisions = _revisions(content, history, state.all("published") if same_site else {})
    bodies = bodies or BodyStore(state)
    renderer = MarkdownRenderer(bodies)
    quote_checks = _verify(content, renderer, state, stage, parallel=parallel)
    keep_documents(state, known.added, known.used)
    _let_go(state, known.added)
    theme = read_theme(templates_dir, state.all("template_code"), state.all("template_uses"))
    built = _make(
        _plan(
            content, theme, renderer, quote_checks, revisions, state, include_drafts, bodies, units
        ),
        state if same_site else None,
        destination,
        bodies,
        parallel,
        stage,
    )
    give_back()  # what the plan held, let go of as the files were made
    outputs, made, found = built.outputs, built.made, built.found
    paths = list(outputs)
    site_id = digest_of(
        f"{path}\0{record.plan}\0{record.reads}" for path, record in outputs.items()
    )
    destination.commit(site_id, paths, sorted(set(found) - set(paths)))
    now = found | destination.stamps(made)
    state.set_site(
        site_id,
        {
            path: (
                record
                if record.stamp == (stamp := now.get(path))
                else dataclasses.replace(record, stamp=stamp)
            )
            for path, record in outputs.items()
        },
        {path: record.inputs for path, record in made.items()},
        built.inputs,
    )
    state.set_stamps(known.stamps_now)
    state.put_many("bodies", bodies.take_made())
    _save_theme(state, theme)
    if not include_drafts:  # what readers were shown, which the preview and check are not
        published = {claim_key(claim): published_of(claim) for claim in content.claims}
        state.put_many("published", published)
        state.keep_only("published", published)
    html_paths = [path for path in paths if path.endswith(".html")]
    return RenderedSite(
        content,
        quote_checks,
        len(html_paths),
        sum(path.endswith(".html") for path in made),
        site_id,
        {path: now.get(path) for path in paths},
        history.note,
    )


def _let_go(state: BuildState, documents: dict[str, Document]) -> None:
    """Commit the documents this build read, with its quotation checks, and let go of their
    bodies: from here on, planning and making the pages read each from the state when they
    need it. These are work keyed by digests, which a build that then fails leaves for the next
    to use; what the site is (its files, their stamps, the seal) is committed at the end alone.
    The preview's state is in memory, where its documents are held whole."""
    if state.folder is None or not documents:
        return
    state.commit()
    let_go(documents, state)
    give_back()


@dataclass(frozen=True)
class _MadeSite:
    """What making the site leaves for the build to record."""

    outputs: dict[str, OutputRecord]
    """Every file of the site, by path in order: what it was made from and what it read (its
    stamp still the last build's)."""
    made: dict[str, MadeFrom]
    """What each file made anew read."""
    inputs: dict[str, str]
    """Every input's digest."""
    found: dict[str, Stamp | None]
    """The files the site held before."""


def _plan(
    content: Content,
    theme: Theme,
    renderer: MarkdownRenderer,
    quote_checks: QuoteChecks,
    revisions: Revisions | None,
    state: BuildState,
    include_drafts: bool,
    kept: BodyStore,
    units: Units | None,
) -> SitePlan:
    """Plan the site (:func:`~factcheck.plan.plan_site`), and keep in the state at once what each
    claim put in the data files: from here on, only the plan holds what it writes of them."""
    parts = _kept_parts(state, [prefix_of(code) for code in edition_languages(content.site)])
    plan = plan_site(
        content,
        theme,
        renderer,
        quote_checks,
        parts,
        revisions,
        include_drafts=include_drafts,
        kept=kept,
        units=units,
    )
    _save_parts(state, parts)
    return plan


def _make(
    plan: SitePlan,
    last: BuildState | None,
    destination: Destination,
    bodies: BodyStore,
    parallel: bool,
    stage: Stages,
) -> _MadeSite:
    """Make the files of ``plan`` whose inputs changed since the ``last`` build of this site
    (None: another site, or none), or that are not as it left them. The plan is let go when
    this returns: what its files are made from (the data files' bytes, each page's values) was
    a tenth of a cold build's memory, held while it recorded the site."""
    claim_paths((output.path, output.origin) for output in plan.outputs)
    records = last.outputs() if last is not None else {}
    reading_changed = last.reading_changed(plan.inputs.digests) if last is not None else set()
    found = destination.stamps()
    stale = [
        output
        for output in plan.outputs
        if (record := records.get(output.path)) is None
        or record.plan != output.plan
        or record.stamp is None  # not there when the last build looked
        or record.stamp != found.get(output.path)
        or output.path in reading_changed
    ]
    destination.begin()
    made = make_outputs(
        stale, plan.maker, plan.inputs, destination, bodies, parallel=parallel, stage=stage
    )
    plans = {output.path: output.plan for output in plan.outputs}
    outputs = {
        path: OutputRecord(plans[path], made[path].reads, None) if path in made else records[path]
        for path in sorted(plans)
    }
    return _MadeSite(outputs, made, plan.inputs.digests, found)


def _load(
    content_dir: Path, known: KnownDocuments, base_url: str | None, link_checks: bool
) -> Content:
    content = load_content(content_dir, known, link_checks=link_checks)
    if base_url is None:
        return content
    site = dataclasses.replace(content.site, base_url=site_address(base_url))
    return dataclasses.replace(content, site=site)


def _revisions(
    content: Content, history: GitHistory, last_built: dict[str, Published]
) -> Revisions | None:
    """Each claim's revisions, by slug (None where the history is not known), once no verdict
    or summary has changed since it was published without a corrections entry: since the last
    commit, or, where git does not hold it, since the last build of this site (``last_built``)."""
    errors = quiet_changes(content.claims, history, last_built)
    if errors:
        raise ContentErrors(errors)
    if not history.complete:
        return None
    return {
        claim.slug: revisions_of(claim.path, history.versions.get(claim_key(claim), ()))
        for claim in content.claims
    }


def _verify(
    content: Content,
    renderer: MarkdownRenderer,
    state: BuildState,
    stage: Stages,
    *,
    parallel: bool,
) -> QuoteChecks:
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
    checks = verify_quotes(
        content.documents, stored_text, quote_html, digests, known, parallel=parallel, stage=stage
    )
    state.put_many(
        "quote_checks", {key: value for key, value in known.items() if key not in before}
    )
    state.keep_only("quote_checks", known)
    return checks


_PART_TABLES = ("search_claims", "search_files", "open_data")
"""The tables holding what each claim put in an edition's data files (:class:`DataParts`), by
the edition's folder and slug or path: ``sr/<tab>claims/...``, ``<tab>claims/...``."""


def _kept_parts(state: BuildState, prefixes: list[str]) -> dict[str, DataParts]:
    """What the last build kept of each edition's data files, by the edition's folder; what it
    kept of an edition the site no longer has is left behind."""
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for table in _PART_TABLES:
        split = tables[table] = {prefix: {} for prefix in ["", *prefixes]}
        for key, value in state.all(table).items():
            prefix, _, name = key.partition("\t")
            if prefix in split:
                split[prefix][name] = value
    return {
        prefix: DataParts(
            SearchIndex(tables["search_claims"][prefix], tables["search_files"][prefix]),
            tables["open_data"][prefix],
        )
        for prefix in ["", *prefixes]
    }


def _save_parts(state: BuildState, parts: dict[str, DataParts]) -> None:
    tables: dict[str, dict[str, Any]] = {table: {} for table in _PART_TABLES}
    for prefix, edition in parts.items():
        kept: tuple[dict[str, Any], ...] = (
            edition.search.claims,
            edition.search.files,
            edition.open_data,
        )
        for table, values in zip(_PART_TABLES, kept, strict=True):
            tables[table] |= {f"{prefix}\t{key}": value for key, value in values.items()}
    for table, values in tables.items():
        state.put_many(table, values)
        state.keep_only(table, values)
        state.let_go(table)


def _save_theme(state: BuildState, theme: Theme) -> None:
    """Keep the theme's compiled templates and what each uses, for the theme as it is now."""
    code = {key: theme.code[key] for key in theme.code_keys() if key in theme.code}
    state.put_many("template_code", code)
    state.keep_only("template_code", code)
    uses = {theme.key: dict(theme.used)}
    state.put_many("template_uses", uses)
    state.keep_only("template_uses", uses)
