"""What planning one edition of the site collects: every file it will hold, at which path, made
how, with what every page shares (see :mod:`factcheck.plan`, which plans the whole site one
edition at a time, and :mod:`factcheck.editions`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from factcheck import feeds
from factcheck.browse import ClaimList
from factcheck.digests import digest_of, digest_of_bytes
from factcheck.editions import Edition
from factcheck.maker import NOTHING_MORE, PLANNED, EditionMaker, Recipe
from factcheck.paths import (
    ASSETS,
    SOURCES,
    Links,
    claim_path,
    claimant_path,
    source_path,
    tag_path,
    verdict_path,
)
from factcheck.record import (
    NAV,
    RATINGS,
    SETTINGS,
    InputList,
    InputMapping,
    Inputs,
    read,
    template_input,
)
from factcheck.search import SearchIndex
from factcheck.theme import Theme


@dataclass(frozen=True, slots=True)  # one a file: 160,000 at 40,000 claims, and no __dict__ each
class Output:
    """A file of the site to be made."""

    path: str
    origin: str
    """The file it is made from, for an editor told that two files make the same path."""
    plan: str
    """A digest of how it is made: its template and place, its bytes if they are made now, or
    what they are made from (the open data)."""
    edition: str
    """The folder of the edition it is in (see :mod:`factcheck.editions`), whose inputs it
    reads: empty for the site's own language."""
    recipe: Recipe


@dataclass
class DataParts:
    """What each claim put in an edition's data files (the search index, the open data) when
    the last build made them, so that a rebuild encodes again only the claims that changed."""

    search: SearchIndex = field(default_factory=SearchIndex)
    open_data: feeds.OpenDataEntries = field(default_factory=dict)


@dataclass(frozen=True, slots=True)  # one a page
class Place:
    """Where a page of an edition is, for its versions in the others and the sitemap."""

    path: str
    same: str
    """What the page is in every edition (see :class:`Alternates`)."""
    changed: datetime.date | None
    mapped: bool
    """Whether it is in the sitemap: a page of its own address (not the 404 page)."""


@dataclass(frozen=True, slots=True)
class PlannedFiles:
    """Files planned as a unit (one claim's: its page and share image), a value that a later
    build takes again while what it was planned from is unchanged (see :mod:`factcheck.units`)."""

    outputs: tuple[Output, ...]
    places: tuple[Place, ...]
    """Where each page among them is."""


class Alternates:
    """Each page's version in every edition that has one, by what the page is (``same``): a
    claim or standing page and its translations, or the same place of each edition (its home,
    its list of sources); the links a page gives to its other versions are made from it."""

    def __init__(self, editions: list[Edition]) -> None:
        self.editions = editions
        self.versions: dict[str, dict[str, str]] = {}
        """By what the page is: its path in each edition that has it, by the edition's folder."""

    def add(self, same: str, edition: Edition, path: str) -> None:
        self.versions.setdefault(same, {})[edition.prefix] = path

    @staticmethod
    def input_name(same: str) -> str:
        return f"alternates:{same}"

    def add_inputs(self, inputs: Inputs) -> None:
        """Make each page's versions, with the editions they are in, an input of every edition
        holding one of them. A site of one edition has none to show, and no page reads them
        (a read of one would be a KeyError): making them took 0.02 s of every rebuild at
        10,000 claims."""
        if len(self.editions) < 2:
            return
        editions = repr(
            [(e.prefix, e.hreflang, e.name, e.content.site.base_url) for e in self.editions]
        )
        for same, versions in self.versions.items():
            digest = digest_of([editions, repr(sorted(versions.items()))])
            for prefix in versions:
                inputs.scoped(prefix).add(self.input_name(same), digest)

    def head(self, same: str) -> list[tuple[str, str]]:
        """``(hreflang, address)`` of each version of a page, its own too, then the default for
        a reader of another language (``x-default``: the first edition's); none where the page
        has no other."""
        versions = self.versions.get(same, {})
        if len(versions) < 2:
            return []
        read(self.input_name(same))
        found = [
            (edition.hreflang, edition.content.site.base_url + versions[edition.prefix])
            for edition in self.editions
            if edition.prefix in versions
        ]
        return [*found, ("x-default", found[0][1])]

    def switcher(self, same: str, current: Edition, links: Links) -> list[dict[str, Any]]:
        """Each edition, for the language switcher: a link to this page's version in it, else
        to its home."""
        if len(self.editions) < 2:
            return []
        read(self.input_name(same))
        versions = self.versions.get(same, {})
        return [
            {
                "name": edition.name,
                "hreflang": edition.hreflang,
                "url": links.site_url(edition.prefix + versions.get(edition.prefix, "")),
                "current": edition is current,
                "translated": edition.prefix in versions,
            }
            for edition in self.editions
        ]


