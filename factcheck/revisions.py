"""Each claim's revisions as readers are shown them, from its file's history, and the rule that a
published verdict or summary never changes without a corrections entry saying why.

A revision is one commit that changed a claim file after the claim was first published (its
``draft`` removed): the day, and what it changed of what readers see: the verdict (from, to),
the summary, the analysis (words added and removed), the sources (cited or where the claim
appeared), the corrections entries, and the names of the other fields changed.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.catalogs import Words
from factcheck.digests import digest_of_bytes
from factcheck.errors import ContentError, ContentErrors
from factcheck.history import GitHistory, Version
from factcheck.model import Claim, RatingScale
from factcheck.reader import read_document
from factcheck.yamltext import Located

_SHOWN_APART = frozenset({"verdict", "summary", "corrections", "appearance", "updated", "draft"})
"""Fields a revision reports in its own words, or not at all (``updated`` goes with a change)."""


@dataclass(frozen=True)
class Published:
    """What a version of a claim tells readers that may not change without a corrections entry."""

    verdict: str
    """The rating's key."""
    summary: str
    """With its white space made single spaces: a line wrapped anew is no change."""
    draft: bool
    entries: int
    """How many corrections entries it holds: rewording or dating anew one adds none."""


def published_of(claim: Claim) -> Published:
    return Published(claim.verdict.key, _spaced(claim.summary), claim.draft, len(claim.corrections))


@dataclass(frozen=True)
class Snapshot:
    """What one version of a claim file says, as far as its revisions tell."""

    shown: Published
    sources: frozenset[str]
    words: tuple[str, ...]
    """The body's words."""
    fields: tuple[tuple[str, str], ...]
    """Every other field, by name, as written."""


@dataclass(frozen=True)
class Revision:
    """One commit that changed a published claim's file, and what it changed."""

    date: datetime.date
    commit: str
    first: bool
    """The version first published: nothing before it is shown."""
    verdict: tuple[str, str] | None = None
    """The verdict's keys before and after, where it changed: each page words them in its
    language (:func:`verdict_labels`)."""
    summary: bool = False
    words_added: int = 0
    words_removed: int = 0
    sources_added: tuple[str, ...] = ()
    sources_removed: tuple[str, ...] = ()
    corrections_added: int = 0
    other: tuple[str, ...] = ()
    """The names of the other fields it changed."""
    unreadable: bool = False
    """The file as this commit left it could not be read, so what changed is not known."""


Revisions = dict[str, tuple[Revision, ...]]
"""Each claim's revisions, newest first, by its slug."""


def snapshot(path: Path, data: bytes) -> Snapshot | None:
    """What the claim file ``data`` says; None where it cannot be read (broken front matter)."""
    try:
        raw = read_document(path, data)
    except ContentErrors:
        return None
    fields = {name: _plain(value) for name, value in raw.fields.items()}
    verdict = fields.get("verdict")
    appearance = fields.get("appearance") or []
    corrections = fields.get("corrections")
    return Snapshot(
        Published(
            str(verdict).lower() if isinstance(verdict, bool) else str(verdict or ""),
            _spaced(str(fields.get("summary") or "")),
            fields.get("draft") is True,
            len(corrections) if isinstance(corrections, list) else 0,
        ),
        sources=frozenset(map(str, appearance if isinstance(appearance, list) else [appearance]))
        | raw.cited_ids,
        words=tuple(raw.body.split()),
        fields=tuple(
            (name, repr(value))
            for name, value in sorted(fields.items())
            if name not in _SHOWN_APART
        ),
    )


def revisions_of(path: Path, versions: Iterable[Version]) -> tuple[Revision, ...]:
    """The revisions of the claim whose file's ``versions`` (newest first) are given, newest
    first, from the first version published on."""
    shown: list[Revision] = []
    before: Snapshot | None = None
    for version in reversed(list(versions)):
        now = snapshot(path, version.data)
        if not shown and (now is None or now.shown.draft):
            continue  # not yet published
        if now is None or before is None:
            shown.append(
                Revision(version.date, version.commit, first=not shown, unreadable=now is None)
            )
        else:
            shown.append(_revision(version, before, now))
        before = now
    return tuple(reversed(shown))


def _revision(version: Version, before: Snapshot, now: Snapshot) -> Revision:
    # Words counted, not aligned: a diff of word sequences takes quadratic time on a long body
    # of repeated words, which a committed file could hold; a paragraph moved counts as none.
    old_words, new_words = Counter(before.words), Counter(now.words)
    added, removed = (new_words - old_words).total(), (old_words - new_words).total()
    old, new = before.shown, now.shown
    old_fields, new_fields = dict(before.fields), dict(now.fields)
    return Revision(
        version.date,
        version.commit,
        first=False,
        verdict=(old.verdict, new.verdict) if old.verdict != new.verdict else None,
        summary=old.summary != new.summary,
        words_added=added,
        words_removed=removed,
        sources_added=tuple(sorted(now.sources - before.sources)),
        sources_removed=tuple(sorted(before.sources - now.sources)),
        corrections_added=max(0, new.entries - old.entries),
        other=tuple(
            name
            for name in sorted(old_fields.keys() | new_fields.keys())
            if old_fields.get(name) != new_fields.get(name)
        ),
    )


