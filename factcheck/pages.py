"""Render every page of the site through the Jinja2 theme into in-memory output files."""

from __future__ import annotations

import datetime
import hashlib
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from factcheck import feeds
from factcheck.browse import Browse, ClaimList, browse
from factcheck.claimreview import claim_review, script_json
from factcheck.compare import Word, compare_words
from factcheck.errors import ContentError, ContentErrors
from factcheck.markup import MarkdownRenderer, QuoteMark, RenderedBody
from factcheck.model import Claim, Comparison, Content, Document, OutputFile, PartialDate, Rendering
from factcheck.parallel import parallel_map
from factcheck.paths import (
    ASSETS,
    CORRECTIONS,
    SEARCH,
    SOURCES,
    Links,
    claim_path,
    claimant_path,
    source_path,
    tag_path,
    verdict_path,
)
from factcheck.quotes import QuoteCheck

STORED_TEXT = "stored-text.txt"
"""Beside each source page: the stored text exactly as hashed, so readers can check the copy."""


@dataclass(frozen=True)
class QuotedPassage:
    """A passage of a source that quotations were verified against, and where it is quoted."""

    anchor: str
    passage: str
    quoted_in: tuple[tuple[str, str], ...]
    """``(title, site path)`` of each page quoting it."""


@dataclass(frozen=True)
class _Page:
    template: str
    path: str
    root: str | None
    context: dict[str, Any]


