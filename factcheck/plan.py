"""Plan the site: every file it will hold, at which path, made how, and the digest of every input
a file can read (see :mod:`factcheck.record`). Nothing is rendered here: each file's ``make`` runs
later, and only for files whose inputs changed since the last build."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from factcheck import feeds
from factcheck.browse import Browse, ClaimList, browse
from factcheck.contexts import STORED_TEXT, Contexts, relations
from factcheck.digests import digest_of, digest_of_bytes
from factcheck.markup import MarkdownRenderer
from factcheck.model import CORRECTION_KINDS, Claim, Content, Source
from factcheck.paths import (
    ASSETS,
    CLAIMANTS,
    CORRECTIONS,
    SEARCH,
    SOURCES,
    TAGS,
    VERDICTS,
    Links,
    claim_path,
    claimant_path,
    share_image_path,
    source_path,
    tag_path,
    verdict_path,
)
from factcheck.quotes import QuoteChecks
from factcheck.record import (
    NAV,
    RATINGS,
    SETTINGS,
    InputList,
    InputMapping,
    Inputs,
    history_input,
    read,
    template_input,
    uses,
)
from factcheck.revisions import Revisions, history_of
from factcheck.search import SearchIndex, search_scripts, search_text, text_path
from factcheck.shareimage import share_card, share_image
from factcheck.theme import Theme


@dataclass(frozen=True)
class Output:
    """A file of the site to be made."""

    path: str
    origin: str
    """The file it is made from, for an editor told that two files make the same path."""
    plan: str
    """A digest of how it is made: its template and place, or its bytes if they are made now."""
    make: Callable[[], bytes]


@dataclass
class DataParts:
    """What each claim put in the site's data files (the search index, the open data) when the
    last build made them, so that a rebuild encodes again only the claims that changed."""

    search: SearchIndex = field(default_factory=SearchIndex)
    open_data: feeds.OpenDataEntries = field(default_factory=dict)


@dataclass(frozen=True)
class SitePlan:
    outputs: list[Output]
    inputs: Inputs


class _Planner:
    """Collects the outputs of the site, with what every page shares."""

    def __init__(self, content: Content, theme: Theme, scope: str) -> None:
        self.content = content
        self.theme = theme
        self.scope = scope
        self.inputs = Inputs()
        self.outputs: list[Output] = []
        self._scoped: dict[str, str] = {}
        """Each plan's digest in this scope."""
        self.sitemap: list[tuple[str, datetime.date | None]] = []
        self.versions = {
            name.removeprefix(f"{ASSETS}/"): digest[:10]
            for name, digest in theme.digests.items()
            if name in theme.assets
        }
        nav_pages = sorted(
            (p for p in content.pages if p.nav is not None), key=lambda p: p.nav or 0
        )
        scale_page = content.rating_scale_page
        self.shared = {
            "site": content.site,
            "ratings": content.ratings,
            "sources": InputMapping(SOURCES, content.sources),
            "nav_pages": nav_pages,
            "rating_scale_page": scale_page,
            "claim_path": claim_path,
            "source_path": source_path,
            "verdict_path": verdict_path,
            "claimant_path": claimant_path,
            "tag_path": tag_path,
            "feed": feeds.FEED,
            "corrections_feed": feeds.CORRECTIONS_FEED,
            "data_export": feeds.DATA_EXPORT,
        }
        self.words = words = theme.words(content.site.language)
        self.environment = theme.environment(
            {"site": SETTINGS, "ratings": RATINGS, "nav_pages": NAV, "rating_scale_page": NAV},
            words,
        )
        inputs = self.inputs
        inputs.add(words.input_name, theme.words_digest(words))
        inputs.add(SETTINGS, digest_of([repr(content.site)]))
        inputs.add(RATINGS, digest_of([repr(content.ratings)]))
        inputs.add(
            NAV,
            digest_of(
                [
                    repr([(p.slug, p.title, p.nav) for p in nav_pages]),
                    repr(scale_page and scale_page.slug),
                ]
            ),
        )
        inputs.add(SOURCES, digest_of(content.sources))
        for name, digest in theme.inputs(self.environment).items():
            inputs.add(template_input(name), digest)
        for claim in content.claims:
            inputs.add(f"claim:{claim.slug}", claim.input_digest)
            inputs.add(f"card:{claim.slug}", claim.card_digest)
        for source in content.sources.values():
            inputs.add(f"source:{source.id}", source.digest)
        for page in content.pages:
            inputs.add(f"page:{page.slug}", page.digest)

    def file(self, path: str, origin: str, plan: str, make: Callable[[], bytes]) -> None:
        scoped = self._scoped.get(plan)
        if scoped is None:  # most plans are shared: every claim page's, every search text's
            scoped = self._scoped[plan] = digest_of([self.scope, plan])
        self.outputs.append(Output(path, origin, scoped, make))

    def data_file(self, path: str, origin: str, data: bytes) -> None:
        """A file whose bytes are made now: it is made again when they differ."""
        self.file(path, origin, digest_of_bytes(data), lambda: data)

    def page(
        self, template: str, path: str, origin: str, context: Callable[[], dict[str, Any]] = dict,
        *, changed: datetime.date | None = None, root: str | None = None,
    ) -> None:  # fmt: skip
        """The page at site ``path`` (a folder, or ``404.html``), made from ``template`` with what
        ``context`` gives, which reads the content through the recorder."""
        file_path = path if path.endswith(".html") else path + "index.html"
        if root is None:
            self.sitemap.append((path, changed))

        def make() -> bytes:
            site = self.content.site
            uses(site)  # the canonical address
            links = Links(file_path, site.base_url, self.versions, root)

            def asset(name: str) -> str:
                read(template_input(f"{ASSETS}/{name}"))
                return links.asset(name)

            html = self.theme.render(
                self.environment, template, **self.shared, page_path=file_path, url=links.url,
                asset=asset, canonical_url=links.absolute(path), **context(),
            )  # fmt: skip
            return html.encode("utf-8")

        self.file(file_path, origin, f"{template}\0{root or ''}", make)

    def listed(self, name: str, items: list[Any], parts: list[str]) -> InputList:
        """``items`` as a list whose membership (``parts``) is the input ``name``."""
        self.inputs.add(name, digest_of(parts))
        return InputList(name, items)

    def claim_list(self, listed: ClaimList, origin: str, lead: str | None = None) -> None:
        for page in listed.pages():
            self.inputs.add(
                page.input_name,
                digest_of([str(page.number), str(page.count), *(c.slug for c in page.claims)]),
            )
            heading = (
                listed.heading
                if page.number == 1
                else self.words.gettext(
                    "%(heading)s, page %(number)s", heading=listed.heading, number=page.number
                )
            )
            newest = max((claim.last_changed for claim in page.claims), default=None)
            self.page(
                "list.html", page.path, origin,
                functools.partial(dict, heading=heading, lead=lead, listing=page), changed=newest,
            )  # fmt: skip