class Planner:
    """Collects the outputs of one edition of the site, with what every page shares."""

    def __init__(
        self,
        edition: Edition,
        theme: Theme,
        inputs: Inputs,
        alternates: Alternates,
        include_drafts: bool,
    ) -> None:
        self.edition = edition
        self.content = content = edition.content
        self.theme = theme
        self.include_drafts = include_drafts
        """Whether drafts are on the site (the preview), where their pages say so."""
        self.scope = f"drafts={include_drafts}"
        """What every file's plan is made in: a page planned with drafts is not one without."""
        self.inputs = inputs = inputs.scoped(edition.prefix)
        self.alternates = alternates
        self.outputs: list[Output] = []
        self._scoped: dict[str, str] = {}
        """Each plan's digest in this scope."""
        self.sitemap: list[Place] = []
        """The edition's pages of their own address."""
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
            "written_in": edition.written_in,
        }
        self.words = words = theme.words(content.site.language)
        environment = theme.environment(
            {"site": SETTINGS, "ratings": RATINGS, "nav_pages": NAV, "rating_scale_page": NAV},
            words,
        )
        self.maker = EditionMaker(
            edition, theme, environment, self.shared, self.versions, alternates, words
        )
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
        for name, digest in theme.inputs(environment).items():
            inputs.add(template_input(name), digest)
        for claim in content.claims:
            inputs.add(f"claim:{claim.slug}", claim.input_digest)
            inputs.add(f"card:{claim.slug}", claim.card_digest)
        for source in content.sources.values():
            inputs.add(f"source:{source.id}", source.digest)
        for page in content.pages:
            inputs.add(f"page:{page.slug}", page.digest)

    def file(self, path: str, origin: str, plan: str, recipe: Recipe) -> None:
        """The file at ``path`` in the edition."""
        self.outputs.append(self.output(path, origin, plan, recipe))

    def output(self, path: str, origin: str, plan: str, recipe: Recipe) -> Output:
        scoped = self._scoped.get(plan)
        if scoped is None:  # most plans are shared: every claim page's, every search text's
            scoped = self._scoped[plan] = digest_of([self.scope, plan])
        prefix = self.edition.prefix
        return Output(prefix + path, origin, scoped, prefix, recipe)

    def add(self, planned: PlannedFiles) -> None:
        """Files planned as a unit, now or at an earlier build."""
        self.outputs += planned.outputs
        edition = self.edition
        for place in planned.places:
            self.alternates.add(place.same, edition, place.path)
            if place.mapped:
                self.sitemap.append(place)

    def data_file(self, path: str, origin: str, data: bytes) -> None:
        """A file whose bytes are made now: it is made again when they differ."""
        self.file(path, origin, digest_of_bytes(data), Recipe("bytes", (data,)))

    def page(
        self, template: str, path: str, origin: str, context: Recipe = NOTHING_MORE,
        *, changed: datetime.date | None = None, root: str | None = None, same: str | None = None,
    ) -> None:  # fmt: skip
        """The page at ``path`` in the edition (a folder, or ``404.html``), made from
        ``template`` with what ``context`` names (see :class:`~factcheck.maker.EditionMaker`);
        ``same`` says what it is in every edition where that is not its path (a claim and its
        translations)."""
        self.add(self.page_files(template, path, origin, context, changed, root, same))

    def page_files(
        self, template: str, path: str, origin: str, context: Recipe,
        changed: datetime.date | None, root: str | None, same: str | None,
    ) -> PlannedFiles:  # fmt: skip
        file_path = path if path.endswith(".html") else path + "index.html"
        same = same or path
        recipe = Recipe("page", (template, path, root, same, context))
        output = self.output(file_path, origin, f"{template}\0{root or ''}", recipe)
        # A page of its own address is in the sitemap; the 404 page, shown at any, is not.
        return PlannedFiles((output,), (Place(path, same, changed, mapped=root is None),))

    def planned_page(
        self, template: str, path: str, context: dict[str, Any], *,
        changed: datetime.date | None = None,
    ) -> None:  # fmt: skip
        """A page of the whole edition (a list, an index) showing ``context``, which planning
        made: it is held for the page's making."""
        self.maker.data.pages[path] = context
        self.page(template, path, "", PLANNED, changed=changed)

    def listed(self, name: str, items: list[Any], parts: list[str]) -> InputList:
        """``items`` as a list whose membership (``parts``) is the input ``name``."""
        self.inputs.add(name, digest_of(parts))
        return InputList(name, items)

    def claim_list(self, listed: ClaimList, lead: str | None = None) -> None:
        for page in listed.pages:
            self.inputs.add(page.input_name, page.digest)
            heading = (
                listed.heading
                if page.number == 1
                else self.words.gettext(
                    "%(heading)s, page %(number)s", heading=listed.heading, number=page.number
                )
            )
            self.planned_page(
                "list.html", page.path, {"heading": heading, "lead": lead, "listing": page},
                changed=page.newest,
            )  # fmt: skip
