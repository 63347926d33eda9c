"""Search as a reader uses it: the queries readers type, answered by the search page's own engine
(search/engine.js, under Node) from the index the real build writes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT
from searching import Answer, search

from factcheck.load import load_content
from factcheck.paths import claimant_path, last_part
from factcheck.search import numbered

LOADED = load_content(ROOT / "content")
CONTENT = dataclasses.replace(  # the English edition's claims, which its search finds
    LOADED, claims=tuple(claim for claim in LOADED.claims if claim.language is None)
)
CITING = {
    source_id: {
        claim.slug
        for claim in CONTENT.claims
        if source_id in claim.cited_ids | set(claim.appearance) and not claim.draft
    }
    for source_id in CONTENT.sources
}
VERDICTS = {claim.slug: claim.verdict.key for claim in CONTENT.claims}
TAGGED = {claim.slug: set(claim.tags) for claim in CONTENT.claims}
CLAIMANTS = {claim.slug: last_part(claimant_path(claim.claimant)) for claim in CONTENT.claims}
VUCIC = {
    "vucic-exports-legal-through-intermediaries",
    "vucic-victory-day-parade-moscow",
    "ft-800-million-euros-serbian-ammunition",
}
"""Claims whose text names President Vučić, in one spelling or another."""


@dataclass(frozen=True)
class Expect:
    first: str | None = None
    includes: frozenset[str] = frozenset()
    excludes: frozenset[str] = frozenset()
    same_as: str | None = None
    """Another query that must find the same claims in the same order."""
    nothing: bool = False
    verdict: str | None = None
    """The verdict every result has."""
    tag: str | None = None
    claimant: str | None = None
    """The claimant, by the last part of their page's address, every result has."""


def expect(**fields: object) -> Expect:
    for name in ("includes", "excludes"):
        if name in fields:
            fields[name] = frozenset(fields[name])  # type: ignore[arg-type]
    return Expect(**fields)  # type: ignore[arg-type]


QUERIES: list[tuple[str, dict[str, str], Expect]] = [
    # Sources' publishers and titles are found, and bodies.
    ("Moscow Times", {}, expect(includes=CITING["moscow-times-2025-05-29"])),
    ("Financial Times", {}, expect(first="ft-800-million-euros-serbian-ammunition")),
    ("Kiev", {}, expect(first="svr-serbia-secret-ammunition-supplies", excludes={"serbia-depends-heavily-on-russian-gas"})),
    ("Yugoimport", {}, expect(includes={"svr-named-serbian-companies-and-intermediaries"})),
    ("false end-user certificates", {}, expect(first="svr-serbia-secret-ammunition-supplies")),
    # Stemming: another form of the word finds it.
    ("intermediary", {}, expect(includes={"vucic-exports-legal-through-intermediaries", "svr-named-serbian-companies-and-intermediaries"})),
    ("intermediaries", {}, expect(same_as="intermediary")),
    ("supplied", {}, expect(includes={"svr-serbia-secret-ammunition-supplies"})),
    ("sanction", {}, expect(same_as="sanctions")),
    ("cancelling contract", {}, expect(first="belgrade-cancelled-russian-arms-contracts")),
    # Serbian from either script, with or without accents; Russian Cyrillic too.
    ("Vucic", {}, expect(includes=VUCIC)),
    ("Vučić", {}, expect(same_as="Vucic")),
    ("Вучић", {}, expect(same_as="Vucic")),
    ("Вучич", {}, expect(same_as="Vucic")),
    ("VUČIĆ", {}, expect(same_as="Vucic")),
    ("Вучевић", {}, expect(same_as="Vucevic")),
    ("Мојсиловић", {}, expect(first="mojsilovic-sanctions-russian-arms-contracts")),
    ("Киев", {}, expect(same_as="Kiev")),
    # Relevance: a claim about the words comes before one that mentions them.
    ("FT 800", {}, expect(first="ft-800-million-euros-serbian-ammunition")),
    ("gas", {}, expect(first="serbia-depends-heavily-on-russian-gas")),
    ("Victory Day parade", {}, expect(first="vucic-victory-day-parade-moscow")),
    ("EU candidate", {}, expect(first="serbia-eu-candidate-no-western-sanctions")),
    ("Vucevic", {}, expect(includes={"vucevic-opposed-ban-on-arms-sales-to-west", "vucevic-ammunition-sales-western-countries"})),
    ("SVR", {}, expect(first="svr-named-serbian-companies-and-intermediaries")),
    ("unproven", {}, expect(includes={slug for slug, key in VERDICTS.items() if key == "unproven"})),
    # A word still being typed.
    ("vuc", {}, expect(includes=VUCIC | {"vucevic-opposed-ban-on-arms-sales-to-west"})),
    ("ammunitio", {}, expect(same_as="ammunition")),
    # Nothing for what is no word.
    ("s", {}, expect(nothing=True)),
    ("a", {}, expect(nothing=True)),
    ("S ' a", {}, expect(nothing=True)),
    ("xyzzy", {}, expect(nothing=True)),
    ("Serbia's", {}, expect(same_as="Serbia")),
    # Filters.
    ("ammunition", {"verdict": "unproven"}, expect(verdict="unproven", includes={"svr-named-serbian-companies-and-intermediaries"})),
    ("ammunition", {"tag": "vucic"}, expect(tag="vucic", includes={"vucic-exports-legal-through-intermediaries"})),
    ("ammunition", {"claimant": "aleksandar-vucic"}, expect(claimant="aleksandar-vucic", first="vucic-exports-legal-through-intermediaries")),
    ("ammunition", {"verdict": "true", "tag": "gas"}, expect(nothing=True)),
]  # fmt: skip


