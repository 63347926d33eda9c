"""What each kind of page shows beyond its own document: the quoted passages of a source, the
claims citing it, the renderings compared in a claim. Each function records what it reads."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.catalogs import Words
from factcheck.claimreview import claim_review, organisation, script_json
from factcheck.compare import Word, compare_words
from factcheck.digests import digest_of
from factcheck.errors import ContentErrors
from factcheck.latin import Moved
from factcheck.markup import MarkdownRenderer, QuoteMark, RenderedBody, SlowMarkdown
from factcheck.model import Claim, Comparison, Content, Document, Page, Rendering, Source
from factcheck.paths import SOURCES, claim_path, root_from, share_image_path, source_path
from factcheck.quotelanguages import quoted_in_other_languages
from factcheck.quotes import QuoteCheck, QuoteChecks
from factcheck.record import ENTRIES, NAV, PAGES, InputList, history_input, read, uses
from factcheck.related import RelatedClaims
from factcheck.revisions import Revision, Revisions, described, history_of
from factcheck.shareimage import ShareCard
from factcheck.stored import anchor_of, describe_paragraphs, paragraphs_of

STORED_TEXT = "stored-text.txt"
"""Beside each source page: the stored text exactly as hashed, so readers can check the copy."""


@dataclass(frozen=True)
class QuotedPassage:
    """A passage of a source that quotations were verified against, as quoted, and where."""

    anchor: str
    pieces: tuple[tuple[str, bool], ...]
    """The passage's text in pieces, each with whether the quotation left it out or replaced it."""
    locator: str
    """The paragraphs it stands in: ``para. 4``."""
    paragraph_anchor: str
    """The id of the first of them on the page."""
    alterations: str
    """What the quotation altered (``1 omission``), or nothing."""
    quoted_in: tuple[tuple[str, str], ...]
    """``(title, site path)`` of each page quoting it."""


@dataclass(frozen=True)
class ComparedRendering:
    rendering: Rendering
    words: list[Word]
    check: QuoteCheck
    alterations: str
    """What the quotation of the rendering alters, in the page's language, or nothing."""


@dataclass(frozen=True)
class Relations:
    """Who cites and who quotes each source, and where each document of the site is."""

    citing: dict[str, InputList]
    """For each source, the claims that cite it or name it as the claim's appearance."""
    newest_citing: dict[str, datetime.date | None]
    """For each source, when the newest claim citing it last changed."""
    quoting: dict[str, list[Path]]
    """For each source, the files of the documents that may quote it (see
    :attr:`~factcheck.model.Document.quoted_ids`)."""
    where: dict[Path, tuple[str, str]]
    """``(title, site path)`` of each document of the site, by its file."""
    related_claims: RelatedClaims
    """Each claim's related checks."""
    inputs: dict[str, str]
    """The digest of each list of claims the relations make an input of, by its input name."""

    def rebind(self, claims: Mapping[str, Claim]) -> Relations:
        """The same relations, of ``claims`` (this build's, by slug), which relate as those
        they were found among did (see :meth:`~factcheck.browse.Browse.rebind`)."""
        return dataclasses.replace(
            self,
            citing={
                source_id: InputList(listed.input_name, [claims[c.slug] for c in listed])
                for source_id, listed in self.citing.items()
            },
            related_claims=self.related_claims.rebind(claims),
        )


def relations(content: Content, claims: list[Claim]) -> Relations:
    """The relations of ``claims`` (those on the site, newest first). Records what it reads:
    the relations are a unit of planning (see :mod:`factcheck.units`)."""
    read(ENTRIES)
    read(SOURCES)
    read(PAGES)
    uses(*content.sources.values())
    citing: dict[str, list[Claim]] = {source_id: [] for source_id in content.sources}
    for claim in claims:
        for source_id in claim.source_ids:
            citing[source_id].append(claim)
    quoting: dict[str, list[Path]] = {source_id: [] for source_id in content.sources}
    for document in content.documents:
        for source_id in document.quoted_ids:
            if source_id in quoting:
                quoting[source_id].append(document.path)
    where = {claim.path: (claim.title, claim_path(claim)) for claim in claims}
    where |= {s.path: (s.title, source_path(s.id)) for s in content.sources.values()}
    where |= {page.path: (page.title, f"{page.slug}/") for page in content.pages}
    lists = {
        source_id: InputList(f"citing:{source_id}", found) for source_id, found in citing.items()
    }
    newest = {
        source_id: max((claim.last_changed for claim in found), default=None)
        for source_id, found in citing.items()
    }
    digests = {
        f"citing:{source_id}": digest_of(claim.slug for claim in found)
        for source_id, found in citing.items()
    }
    related_claims = RelatedClaims(claims, citing)
    digests |= related_claims.input_digests()
    return Relations(lists, newest, quoting, where, related_claims, digests)


