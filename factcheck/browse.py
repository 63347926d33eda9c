"""The ways readers browse the claims: newest first, by verdict, by claimant, by tag, in pages."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.model import Claim, Correction, RatingScale
from factcheck.paths import (
    CLAIMANTS,
    TAGS,
    VERDICTS,
    claimant_path,
    numbered_page,
    tag_path,
    verdict_path,
)

PAGE_SIZE = 20
"""Claims on one page of a list, so that a site of 10,000 claims stays quick to read."""


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

    def path_of(self, number: int) -> str:
        return numbered_page(self.first, number)


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


@dataclass(frozen=True)
class Browse:
    home: ClaimList
    verdicts: list[Term]
    claimants: list[Term]
    tags: list[Term]
    corrections: list[tuple[Correction, Claim]]

    def indexes(self) -> list[tuple[str, str, list[Term]]]:
        """``(site path, heading, terms)`` of each browse index page."""
        return [
            (f"{VERDICTS}/", "Fact checks by verdict", self.verdicts),
            (f"{CLAIMANTS}/", "Fact checks by claimant", self.claimants),
            (f"{TAGS}/", "Fact checks by tag", self.tags),
        ]

    def lists(self) -> list[ClaimList]:
        return [self.home, *(term.claims for term in [*self.verdicts, *self.claimants, *self.tags])]


def browse(claims: list[Claim], ratings: RatingScale) -> Browse:
    """Group ``claims`` (newest first) every way readers browse them."""
    claimants: dict[str, tuple[str, list[Claim]]] = {}
    tags: dict[str, tuple[str, list[Claim]]] = {}
    for claim in claims:
        claimants.setdefault(claimant_path(claim.claimant), (claim.claimant, []))[1].append(claim)
        for tag in claim.tags:
            tags.setdefault(tag_path(tag), (tag, []))[1].append(claim)
    verdicts = [
        Term(
            rating.label,
            ClaimList(verdict_path(rating.key), f"Verdict: {rating.label}", tuple(listed)),
        )
        for rating in ratings.ratings
        if (listed := [claim for claim in claims if claim.verdict.key == rating.key])
    ]
    corrections = sorted(
        ((correction, claim) for claim in claims for correction in claim.corrections),
        key=lambda item: (item[0].date, item[1].slug),
        reverse=True,
    )
    return Browse(
        home=ClaimList("", "Fact checks", tuple(claims)),
        verdicts=verdicts,
        claimants=_terms(claimants, "Claims by {}"),
        tags=_terms(tags, "Tag: {}"),
        corrections=corrections,
    )


def _terms(groups: dict[str, tuple[str, list[Claim]]], heading: str) -> list[Term]:
    return sorted(
        (
            Term(label, ClaimList(path, heading.format(label), tuple(listed)))
            for path, (label, listed) in groups.items()
        ),
        key=lambda term: term.label.casefold(),
    )
