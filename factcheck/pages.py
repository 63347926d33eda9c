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
from factcheck.errors import ContentError, ContentErrors
from factcheck.markup import MarkdownRenderer, RenderedBody
from factcheck.model import Claim, Content, PartialDate

ASSETS_FOLDER = "assets"
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
    return f"claims/{claim.slug}/"


def source_path(source_id: str) -> str:
    return f"sources/{source_id}/"


def render_site(
    content: Content,
    templates_dir: Path,
    *,
    include_drafts: bool = False,
    bodies: dict[str, RenderedBody] | None = None,
) -> list[OutputFile]:
    """Render every page and collect the theme assets; raise ContentErrors on a template error.

    Drafts are left out unless ``include_drafts`` (the preview), where their pages say so.
    ``bodies`` keeps rendered Markdown between builds.
    """
    assets = _theme_assets(templates_dir)
    versions = {
        file.path.removeprefix(f"{ASSETS_FOLDER}/"): hashlib.sha256(file.data).hexdigest()[:10]
        for file in assets
    }
    renderer = MarkdownRenderer(bodies)
    claims = sorted(
        (claim for claim in content.claims if include_drafts or not claim.draft),
        key=lambda claim: (claim.published, claim.slug),
        reverse=True,
    )
    claim_bodies = {claim.slug: renderer.render(claim.body) for claim in claims}
    source_bodies = {source_id: renderer.render(s.body) for source_id, s in content.sources.items()}
    citing = _claims_citing(claims, claim_bodies, content)

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
            "claim.html", claim_path(claim) + "index.html",
            claim=claim, body=claim_bodies[claim.slug], claim_review_json=script_json(review),
        )  # fmt: skip
    render("sources.html", "sources/index.html", citing=citing)
    for source_id, source in content.sources.items():
        render(
            "source.html", source_path(source_id) + "index.html",
            source=source, body=source_bodies[source_id], citing_claims=citing[source_id],
        )  # fmt: skip
    for page in content.pages:
        render("page.html", f"{page.slug}/index.html", page=page, body=renderer.render(page.body))
    render("404.html", "404.html", root=urlsplit(content.site.base_url).path)
    return outputs


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
