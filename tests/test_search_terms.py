"""The words a search matches: the build's terms (factcheck/searchterms.py), the same on the
search page (its engine under Node), and the index kept from build to build (factcheck/search.py)."""

from __future__ import annotations

import dataclasses
import itertools
import random
import zlib
from pathlib import Path

import pytest
from conftest import ROOT, Project, in_one_language, parse_html
from searching import engine_terms
from test_errors import edit

from factcheck.load import load_content
from factcheck.model import Claim
from factcheck.plaintext import plain_text
from factcheck.search import NUMBERS, IndexFile, SearchIndex, _post, numbered, search_key
from factcheck.searchterms import SearchTerms

CONTENT = load_content(ROOT / "content")
SAMPLES = [
    "Predsednik Vučić je rekao da je izvoz municije legalan; posrednici su poznati.",
    "Председник Вучић је рекао да је извоз муниције легалан; посредници су познати.",
    "Служба внешней разведки заявила, что боеприпасы поставлялись через посредников.",
    "İstanbul ﬁnance naïve Đoković Djokovic Ђоковић don’t O'Brien Serbia’s Serbia's e\u0301te",
    "1,200 €800m 2025-05-29 x² ½ Straße ŁÓDŹ ØRESUND Œuvre ß ı 🙂 _under_score_ — – …",
    "ЁЛКА щи объём Ъ Ь эхо юг яма ГЕОРГИЙ Україна Київ ВЕЛИКИ Ѕ",
]
TEXTS = [*SAMPLES, *(source.body for source in CONTENT.sources.values())] + [
    claim.body for claim in CONTENT.claims
]


@pytest.mark.parametrize("language", ["en", "sr", "ru"])
def test_the_search_page_finds_the_terms_the_index_was_made_with(
    project: Project, language: str
) -> None:
    """Every word of the seeds, the claims and samples in three scripts: the engine's terms are
    the build's, for each language the search stems."""
    in_one_language(project)
    edit(project.content / "site.yml", "language: en", f"language: {language}")
    assert project.build().returncode == 0
    expected = [[word.term for word in SearchTerms(language).words(text)] for text in TEXTS]
    assert engine_terms(project.out, TEXTS) == expected


def test_a_word_is_found_from_either_script_with_or_without_accents() -> None:
    for language in ("en", "sr", "ru"):
        terms = SearchTerms(language)
        assert (
            len({terms.term(word) for word in ("Вучић", "Вучич", "Vučić", "Vucic", "VUČIĆ")}) == 1
        )
        # Russian is stemmed before it is folded: a Cyrillic word its stemmer cuts no longer
        # meets its Latin spelling, which no stemmer cuts.
        if language != "ru":
            assert terms.term("Ђорђе") == terms.term("Đorđe") == terms.term("Djordje")
            assert terms.term("Киев") == terms.term("Kiev") == terms.term("KIEV")


def test_each_language_stems_its_own_words() -> None:
    english, serbian, russian = (SearchTerms(language) for language in ("en", "sr", "ru"))
    assert english.term("intermediary") == english.term("intermediaries") == "intermediari"
    assert english.term("Serbia's") == english.term("Serbia’s") == english.term("Serbia")
    assert serbian.term("municija") == serbian.term("municije") == serbian.term("муниције")
    assert russian.term("боеприпасы") == russian.term("боеприпасов")
    assert english.term("municije") != english.term("municija")  # English leaves Serbian be
    assert SearchTerms("de").term("Häuser") == "hauser"  # no stemmer: folded only


def test_a_word_of_one_letter_is_no_term() -> None:
    terms = SearchTerms("en")
    assert [terms.term(word) for word in ("s", "a", "I", "é", "Ж", "7")] == [None] * 6
    assert [word.term for word in terms.words("Serbia's a s")] == ["serbia", None, None]


def test_claims_are_numbered_by_slug_whatever_their_order_and_a_clash_takes_the_next_number() -> (
    None
):
    slugs = [f"claim-{n}" for n in range(3000)]
    numbers = numbered(slugs)
    assert numbered(reversed(slugs)) == numbers
    assert len(set(numbers.values())) == len(slugs)
    clash = next(
        (a, b)
        for a, b in itertools.combinations(slugs, 2)
        if zlib.crc32(a.encode()) % NUMBERS == zlib.crc32(b.encode()) % NUMBERS
    )
    first, second = sorted(clash)
    assert numbers[second] == (numbers[first] + 1) % NUMBERS


def updated(index: SearchIndex, claims: list[Claim]) -> dict[str, IndexFile]:
    """``index`` brought up to date with ``claims`` of the real content; its files."""
    return index.update(
        claims, CONTENT, {claim.slug: search_key(claim, CONTENT) for claim in claims}
    )