def plan_site(
    content: Content,
    theme: Theme,
    renderer: MarkdownRenderer,
    quote_checks: QuoteChecks,
    parts: DataParts,
    revisions: Revisions | None = None,
    *,
    include_drafts: bool = False,
) -> SitePlan:
    """Every file of the site: pages, machine-readable files and theme assets. Drafts are left
    out unless ``include_drafts`` (the preview), where their pages say so. ``parts`` holds what
    each claim put in the data files at the last build, and is brought up to date; ``revisions``
    each claim's, where its history is known."""
    planner = _Planner(content, theme, f"drafts={include_drafts}")
    claims = sorted(
        (claim for claim in content.claims if include_drafts or not claim.draft),
        key=lambda claim: (claim.published, claim.slug),
        reverse=True,
    )
    related, citing_digests = relations(content, claims)
    for name, digest in citing_digests.items():
        planner.inputs.add(name, digest)
    for claim in claims:
        planner.inputs.add(history_input(claim), digest_of([repr(history_of(revisions, claim))]))
    contexts = Contexts(content, renderer, quote_checks, related, revisions, planner.words)
    for name, data in theme.assets.items():
        planner.file(
            name, str(theme.folder / name), theme.digests[name], functools.partial(bytes, data)
        )
    for claim in claims:
        card = share_card(claim, content.site.title, content.ratings, planner.words)
        planner.page(
            "claim.html", claim_path(claim), str(claim.path),
            functools.partial(contexts.claim, claim, card), changed=claim.last_changed,
        )  # fmt: skip
        # What the image shows is its plan: it is drawn again when that changes, and only then
        # (not for an edit of the summary or of settings it does not show).
        planner.file(
            share_image_path(claim), str(claim.path), digest_of([repr(card)]),
            functools.partial(share_image, card),
        )  # fmt: skip
    planner.page(
        "sources.html",
        f"{SOURCES}/",
        "",
        lambda: {"citing": related.citing},
    )
    for source in content.sources.values():
        path = source_path(source.id)
        if source.stored_text:
            planner.file(
                path + STORED_TEXT, str(source.path), STORED_TEXT,
                functools.partial(_stored_text, source),
            )  # fmt: skip
        newest = max((claim.last_changed for claim in related.citing[source.id]), default=None)
        planner.page(
            "source.html", path, str(source.path),
            functools.partial(contexts.source, source), changed=newest,
        )  # fmt: skip
    lists = browse(claims, content.ratings, content.site.tag_label, planner.words)
    indexes = _browse_pages(planner, lists)
    scripts = search_scripts(content.site.language)
    engine = f"{SEARCH}/engine.js"
    planner.page(
        "search.html", f"{SEARCH}/", "",
        functools.partial(
            dict, engine=f"{engine}?v={digest_of_bytes(scripts[engine])[:10]}",
            date_locale=planner.words.locale_tag,
            verdicts=indexes[f"{VERDICTS}/"], claimants=indexes[f"{CLAIMANTS}/"],
            tags=indexes[f"{TAGS}/"],
        ),
    )  # fmt: skip
    for path, data in scripts.items():
        planner.data_file(path, "", data)
    for page in content.pages:
        planner.page(
            "page.html", f"{page.slug}/", str(page.path), functools.partial(contexts.page, page)
        )
    planner.page("404.html", "404.html", "", root=urlsplit(content.site.base_url).path)
    _data_files(planner, [claim for claim in claims if not claim.draft], claims, parts, revisions)
    return SitePlan(planner.outputs, planner.inputs)


