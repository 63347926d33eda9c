"""Related fact checks: for each claim, the few others a reader of it may want next, those that
share its claimant, a tag or a source, with what they share, most in common first and newest first
among equals.

Each claimant, tag and source is a *group* of claims, newest first, and only the newest
:data:`POOL` of each group are considered, so finding a claim's related checks costs the same at
10,000 claims as at 10. That makes a group's newest few an input of its own
(``related:<group>``): a claim page reads the groups of its claim, and is made again when one of
them changes, not when any claim on the site does.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from factcheck.digests import digest_of
from factcheck.model import Claim, Rating
from factcheck.paths import claim_path, claimant_path, source_path, tag_path
from factcheck.record import read

POOL = 10
"""The newest claims of each group that may be shown as related."""
SHOWN = 4
"""Related checks shown on a claim page."""


@dataclass(frozen=True)
class RelatedClaim:
    """Another claim as a related check shows it, and what it shares with the one whose page
    shows it. Only what is shown is carried, and it is part of its groups' inputs: a page
    holding the claim itself would read all of its front matter, and be made again for an edit
    of its summary, which the page does not show."""

    slug: str
    path: str
    title: str
    verdict: Rating
    same_claimant: bool
    tags: tuple[str, ...]
    """The tags both carry, as the page's own claim spells them."""
    source_ids: tuple[str, ...]
    """The sources both rest on."""


class RelatedClaims:
    """The groups of the claims on the site, found once, and each claim's related checks. A
    group is named by its page: ``claimants/<name>/``, ``tags/<name>/``, ``sources/<id>/``."""

    def __init__(self, claims: Sequence[Claim], citing: Mapping[str, Sequence[Claim]]) -> None:
        """``claims`` newest first; ``citing``: the claims resting on each source, in that order."""
        groups: dict[str, list[str]] = {}
        for claim in claims:
            for group in {claimant_path(claim.claimant), *map(tag_path, claim.tags)}:
                groups.setdefault(group, []).append(claim.slug)
        for source_id, resting in citing.items():
            groups[source_path(source_id)] = [claim.slug for claim in resting]
        self._newest = {group: tuple(listed[: POOL + 1]) for group, listed in groups.items()}
        """The slugs of each group's newest claims."""
        self._order = {claim.slug: place for place, claim in enumerate(claims)}
        self._claims: Mapping[str, Claim] = {claim.slug: claim for claim in claims}

    def rebind(self, claims: Mapping[str, Claim]) -> RelatedClaims:
        """The same groups, of ``claims`` (this build's, by slug; see
        :meth:`~factcheck.contexts.Relations.rebind`)."""
        now = copy.copy(self)
        now._claims = claims
        return now

    def input_digests(self) -> dict[str, str]:
        """The digest of each group's newest claims, by input name: what decides which claims
        a page shows as related, in which order, and what it shows of them."""
        shown: dict[str, str] = {}  # what each claim shows, written once: most are in a few groups
        for newest in self._newest.values():
            for slug in newest:
                if slug not in shown:
                    claim = self._claims[slug]
                    shown[slug] = f"{slug}\0{claim.published}\0{claim.title}\0{claim.verdict.key}"
        return {
            _input(group): digest_of(shown[slug] for slug in newest)
            for group, newest in self._newest.items()
        }

    def of(self, claim: Claim) -> list[RelatedClaim]:
        """``claim``'s related checks, recording the groups read."""
        groups = dict.fromkeys(
            [
                claimant_path(claim.claimant),
                *map(tag_path, claim.tags),
                *map(source_path, claim.source_ids),
            ]
        )
        shared: dict[str, set[str]] = {}
        for group in groups:
            read(_input(group))
            for other in self._newest.get(group, ()):
                if other != claim.slug:
                    shared.setdefault(other, set()).add(group)
        ranked = sorted(shared, key=lambda slug: (-len(shared[slug]), self._order[slug]))
        found = {slug: self._claims[slug] for slug in ranked[:SHOWN]}
        return [
            RelatedClaim(
                slug,
                claim_path(found[slug]),
                found[slug].title,
                found[slug].verdict,
                claimant_path(claim.claimant) in shared[slug],
                tuple(tag for tag in claim.tags if tag_path(tag) in shared[slug]),
                tuple(s for s in claim.source_ids if source_path(s) in shared[slug]),
            )
            for slug in ranked[:SHOWN]
        ]


def _input(group: str) -> str:
    return f"related:{group}"
