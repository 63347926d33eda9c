"""The search index: which claims hold which words, in small files the search page fetches as a
reader types.

Words are filed by their first two letters, so a search over 10,000 claims downloads a few small
files rather than one large one, and works on any static host. The index is made from the claims
themselves, not from their pages, so an edit changes only the files holding the edited claim's
words, and the build writes only those.

A word's entry lists the claims holding it newest first, each as ``YYYYMMDD`` (published) followed
by its slug, so the search page can order what it finds without fetching every match; the claims'
titles and summaries are in buckets chosen by a hash of the slug that ``search.js`` computes too.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable

from factcheck.model import Claim
from factcheck.paths import SEARCH_INDEX, claim_path

BUCKETS = 256
_WORD = re.compile(r"\w+")


def words(text: str) -> set[str]:
    """The searchable words of ``text``: lower case, accents removed ("Vučić" is "vucic"), as the
    search page normalises what a reader types."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return set(_WORD.findall(text.lower()))


def bucket(slug: str) -> int:
    """Which file of titles and summaries holds the claim ``slug`` (``search.js`` hashes alike)."""
    value = 0
    for char in slug:
        value = (value * 31 + ord(char)) & 0xFFFFFFFF
    return value % BUCKETS


def indexed_text(claim: Claim) -> str:
    """What a search matches: the claim, its claimant, verdict, summary and tags."""
    return " ".join([claim.title, claim.claimant, claim.verdict.label, claim.summary, *claim.tags])


def index_files(claims: Iterable[Claim]) -> dict[str, bytes]:
    """Site path -> bytes of every file of the index of ``claims``."""
    postings: dict[str, dict[str, list[str]]] = {}
    records: dict[int, dict[str, dict[str, str]]] = {}
    ordered = sorted(claims, key=lambda claim: (claim.published, claim.slug), reverse=True)
    for claim in ordered:
        entry = f"{claim.published:%Y%m%d}{claim.slug}"
        for word in words(indexed_text(claim)):
            postings.setdefault(word[:2], {}).setdefault(word, []).append(entry)
        records.setdefault(bucket(claim.slug), {})[claim.slug] = {
            "title": claim.title,
            "url": claim_path(claim),
            "verdict": claim.verdict.label,
            "claimant": claim.claimant,
            "summary": claim.summary,
        }
    files = {
        f"{SEARCH_INDEX}/words-{prefix.encode().hex()}.json": _json(dict(sorted(entries.items())))
        for prefix, entries in postings.items()
    }
    files |= {
        f"{SEARCH_INDEX}/claims-{number:02x}.json": _json(records[number])
        for number in sorted(records)
    }
    return files


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
