"""The search index: which claims hold which terms, and how well, in small files the search page
fetches as a reader types (``searchjs/engine.js`` reads them).

A claim is found by its words (:mod:`factcheck.searchterms`) in its title, claimant, tags, verdict,
summary, body, and the titles and publishers of its sources, each field weighted: a word of the
title counts more than one of the body. The index is made from the claims themselves, not their
pages, and kept from one build to the next, so an edit rewrites only the files holding the edited
claim's terms. Everything in it is a function of the claims as they are, never of the order they
came in: a rebuild after edits writes the bytes a first build would.

Files, under ``search/index/``:

- ``meta.json``: how many claims there are (for weighing rare terms above common ones) and the
  rules that turn words into terms;
- ``terms/<hex of a term's first three letters>.json``: each term with the claims holding it, as
  ``[number, weight, number, weight, ...]``;
- ``claims/<number mod SHARDS>.json``: each claim's date, verdict, claimant and tags, by number,
  to order equals newest first and filter;
- ``text/<number>.json``: what a result shows, made with the pages (:func:`search_text`).
"""

from __future__ import annotations

import bisect
import functools
import json
import zlib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from factcheck.digests import digest_of, digest_of_bytes
from factcheck.generator import SCRIPTS
from factcheck.jsonfiles import compact_json
from factcheck.model import Claim, Content, RatingScale
from factcheck.paths import SEARCH, SEARCH_INDEX, claim_path, claimant_path, last_part, tag_path
from factcheck.plaintext import plain_text
from factcheck.record import uses
from factcheck.searchterms import SearchTerms, search_terms
from factcheck.typography import typeset, typographic

FIELDS = {
    "title": 5.0, "claimant": 4.0, "tags": 3.0, "verdict": 2.0, "summary": 2.0, "sources": 1.5,
    "body": 1.0,
}  # fmt: skip
"""How much one word of each field counts (BM25F's field weights)."""
BODY_WORDS = 400
"""A body's usual length in terms: a longer one counts each of its words for less."""
BODY_LENGTH_WEIGHT = 0.75
"""How much a body's length matters to the weight of its words (BM25's b)."""
SATURATION = 1.2
"""How soon more of the same word stops counting (BM25's k1)."""
NUMBERS = 1_000_000
"""Claims are numbered below this, from their slug, so that a number never depends on which
claims came first."""
SHARDS = 64
"""Files the claims' dates, verdicts, claimants and tags are spread over."""
PREFIX = 3
"""Letters of a term that name its file: a word being typed needs one file."""
META = f"{SEARCH_INDEX}/meta.json"


IndexFile = tuple[bytes, str]
"""A file of the index, and the digest of its bytes: worked out as it changes, not at each
build for each of the thousand files (0.01 s at 10,000 claims)."""


class Indexed(NamedTuple):
    """What a claim put in the index, kept for the next build."""

    key: str
    """A digest of everything the claim's entry is made from."""
    number: int
    weights: str
    """Each term of the claim with its weight (out of 220), as ``term:weight term:weight``: one
    string, since the state reads every claim's entry at each build and a string is read at once
    where a dict of hundreds of terms is not."""
    facts: tuple[str, str, str, tuple[str, ...]]
    """Its date, verdict, claimant and tags, as the filters name them."""


@dataclass
class SearchIndex:
    """The files of the index, kept from one build to the next with what each claim put in them,
    so that a rebuild re-makes only the files the changed claims are in."""

    claims: dict[str, Indexed] = field(default_factory=dict)
    files: dict[str, IndexFile] = field(default_factory=dict)
    """Site path -> each file of the index but the texts."""

    def update(
        self, claims: list[Claim], content: Content, keys: dict[str, str]
    ) -> dict[str, IndexFile]:
        """Bring the index up to date with ``claims`` and return its files; ``keys``: each
        claim's :func:`search_key`, by slug."""
        terms = search_terms(content.site.language)
        numbers = numbered(claim.slug for claim in claims)
        old = self.claims
        current: dict[str, Indexed] = {}
        changes = _Changes()
        for claim in claims:
            key = keys[claim.slug]
            before = old.get(claim.slug)
            number = numbers[claim.slug]
            if before is not None and before.key == key and before.number == number:
                current[claim.slug] = before
                continue
            current[claim.slug] = entry = _entry(claim, content, terms, key, number)
            if before is not None and before.number == number:
                changes.replace(before, entry)
                continue
            if before is not None:
                changes.remove(before)
            changes.add(entry)
        for slug in old.keys() - current.keys():
            changes.remove(old[slug])
        meta = compact_json({"claims": len(current), "terms": terms.rules(), "shards": SHARDS})
        if not changes and META in self.files and self.files[META][0] == meta:
            return self.files
        files = dict(self.files)
        _store_bytes(files, META, meta)
        changes.apply(files)
        self.claims = current
        self.files = files
        return files


