"""Plain data classes that carry validated content from one build stage to the next."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.digests import digest_of
from factcheck.marked import N_
from factcheck.settings import SiteSettings

SITE_SECTIONS = (
    "claims", "sources", "assets", "verdicts", "claimants", "tags", "corrections", "search", "page",
    "data",
)  # fmt: skip
"""Folders of the built site that a page's slug must not take."""


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day: reports often give no more than "2024"."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        """ISO 8601 at the precision known: ``2024``, ``2024-06`` or ``2024-06-30``."""
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    @classmethod
    def from_date(cls, value: datetime.date) -> PartialDate:
        return cls(value.year, value.month, value.day)


@dataclass(frozen=True)
class Rating:
    """One verdict of the rating scale; ``value`` is None for ratings off the numeric scale."""

    key: str
    label: str
    definition: str
    value: int | None
    translations: tuple[tuple[str, str, str], ...] = ()
    """``(language, label, definition)`` for each other language ratings.yml words it in."""


@dataclass(frozen=True)
class RatingScale:
    """The ratings in ``content/ratings.yml``, best first."""

    ratings: tuple[Rating, ...]

    def get(self, key: str) -> Rating | None:
        return next((rating for rating in self.ratings if rating.key == key), None)

    @functools.cached_property  # asked for every claim's verdict marks
    def best_value(self) -> int:
        return max(rating.value for rating in self.ratings if rating.value is not None)

    @functools.cached_property
    def worst_value(self) -> int:
        return min(rating.value for rating in self.ratings if rating.value is not None)

    def marks(self, rating: Rating) -> tuple[int, int] | None:
        """How the verdict ``rating`` is drawn as a row of marks (on the pages and the share
        images): how many are filled, of how many; None for a rating off the numeric scale."""
        if rating.value is None:
            return None
        return rating.value - self.worst_value + 1, self.best_value - self.worst_value + 1


@dataclass(frozen=True)
class Document:
    """What every content file shares: where it is and its Markdown body."""

    path: Path
    body: str
    body_line: int
    """The file line on which the body starts, so body errors can name their line."""
    field_lines: dict[str, int]
    """The line of each front-matter field, so checks of the loaded content can name it."""
    digest: str
    """A hash of the file's bytes: what the pages made from it depend on."""
    cited_ids: frozenset[str]
    """The sources its body cites."""

    def line_of(self, field: str) -> int:
        return self.field_lines.get(field, 1)

    def __getstate__(self) -> dict[str, Any]:
        """What a pickle holds: the whole document, read in full first where it is not."""
        if AGAIN in self.__dict__:
            rest: dict[str, Any] = self.__dict__[AGAIN]()
            return {name: value for name, value in self.__dict__.items() if name != AGAIN} | rest
        return self.__dict__

    @functools.cached_property
    def quoted_ids(self) -> frozenset[str]:
        """The sources it may quote: those it cites. Cached, and kept with the document between
        builds: every build asks it of every document, twice."""
        return self.cited_ids

    @property
    def body_is_markdown(self) -> bool:
        """Whether the body is Markdown to render, with citations and quotations to check."""
        return True


LAZY_FIELDS = frozenset({"body", "body_line", "field_lines", "comparisons"})
"""What a document kept from the last build is read without, until something asks for it: its
body and what was found in it, most of what it weighs and of the time it takes to read."""
AGAIN = "_again"
"""Where a document without its lazy fields (read from its card, or let go of) holds how to
read them: a callable returning them by name, called each time one is asked for, so that they
are never held. A worker making every claim page after a template edit held each body it read
until it ended: 5.6 KB a page, 0.1 GB a worker at 40,000 claims."""


