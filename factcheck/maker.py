"""Make each file of the site from its recipe: a value saying what the file shows, resolved here
against what this build planned (the content, the theme, each edition's contexts and lists).

Planning (:mod:`factcheck.plan`) says what each file is and how it is made; the makers make it,
in the worker processes, reading the content through the recorder (:mod:`factcheck.record`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from factcheck import feeds
from factcheck.catalogs import Words
from factcheck.contexts import Contexts
from factcheck.editions import Edition
from factcheck.model import Claim
from factcheck.paths import ASSETS, Links
from factcheck.record import InputList, in_scope, read, template_input, uses
from factcheck.search import search_text
from factcheck.shareimage import share_image
from factcheck.theme import Theme

if TYPE_CHECKING:
    import jinja2

    from factcheck.planner import Alternates, Output


@dataclass(frozen=True, slots=True)
class Recipe:
    """How a file of the site is made, as a value: the kind of file and what names what it
    shows (a claim's slug; a page's template, place and context), which an
    :class:`EditionMaker` resolves against the build making it. A plan made of values, unlike
    one of functions, can be compared and kept from one build to the next."""

    kind: str
    names: tuple[Any, ...] = ()


NOTHING_MORE = Recipe("nothing")
"""The context of a page that shows only what every page does (the 404 page)."""
PLANNED = Recipe("planned")
"""The context of a page of the whole edition, which planning made (:attr:`EditionData.pages`)."""


@dataclass
class EditionData:
    """What the files of the whole edition show, as planning found it: its lists and indexes,
    its feeds, its open data, and (the first edition's) the sitemap."""

    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The context of each page of the whole edition (a list, an index), by its path."""
    feed: list[Claim] = field(default_factory=list)
    """The claims of the Atom feed, newest first."""
    corrections: InputList = field(default_factory=lambda: InputList("", []))
    open_data: feeds.OpenData | None = None
    sitemap: list[feeds.SitemapPage] = field(default_factory=list)


class EditionMaker:
    """Makes the files of one edition from their recipes."""

    def __init__(
        self,
        edition: Edition,
        theme: Theme,
        environment: jinja2.Environment,
        shared: dict[str, Any],
        versions: dict[str, str],
        alternates: Alternates,
        words: Words,
    ) -> None:
        self.edition = edition
        self.content = edition.content
        self.theme = theme
        self.environment = environment
        self.shared = shared
        """What every page shows."""
        self.versions = versions
        """Each asset's version, for its address."""
        self.alternates = alternates
        self.words = words
        self.contexts: Contexts | None = None
        """What each claim, source and standing page shows, once planning has its relations."""
        self.data = EditionData()
        self.claims = {claim.slug: claim for claim in self.content.claims}
        self.pages = {page.slug: page for page in self.content.pages}

    def make(self, recipe: Recipe) -> bytes:
        return _KINDS[recipe.kind](self, *recipe.names)

    def _context(self, context: Recipe, path: str) -> dict[str, Any]:
        contexts = self.contexts
        assert contexts is not None, "a page made before its edition was planned"
        kind, names = context.kind, context.names
        if kind == "claim":
            slug, card = names
            return contexts.claim(self.claims[slug], card)
        if kind == "source":
            return contexts.source(self.content.sources[names[0]])
        if kind == "page":
            return contexts.page(self.pages[names[0]])
        if kind == "planned":
            return self.data.pages[path]
        assert kind == "nothing", f"no context of the kind {kind}"
        return {}

    def _page(
        self, template: str, path: str, root: str | None, same: str, context: Recipe
    ) -> bytes:
        """The page at ``path`` (a folder, or ``404.html``), made from ``template``."""
        file_path = path if path.endswith(".html") else path + "index.html"
        site = self.content.site
        uses(site)  # the canonical address
        links = Links(file_path, site.base_url, self.versions, root, self.edition.prefix)

        def asset(name: str) -> str:
            read(template_input(f"{ASSETS}/{name}"))
            return links.asset(name)

        html = self.theme.render(
            self.environment, template, **self.shared, page_path=file_path, url=links.url,
            asset=asset, canonical_url=links.absolute(path),
            alternates=self.alternates.head(same),
            languages=self.alternates.switcher(same, self.edition, links),
            **self._context(context, path),
        )  # fmt: skip
        return html.encode("utf-8")

    def _stored_text(self, source_id: str) -> bytes:
        """The source's stored text exactly as hashed, for readers to check the copy."""
        source = self.content.sources[source_id]
        uses(source)
        return source.body.encode()

    def _feed(self) -> bytes:
        uses(self.content.site, *self.data.feed)
        read(self.words.input_name)
        return feeds.atom_feed(self.content, self.data.feed, self.words)

    def _corrections_feed(self) -> bytes:
        corrections = self.data.corrections
        uses(self.content.site, *(claim for _, claim in corrections))
        read(self.words.input_name)
        return feeds.corrections_feed(self.content, corrections, self.words)

    def _open_data(self) -> bytes:
        assert self.data.open_data is not None, "the open data made before it was planned"
        return self.data.open_data.encoded()

    def _sitemap(self) -> bytes:
        uses(self.content.site)
        return feeds.sitemap(self.data.sitemap)

    def _robots(self) -> bytes:
        uses(self.content.site)
        return feeds.robots(self.content.site.base_url)


_KINDS: dict[str, Callable[..., bytes]] = {
    "page": EditionMaker._page,
    "bytes": lambda _, data: bytes(data),
    "asset": lambda maker, name: bytes(maker.theme.assets[name]),
    "share_image": lambda _, card: share_image(card),
    "stored_text": EditionMaker._stored_text,
    "search_text": lambda maker, slug: search_text(maker.claims[slug], maker.content.ratings),
    "feed": EditionMaker._feed,
    "corrections_feed": EditionMaker._corrections_feed,
    "open_data": EditionMaker._open_data,
    "sitemap": EditionMaker._sitemap,
    "robots": EditionMaker._robots,
}
"""What makes a file from a recipe of each kind, given the edition's maker and the recipe's
names. Functions, not the maker's bound methods: those, held by the maker, made a reference
cycle that kept each build's whole plan alive until the collector found it."""


class Maker:
    """Makes every file of the site from its recipe, each in its edition."""

    def __init__(self, editions: list[EditionMaker]) -> None:
        self.editions = {maker.edition.prefix: maker for maker in editions}

    def make(self, output: Output) -> bytes:
        with in_scope(output.edition):  # what it reads is its edition's
            return self.editions[output.edition].make(output.recipe)
