"""The ways readers browse the claims: newest first, by verdict, by claimant, by tag, in pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from factcheck.catalogs import Words
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

    def pages(self) -> list[ListPage]:
        count = max(1, -(-len(self.claims) // PAGE_SIZE))
        return [
            ListPage(self.claims[start : start + PAGE_SIZE], number, count, self.first)
            for number, start in enumerate(range(0, count * PAGE_SIZE, PAGE_SIZE), start=1)
        ]


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

    def lists(self) -> list[ClaimList]:
        return [self.home, *(term.claims for term in [*self.verdicts, *self.claimants, *self.tags])]


def browse(
    claims: list[Claim], ratings: RatingScale, tag_label: Callable[[str], str], words: Words
) -> Browse:
    """Group ``claims`` (newest first) every way readers browse them; ``tag_label`` gives the
    name a tag is shown by, ``words`` the headings' language."""
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
            ClaimList(
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
        home=ClaimList("", words.gettext("Fact checks"), tuple(claims)),
        verdicts=verdicts,
        claimants=_terms(claimants, lambda name: words.gettext("Claims by %(name)s", name=name)),
        tags=_terms(
            {path: (tag_label(tag), listed) for path, (tag, listed) in tags.items()},
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
            Term(label, ClaimList(path, heading(label), tuple(listed)))
            for path, (label, listed) in groups.items()
        ),
        key=lambda term: term.label.casefold(),
    )