class _Lazy:
    """A lazy field, as a document read without it finds it: read, with the others, each time
    it is asked for (:data:`AGAIN`). A document that holds the field finds its own value first,
    as with ``functools.cached_property``; a ``__getattr__`` would have served too, but it keeps
    Python from speeding up every other attribute's reads, and planning read them a quarter
    slower."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, document: Document | None, owner: type) -> Any:
        if document is None:
            return self
        again = document.__dict__.get(AGAIN)
        if again is None:
            raise AttributeError(f"{owner.__name__} has no attribute {self.name!r}")
        return again()[self.name]


BODY_FIELDS = frozenset(Document.__dataclass_fields__)
"""What a claim has as every document has: its file and body, rather than its front matter."""


@dataclass(frozen=True)
class Source(Document):
    """A report, statement or document that claims cite: ``content/sources/<id>.md``."""

    id: str
    title: str
    publisher: str | None
    """None where the editor wrote ``publisher: not recorded``."""
    published: PartialDate
    url: str | None = None
    accessed: datetime.date | None = None
    author: str | None = None
    archive_url: str | None = None
    language: str | None = None
    note: str | None = None
    address_not_recorded: bool = False
    """Whether the file says plainly (``url: not recorded``) that no address of the original is
    known, rather than leaving one out."""
    url_unavailable: datetime.date | None = None
    """The day the last link check found the original gone (``content/link-checks.yml``); None
    while it is not known to be. Only this of what the check found is shown, so a check that
    finds nothing new changes no page."""
    archive_unavailable: datetime.date | None = None
    stored_text: bool = True
    """Whether the body is the source's text as stored (shown verbatim, quotations checked
    against it) or, where we hold no copy, our own account of the source, in Markdown."""

    @property
    def body_is_markdown(self) -> bool:
        return not self.stored_text

    @property
    def archive_first(self) -> bool:
        """Whether readers are sent to the archived copy first: the original is gone."""
        return bool(self.archive_url and self.url_unavailable)

    @property
    def address_accounted_for(self) -> bool:
        """Whether readers are told where to find the original, or plainly that it is unknown."""
        return bool(self.url or self.archive_url or self.address_not_recorded)


@dataclass(frozen=True)
class CorrectionKind:
    label: str
    meaning: str
    """What an entry of this kind tells a reader, to follow its label."""


CORRECTION_KINDS = {
    "correction": CorrectionKind(
        N_("Correction"), N_("Something we published was wrong, and is put right")
    ),
    "update": CorrectionKind(N_("Update"), N_("Something learnt since we published is added")),
    "clarification": CorrectionKind(
        N_("Clarification"), N_("Wording that could be misread is made plainer; nothing was wrong")
    ),
}
"""Each kind of entry a claim's corrections may hold, by the key a claim file gives."""


@dataclass(frozen=True)
class Correction:
    date: datetime.date
    note: str
    kind: str = "correction"
    """One of :data:`CORRECTION_KINDS`."""
    anchor: str = ""
    """Its id on the claim page, and in the corrections feed."""

    @property
    def label(self) -> str:
        return CORRECTION_KINDS[self.kind].label


@dataclass(frozen=True)
class Reply:
    """Whether the claimant was asked for comment before the check was published, and what they
    answered: a reader judging a verdict should know whether the other side was heard."""

    asked: datetime.date | None
    """When they were asked; None where they were not asked."""
    answer: str | None
    """Their answer as received; None where none came before publication."""
    reason: str | None
    """Why they were not asked."""


@dataclass(frozen=True)
class Rendering:
    """One source's wording of a statement, quoted verbatim."""

    source_id: str
    locator: str | None
    text: str
    line: int
    translation: str | None = None
    """Our translation of ``text``, where the claim is in another language than the source:
    shown beside it, marked as ours, never in quote marks."""
    translation_line: int | None = None


@dataclass(frozen=True)
class Comparison:
    """Renderings of one statement by different sources, to be shown side by side."""

    statement: str
    renderings: tuple[Rendering, ...]
    line: int = 0
    """The statement's line in the file."""


