"""Plan the site: every file it will hold, at which path, made how, and the digest of every input
a file can read (see :mod:`factcheck.record`). Nothing is rendered here: each file's recipe is
made later (:mod:`factcheck.maker`), and only for files whose inputs changed since the last build."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from factcheck import feeds
from factcheck.browse import Browse, browse
from factcheck.contexts import STORED_TEXT, Contexts, Relations, relations
from factcheck.digests import digest_of, digest_of_bytes
from factcheck.editions import Edition, editions_of
from factcheck.latin import KeptLatin
from factcheck.maker import Maker, Recipe
from factcheck.markup import MarkdownRenderer
from factcheck.model import CORRECTION_KINDS, Claim, Content
from factcheck.paths import (
    CLAIMANTS,
    CORRECTIONS,
    SEARCH,
    SOURCES,
    TAGS,
    VERDICTS,
    claim_path,
    share_image_path,
    source_path,
)
from factcheck.planner import (
    Alternates,
    DataParts,
    Output,
    Place,
    PlannedFiles,
    Planner,
)
from factcheck.quotes import QuoteChecks
from factcheck.record import ENTRIES, PAGES, InputList, Inputs, history_input, read, uses
from factcheck.revisions import Revisions, history_of
from factcheck.search import numbered, search_key, search_scripts, text_path
from factcheck.shareimage import share_card
from factcheck.theme import Theme
from factcheck.units import Units


@dataclass(frozen=True)
class SitePlan:
    outputs: list[Output]
    """Every file of the site, each with its recipe."""
    inputs: Inputs
    maker: Maker
    """What makes each file from its recipe, in this build."""


def plan_site(
    content: Content,
    theme: Theme,
    renderer: MarkdownRenderer,
    quote_checks: QuoteChecks,
    parts: dict[str, DataParts],
    revisions: Revisions | None = None,
    *,
    include_drafts: bool = False,
    kept: KeptLatin | None = None,
    units: Units | None = None,
) -> SitePlan:
    """Every file of the site: each edition's pages and machine-readable files (see
    :mod:`factcheck.editions`), then what the editions share: the theme's assets, the sitemap.
    Drafts are left out unless ``include_drafts`` (the preview), where their pages say so.
    ``parts`` holds, by edition folder, what each claim put in the data files at the last build,
    and is brought up to date; ``revisions`` each claim's, where its history is known; ``kept``
    the Latin bodies made at earlier builds; ``units`` what earlier builds planned as units."""
    editions = editions_of(content, quote_checks, kept)
    inputs = Inputs()
    alternates = Alternates(editions)
    planners = [Planner(edition, theme, inputs, alternates, include_drafts) for edition in editions]
    units = units or Units(keep=False)
    units.begin()
    for planner in planners:
        edition_parts = parts.setdefault(planner.edition.prefix, DataParts())
        _plan_edition(planner, renderer, quote_checks, edition_parts, revisions, units)
    units.end()
    main = planners[0]
    for name in theme.assets:
        main.file(name, str(theme.folder / name), theme.digests[name], Recipe("asset", (name,)))
    main.page("404.html", "404.html", "", root=urlsplit(content.site.base_url).path)
    alternates.add_inputs(inputs)
    pages = [(planner.edition, place) for planner in planners for place in planner.sitemap]
    _site_map(main, pages, alternates)
    return SitePlan(
        [output for planner in planners for output in planner.outputs],
        inputs,
        Maker([planner.maker for planner in planners]),
    )


def _plan_edition(
    planner: Planner,
    renderer: MarkdownRenderer,
    quote_checks: QuoteChecks,
    parts: DataParts,
    revisions: Revisions | None,
    units: Units,
) -> None:
    content = planner.content
    claims = sorted(
        (claim for claim in content.claims if planner.include_drafts or not claim.draft),
        key=lambda claim: (claim.published, claim.slug),
        reverse=True,
    )
    related, lists = _lists(planner, claims, units)
    for name, digest in related.inputs.items():
        planner.inputs.add(name, digest)
    for claim in claims:
        planner.inputs.add(history_input(claim), digest_of([repr(history_of(revisions, claim))]))
    planner.maker.contexts = Contexts(
        content, renderer, quote_checks, related, revisions, planner.words, planner.edition.moved
    )
    prefix = planner.edition.prefix
    planned: dict[str, ClaimUnit] = {}
    for claim in claims:
        key = (planner.scope, prefix, str(claim.path), claim.slug)
        unit = planned[claim.slug] = units.planned(
            key, planner.inputs, prefix, partial(_claim_unit, planner, claim, revisions)
        )
        planner.add(unit.files)
    planner.planned_page("sources.html", f"{SOURCES}/", {"citing": related.citing})
    for source in content.sources.values():
        path = source_path(source.id)
        if source.stored_text:
            planner.file(
                path + STORED_TEXT, str(source.path), STORED_TEXT,
                Recipe("stored_text", (source.id,)),
            )  # fmt: skip
        planner.page(
            "source.html", path, str(source.path), Recipe("source", (source.id,)),
            changed=related.newest_citing[source.id],
        )  # fmt: skip
    indexes = _browse_pages(planner, lists)
    scripts = search_scripts(content.site.language)
    engine = f"{SEARCH}/engine.js"
    planner.planned_page(
        "search.html", f"{SEARCH}/",
        {
            "engine": f"{engine}?v={digest_of_bytes(scripts[engine])[:10]}",
            "date_locale": planner.words.locale_tag,
            "verdicts": indexes[f"{VERDICTS}/"], "claimants": indexes[f"{CLAIMANTS}/"],
            "tags": indexes[f"{TAGS}/"],
        },
    )  # fmt: skip
    for path, data in scripts.items():
        planner.data_file(path, "", data)
    for page in content.pages:
        planner.page(
            "page.html", f"{page.slug}/", str(page.path), Recipe("page", (page.slug,)),
            same=f"page:{page.translation_of or page.slug}",
        )  # fmt: skip
    published = [claim for claim in claims if not claim.draft]
    _data_files(planner, published, claims, parts, revisions, planned, units)


def _lists(planner: Planner, claims: list[Claim], units: Units) -> tuple[Relations, Browse]:
    """The relations of ``claims`` and the lists readers browse them in: each a unit, planned
    again only when a claim is added, removed, or placed in the lists anew (its entry), or for
    the relations a source or a standing page changes."""
    content, prefix, inputs = planner.content, planner.edition.prefix, planner.inputs
    units.add_input(inputs, ENTRIES, lambda: digest_of(c.entry_digest for c in content.claims))
    units.add_input(
        inputs, PAGES, lambda: digest_of(f"{p.path}\0{p.digest}" for p in content.pages)
    )
    by_slug = {claim.slug: claim for claim in claims}
    related = units.planned(
        (planner.scope, prefix, "relations"), inputs, prefix, partial(relations, content, claims),
        lambda kept: kept.rebind(by_slug),
    )  # fmt: skip
    lists = units.planned(
        (planner.scope, prefix, "browse"), inputs, prefix,
        partial(browse, claims, content.ratings, content.site, planner.words),
        lambda kept: kept.rebind(by_slug),
    )  # fmt: skip
    return related, lists


@dataclass(frozen=True, slots=True)
class ClaimUnit:
    """What planning makes of one claim: a unit, taken again while what it read is unchanged."""

    files: PlannedFiles
    """Its page and share image."""
    search_key: str
    """What its entry in the search index is made from (see :func:`~factcheck.search.search_key`)."""
    open_data_key: str
    """What its entry in the open data is made from (see :func:`~factcheck.feeds.open_data_key`)."""


def _claim_unit(planner: Planner, claim: Claim, revisions: Revisions | None) -> ClaimUnit:
    content = planner.content
    return ClaimUnit(
        _claim_files(planner, claim),
        search_key(claim, content),
        feeds.open_data_key(claim, content, revisions),
    )


def _claim_files(planner: Planner, claim: Claim) -> PlannedFiles:
    content = planner.content
    uses(claim, content.site, content.ratings)
    read(planner.words.input_name)
    card = share_card(claim, content.site.title, content.ratings, planner.words)
    page = planner.page_files(
        "claim.html", claim_path(claim), str(claim.path), Recipe("claim", (claim.slug, card)),
        claim.last_changed, None, f"claim:{claim.translation_of or claim.slug}",
    )  # fmt: skip
    # What the image shows is its plan: it is drawn again when that changes, and only then
    # (not for an edit of the summary or of settings it does not show).
    image = planner.output(
        share_image_path(claim), str(claim.path), digest_of([repr(card)]),
        Recipe("share_image", (card,)),
    )  # fmt: skip
    return PlannedFiles((*page.outputs, image), page.places)


def _browse_pages(planner: Planner, lists: Browse) -> dict[str, InputList]:
    """The browse pages; returns each index's list (of verdicts, claimants, tags) by its path."""
    planner.claim_list(lists.home, lead=planner.content.site.description)
    indexes = {}
    for path, heading, terms in lists.indexes(planner.words):
        listed = indexes[path] = planner.listed(
            f"terms:{path}", terms, [f"{t.label}\0{t.count}\0{t.claims.first}" for t in terms]
        )
        planner.planned_page("terms.html", path, {"heading": heading, "terms": listed})
    for term in [*lists.verdicts, *lists.claimants, *lists.tags]:
        planner.claim_list(term.claims)
    corrections = planner.listed(
        CORRECTIONS, lists.corrections,
        [f"{claim.slug}\0{correction!r}" for correction, claim in lists.corrections],
    )  # fmt: skip
    newest = max((correction.date for correction, _ in lists.corrections), default=None)
    planner.planned_page(
        "corrections.html",
        f"{CORRECTIONS}/",
        {"corrections": corrections, "kinds": CORRECTION_KINDS},
        changed=newest,
    )
    planner.maker.data.corrections = corrections
    planner.file(feeds.CORRECTIONS_FEED, "", "corrections feed", Recipe("corrections_feed"))
    return indexes