def verdict_labels(revision: Revision, ratings: RatingScale) -> tuple[str, str] | None:
    """The verdict before and after ``revision`` as the scale ``ratings`` words it (a rating no
    longer on it by its key), where the revision changed it."""
    if revision.verdict is None:
        return None
    labels = {rating.key: rating.label for rating in ratings.ratings}
    old, new = revision.verdict
    return labels.get(old, old), labels.get(new, new)


def described(
    revision: Revision, source_titles: Mapping[str, str], words: Words, ratings: RatingScale
) -> str:
    """What ``revision`` changed, in words for readers in the language of ``words`` and of the
    scale ``ratings`` (``source_titles``: by id)."""
    if revision.first:
        return words.gettext("first published")
    if revision.unreadable:
        return words.gettext(
            "changed; the file as then committed could not be read, so what changed is not known"
        )

    def titles(ids: tuple[str, ...]) -> str:
        return ", ".join(source_titles.get(source_id, source_id) for source_id in ids)

    changes = []
    if verdict := verdict_labels(revision, ratings):
        old, new = verdict
        changes.append(words.gettext("verdict changed from %(old)s to %(new)s", old=old, new=new))
    if revision.summary:
        changes.append(words.gettext("summary rewritten"))
    if revision.words_added or revision.words_removed:
        changes.append(
            words.ngettext(
                "analysis: %(num)d word added, %(removed)d removed",
                "analysis: %(num)d words added, %(removed)d removed",
                revision.words_added,
                removed=revision.words_removed,
            )
        )
    if revision.sources_added:
        changes.append(
            words.gettext("sources added: %(titles)s", titles=titles(revision.sources_added))
        )
    if revision.sources_removed:
        changes.append(
            words.gettext("sources removed: %(titles)s", titles=titles(revision.sources_removed))
        )
    if (count := revision.corrections_added) == 1:
        changes.append(words.gettext("a corrections entry added"))
    elif count:
        changes.append(
            words.ngettext(
                "%(num)d corrections entry added", "%(num)d corrections entries added", count
            )
        )
    if revision.other:
        changes.append(words.gettext("also changed: %(fields)s", fields=", ".join(revision.other)))
    return "; ".join(changes) or words.gettext(
        "no change to the verdict, summary, analysis or sources"
    )


def quiet_changes(
    claims: Iterable[Claim],
    history: GitHistory,
    last_built: Mapping[str, Published],
) -> list[ContentError]:
    """An error for each claim whose verdict or summary is not what was published, with no more
    corrections entries than then: published in the last commit, or, for a claim that commit
    does not hold, in the last build (``last_built``, by path in the content folder)."""
    errors = []
    for claim in claims:
        key = claim_key(claim)
        committed = history.published.get(key)
        if committed is not None and digest_of_bytes(committed) == claim.digest:
            continue  # the file is as committed: nothing to read again
        shot = None if committed is None else snapshot(claim.path, committed)
        before = last_built.get(key) if shot is None else shot.shown
        if before is None or before.draft or claim.draft:
            continue  # not published then, or not now
        now = published_of(claim)
        if now.entries > before.entries:
            continue
        fix = "add a corrections entry dated today that says why"
        if now.verdict != before.verdict:
            message = (
                f"the verdict changed from {before.verdict} to {now.verdict} since it was "
                f"published; {fix}"
            )
            errors.append(ContentError(str(claim.path), claim.line_of("verdict"), message))
        elif now.summary != before.summary:
            message = (
                f"the summary changed since it was published; {fix} (`kind: clarification` "
                "where nothing in it was wrong)"
            )
            errors.append(ContentError(str(claim.path), claim.line_of("summary"), message))
    return errors


def history_of(revisions: Revisions | None, claim: Claim) -> tuple[Revision, ...] | None:
    """The claim's revisions, newest first; None where the history is not known."""
    return None if revisions is None else revisions.get(claim.slug, ())


def claim_key(claim: Claim) -> str:
    """The claim file's path in the content folder, as git names it: made from its slug, which
    is its file's name, as asking the path for it took a tenth of a second at 10,000 claims."""
    return f"claims/{claim.slug}.md"


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _plain(located: Located) -> Any:
    value = located.value
    if isinstance(value, dict):
        return {name: _plain(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
