"""Render every page of the site through the Jinja2 theme into in-memory output files."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import jinja2

from factcheck import feeds
from factcheck.browse import Browse, ClaimList, browse
from factcheck.cache import DataParts, digest_of
from factcheck.claimreview import claim_review, script_json
from factcheck.compare import Word, compare_words
from factcheck.errors import ContentError, ContentErrors
from factcheck.files import MAX_THEME_FILE_BYTES, files_below, read_inside, real_folder
from factcheck.markup import MarkdownRenderer, QuoteMark, RenderedBody, SlowMarkdown
from factcheck.model import (
    Claim,
    Comparison,
    Content,
    Document,
    Page,
    PartialDate,
    Rendering,
    Source,
)
from factcheck.parallel import parallel_map
from factcheck.paths import (
    ASSETS,
    CORRECTIONS,
    SEARCH,
    SOURCES,
    Links,
    claim_path,
    claimant_path,
    root_from,
    source_path,
    tag_path,
    verdict_path,
)
from factcheck.quotes import QuoteCheck, QuoteChecks, quoted_ids
from factcheck.reader import read_text
from factcheck.stored import anchor_of, describe_paragraphs, paragraph_anchor, paragraphs_of

STORED_TEXT = "stored-text.txt"
"""Beside each source page: the stored text exactly as hashed, so readers can check the copy."""


@dataclass(frozen=True)
class QuotedPassage:
    """A passage of a source that quotations were verified against, as quoted, and where."""

    anchor: str
    pieces: tuple[tuple[str, bool], ...]
    """The passage's text in pieces, each with whether the quotation left it out or replaced it."""
    locator: str
    """The paragraphs it stands in: ``para. 4``."""
    paragraph_anchor: str
    """The id of the first of them on the page."""
    alterations: str
    """What the quotation altered (``1 omission``), or nothing."""
    quoted_in: tuple[tuple[str, str], ...]
    """``(title, site path)`` of each page quoting it."""


class Destination(Protocol):
    """Where the files of the site go: a folder being staged, or memory (the preview)."""

    in_any_process: bool
    """Whether ``put`` works from the worker processes too (a folder), not only this one."""

    def begin(self) -> None:
        """Get ready for the files; called once, before the first is put or kept."""

    def put(self, path: str, data: bytes) -> None:
        """Store the file at site path ``path``."""

    def keep(self, path: str, key: str) -> None:
        """Keep the previous site's file at ``path``, which would be made the same again from
        the inputs ``key`` stands for."""


@dataclass(frozen=True)
class MadeSite:
    outputs: dict[str, str]
    """Site path -> the key of the inputs it was made from, for every file of the site."""
    pages_made: int
    """How many pages were made anew, rather than kept from the previous build."""

    @property
    def page_count(self) -> int:
        return sum(path.endswith(".html") for path in self.outputs)


@dataclass(frozen=True)
class _Output:
    """A file of the site to be made: ``make`` is called only if no earlier build left it, made
    from the same inputs (``key``)."""

    path: str
    key: str
    make: Callable[[], bytes]


