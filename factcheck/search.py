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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from factcheck.jsonfiles import compact_json
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


@dataclass
class SearchIndex:
    """The files of the index, kept from one build to the next with what each claim put in them,
    so that a rebuild re-makes only the files holding words of the claims that changed."""

    claims: dict[str, str] = field(default_factory=dict)
    """Slug -> what the claim puts in the index (see ``_indexed``)."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Site path -> bytes of each file of the index."""

    def update(self, claims: Iterable[Claim], tag_label: Callable[[str], str]) -> dict[str, bytes]:
        """Bring the index up to date with ``claims`` and return its files; ``tag_label`` gives
        the name each tag is shown by, found as well as the tag."""
        current = {claim.slug: (_indexed(claim, tag_label), claim) for claim in claims}
        word_changes: dict[str, list[tuple[str, str, bool]]] = {}
        """Prefix -> (word, entry, whether added) for each entry of a word that changes."""
        bucket_changes: dict[int, list[str]] = {}
        """Bucket -> the slugs of the claims whose records change there."""
        old = self.claims
        changed = [slug for slug, (indexed, _) in current.items() if old.get(slug) != indexed]
        changed += old.keys() - current.keys()
        if not changed:
            return self.files
        for slug in changed:
            if slug in old:
                _note_words(word_changes, old[slug], added=False)
            if slug in current:
                _note_words(word_changes, current[slug][0], added=True)
            bucket_changes.setdefault(bucket(slug), []).append(slug)
        files = dict(self.files)
        for prefix, changes in word_changes.items():
            _patch(files, f"{SEARCH_INDEX}/words-{prefix.encode().hex()}.json", changes)
        for number, slugs in bucket_changes.items():
            path = f"{SEARCH_INDEX}/claims-{number:02x}.json"
            records = json.loads(files[path]) if path in files else {}
            for slug in slugs:
                if slug in current:
                    records[slug] = _record(current[slug][1])
                else:
                    del records[slug]
            _store(files, path, records)
        self.claims = {slug: indexed for slug, (indexed, _) in current.items()}
        self.files = files
        return files


def _indexed(claim: Claim, tag_label: Callable[[str], str]) -> str:
    """What a claim puts in the index, as one string: its entry (``YYYYMMDD`` and slug), then
    what a search matches: the claim, its claimant, verdict, summary and tags with their names."""
    entry = f"{claim.published:%Y%m%d}{claim.slug}"
    tags = [*claim.tags, *map(tag_label, claim.tags)]
    return "\0".join(
        [entry, claim.title, claim.claimant, claim.verdict.label, claim.summary, *tags]
    )


def _note_words(
    changes: dict[str, list[tuple[str, str, bool]]], indexed: str, *, added: bool
) -> None:
    entry, text = indexed.split("\0", 1)
    for word in words(text.replace("\0", " ")):
        changes.setdefault(word[:2], []).append((word, entry, added))


def _record(claim: Claim) -> dict[str, str]:
    """What a search result shows of a claim."""
    return {
        "title": claim.title,
        "url": claim_path(claim),
        "verdict": claim.verdict.label,
        "claimant": claim.claimant,
        "summary": claim.summary,
    }


def _patch(files: dict[str, bytes], path: str, changes: list[tuple[str, str, bool]]) -> None:
    """Apply word entry ``changes`` to the words file at ``path``, keeping each word's claims
    newest first."""
    postings: dict[str, list[str]] = json.loads(files[path]) if path in files else {}
    for word, entry, added in changes:
        if added:
            postings.setdefault(word, []).append(entry)
        else:
            postings[word].remove(entry)
    for word in {word for word, _, _ in changes}:
        if postings[word]:
            postings[word].sort(reverse=True)
        else:
            del postings[word]
    _store(files, path, postings)


def _store(files: dict[str, bytes], path: str, entries: dict[str, Any]) -> None:
    if entries:
        files[path] = compact_json(dict(sorted(entries.items())))
    else:
        files.pop(path, None)
