"""The site's machine-readable files: Atom feed, sitemap, robots.txt and the open data export."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from factcheck.catalogs import Words
from factcheck.digests import digest_of
from factcheck.jsonfiles import compact_json
from factcheck.model import Claim, Content, Correction, RatingScale, Reply
from factcheck.paths import CORRECTIONS, DATA, claim_path, source_path
from factcheck.record import ENTRIES, history_input, read, uses
from factcheck.revisions import Revision, Revisions, history_of, verdict_labels
from factcheck.typography import typographic

FEED = "feed.xml"
CORRECTIONS_FEED = f"{CORRECTIONS}/feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
DATA_EXPORT = f"{DATA}/claims.json"
_ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
"""As Hugo and Pelican do, the feed holds only the latest claims: readers subscribe for news."""


def feed_claims(claims: list[Claim]) -> list[Claim]:
    """The claims the feed holds: the ``FEED_ENTRIES`` most recently changed, newest first.
    Records what it reads: the choice is a unit of planning (see :mod:`factcheck.units`)."""
    read(ENTRIES)
    ordered = sorted(claims, key=lambda claim: (claim.last_changed, claim.slug), reverse=True)
    return ordered[:FEED_ENTRIES]


def atom_feed(content: Content, ordered: list[Claim], words: Words) -> bytes:
    """The claims ``feed_claims`` chose, as an Atom feed in the language of ``words``."""
    base = content.site.base_url
    newest = max((claim.last_changed for claim in ordered), default=None)
    feed = _atom(content, words, content.site.title, content.site.description, FEED, "", newest)
    for claim in ordered:
        url = base + claim_path(claim)
        entry = _entry(
            feed, f"{claim.verdict.label}: {typographic(claim.title)}", url,
            claim.published, claim.last_changed,
        )  # fmt: skip
        _sub(
            entry,
            "summary",
            words.gettext(
                "Claimed by %(claimant)s. Our verdict: %(verdict)s. %(summary)s",
                claimant=claim.claimant,
                verdict=claim.verdict.label,
                summary=typographic(claim.summary),
            ),
        )
        etree.SubElement(
            entry, f"{{{_ATOM}}}category", {"term": claim.verdict.key, "label": claim.verdict.label}
        )
    return _xml(feed)


def corrections_feed(
    content: Content, corrections: Sequence[tuple[Correction, Claim]], words: Words
) -> bytes:
    """The latest corrections, updates and clarifications (``corrections``: newest first, with
    the claim each is on), as an Atom feed of their own: a reader can follow what we change."""
    latest = corrections[:FEED_ENTRIES]
    site = content.site.title
    feed = _atom(
        content, words, words.gettext("%(site)s: corrections", site=site),
        words.gettext(
            "Every correction, update and clarification to a fact check by %(site)s.", site=site
        ),
        CORRECTIONS_FEED, f"{CORRECTIONS}/", max((c.date for c, _ in latest), default=None),
    )  # fmt: skip
    for correction, claim in latest:
        url = f"{content.site.base_url}{claim_path(claim)}#{correction.anchor}"
        label = words.gettext(correction.label)  # marked for the catalogs where it is made
        entry = _entry(
            feed, f"{label}: {typographic(claim.title)}", url, correction.date, correction.date
        )
        _sub(entry, "summary", typographic(correction.note))
        etree.SubElement(entry, f"{{{_ATOM}}}category", {"term": correction.kind, "label": label})
    return _xml(feed)


def _atom(
    content: Content, words: Words, title: str, subtitle: str, path: str, page: str,
    newest: datetime.date | None,
) -> etree.Element:  # fmt: skip
    """An Atom feed at site ``path`` whose entries the site's ``page`` lists, without entries."""
    base = content.site.base_url
    etree.register_namespace("", _ATOM)
    feed = etree.Element(
        f"{{{_ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": content.site.language}
    )
    _sub(feed, "title", title)
    _sub(feed, "subtitle", subtitle)
    etree.SubElement(feed, f"{{{_ATOM}}}link", {"rel": "self", "href": base + path})
    etree.SubElement(
        feed, f"{{{_ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": base + page}
    )
    _sub(feed, "id", base + (path if page else ""))
    _sub(feed, "updated", _timestamp(newest or datetime.date(1970, 1, 1)))
    _sub(etree.SubElement(feed, f"{{{_ATOM}}}author"), "name", content.site.organisation.name)
    licence = content.site.licence
    _sub(
        feed,
        "rights",
        words.gettext(
            "%(licence)s covers %(covers)s.",
            licence=licence.name, covers=typographic(words.gettext(licence.covers)),
        ),
    )  # fmt: skip
    return feed