def numbered(slugs: Iterable[str]) -> dict[str, int]:
    """A number for each slug, from its checksum; a slug whose number is taken by one before it
    (in sorted order) takes the next free one."""
    numbers: dict[str, int] = {}
    taken: set[int] = set()
    for slug in sorted(slugs):
        number = zlib.crc32(slug.encode()) % NUMBERS
        while number in taken:
            number = (number + 1) % NUMBERS
        taken.add(number)
        numbers[slug] = number
    return numbers


def search_text(claim: Claim, ratings: RatingScale) -> bytes:
    """What a search result shows of a claim, and the text its excerpt is taken from."""
    uses(claim, ratings)
    return compact_json(
        {
            "title": typographic(claim.title),
            "url": claim_path(claim),
            "verdict": claim.verdict.label,
            "claimant": claim.claimant,
            "published": claim.published.isoformat(),
            "summary": typographic(claim.summary),
            "text": typeset(plain_text(claim.body)),
        }
    )


@functools.cache
def search_scripts(language: str) -> dict[str, bytes]:
    """The search page's scripts by site path: the engine, and the stemmer of ``language``
    with the base every stemmer extends."""
    stemmer = search_terms(language).rules()["stemmer"]
    names = ["engine.js", *([f"{stemmer}-stemmer.js", "base-stemmer.js"] if stemmer else [])]
    return {f"{SEARCH}/{name}": (SCRIPTS / name).read_bytes() for name in names}


def text_path(number: int) -> str:
    return f"{SEARCH_INDEX}/text/{number}.json"


def _source_names(claim: Claim, content: Content) -> list[str]:
    """The titles and publishers of the sources the claim cites or appeared in."""
    names = []
    for source_id in claim.source_ids:
        source = content.sources.get(source_id)
        if source is not None:
            uses(source)
            names += [source.title, source.publisher or ""]
    return names


def search_key(claim: Claim, content: Content) -> str:
    """A digest of all the claim's entry in the index is made from, recording what it reads:
    the claim, the settings (its tags' names, the language), its sources' titles."""
    uses(claim, content.site)
    tags = [content.site.tag_label(tag) for tag in claim.tags]
    return digest_of(
        [
            claim.digest,
            claim.verdict.label,
            content.site.language,
            *tags,
            "\0",
            *_source_names(claim, content),
        ]
    )


def _entry(claim: Claim, content: Content, terms: SearchTerms, key: str, number: int) -> Indexed:
    tags = " ".join([*claim.tags, *map(content.site.tag_label, claim.tags)])
    fields = {
        "title": claim.title,
        "claimant": claim.claimant,
        "tags": tags,
        "verdict": claim.verdict.label,
        "summary": claim.summary,
        "sources": " ".join(_source_names(claim, content)),
        "body": plain_text(claim.body),
    }
    counts: dict[str, float] = {}
    for name, weight in FIELDS.items():
        found = terms.counts(fields[name])
        if name == "body":
            length = sum(found.values())
            weight /= 1 - BODY_LENGTH_WEIGHT + BODY_LENGTH_WEIGHT * length / BODY_WORDS
        for term, count in found.items():
            counts[term] = counts.get(term, 0.0) + weight * count
    weights = " ".join(
        f"{term}:{max(1, round(100 * count * (SATURATION + 1) / (count + SATURATION)))}"
        for term, count in sorted(counts.items())
    )
    facts = (
        claim.published.isoformat(),
        claim.verdict.key,
        last_part(claimant_path(claim.claimant)),
        tuple(last_part(tag_path(tag)) for tag in claim.tags),
    )
    return Indexed(key, number, weights, facts)