@dataclass(frozen=True)
class Claim(Document):
    """One fact check: ``content/claims/<slug>.md``."""

    slug: str
    title: str
    claimant: str
    claimant_type: str
    claim_date: PartialDate | None
    """None where no report records when the claim was made (see :meth:`Content.first_reported`)."""
    appearance: tuple[str, ...]
    verdict: Rating
    summary: str
    published: datetime.date
    updated: datetime.date | None
    tags: tuple[str, ...]
    corrections: tuple[Correction, ...]
    draft: bool
    comparisons: tuple[Comparison, ...]
    claim_date_note: str | None
    """What a reader should know about the date: that the reports differ, or what it rests on."""
    claimant_role: str | None
    """The claimant's office or position, apart from their name (ClaimReview's ``jobTitle``)."""
    claimant_role_source: str | None
    """The source that gives the role, where the role at the claim's date is not known otherwise."""
    reply: Reply | None
    """None where the file does not say whether the claimant was asked for comment."""
    language: str | None = None
    """The language it is written in, where not the site's."""
    translation_of: str | None = None
    """The slug of the claim it translates."""
    translated_from: str | None = None
    """The version of the claim it translates that it was last made to match."""

    @functools.cached_property
    def card_digest(self) -> str:
        """A digest of the front matter alone: what a list of claims can show of the claim."""
        card = [
            getattr(self, name) for name in self.__dataclass_fields__ if name not in BODY_FIELDS
        ]
        return digest_of([repr(card)])

    @functools.cached_property
    def input_digest(self) -> str:
        """A digest of all a page reading the whole claim depends on: its file, and its front
        matter as checked (a verdict's label is in the rating scale, not the file)."""
        return digest_of([self.digest, self.card_digest])

    @functools.cached_property
    def entry_digest(self) -> str:
        """A digest of what places the claim in the site's lists and relations (see
        :data:`~factcheck.record.ENTRIES`): not its summary or analysis, unless the analysis
        cites another source."""
        return digest_of(
            [
                str(self.path), self.slug, self.title, self.claimant, self.verdict.key,
                str(self.published), str(self.updated), "\0".join(self.tags),
                repr(self.corrections), str(self.draft), "\0".join(self.source_ids),
                "\0".join(sorted(self.quoted_ids)),
            ]
        )  # fmt: skip

    @property
    def last_changed(self) -> datetime.date:
        return self.updated or self.published

    @functools.cached_property
    def source_ids(self) -> tuple[str, ...]:
        """Every source the check rests on: where the claim appeared and what the analysis cites."""
        return tuple(sorted(set(self.appearance) | self.cited_ids))

    @functools.cached_property
    def quoted_ids(self) -> frozenset[str]:
        """The sources it may quote: those it cites, compares and appeared in."""
        compared = {r.source_id for comparison in self.comparisons for r in comparison.renderings}
        return self.cited_ids | compared | set(self.appearance)


@dataclass(frozen=True)
class Page(Document):
    """A standing page such as the methodology: ``content/pages/<slug>.md``."""

    slug: str
    title: str
    description: str | None
    nav: int | None
    show_rating_scale: bool
    show_organisation: bool = False
    """Whether the page shows who publishes the site (the about page), with its structured data."""
    language: str | None = None
    """The language it is written in, where not the site's."""
    translation_of: str | None = None
    """The slug of the page it translates."""
    translated_from: str | None = None
    """The version of the page it translates that it was last made to match."""


@dataclass(frozen=True)
class Content:
    """Everything in the content folder, validated and cross-checked."""

    site: SiteSettings
    ratings: RatingScale
    claims: tuple[Claim, ...]
    sources: dict[str, Source]
    pages: tuple[Page, ...]

    @property
    def rating_scale_page(self) -> Page | None:
        """The page that shows the rating scale: the methodology, which links point readers to."""
        return next((page for page in self.pages if page.show_rating_scale), None)

    def first_appearance(self, claim: Claim) -> Source | None:
        """The earliest of the sources the claim appeared in (the first listed among equals)."""
        appeared = [self.sources[source_id] for source_id in claim.appearance]
        return min(appeared, key=lambda source: source.published.sort_key, default=None)

    def first_reported(self, claim: Claim) -> PartialDate | None:
        """The date of its first appearance: what a reader is told where the date of the claim
        itself is not recorded."""
        first = self.first_appearance(claim)
        return first.published if first else None

    @property
    def documents(self) -> list[Document]:
        """Every content file's document: claims, sources, then pages."""
        return [*self.claims, *self.sources.values(), *self.pages]


# Set once the data classes are made, which would take them for defaults.
for _name in LAZY_FIELDS:
    setattr(Document if _name in Document.__dataclass_fields__ else Claim, _name, _Lazy(_name))