def _entry(
    feed: etree.Element, title: str, url: str, published: datetime.date, updated: datetime.date
) -> etree.Element:
    entry = etree.SubElement(feed, f"{{{_ATOM}}}entry")
    _sub(entry, "title", title)
    etree.SubElement(
        entry, f"{{{_ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": url}
    )
    _sub(entry, "id", url)
    _sub(entry, "published", _timestamp(published))
    _sub(entry, "updated", _timestamp(updated))
    return entry


SitemapPage = tuple[str, datetime.date | None, list[tuple[str, str]]]
"""A page's address, the date it last changed (None where not known), and ``(hreflang,
address)`` of each of its versions in the site's languages, where it has more than one."""


def sitemap(pages: list[SitemapPage]) -> bytes:
    """Every page's address, with the date it last changed where that is known, and its versions
    in other languages (Google's ``xhtml:link`` alternates)."""
    namespaces = {"xmlns": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    if any(versions for _, _, versions in pages):
        namespaces["xmlns:xhtml"] = _XHTML
    urlset = etree.Element("urlset", namespaces)
    for address, changed, versions in pages:
        url = etree.SubElement(urlset, "url")
        etree.SubElement(url, "loc").text = address
        if changed is not None:
            etree.SubElement(url, "lastmod").text = changed.isoformat()
        for hreflang, href in versions:
            etree.SubElement(
                url, "xhtml:link", {"rel": "alternate", "hreflang": hreflang, "href": href}
            )
    return _xml(urlset)


_XHTML = "http://www.w3.org/1999/xhtml"


def robots(base_url: str) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url}{SITEMAP}\n".encode()


OpenDataEntries = dict[str, tuple[str, bytes]]
"""Slug -> a digest of what each claim's entry in the open data was made from, and the entry,
encoded: plain strings, which the build state reads back quickly for every claim."""


def open_data(
    content: Content,
    claims: list[Claim],
    revisions: Revisions | None,
    entries: OpenDataEntries,
    keys: dict[str, str],
) -> tuple[str, OpenData]:
    """All published claims with their verdicts, dates and sources, as JSON anyone may reuse:
    a digest of what the file is made from, and its parts. It is put together only where it
    is made, so that a build holds each claim's entry once (at 40,000 claims the file is 60 MB).

    ``entries`` holds the claims' entries as earlier builds encoded them: those still made from
    the same inputs (``keys``: each claim's :func:`open_data_key`, by slug) are reused, and it
    is left holding this build's. ``revisions``: each claim's, where the history is known (None
    in the file where it is not)."""
    site = content.site
    head: dict[str, Any] = {
        "publisher": {
            "name": site.organisation.name,
            "url": site.organisation.url or site.base_url,
        },
        "licence": {
            "name": site.licence.name,
            "url": site.licence.url,
            "covers": site.licence.covers,
        },
        "url": site.base_url + DATA_EXPORT,
        "rating_scale": [
            {"key": r.key, "label": r.label, "definition": r.definition, "value": r.value}
            for r in content.ratings.ratings
        ],
        "claims": [],
    }
    encoded: OpenDataEntries = {}
    for claim in sorted(claims, key=lambda claim: claim.slug):
        made_from = keys[claim.slug]
        kept = entries.get(claim.slug)
        encoded[claim.slug] = (
            kept if kept is not None and kept[0] == made_from
            else (made_from, compact_json(_claim_data(content, claim, history_of(revisions, claim))))
        )  # fmt: skip
    entries.clear()
    entries.update(encoded)
    opening = compact_json(head)[:-2]  # the claims go last, where json puts them: "...[]}"
    # An entry is what it is made from (it is kept by that), so these make the same bytes.
    digest = digest_of([opening.decode(), *(f"{s}\0{d}" for s, (d, _) in encoded.items())])
    return digest, OpenData(opening, encoded)