def test_an_index_kept_through_edits_is_the_index_made_at_once() -> None:
    """Claims removed, added back, and edited: the files are those a first build writes."""
    claims = sorted(CONTENT.claims, key=lambda claim: claim.slug)
    kept = SearchIndex()
    updated(kept, claims)
    updated(kept, claims[3:])
    assert kept.files == updated(SearchIndex(), claims[3:])
    edited = [dataclasses.replace(claims[0], summary="An edited summary about gas."), *claims[1:]]
    updated(kept, edited)
    assert kept.files == updated(SearchIndex(), edited)
    retagged = [*edited[:2], dataclasses.replace(edited[2], tags=["zanzibar"]), *edited[3:]]
    updated(kept, retagged)  # its facts change, and a term no claim had is added
    assert kept.files == updated(SearchIndex(), retagged)
    updated(kept, edited)  # and taken out again
    assert kept.files == updated(SearchIndex(), edited)
    updated(kept, [])
    assert list(kept.files) == ["search/index/meta.json"]


@pytest.mark.parametrize("count", [1, 5, 200], ids=["one edit", "a few", "a first build"])
def test_a_terms_list_takes_changes_as_a_table_of_claims_would(count: int) -> None:
    """Changes put into a term's list (claim numbers and weights in turn) leave the list a
    table of claims would give, in order of number, whether put in one by one or merged."""
    rng = random.Random(count)
    table = {number: rng.randint(1, 220) for number in rng.sample(range(5000), 300)}
    flat = [value for pair in sorted(table.items()) for value in pair]
    for _ in range(20):
        removed = rng.sample(sorted(table), min(count, len(table)) // 2)
        changes: list[tuple[int, int | None]] = [(number, None) for number in removed]
        for number in removed:
            del table[number]
        for number in rng.sample(range(5000), count - len(removed)):
            table[number] = rng.randint(1, 220)  # new, or a new weight
            changes.append((number, table[number]))
        _post(flat, changes)
        assert flat == [value for pair in sorted(table.items()) for value in pair]
    with pytest.raises(KeyError):  # taking out a claim the list does not hold is a bug
        _post(flat, [(max(table) + 1, None)])


def test_a_title_word_weighs_more_than_the_same_word_in_the_body() -> None:
    """One word, in one claim's title and in another's body only: the title weighs more."""
    claim = CONTENT.claims[0]
    in_title = dataclasses.replace(claim, slug="in-title", title=f"{claim.title} zanzibar")
    in_body = dataclasses.replace(claim, slug="in-body", body=f"{claim.body}\n\nZanzibar.\n")
    index = SearchIndex()
    updated(index, [in_title, in_body])
    weights = {
        slug: dict(pair.split(":") for pair in entry.weights.split())
        for slug, entry in index.claims.items()
    }
    [term] = {term for term in weights["in-title"] if term.startswith("zanzib")}
    assert int(weights["in-title"][term]) > int(weights["in-body"][term])


def test_the_search_page_says_what_it_searches_and_offers_the_filters(built_site: Path) -> None:
    page = parse_html(built_site / "search/index.html")
    options = {
        select["name"]: [option["value"] for option in select.select("option")]
        for select in page.select(".search-form select")
    }
    assert options["verdict"][0] == ""
    assert "unproven" in options["verdict"]
    assert "aleksandar-vucic" in options["claimant"]
    assert "svr" in options["tag"]
    assert (
        built_site
        / page.select_one(".search-form")["data-engine"].split("?")[0].removeprefix("../")
    ).is_file()
    header = parse_html(built_site / "claims/svr-serbia-secret-ammunition-supplies/index.html")
    form = header.select_one("header form[role=search]")
    assert form["action"] == "../../search/"
    assert form.select_one("input")["name"] == "q"


def test_a_body_is_searched_and_quoted_as_its_words_without_markdown() -> None:
    body = (
        "## Our verdict\n\nThe SVR said **Belgrade** sent _shells_ [@moscow-times-2025-05-29, para. 5]"
        ' to [Kiev](https://example.org/k "Kiev").\n\n- a snake_case name\n> `quoted` words\n'
    )
    assert plain_text(body) == (
        "The SVR said Belgrade sent shells to Kiev. a snake_case name quoted words"
    )


def test_every_kind_of_marker_is_dropped_wherever_it_may_start() -> None:
    """Each thing left out begins with one of a few characters (a look ahead skips the rest):
    list markers numbered in any digits, indented or not, HTML tags, headings, citations."""
    body = (
        "  # Heading\n<b>bold</b> words\n١٢. Arabic-Indic item\n\t+ plus item\n* star item\n"
        "  > quoted\n10) tenth [@a-source] end [@b, para. 2]"
    )
    assert plain_text(body) == ("bold words Arabic-Indic item plus item star item quoted tenth end")