class _Changes:
    """The entries to take out of the index and put in: each term's changes, and each file of
    facts'. A term's changes are numbers and weights in turn in one flat array (a weight of
    :data:`_OUT` takes the claim out): a first build changes every term of every claim, and a
    tuple and a string for each change held 0.3 GB at 40,000 claims."""

    def __init__(self) -> None:
        self.terms: dict[str, array[int]] = {}
        self.facts: dict[str, list[tuple[int, Any]]] = {}

    def __bool__(self) -> bool:
        return bool(self.terms or self.facts)

    def remove(self, entry: Indexed) -> None:
        for term, _ in _weights(entry):
            self._change(term, entry.number, _OUT)
        self.facts.setdefault(_facts_path(entry.number), []).append((entry.number, None))

    def add(self, entry: Indexed) -> None:
        for term, weight in _weights(entry):
            self._change(term, entry.number, weight)
        self.facts.setdefault(_facts_path(entry.number), []).append((entry.number, entry.facts))

    def replace(self, before: Indexed, entry: Indexed) -> None:
        """Change a claim's entry, under the same number, to ``entry``: only the terms whose
        weight differs, and its facts only if they do. An edit keeps most of a claim's terms,
        and putting all of them out and in again rewrote every file they are in (a hundred,
        each of a common word's listing nearly every claim: 0.1 s a summary edit at 10,000)."""
        number = entry.number
        had = dict(_weights(before))
        for term, weight in _weights(entry):
            if had.pop(term, None) != weight:
                self._change(term, number, weight)  # a weight replaces the one before
        for term in had:
            self._change(term, number, _OUT)
        if before.facts != entry.facts:
            self.facts.setdefault(_facts_path(number), []).append((number, entry.facts))

    def _change(self, term: str, number: int, weight: int) -> None:
        changes = self.terms.get(term)
        if changes is None:
            changes = self.terms[term] = array("l")
        changes.append(number)
        changes.append(weight)

    def apply(self, files: dict[str, IndexFile]) -> None:
        """Apply the changes to ``files``: every removal before any addition, since a claim may
        take the number one that changed gave up."""
        by_path: dict[str, list[str]] = {}
        for term in self.terms:
            by_path.setdefault(_terms_path(term), []).append(term)
        for path, terms in by_path.items():
            postings = _read(files, path)
            for term in terms:
                _post(postings.setdefault(term, []), _in_order(self.terms[term]))
            _store(
                files, path, {term: postings[term] for term in sorted(postings) if postings[term]}
            )
        for path, facts in self.facts.items():
            records = {int(number): fact for number, fact in _read(files, path).items()}
            for number, fact in sorted(facts, key=_is_addition):
                if fact is None:
                    del records[number]
                else:
                    records[number] = fact
            _store(files, path, {str(number): records[number] for number in sorted(records)})


_OUT = -1
"""The weight of a change that takes a claim out of a term's list."""


def _in_order(changes: array[int]) -> list[tuple[int, int | None]]:
    """A term's changes as (number, weight or None to take the claim out), removals first."""
    pairs = list(zip(changes[::2], changes[1::2], strict=True))
    return [(n, None) for n, w in pairs if w == _OUT] + [(n, w) for n, w in pairs if w != _OUT]


def _weights(entry: Indexed) -> Iterator[tuple[str, int]]:
    for pair in entry.weights.split():
        term, weight = pair.rsplit(":", 1)
        yield term, int(weight)


_FEW_CHANGES = 32
"""More changes to one term's list than this are merged in one sort rather than put in one by
one, each of which moves the rest of the list."""


def _post(flat: list[int], changes: list[tuple[int, int | None]]) -> None:
    """Apply ``changes`` (a claim's number and its weight, or None to take the claim out; every
    removal first) to a term's list, numbers and weights in turn by number, in place. A common
    word lists nearly every claim: a few changes (an edit) go in where they belong, leaving the
    rest of the list as it is; many (a first build) are merged in one sort."""
    if len(changes) > _FEW_CHANGES:
        claims = dict(zip(flat[::2], flat[1::2], strict=True))
        for number, weight in changes:
            if weight is None:
                del claims[number]
            else:
                claims[number] = weight
        flat[:] = [value for pair in sorted(claims.items()) for value in pair]
        return
    for number, weight in changes:
        at = bisect.bisect_left(range(len(flat) // 2), number, key=lambda pair: flat[2 * pair])
        there = 2 * at < len(flat) and flat[2 * at] == number
        if weight is None:
            if not there:
                raise KeyError(number)  # the index and what the state says it holds disagree
            del flat[2 * at : 2 * at + 2]
        elif there:
            flat[2 * at + 1] = weight
        else:
            flat[2 * at : 2 * at] = [number, weight]


def _is_addition(change: tuple[Any, ...]) -> bool:
    return change[-1] is not None


def _terms_path(term: str) -> str:
    return f"{SEARCH_INDEX}/terms/{term[:PREFIX].encode().hex()}.json"


def _facts_path(number: int) -> str:
    return f"{SEARCH_INDEX}/claims/{number % SHARDS}.json"


def _read(files: dict[str, IndexFile], path: str) -> dict[str, Any]:
    return json.loads(files[path][0]) if path in files else {}


def _store(files: dict[str, IndexFile], path: str, entries: dict[str, Any]) -> None:
    if entries:
        _store_bytes(files, path, compact_json(entries))
    else:
        files.pop(path, None)


def _store_bytes(files: dict[str, IndexFile], path: str, data: bytes) -> None:
    files[path] = (data, digest_of_bytes(data))