class _Site:
    """The theme and what every page shares; collects the files of the site, then makes those
    that the previous build did not leave as they would be now."""

    def __init__(
        self,
        content: Content,
        templates_dir: Path,
        theme: Theme,
        scope: str,
    ) -> None:
        self.content = content
        self.templates_dir = templates_dir
        self.environment = _environment(templates_dir, theme)
        assets = theme.assets
        digests = {path: hashlib.sha256(data).hexdigest() for path, data in assets.items()}
        self.versions = {
            path.removeprefix(f"{ASSETS}/"): digest[:10] for path, digest in digests.items()
        }
        nav_pages = sorted(
            (p for p in content.pages if p.nav is not None), key=lambda p: p.nav or 0
        )
        self.shared = {
            "site": content.site,
            "ratings": content.ratings,
            "sources": content.sources,
            "nav_pages": nav_pages,
            "rating_scale_page": next((p for p in content.pages if p.show_rating_scale), None),
            "claim_path": claim_path,
            "source_path": source_path,
            "verdict_path": verdict_path,
            "claimant_path": claimant_path,
            "tag_path": tag_path,
            "feed": feeds.FEED,
            "data_export": feeds.DATA_EXPORT,
        }
        # What every page depends on: the theme, the settings, the scale, the standing pages.
        self.shared_key = digest_of([
            scope, theme.digest, repr(content.site), repr(content.ratings), *(page.digest for page in content.pages),
        ])  # fmt: skip
        self.outputs: list[_Output] = []
        self.sitemap: list[tuple[str, datetime.date | None]] = []
        for path, data in assets.items():
            self.data_file(path, data, digests[path])

    def file(self, path: str, depends: Iterable[str], make: Callable[[], bytes]) -> None:
        self.outputs.append(_Output(path, digest_of([self.shared_key, path, *depends]), make))

    def data_file(self, path: str, data: bytes, digest: str | None = None) -> None:
        """Add a file whose bytes are already made; ``digest`` is a hash of them, if known."""
        self.file(
            path, [digest or hashlib.blake2b(data).hexdigest()], functools.partial(bytes, data)
        )

    def page(
        self, template: str, path: str, depends: Iterable[str], context: Callable[[], dict[str, Any]] = dict,
        *, changed: datetime.date | None = None, root: str | None = None,
    ) -> None:  # fmt: skip
        """Add the page at site ``path`` (a folder, or ``404.html``), made from ``template`` with
        what ``context`` gives; ``depends`` are the digests of the content it shows."""
        file_path = path if path.endswith(".html") else path + "index.html"
        if root is None:
            self.sitemap.append((path, changed))

        def make() -> bytes:
            links = Links(file_path, self.content.site.base_url, self.versions, root)
            html = _render_template(
                self.environment, self.templates_dir, template, **self.shared, page_path=file_path,
                url=links.url, asset=links.asset, canonical_url=links.absolute(path), **context(),
            )  # fmt: skip
            return html.encode("utf-8")

        self.file(file_path, [template, root or "", *depends], make)

    def make(
        self, previous: dict[str, str], destination: Destination, *, parallel: bool
    ) -> MadeSite:
        """Make every file of the site into ``destination``, except those that ``previous``
        (path -> key) shows the previous build made from the same inputs: those it keeps."""
        to_make = [output for output in self.outputs if previous.get(output.path) != output.key]
        destination.begin()
        if destination.in_any_process:  # each worker writes what it makes: none holds the site

            def make_and_put(output: _Output) -> None:
                destination.put(output.path, output.make())

            parallel_map(make_and_put, to_make, parallel=parallel)
        else:
            made = parallel_map(lambda output: output.make(), to_make, parallel=parallel)
            for output, data in zip(to_make, made, strict=True):
                destination.put(output.path, data)
        for output in self.outputs:
            if previous.get(output.path) == output.key:
                destination.keep(output.path, output.key)
        return MadeSite(
            {output.path: output.key for output in self.outputs},
            sum(output.path.endswith(".html") for output in to_make),
        )

    def claim_list(self, listed: ClaimList, lead: str | None = None) -> None:
        for page in listed.pages():
            heading = (
                listed.heading if page.number == 1 else f"{listed.heading}, page {page.number}"
            )
            newest = max((claim.last_changed for claim in page.claims), default=None)
            self.page(
                "list.html", page.path, [str(page.count), *(claim.digest for claim in page.claims)],
                functools.partial(dict, heading=heading, lead=lead, listing=page),
                changed=newest,
            )  # fmt: skip