@pytest.fixture(scope="module")
def answers(built_site: Path) -> dict[tuple[str, str], Answer]:
    asked = [(query, filters) for query, filters, _ in QUERIES]
    asked += [(e.same_as, {}) for _, _, e in QUERIES if e.same_as]
    found = search(built_site, *asked)
    return {
        (query, repr(filters)): answer
        for (query, filters), answer in zip(asked, found, strict=True)
    }


def test_there_are_enough_reader_queries() -> None:
    assert len(QUERIES) >= 25
    assert any(not query.isascii() and "ћ" in query for query, _, _ in QUERIES)  # Serbian Cyrillic
    assert any(query.isascii() for query, _, _ in QUERIES)


@pytest.mark.parametrize(
    ("query", "filters", "expected"), QUERIES, ids=[f"{q} {f or ''}" for q, f, _ in QUERIES]
)
def test_a_reader_query_finds_what_it_should(
    answers: dict[tuple[str, str], Answer], query: str, filters: dict[str, str], expected: Expect
) -> None:
    answer = answers[(query, repr(filters))]
    slugs = answer.slugs
    if expected.nothing:
        assert slugs == []
        return
    assert slugs, "found nothing"
    assert len(slugs) == len(set(slugs))
    if expected.first:
        assert slugs[0] == expected.first
    assert expected.includes <= set(slugs)
    assert not expected.excludes & set(slugs)
    if expected.same_as:
        assert slugs == answers[(expected.same_as, "{}")].slugs
    if expected.verdict:
        assert {VERDICTS[slug] for slug in slugs} == {expected.verdict}
    if expected.tag:
        assert all(expected.tag in TAGGED[slug] for slug in slugs)
    if expected.claimant:
        assert {CLAIMANTS[slug] for slug in slugs} == {expected.claimant}
    # The best match shows the words in its title or excerpt (others may match only by a tag
    # or a source's title, which a result does not show).
    assert answer.results[0].marked


def test_a_lone_letter_is_no_word_and_is_never_highlighted(
    answers: dict[tuple[str, str], Answer],
) -> None:
    answer = answers[("Serbia's", "{}")]
    assert answer.words == ["serbia"]
    marked = {word for result in answer.results for word in result.marked}
    assert marked and all(word.lower().startswith("serbia") for word in marked), marked


def test_an_excerpt_shows_the_words_from_the_body_that_matched(
    answers: dict[tuple[str, str], Answer],
) -> None:
    [result] = answers[("Kiev", "{}")].results
    assert "Kiev" in result.marked
    assert "veiled supplies of ammunition to Kiev" in result.excerpt
    assert len(result.excerpt.split()) <= 32  # thirty words and the ellipses


def test_results_with_equal_relevance_come_newest_first(project) -> None:
    """Two copies of a claim, the same words, published a day apart: the newer comes first.
    The newer has the higher number, which alone would put it last."""
    original = project.content / "claims" / "serbia-depends-heavily-on-russian-gas.md"
    text = original.read_text(encoding="utf-8")
    published = next(line for line in text.splitlines() if line.startswith("published:"))
    older, newer = sorted(
        ["gas-copy-a", "gas-copy-b"], key=numbered(["gas-copy-a", "gas-copy-b"]).get
    )
    for name, date in ((older, "2020-01-01"), (newer, "2020-01-02")):
        copy = text.replace(published, f"published: {date}")
        (project.content / "claims" / f"{name}.md").write_text(copy, encoding="utf-8")
    assert project.build().returncode == 0
    [answer] = search(project.out, "heavily")
    copies = [slug for slug in answer.slugs if slug.startswith("gas-copy")]
    assert copies == [newer, older]