class Contexts:
    """Makes the context of each page, reading the content through the recorder."""

    def __init__(
        self,
        content: Content,
        renderer: MarkdownRenderer,
        checks: QuoteChecks,
        related: Relations,
        revisions: Revisions | None,
        words: Words,
        moved: dict[Path, Moved] | None = None,
    ) -> None:
        self.content = content
        self.renderer = renderer
        self.checks = checks
        self.related = related
        self.revisions = revisions
        self.words = words
        self.moved = moved or {}
        """Where each quotation's mark stands in a body made Latin (see :mod:`factcheck.latin`)."""

    @functools.cached_property
    def _documents(self) -> dict[Path, Document]:
        """Every document of the site, by its file."""
        return {document.path: document for document in self.content.documents}

    def body(self, document: Document, path: str) -> RenderedBody:
        """The document's body as HTML, its quotations marked as checked against their sources."""
        uses(document)
        checks = self.checks.of(document.path)
        uses(
            *(
                self.content.sources[source_id]
                for source_id in {check.source_id for check in checks}
            )
        )
        moved = self.moved.get(document.path, {})
        in_body = [(check, moved.get(check.quote.end, check.quote.end)) for check in checks]
        marks = [(end, self._mark(check)) for check, end in in_body if end >= 0]
        body = document.body  # read once: a body the build let go of is read from the state
        languages = quoted_in_other_languages(
            body,
            [
                (check.quote.markdown, end, language)
                for check, end in in_body
                if end >= 0 and (language := self._language_of(check.source_id))
            ],
        )
        try:
            return self.renderer.render(body, marks, root_from(path), languages)
        except SlowMarkdown:
            raise ContentErrors([SlowMarkdown.at(document.path, document.body_line)]) from None

    def _language_of(self, source_id: str) -> str | None:
        """The language of the source ``source_id`` where it is not the page's, for ``lang``."""
        language = self.content.sources[source_id].language
        return language if self.words.lang(language) else None

    def _mark(self, check: QuoteCheck) -> QuoteMark:
        """The mark after a quotation in a body, in the page's language."""
        words, where = self.words, source_path(check.source_id)
        if check.found is None:
            return QuoteMark(
                where, None, words.gettext("unverified: the source\u2019s text is not stored")
            )
        if not (altered := check.found.alterations_in(words)):
            return QuoteMark(where, check.anchor, words.gettext("quote checked"))
        said = words.gettext("✓ checked: %(alterations)s", alterations=altered)
        return QuoteMark(where, check.anchor, said, altered=True)

    def claim(self, claim: Claim, card: ShareCard) -> dict[str, Any]:
        """What ``claim``'s page shows; ``card`` is what its share image shows."""
        content = self.content
        appeared = [content.sources[source_id] for source_id in claim.appearance]
        role_source = content.sources.get(claim.claimant_role_source or "")
        uses(claim, content.site, content.ratings, *appeared, *filter(None, [role_source]))
        review = claim_review(claim, content, content.site.base_url + claim_path(claim))
        return {
            "claim": claim,
            "first_reported": content.first_reported(claim),
            "role_source": role_source,
            "body": self.body(claim, claim_path(claim)),
            "comparisons": _compared(claim, self.checks.of(claim.path), self.words),
            "claim_review_json": script_json(review),
            "related": self.related.related_claims.of(claim),
            "share_image": content.site.base_url + share_image_path(claim),
            "share_image_alt": card.alt(self.words),
            "revisions": self._revisions(claim),
        }

    def _revisions(self, claim: Claim) -> list[tuple[Revision, str]] | None:
        """The claim's revisions, newest first, each with what it changed in words; None where
        its history is not known."""
        read(history_input(claim))
        revisions = history_of(self.revisions, claim)
        if revisions is None:
            return None
        named = {s for r in revisions for s in (*r.sources_added, *r.sources_removed)}
        sources = self.content.sources
        present = [source_id for source_id in sorted(named) if source_id in sources]
        if len(present) < len(named):
            read(SOURCES)  # a source given again would be named by its title
        uses(*(sources[source_id] for source_id in present))
        titles = {source_id: sources[source_id].title for source_id in present}
        ratings = self.content.ratings
        return [
            (revision, described(revision, titles, self.words, ratings)) for revision in revisions
        ]

    def source(self, source: Source) -> dict[str, Any]:
        uses(source)
        text = source.body  # read once: a body the build let go of is read from the state
        quoting = [self._documents[path] for path in self.related.quoting[source.id]]
        uses(*quoting)  # the passages are found where they quote it
        return {
            "source": source,
            "body": self.body(source, source_path(source.id)) if source.body_is_markdown else None,
            "citing_claims": self.related.citing[source.id],
            "passages": _quoted_passages(
                [
                    check
                    for document in quoting
                    for check in self.checks.of(document.path)
                    if check.source_id == source.id
                ],
                self.related.where,
                self.words,
            ),
            "paragraphs": [
                (
                    paragraph.number,
                    anchor_of(paragraph.number),
                    text[paragraph.start : paragraph.end],
                )
                for paragraph in paragraphs_of(text)
            ]
            if source.stored_text
            else [],
            "stored_text": STORED_TEXT,
            "stored_text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }

    def page(self, page: Page) -> dict[str, Any]:
        context = {"page": page, "body": self.body(page, f"{page.slug}/")}
        if page.show_organisation:
            site, scale_page = self.content.site, self.content.rating_scale_page
            uses(site)
            read(NAV)  # which page is the methodology, not what it says
            methodology = f"{site.base_url}{scale_page.slug}/" if scale_page else None
            context["organisation_json"] = script_json(organisation(site, methodology))
        return context


def _compared(
    claim: Claim, quote_checks: list[QuoteCheck], language: Words
) -> list[tuple[Comparison, list[ComparedRendering]]]:
    """Each comparison of a claim with its renderings' words marked where they differ."""
    checks = {check.quote.line: check for check in quote_checks if check.quote.end < 0}
    compared = []
    for comparison in claim.comparisons:
        words = compare_words([rendering.text for rendering in comparison.renderings])
        compared.append((comparison, [
            ComparedRendering(
                rendering, rendering_words, checks[rendering.line],
                _alterations(checks[rendering.line], language),
            )
            for rendering, rendering_words in zip(comparison.renderings, words, strict=True)
        ]))  # fmt: skip
    return compared


def _alterations(check: QuoteCheck, words: Words) -> str:
    return check.found.alterations_in(words) if check.found else ""


def _quoted_passages(
    checks: list[QuoteCheck], where: dict[Path, tuple[str, str]], words: Words
) -> list[QuotedPassage]:
    """The verified passages of a source (whose quotations' ``checks`` these are) in the order
    they stand in it, each as quoted, with the pages quoting it."""
    found: dict[str, tuple[int, QuotedPassage]] = {}
    for check in checks:
        if check.anchor is None or check.found is None or check.path not in where:
            continue  # unverified, or quoted in a draft left out of the site
        position, quoted = found.get(check.anchor) or (
            check.found.position,
            QuotedPassage(
                check.anchor,
                check.found.pieces,
                describe_paragraphs(*check.found.paragraphs),
                anchor_of(check.found.paragraphs[0]),
                _alterations(check, words),
                (),
            ),
        )
        if where[check.path] not in quoted.quoted_in:
            quoted = dataclasses.replace(quoted, quoted_in=(*quoted.quoted_in, where[check.path]))
        found[check.anchor] = (position, quoted)
    return [quoted for _, quoted in sorted(found.values(), key=lambda item: item[0])]