def _data_files(
    planner: Planner,
    published: list[Claim],
    claims: list[Claim],
    parts: DataParts,
    revisions: Revisions | None,
    planned: dict[str, ClaimUnit],
    units: Units,
) -> None:
    """The feeds, the open data and the search index; ``planned``: each claim's unit, by slug.
    Which claims the feed holds, and the search texts' files, are units of their own: both
    change only with the claims' entries."""
    content, data, prefix = planner.content, planner.maker.data, planner.edition.prefix
    by_slug = {claim.slug: claim for claim in published}
    data.feed = units.planned(
        (planner.scope, prefix, "feed"), planner.inputs, prefix,
        partial(feeds.feed_claims, published), lambda kept: [by_slug[c.slug] for c in kept],
    )  # fmt: skip
    planner.file(feeds.FEED, "", digest_of(claim.slug for claim in data.feed), Recipe("feed"))
    open_data_keys = {claim.slug: planned[claim.slug].open_data_key for claim in published}
    digest, data.open_data = feeds.open_data(
        content, published, revisions, parts.open_data, open_data_keys
    )
    planner.file(feeds.DATA_EXPORT, "", digest, Recipe("open_data"))
    search_keys = {slug: unit.search_key for slug, unit in planned.items()}
    for path, (bytes_, digest) in parts.search.update(claims, content, search_keys).items():
        planner.file(path, "", digest, Recipe("bytes", (bytes_,)))
    texts = units.planned(
        (planner.scope, prefix, "search texts"), planner.inputs, prefix,
        partial(_search_texts, planner, claims),
    )  # fmt: skip
    planner.add(texts)


def _search_texts(planner: Planner, claims: list[Claim]) -> PlannedFiles:
    """The file of what each claim's search result shows, numbered as in the index."""
    read(ENTRIES)  # which claims there are, by slug and file
    numbers = numbered(claim.slug for claim in claims)
    texts = []
    for claim in claims:
        recipe = Recipe("search_text", (claim.slug,))
        texts.append(
            planner.output(text_path(numbers[claim.slug]), str(claim.path), "search text", recipe)
        )
    return PlannedFiles(tuple(texts), ())


def _site_map(main: Planner, pages: list[tuple[Edition, Place]], alternates: Alternates) -> None:
    """The sitemap of every edition's pages, each with its versions in the others, and the
    robots file that names it."""
    main.maker.data.sitemap = sitemap = [
        (edition.content.site.base_url + page.path, page.changed, alternates.head(page.same))
        for edition, page in pages
    ]
    main.file(feeds.SITEMAP, "", digest_of([repr(sitemap)]), Recipe("sitemap"))
    main.file(feeds.ROBOTS, "", "robots", Recipe("robots"))
