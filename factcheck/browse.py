"""The ways readers browse the claims: newest first, by verdict, by claimant, by tag, in pages."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from factcheck.catalogs import Words
from factcheck.digests import digest_of
from factcheck.errors import ContentError, ContentErrors
from factcheck.model import Claim, Correction, RatingScale
from factcheck.paths import (
    CLAIMANTS,
    TAGS,
    VERDICTS,
    claimant_path,
    last_part,
    numbered_page,
    tag_path,
    verdict_path,
)
from factcheck.record import ENTRIES, read, uses
from factcheck.settings import SiteSettings

PAGE_SIZE = 20
"""Claims on one page of a list, so that a site of 10,000 claims stays quick to read."""
NEIGHBOURS = 2
"""Pages linked on either side of the current one, besides the first and the last."""


@dataclass(frozen=True)
class ListPage:
    """One page of a claim list."""

    claims: tuple[Claim, ...]
    number: int
    count: int
    first: str
    digest: str
    """Which claims it shows, in which place of its list: the digest of its input."""
    newest: datetime.date | None
    """When the newest of its claims last changed."""

    @property
    def path(self) -> str:
        return numbered_page(self.first, self.number)

    @property
    def input_name(self) -> str:
        """Which claims the page shows, in which place of its list: an input of its own."""
        return f"listing:{self.path}"

    def path_of(self, number: int) -> str:
        return numbered_page(self.first, number)

    @property
    def window(self) -> list[int | None]:
        """The page numbers to link from this page: the first, the last, and the few around
        this one, with None for each gap between; its size does not grow with the list."""
        shown = {1, self.count} | set(range(self.number - NEIGHBOURS, self.number + NEIGHBOURS + 1))
        numbers = sorted(n for n in shown if 1 <= n <= self.count)
        window: list[int | None] = []
        for number in numbers:
            if window and window[-1] is not None and number - window[-1] == 2:
                window.append(number - 1)  # a gap of one page: the page, not an ellipsis
            elif window and window[-1] is not None and number - window[-1] > 2:
                window.append(None)
            window.append(number)
        return window


@dataclass(frozen=True)
class ClaimList:
    """A browsable list of claims, newest first: the home page, a verdict, a claimant or a tag."""

    first: str
    """The site path of its first page (``""`` for the home page)."""
    heading: str
    claims: tuple[Claim, ...]
    pages: tuple[ListPage, ...]

    @classmethod
    def of(cls, first: str, heading: str, claims: tuple[Claim, ...]) -> ClaimList:
        count = max(1, -(-len(claims) // PAGE_SIZE))
        pages = []
        for number in range(1, count + 1):
            shown = _shown(claims, number)
            slugs = (claim.slug for claim in shown)
            digest = digest_of([str(number), str(count), *slugs])
            newest = max((claim.last_changed for claim in shown), default=None)
            pages.append(ListPage(shown, number, count, first, digest, newest))
        return cls(first, heading, claims, tuple(pages))

    def rebind(self, claims: Mapping[str, Claim]) -> ClaimList:
        """The list of ``claims`` (by slug) that list as its own did (see :meth:`Browse.rebind`)."""
        now = tuple(claims[claim.slug] for claim in self.claims)
        pages = tuple(
            ListPage(_shown(now, p.number), p.number, p.count, p.first, p.digest, p.newest)
            for p in self.pages
        )  # not dataclasses.replace, three times slower: there are thousands
        return ClaimList(self.first, self.heading, now, pages)


def _shown(claims: tuple[Claim, ...], number: int) -> tuple[Claim, ...]:
    """The claims page ``number`` of a list shows."""
    return claims[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]


@dataclass(frozen=True)
class Term:
    """An entry of a browse index: a verdict, a claimant or a tag, with its list."""

    label: str
    claims: ClaimList

    @property
    def count(self) -> int:
        return len(self.claims.claims)

    @property
    def key(self) -> str:
        """What the search page's filter calls it (see :func:`factcheck.paths.last_part`)."""
        return last_part(self.claims.first)


