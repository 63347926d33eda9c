"""Render every page of the site through the Jinja2 theme into in-memory output files."""

from __future__ import annotations

import hashlib
import posixpath
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from factcheck.claimreview import claim_review, script_json
from factcheck.compare import Word, compare_words
from factcheck.errors import ContentError, ContentErrors
from factcheck.markup import MarkdownRenderer, QuoteMark, RenderedBody
from factcheck.model import (
    SITE_SECTIONS,
    Claim,
    Comparison,
    Content,
    Document,
    PartialDate,
    Rendering,
)
from factcheck.quotes import QuoteCheck

STORED_TEXT = "stored-text.txt"
"""Beside each source page: the stored text exactly as hashed, so readers can check the copy."""

CLAIMS, SOURCES, ASSETS_FOLDER = SITE_SECTIONS
"""Theme files (CSS, images) live in ``templates/assets`` and are copied to ``site/assets``."""


@dataclass(frozen=True)
class OutputFile:
    """One file of the finished site: its path relative to the site root, and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True)
class Links:
    """Makes links from the page at ``page_path``: relative, so the site works under any sub-path.

    ``root`` replaces relative links for pages served at addresses not their own (``404.html``
    is shown for whatever address was missing), where only a path from the site root works.
    """

    page_path: str
    base_url: str
    asset_versions: dict[str, str]
    root: str | None = None

    def url(self, target: str = "") -> str:
        """Link to a site path such as ``claims/slug/``, ``assets/style.css`` or ``""`` (home)."""
        if self.root is not None:
            return self.root + target
        relative = posixpath.relpath(target or ".", posixpath.dirname(self.page_path) or ".")
        if target.endswith("/") or not target:
            return "./" if relative == "." else relative + "/"
        return relative

    def asset(self, name: str) -> str:
        """Link to a theme asset, versioned by its content so browsers never keep a stale copy."""
        return f"{self.url(f'{ASSETS_FOLDER}/{name}')}?v={self.asset_versions[name]}"

    def absolute(self, target: str = "") -> str:
        return self.base_url + target


def claim_path(claim: Claim) -> str:
    return f"{CLAIMS}/{claim.slug}/"


def source_path(source_id: str) -> str:
    return f"{SOURCES}/{source_id}/"


@dataclass(frozen=True)
class QuotedPassage:
    """A passage of a source that quotations were verified against, and where it is quoted."""

    anchor: str
    passage: str
    quoted_in: tuple[tuple[str, str], ...]
    """``(title, site path)`` of each page quoting it."""


def render_site(
    content: Content,
    templates_dir: Path,
    renderer: MarkdownRenderer,
    quote_checks: list[QuoteCheck],
    *,
    include_drafts: bool = False,
) -> list[OutputFile]:
    """Render every page and collect the theme assets; raise ContentErrors on a template error.

    Drafts are left out unless ``include_drafts`` (the preview), where their pages say so.
    """
    assets = _theme_assets(templates_dir)
    versions = {
        file.path.removeprefix(f"{ASSETS_FOLDER}/"): hashlib.sha256(file.data).hexdigest()[:10]
        for file in assets
    }
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

    def body(document: Document, page_path: str) -> RenderedBody:
        root = Links(page_path, "", {}).url()
        return renderer.render(document.body, marks.get(document.path, ()), root)

    rendering_checks = {(c.path, c.quote.line): c for c in quote_checks if c.quote.end < 0}
    claim_pages = {claim.slug: claim_path(claim) + "index.html" for claim in claims}
    claim_bodies = {claim.slug: body(claim, claim_pages[claim.slug]) for claim in claims}
    citing = _claims_citing(claims, claim_bodies, content)
    passages = _quoted_passages(quote_checks, content, claims)

    environment = _environment(templates_dir, content)
    nav_pages = sorted(
        (page for page in content.pages if page.nav is not None), key=lambda p: p.nav or 0
    )
    rating_scale_page = next((page for page in content.pages if page.show_rating_scale), None)
    outputs = list(assets)

    def render(template: str, page_path: str, root: str | None = None, **context: Any) -> None:
        links = Links(page_path, content.site.base_url, versions, root)
        html = _render_template(
            environment, templates_dir, template,
            site=content.site, ratings=content.ratings, nav_pages=nav_pages, rating_scale_page=rating_scale_page,
            sources=content.sources, page_path=page_path, url=links.url, asset=links.asset,
            canonical_url=links.absolute(page_path.removesuffix("index.html")), claim_path=claim_path,
            source_path=source_path, **context,
        )  # fmt: skip
        outputs.append(OutputFile(page_path, html.encode("utf-8")))

    render("index.html", "index.html", claims=claims)
    for claim in claims:
        review = claim_review(claim, content, content.site.base_url + claim_path(claim))
        render(
            "claim.html", claim_pages[claim.slug],
            claim=claim, body=claim_bodies[claim.slug], claim_review_json=script_json(review),
            comparisons=_compared(claim, rendering_checks),
        )  # fmt: skip
    render("sources.html", f"{SOURCES}/index.html", citing=citing)
    for source_id, source in content.sources.items():
        page_path = source_path(source_id) + "index.html"
        stored = source.body.encode("utf-8")
        outputs.append(OutputFile(source_path(source_id) + STORED_TEXT, stored))
        render(
            "source.html", page_path,
            source=source, body=body(source, page_path), citing_claims=citing[source_id],
            passages=passages.get(source_id, []), stored_text=STORED_TEXT,
            stored_text_sha256=hashlib.sha256(stored).hexdigest(),
        )  # fmt: skip
    for page in content.pages:
        page_path = f"{page.slug}/index.html"
        render("page.html", page_path, page=page, body=body(page, page_path))
    render("404.html", "404.html", root=urlsplit(content.site.base_url).path)
    return outputs


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


def _environment(templates_dir: Path, content: Content) -> jinja2.Environment:
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
    folder = templates_dir / ASSETS_FOLDER
    if not folder.is_dir():
        return []
    return [
        OutputFile(path.relative_to(templates_dir).as_posix(), path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    ]
