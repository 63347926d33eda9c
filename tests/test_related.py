"""Related fact checks: those sharing a claim's claimant, a tag or a source, on its page."""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

import pytest
from conftest import ROOT, Project, age, parse_html
from test_incremental import cached_build

from factcheck.load import load_content
from factcheck.model import Claim
from factcheck.record import Inputs, recording
from factcheck.related import POOL, SHOWN, RelatedClaims


@pytest.fixture(scope="module")
def base() -> Claim:
    return next(claim for claim in load_content(ROOT / "content").claims if claim.slug == "svr-serbia-secret-ammunition-supplies")  # fmt: skip


def made(base: Claim, slug: str, day: int, **fields: object) -> Claim:
    """A claim like ``base``, published on ``day`` of May 2025, sharing nothing unless told."""
    defaults: dict[str, object] = {
        "claimant": f"Claimant of {slug}", "tags": (), "appearance": (), "cited_ids": frozenset(),
    }  # fmt: skip
    return dataclasses.replace(
        base, slug=slug, published=datetime.date(2025, 5, day), **(defaults | fields)
    )


def newest_first(*claims: Claim) -> list[Claim]:
    return sorted(claims, key=lambda claim: (claim.published, claim.slug), reverse=True)


def related_to(claim: Claim, claims: list[Claim]) -> list[tuple[str, bool, tuple[str, ...], tuple[str, ...]]]:  # fmt: skip
    citing = {
        source_id: [c for c in claims if source_id in c.source_ids]
        for source_id in {s for c in claims for s in c.source_ids}
    }
    finder = RelatedClaims(claims, citing)
    inputs = Inputs()
    for name, digest in finder.input_digests().items():
        inputs.add(name, digest)
    with recording(inputs):
        found = finder.of(claim)
    return [(r.slug, r.same_claimant, r.tags, r.source_ids) for r in found]


def test_most_in_common_first_then_newest_and_never_itself_or_a_stranger(base: Claim) -> None:
    page = made(base, "page", 1, claimant="SVR", tags=("serbia", "ukraine"), appearance=("mt",))
    claims = newest_first(
        page,
        made(base, "same-claimant", 2, claimant="SVR"),
        made(base, "one-tag-new", 9, tags=("Serbia",)),
        made(base, "one-tag-old", 3, tags=("ukraine",)),
        made(base, "tag-and-source", 4, tags=("ukraine",), appearance=("mt",)),
        made(base, "stranger", 10, tags=("gas",)),
    )
    assert (
        related_to(page, claims)
        == [
            ("tag-and-source", False, ("ukraine",), ("mt",)),
            ("one-tag-new", False, ("serbia",), ()),
            ("one-tag-old", False, ("ukraine",), ()),
            ("same-claimant", True, (), ()),
        ][:SHOWN]
    )


def test_at_most_a_few_are_shown(base: Claim) -> None:
    page = made(base, "page", 1, tags=("serbia",))
    others = [made(base, f"other-{day}", day, tags=("serbia",)) for day in range(2, 12)]
    found = related_to(page, newest_first(page, *others))
    assert [slug for slug, *_ in found] == [f"other-{day}" for day in range(11, 11 - SHOWN, -1)]


def test_only_the_newest_of_a_group_are_considered_so_the_cost_does_not_grow(base: Claim) -> None:
    """An old claim sharing two groups loses to newer ones sharing one, once more than POOL
    newer claims fill each group: what a page shows depends on its groups' newest claims only."""
    page = made(base, "page", 31, tags=("serbia", "svr"), claimant="Page")
    old = made(base, "old-twice-related", 1, tags=("serbia", "svr"), claimant="Old")
    newer = [
        made(base, f"newer-{tag}-{day:02}", day, tags=(tag,), claimant=f"{tag} {day}")
        for tag in ("serbia", "svr")
        for day in range(2, 3 + POOL)
    ]
    found = related_to(page, newest_first(page, old, *newer))
    assert len(found) == SHOWN
    assert "old-twice-related" not in [slug for slug, *_ in found]
    # Within the pool it would come first: it shares two groups, the others one each.
    assert related_to(page, newest_first(page, old, *newer[:2]))[0][0] == "old-twice-related"


def test_finding_them_records_each_group_read(base: Claim) -> None:
    page = made(base, "page", 1, claimant="SVR", tags=("serbia",), appearance=("mt",))
    finder = RelatedClaims([page], {"mt": [page]})
    inputs = Inputs()
    for name, digest in finder.input_digests().items():
        inputs.add(name, digest)
    with recording(inputs) as reads:
        finder.of(page)
    assert set(reads) == {"related:claimants/svr/", "related:tags/serbia/", "related:sources/mt/"}


def test_every_claim_page_links_related_checks_that_exist_and_says_what_they_share(
    built_site: Path,
) -> None:
    pages = sorted((built_site / "claims").glob("*/index.html"))
    for page in pages:
        section = parse_html(page).find("section", class_="related")
        assert section is not None, page
        items = section.find_all("li")
        assert 1 <= len(items) <= SHOWN
        for item in items:
            target = (page.parent / item.a["href"]).resolve()
            assert target != page.parent.resolve(), page
            assert (target / "index.html").is_file(), item.a["href"]
            assert item.find(class_="verdict-label") is not None
            assert item.find(class_="meta").get_text(" ", strip=True).startswith("In common: ")


def test_a_new_claim_appears_among_the_related_checks_of_its_claimant(project: Project) -> None:
    cached_build(project)
    vucic = project.content / "claims" / "vucic-exports-legal-through-intermediaries.md"
    text = vucic.read_text(encoding="utf-8")
    new = project.content / "claims" / "vucic-new.md"
    new.write_text(
        re.sub(r'^title: ".*"$', 'title: "A newer claim"', text, count=1, flags=re.MULTILINE),
        encoding="utf-8",
    )
    age(project.content)
    cached_build(project)
    page = project.out / "claims" / "vucic-exports-legal-through-intermediaries" / "index.html"
    section = parse_html(page).find("section", class_="related")
    assert "A newer claim" in section.get_text()