def render_site(
    content: Content,
    templates_dir: Path,
    renderer: MarkdownRenderer,
    quote_checks: QuoteChecks,
    destination: Destination,
    *,
    include_drafts: bool = False,
    parallel: bool = True,
    previous: dict[str, str] | None = None,
    data_parts: DataParts | None = None,
) -> MadeSite:
    """Make every file of the site into ``destination``: pages, machine-readable files and theme
    assets; raise ContentErrors on a template error. Drafts are left out unless
    ``include_drafts`` (the preview), where their pages say so. ``parallel`` spreads the
    rendering over every core. ``previous`` (path -> key) names the files an earlier build left
    that can be kept, not made again, and ``data_parts`` what each claim put in the data files
    then (it is brought up to date)."""
    theme = _read_theme(templates_dir)
    site = _Site(content, templates_dir, theme, f"drafts={include_drafts}")
    claims = sorted(
        (claim for claim in content.claims if include_drafts or not claim.draft),
        key=lambda claim: (claim.published, claim.slug),
        reverse=True,
    )

    def body(document: Document, path: str) -> RenderedBody:
        marks = [
            (
                check.quote.end,
                QuoteMark(
                    source_path(check.source_id),
                    check.anchor,
                    check.found.alterations if check.found else "",
                ),
            )
            for check in quote_checks.of(document.path)
            if check.quote.end >= 0
        ]
        try:
            return renderer.render(document.body, marks, root_from(path))
        except SlowMarkdown:
            raise ContentErrors([SlowMarkdown.at(document.path, document.body_line)]) from None

    citing = _claims_citing(claims, content)
    sources = content.sources

    def claim_context(claim: Claim) -> dict[str, Any]:
        review = claim_review(claim, content, content.site.base_url + claim_path(claim))
        return {
            "claim": claim,
            "body": body(claim, claim_path(claim)),
            "comparisons": _compared(claim, quote_checks.of(claim.path)),
            "claim_review_json": script_json(review),
        }

    for claim in claims:
        site.page(
            "claim.html", claim_path(claim), [claim.digest, *(sources[i].digest for i in claim.source_ids)],
            functools.partial(claim_context, claim),
            changed=claim.last_changed,
        )  # fmt: skip

    all_claims = digest_of(claim.digest for claim in claims)
    all_sources = digest_of(source.digest for source in sources.values())
    quoting = _documents_quoting(content)
    where = _where_quoted(content, claims)
    site.page(
        "sources.html",
        f"{SOURCES}/",
        [all_claims, all_sources],
        functools.partial(dict, citing=citing),
    )

    def source_context(source: Source) -> dict[str, Any]:
        return {
            "source": source,
            "body": body(source, source_path(source.id)) if source.body_is_markdown else None,
            "citing_claims": citing[source.id],
            "passages": _quoted_passages(
                [
                    check
                    for document in quoting[source.id]
                    for check in quote_checks.of(document.path)
                    if check.source_id == source.id
                ],
                where,
            ),
            "paragraphs": [
                (
                    paragraph.number,
                    anchor_of(paragraph.number),
                    source.body[paragraph.start : paragraph.end],
                )
                for paragraph in paragraphs_of(source.body)
            ]
            if source.stored_text
            else [],
            "stored_text": STORED_TEXT,
            "stored_text_sha256": hashlib.sha256(source.body.encode("utf-8")).hexdigest(),
        }

    for source_id, source in sources.items():
        if source.stored_text:
            site.file(source_path(source_id) + STORED_TEXT, [source.digest], source.body.encode)
        site.page(
            "source.html", source_path(source_id),
            [
                source.digest,
                *(sources[i].digest for i in sorted(source.cited_ids) if i in sources),
                *(c.digest for c in citing[source_id]),
                *sorted(document.digest for document in quoting[source_id]),
            ],
            functools.partial(source_context, source),
            changed=max((claim.last_changed for claim in citing[source_id]), default=None),
        )  # fmt: skip

    _browse_pages(site, browse(claims, content.ratings), all_claims)
    site.page("search.html", f"{SEARCH}/", [])

    def page_context(page: Page) -> dict[str, Any]:
        return {"page": page, "body": body(page, f"{page.slug}/")}

    for page in content.pages:
        cited_by_page = sorted(page.cited_ids)
        site.page(
            "page.html", f"{page.slug}/", [page.digest, *(sources[i].digest for i in cited_by_page)],
            functools.partial(page_context, page),
        )  # fmt: skip
    site.page("404.html", "404.html", [], root=urlsplit(content.site.base_url).path)

    published = [claim for claim in claims if not claim.draft]
    in_feed = feeds.feed_claims(published)
    site.file(feeds.FEED, [c.digest for c in in_feed], lambda: feeds.atom_feed(content, in_feed))
    site.file(
        feeds.SITEMAP,
        [repr(site.sitemap)],
        lambda: feeds.sitemap(content.site.base_url, site.sitemap),
    )
    site.file(feeds.ROBOTS, [], lambda: feeds.robots(content.site.base_url))
    parts = data_parts or DataParts()
    site.data_file(feeds.DATA_EXPORT, feeds.open_data(content, published, parts.open_data))
    for path, data in parts.search.update(claims).items():
        site.data_file(path, data)
    return site.make(previous or {}, destination, parallel=parallel)