def open_data_key(claim: Claim, content: Content, revisions: Revisions | None) -> str:
    """A digest of all the claim's entry in the open data is made from, recording what it reads:
    the claim, its verdict in the scale, the site's address, its history, its sources."""
    uses(claim, content.ratings, content.site)
    read(history_input(claim))
    history = history_of(revisions, claim)
    sources = [content.sources[source_id] for source_id in claim.source_ids]
    uses(*sources)
    return digest_of([
        claim.digest, repr(content.ratings.get(claim.verdict.key)), content.site.base_url,
        repr(history),
        repr([verdict_labels(revision, content.ratings) for revision in history or ()]),
        *(source.digest for source in sources),
    ])  # fmt: skip


@dataclass(frozen=True)
class OpenData:
    """The open data file in parts: its opening, and each claim's entry by slug."""

    opening: bytes
    entries: OpenDataEntries

    def encoded(self) -> bytes:
        # One join, each entry followed by its comma: joining the entries first, then that with
        # the opening, held the file twice at once (58 MB at 40,000 claims, at the rebuild's peak).
        parts = [self.opening]
        for _, entry in self.entries.values():
            parts += (entry, b",")
        if self.entries:
            parts.pop()  # the comma after the last
        parts.append(b"]}\n")
        return b"".join(parts)


def _claim_data(
    content: Content, claim: Claim, history: tuple[Revision, ...] | None
) -> dict[str, Any]:
    base = content.site.base_url
    first_reported = content.first_reported(claim)
    return {
        "url": base + claim_path(claim),
        "claim": claim.title,
        "claimant": claim.claimant,
        "claimant_type": claim.claimant_type,
        "claimant_role": claim.claimant_role,
        "claim_date": claim.claim_date.iso if claim.claim_date else None,
        "claim_date_note": claim.claim_date_note,
        "first_reported": first_reported.iso if first_reported else None,
        "reply": _reply_data(claim.reply),
        "verdict": {
            "key": claim.verdict.key,
            "label": claim.verdict.label,
            "value": claim.verdict.value,
        },
        "summary": claim.summary,
        "published": claim.published.isoformat(),
        "updated": claim.updated.isoformat() if claim.updated else None,
        "tags": list(claim.tags),
        "appearance": list(claim.appearance),
        "sources": [_source_data(content, source_id) for source_id in claim.source_ids],
        "corrections": [
            {"date": c.date.isoformat(), "kind": c.kind, "note": c.note} for c in claim.corrections
        ],
        "revisions": (
            None if history is None else [_revision_data(r, content.ratings) for r in history]
        ),
    }


def _revision_data(revision: Revision, ratings: RatingScale) -> dict[str, Any]:
    verdict = verdict_labels(revision, ratings)
    return {
        "date": revision.date.isoformat(),
        "commit": revision.commit,
        "first_published": revision.first,
        "verdict": {"from": verdict[0], "to": verdict[1]} if verdict else None,
        "summary_changed": revision.summary,
        "words_added": revision.words_added,
        "words_removed": revision.words_removed,
        "sources_added": list(revision.sources_added),
        "sources_removed": list(revision.sources_removed),
        "corrections_added": revision.corrections_added,
        "other_fields_changed": list(revision.other),
        "unreadable": revision.unreadable,
    }


def _reply_data(reply: Reply | None) -> dict[str, Any] | None:
    """None where the file does not say whether the claimant was asked for comment."""
    if reply is None:
        return None
    return {
        "asked": reply.asked.isoformat() if reply.asked else False,
        "answer": reply.answer,
        "reason": reply.reason,
    }


def _source_data(content: Content, source_id: str) -> dict[str, Any]:
    source = content.sources[source_id]
    return {
        "id": source_id,
        "page": content.site.base_url + source_path(source_id),
        "title": source.title,
        "publisher": source.publisher,
        "published": source.published.iso,
        "url": source.url,
        "archive_url": source.archive_url,
        "url_unavailable": _day(source.url_unavailable),
        "archive_url_unavailable": _day(source.archive_unavailable),
    }


def _day(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _sub(parent: etree.Element, tag: str, text: str) -> etree.Element:
    element = etree.SubElement(parent, f"{{{_ATOM}}}{tag}")
    element.text = text
    return element


def _timestamp(date: datetime.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _xml(root: etree.Element) -> bytes:
    etree.indent(root)
    declaration = b'<?xml version="1.0" encoding="utf-8"?>\n'
    return declaration + etree.tostring(root, encoding="unicode").encode("utf-8") + b"\n"