class _Site:
    """The theme and what every page shares; renders one page at a time into ``outputs``."""

    def __init__(self, content: Content, templates_dir: Path, assets: list[OutputFile]) -> None:
        self.content = content
        self.templates_dir = templates_dir
        self.environment = _environment(templates_dir)
        self.versions = {
            file.path.removeprefix(f"{ASSETS}/"): hashlib.sha256(file.data).hexdigest()[:10]
            for file in assets
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
        self.outputs: list[OutputFile] = list(assets)
        self.pages: list[_Page] = []
        self.sitemap: list[tuple[str, datetime.date | None]] = []

    def page(
        self, template: str, path: str, *, changed: datetime.date | None = None, root: str | None = None,
        **context: Any,
    ) -> None:  # fmt: skip
        """Add the page at site ``path`` (a folder, or ``404.html``), made from ``template``."""
        self.pages.append(_Page(template, path, root, context))
        if root is None:
            self.sitemap.append((path, changed))

    def render_pages(self, *, parallel: bool) -> list[OutputFile]:
        return parallel_map(self._render, self.pages, parallel=parallel)

    def _render(self, page: _Page) -> OutputFile:
        file_path = page.path if page.path.endswith(".html") else page.path + "index.html"
        links = Links(file_path, self.content.site.base_url, self.versions, page.root)
        html = _render_template(
            self.environment, self.templates_dir, page.template, **self.shared, page_path=file_path,
            url=links.url, asset=links.asset, canonical_url=links.absolute(page.path), **page.context,
        )  # fmt: skip
        return OutputFile(file_path, html.encode("utf-8"))

    def claim_list(self, listed: ClaimList, lead: str | None = None) -> None:
        for page in listed.pages():
            heading = (
                listed.heading if page.number == 1 else f"{listed.heading}, page {page.number}"
            )
            newest = max((claim.last_changed for claim in page.claims), default=None)
            self.page(
                "list.html", page.path, changed=newest, heading=heading, lead=lead, listing=page
            )


def render_site(
    content: Content,
    templates_dir: Path,
    renderer: MarkdownRenderer,
    quote_checks: list[QuoteCheck],
    *,
    include_drafts: bool = False,
    parallel: bool = True,
) -> list[OutputFile]:
    """Render every page and the machine-readable files, and collect the theme assets; raise
    ContentErrors on a template error. Drafts are left out unless ``include_drafts`` (the
    preview), where their pages say so. ``parallel`` spreads the rendering over every core."""
    site = _Site(content, templates_dir, _theme_assets(templates_dir))
    claims = sorted(
        (claim for claim in content.claims if include_drafts or not claim.draft),
        key=lambda claim: (claim.published, claim.slug),
        reverse=True,
    )
    marks: dict[Path, list[tuple[int, QuoteMark]]] = {}
    for check in quote_checks:
        if check.quote.end >= 0:
            mark = QuoteMark(source_path(check.source_id), check.anchor)
            marks.setdefault(check.path, []).append((check.quote.end, mark))

    def body(document: Document, path: str) -> RenderedBody:
        root = Links(path + "index.html", "", {}).url()
        return renderer.render(document.body, marks.get(document.path, ()), root)

    documents: list[tuple[Document, str]] = [(claim, claim_path(claim)) for claim in claims]
    documents += [(source, source_path(source_id)) for source_id, source in content.sources.items()]
    rendered = parallel_map(lambda item: body(*item), documents, parallel=parallel)
    claim_bodies = {claim.slug: rendered[index] for index, claim in enumerate(claims)}
    source_bodies = dict(zip(content.sources, rendered[len(claims) :], strict=True))
    citing = _claims_citing(claims, claim_bodies, content)
    rendering_checks = {(c.path, c.quote.line): c for c in quote_checks if c.quote.end < 0}
    for claim in claims:
        review = claim_review(claim, content, content.site.base_url + claim_path(claim))
        site.page(
            "claim.html", claim_path(claim), changed=claim.last_changed,
            claim=claim, body=claim_bodies[claim.slug], claim_review_json=script_json(review),
            comparisons=_compared(claim, rendering_checks),
        )  # fmt: skip

    passages = _quoted_passages(quote_checks, content, claims)
    site.page("sources.html", f"{SOURCES}/", citing=citing)
    for source_id, source in content.sources.items():
        stored = source.body.encode("utf-8")
        site.outputs.append(OutputFile(source_path(source_id) + STORED_TEXT, stored))
        site.page(
            "source.html", source_path(source_id),
            changed=max((claim.last_changed for claim in citing[source_id]), default=None),
            source=source, body=source_bodies[source_id], citing_claims=citing[source_id],
            passages=passages.get(source_id, []), stored_text=STORED_TEXT,
            stored_text_sha256=hashlib.sha256(stored).hexdigest(),
        )  # fmt: skip

    _browse_pages(site, browse(claims, content.ratings))
    site.page("search.html", f"{SEARCH}/")
    for page in content.pages:
        site.page("page.html", f"{page.slug}/", page=page, body=body(page, f"{page.slug}/"))
    site.page("404.html", "404.html", root=urlsplit(content.site.base_url).path)

    published = [claim for claim in claims if not claim.draft]
    site.outputs += site.render_pages(parallel=parallel)
    site.outputs += [
        feeds.atom_feed(content, published),
        feeds.sitemap(content.site.base_url, site.sitemap),
        feeds.robots(content.site.base_url),
        feeds.open_data(content, published),
    ]
    return site.outputs


def _browse_pages(site: _Site, lists: Browse) -> None:
    site.claim_list(lists.home, lead=site.content.site.description)
    for path, heading, terms in lists.indexes():
        site.page("terms.html", path, heading=heading, terms=terms)
    for term in [*lists.verdicts, *lists.claimants, *lists.tags]:
        site.claim_list(term.claims)
    newest = max((correction.date for correction, _ in lists.corrections), default=None)
    site.page("corrections.html", f"{CORRECTIONS}/", changed=newest, corrections=lists.corrections)


@dataclass(frozen=True)
class ComparedRendering:
    rendering: Rendering
    words: list[Word]
    check: QuoteCheck


def _compared(
    claim: Claim, checks: dict[tuple[Path, int], QuoteCheck]
) -> list[tuple[Comparison, list[ComparedRendering]]]:
    """Each comparison of a claim with its renderings' words marked where they differ."""
    compared = []
    for comparison in claim.comparisons:
        words = compare_words([rendering.text for rendering in comparison.renderings])
        compared.append((comparison, [
            ComparedRendering(rendering, rendering_words, checks[(claim.path, rendering.line)])
            for rendering, rendering_words in zip(comparison.renderings, words, strict=True)
        ]))  # fmt: skip
    return compared


def _quoted_passages(
    checks: list[QuoteCheck], content: Content, claims: list[Claim]
) -> dict[str, list[QuotedPassage]]:
    """For each source, its verified passages in the order they stand in it, with who quotes them."""
    where: dict[Path, tuple[str, str]] = {
        claim.path: (claim.title, claim_path(claim)) for claim in claims
    }
    where |= {s.path: (s.title, source_path(s.id)) for s in content.sources.values()}
    where |= {page.path: (page.title, f"{page.slug}/") for page in content.pages}
    found: dict[str, dict[str, tuple[str, list[tuple[str, str]]]]] = {}
    for check in checks:
        if check.anchor is None or check.passage is None or check.path not in where:
            continue  # unverified, or quoted in a draft left out of the site
        _, quoted_in = found.setdefault(check.source_id, {}).setdefault(
            check.anchor, (check.passage, [])
        )
        if where[check.path] not in quoted_in:
            quoted_in.append(where[check.path])
    return {
        source_id: sorted(
            (
                QuotedPassage(anchor, passage, tuple(quoted_in))
                for anchor, (passage, quoted_in) in by_anchor.items()
            ),
            key=lambda quoted: content.sources[source_id].body.find(quoted.passage),
        )
        for source_id, by_anchor in found.items()
    }


def _claims_citing(
    claims: list[Claim], bodies: dict[str, RenderedBody], content: Content
) -> dict[str, list[Claim]]:
    """For each source, the published claims that cite it or name it as the claim's appearance."""
    citing: dict[str, list[Claim]] = {source_id: [] for source_id in content.sources}
    for claim in claims:
        cited = {*claim.appearance, *(ref.source_id for ref in bodies[claim.slug].references)}
        for source_id in sorted(cited):
            citing[source_id].append(claim)
    return citing


def _environment(templates_dir: Path) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["human_date"] = _human_date
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
    if frames:
        return str(templates_dir / Path(frames[-1].filename).resolve().relative_to(root)), frames[
            -1
        ].lineno or 1
    return str(templates_dir / name), 1


def _theme_assets(templates_dir: Path) -> list[OutputFile]:
    folder = templates_dir / ASSETS
    if not folder.is_dir():
        return []
    return [
        OutputFile(path.relative_to(templates_dir).as_posix(), path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    ]