def _browse_pages(site: _Site, lists: Browse, all_claims: str) -> None:
    site.claim_list(lists.home, lead=site.content.site.description)
    for path, heading, terms in lists.indexes():
        site.page(
            "terms.html",
            path,
            [all_claims],
            functools.partial(dict, heading=heading, terms=terms),
        )
    for term in [*lists.verdicts, *lists.claimants, *lists.tags]:
        site.claim_list(term.claims)
    newest = max((correction.date for correction, _ in lists.corrections), default=None)
    site.page(
        "corrections.html",
        f"{CORRECTIONS}/",
        [all_claims],
        functools.partial(dict, corrections=lists.corrections),
        changed=newest,
    )


def _documents_quoting(content: Content) -> dict[str, list[Document]]:
    """For each source, the documents that may quote it (see :func:`quoted_ids`)."""
    quoting: dict[str, list[Document]] = {source_id: [] for source_id in content.sources}
    for document in content.documents:
        for source_id in quoted_ids(document):
            if source_id in quoting:
                quoting[source_id].append(document)
    return quoting


@dataclass(frozen=True)
class ComparedRendering:
    rendering: Rendering
    words: list[Word]
    check: QuoteCheck


def _compared(
    claim: Claim, quote_checks: list[QuoteCheck]
) -> list[tuple[Comparison, list[ComparedRendering]]]:
    """Each comparison of a claim with its renderings' words marked where they differ."""
    checks = {check.quote.line: check for check in quote_checks if check.quote.end < 0}
    compared = []
    for comparison in claim.comparisons:
        words = compare_words([rendering.text for rendering in comparison.renderings])
        compared.append((comparison, [
            ComparedRendering(rendering, rendering_words, checks[rendering.line])
            for rendering, rendering_words in zip(comparison.renderings, words, strict=True)
        ]))  # fmt: skip
    return compared


def _where_quoted(content: Content, claims: list[Claim]) -> dict[Path, tuple[str, str]]:
    """``(title, site path)`` of each document of the site, by its file."""
    where = {claim.path: (claim.title, claim_path(claim)) for claim in claims}
    where |= {s.path: (s.title, source_path(s.id)) for s in content.sources.values()}
    where |= {page.path: (page.title, f"{page.slug}/") for page in content.pages}
    return where


def _quoted_passages(
    checks: list[QuoteCheck], where: dict[Path, tuple[str, str]]
) -> list[QuotedPassage]:
    """The verified passages of a source (whose quotations' ``checks`` these are) in the order
    they stand in it, each as quoted, with the pages quoting it."""
    found: dict[str, tuple[int, QuotedPassage]] = {}
    for check in checks:
        if check.anchor is None or check.found is None or check.path not in where:
            continue  # unverified, or quoted in a draft left out of the site
        position, quoted = found.get(check.anchor) or (
            check.found.position,
            QuotedPassage(
                check.anchor,
                check.found.pieces,
                describe_paragraphs(*check.found.paragraphs),
                anchor_of(check.found.paragraphs[0]),
                check.found.alterations,
                (),
            ),
        )
        if where[check.path] not in quoted.quoted_in:
            quoted = dataclasses.replace(quoted, quoted_in=(*quoted.quoted_in, where[check.path]))
        found[check.anchor] = (position, quoted)
    return [quoted for _, quoted in sorted(found.values(), key=lambda item: item[0])]