def _stored_text(source: Source) -> bytes:
    """The source's stored text exactly as hashed, for readers to check the copy."""
    uses(source)
    return source.body.encode()


def _browse_pages(planner: _Planner, lists: Browse) -> dict[str, InputList]:
    """The browse pages; returns each index's list (of verdicts, claimants, tags) by its path."""
    planner.claim_list(lists.home, "", lead=planner.content.site.description)
    indexes = {}
    for path, heading, terms in lists.indexes(planner.words):
        listed = indexes[path] = planner.listed(
            f"terms:{path}", terms, [f"{t.label}\0{t.count}\0{t.claims.first}" for t in terms]
        )
        planner.page(
            "terms.html",
            path,
            "",
            functools.partial(dict, heading=heading, terms=listed),
        )
    for term in [*lists.verdicts, *lists.claimants, *lists.tags]:
        planner.claim_list(term.claims, "")
    corrections = planner.listed(
        CORRECTIONS, lists.corrections,
        [f"{claim.slug}\0{correction!r}" for correction, claim in lists.corrections],
    )  # fmt: skip
    newest = max((correction.date for correction, _ in lists.corrections), default=None)
    planner.page(
        "corrections.html",
        f"{CORRECTIONS}/",
        "",
        lambda: {"corrections": corrections, "kinds": CORRECTION_KINDS},
        changed=newest,
    )

    def corrections_feed() -> bytes:
        uses(planner.content.site, *(claim for _, claim in corrections))
        read(planner.words.input_name)
        return feeds.corrections_feed(planner.content, corrections, planner.words)

    planner.file(feeds.CORRECTIONS_FEED, "", "corrections feed", corrections_feed)
    return indexes


def _data_files(
    planner: _Planner,
    published: list[Claim],
    claims: list[Claim],
    parts: DataParts,
    revisions: Revisions | None,
) -> None:
    content = planner.content
    in_feed = feeds.feed_claims(published)

    def feed() -> bytes:
        uses(content.site, *in_feed)
        read(planner.words.input_name)
        return feeds.atom_feed(content, in_feed, planner.words)

    planner.file(feeds.FEED, "", digest_of(claim.slug for claim in in_feed), feed)
    sitemap = list(planner.sitemap)

    def site_map() -> bytes:
        uses(content.site)
        return feeds.sitemap(content.site.base_url, sitemap)

    planner.file(feeds.SITEMAP, "", digest_of([repr(sitemap)]), site_map)

    def robots() -> bytes:
        uses(content.site)
        return feeds.robots(content.site.base_url)

    planner.file(feeds.ROBOTS, "", "robots", robots)
    planner.data_file(
        feeds.DATA_EXPORT, "", feeds.open_data(content, published, revisions, parts.open_data)
    )
    for path, data in parts.search.update(claims, content).items():
        planner.data_file(path, "", data)
    for claim in claims:
        planner.file(
            text_path(parts.search.number(claim.slug)), str(claim.path), "search text",
            functools.partial(search_text, claim, content.ratings),
        )  # fmt: skip