@dataclass(frozen=True)
class Browse:
    home: ClaimList
    verdicts: list[Term]
    claimants: list[Term]
    tags: list[Term]
    corrections: list[tuple[Correction, Claim]]

    def indexes(self, words: Words) -> list[tuple[str, str, list[Term]]]:
        """``(site path, heading, terms)`` of each browse index page."""
        return [
            (f"{VERDICTS}/", words.gettext("Fact checks by verdict"), self.verdicts),
            (f"{CLAIMANTS}/", words.gettext("Fact checks by claimant"), self.claimants),
            (f"{TAGS}/", words.gettext("Fact checks by tag"), self.tags),
        ]

    def rebind(self, claims: Mapping[str, Claim]) -> Browse:
        """The same lists, of ``claims`` (this build's, by slug), which list as the claims the
        lists were made of did: lists kept from the last build (see :mod:`factcheck.units`)
        would show its summaries otherwise."""

        def terms(kept: list[Term]) -> list[Term]:
            return [Term(term.label, term.claims.rebind(claims)) for term in kept]

        return Browse(
            self.home.rebind(claims),
            terms(self.verdicts),
            terms(self.claimants),
            terms(self.tags),
            [(correction, claims[claim.slug]) for correction, claim in self.corrections],
        )


def browse(
    claims: list[Claim], ratings: RatingScale, settings: SiteSettings, words: Words
) -> Browse:
    """Group ``claims`` (newest first) every way readers browse them; ``settings`` give the
    name a tag is shown by, ``words`` the headings' language. Records what it reads: the lists
    are a unit of planning (see :mod:`factcheck.units`)."""
    read(ENTRIES)
    read(words.input_name)
    uses(ratings, settings)
    claimants: dict[str, tuple[str, list[Claim]]] = {}
    tags: dict[str, tuple[str, list[Claim]]] = {}
    clashes: list[ContentError] = []
    for claim in claims:
        _file(claimants, claimant_path(claim.claimant), claim.claimant, claim, "claimant", clashes)
        for tag in claim.tags:
            _file(tags, tag_path(tag), tag, claim, "tags", clashes)
    if clashes:
        raise ContentErrors(clashes)
    by_verdict: dict[str, list[Claim]] = {rating.key: [] for rating in ratings.ratings}
    for claim in claims:
        by_verdict[claim.verdict.key].append(claim)
    verdicts = [
        Term(
            rating.label,
            ClaimList.of(
                verdict_path(rating.key),
                words.gettext("Verdict: %(label)s", label=rating.label),
                tuple(listed),
            ),
        )
        for rating in ratings.ratings
        if (listed := by_verdict[rating.key])
    ]
    corrections = sorted(
        ((correction, claim) for claim in claims for correction in claim.corrections),
        key=lambda item: (item[0].date, item[1].slug),
        reverse=True,
    )
    return Browse(
        home=ClaimList.of("", words.gettext("Fact checks"), tuple(claims)),
        verdicts=verdicts,
        claimants=_terms(claimants, lambda name: words.gettext("Claims by %(name)s", name=name)),
        tags=_terms(
            {path: (settings.tag_label(tag), listed) for path, (tag, listed) in tags.items()},
            lambda name: words.gettext("Tag: %(name)s", name=name),
        ),
        corrections=corrections,
    )


def _file(
    groups: dict[str, tuple[str, list[Claim]]],
    path: str,
    name: str,
    claim: Claim,
    field: str,
    clashes: list[ContentError],
) -> None:
    """File ``claim`` under ``name`` at ``path``; a clash if another name already has the page
    (two names alike but for case are one: ``Serbia`` and ``serbia``)."""
    label, listed = groups.setdefault(path, (name, []))
    if label.casefold() != name.casefold():
        other = listed[0]
        clashes.append(
            ContentError(
                str(claim.path),
                claim.line_of(field),
                f"“{name}” would share the page {path} with “{label}” in {other.path}; spell "
                "them alike if they are one, or tell them apart",
            )
        )
        return
    listed.append(claim)


def _terms(groups: dict[str, tuple[str, list[Claim]]], heading: Callable[[str], str]) -> list[Term]:
    return sorted(
        (
            Term(label, ClaimList.of(path, heading(label), tuple(listed)))
            for path, (label, listed) in groups.items()
        ),
        key=lambda term: term.label.casefold(),
    )