def _claims_citing(claims: list[Claim], content: Content) -> dict[str, list[Claim]]:
    """For each source, the claims that cite it or name it as the claim's appearance."""
    citing: dict[str, list[Claim]] = {source_id: [] for source_id in content.sources}
    for claim in claims:
        for source_id in claim.source_ids:
            citing[source_id].append(claim)
    return citing


@dataclass(frozen=True)
class Theme:
    """The theme's files, read once and checked (:func:`factcheck.files.files_below`)."""

    digest: str
    """Changes whenever any file of the theme does."""
    templates: dict[str, str]
    """Every file but the assets, by its path in the theme: all that templates can load."""
    assets: dict[str, bytes]
    """The files under ``assets/``, by their path in the site."""


_compiled: dict[str, jinja2.Environment] = {}
"""The last theme's environment: the preview compiles the templates again only when they change."""


def _environment(templates_dir: Path, theme: Theme) -> jinja2.Environment:
    """The Jinja2 environment of ``theme``, whose files are in ``templates_dir``. Templates load
    from what was read and checked, never from the folder again, so an `include` cannot reach a
    file the check passed over (a hidden one) or one changed since."""
    key = f"{templates_dir}\0{theme.digest}"
    if key in _compiled:
        return _compiled[key]

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        if name not in theme.templates:
            return None
        return theme.templates[name], str(templates_dir / name), lambda: True

    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["human_date"] = _human_date
    environment.filters["paragraph_anchor"] = paragraph_anchor
    _compiled.clear()
    _compiled[key] = environment
    return environment


def _human_date(value: Any) -> str:
    """``29 May 2025`` for dates and partial dates alike."""
    return (value if isinstance(value, PartialDate) else PartialDate.from_date(value)).human


def _render_template(
    environment: jinja2.Environment, templates_dir: Path, name: str, **context: Any
) -> str:
    try:
        return environment.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        where = str(templates_dir / (error.name or name))
        raise ContentErrors(
            [ContentError(where, error.lineno, f"template error: {error.message}")]
        ) from None
    except jinja2.TemplateNotFound as error:
        raise ContentErrors(
            [
                ContentError(
                    str(templates_dir / name),
                    1,
                    f"template `{error.name}` is missing from {templates_dir}",
                )
            ]
        ) from None
    except Exception as error:
        path, line = _template_frame(error, templates_dir, name)
        raise ContentErrors([ContentError(path, line, f"template error: {error}")]) from None


def _template_frame(error: BaseException, templates_dir: Path, name: str) -> tuple[str, int]:
    """The innermost template line in a rendering traceback (Jinja maps frames to templates)."""
    root = templates_dir.resolve()
    frames = [
        frame for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve().is_relative_to(root)
    ]  # fmt: skip
    if not frames:
        return str(templates_dir / name), 1
    innermost = frames[-1]
    template = Path(innermost.filename).resolve().relative_to(root)
    return str(templates_dir / template), innermost.lineno or 1


def _read_theme(templates_dir: Path) -> Theme:
    """Every file of the theme, checked: none leaves the folder, none is too large."""
    digest = hashlib.blake2b(digest_size=16)
    templates: dict[str, str] = {}
    assets: dict[str, bytes] = {}
    root = real_folder(templates_dir)
    for path in files_below(templates_dir):
        name = path.relative_to(templates_dir).as_posix()
        data = read_inside(path, root, MAX_THEME_FILE_BYTES)
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.blake2b(data, digest_size=16).digest())
        if path.is_relative_to(templates_dir / ASSETS):
            assets[name] = data
        else:
            templates[name] = read_text(path, data)
    return Theme(digest.hexdigest(), templates, assets)
