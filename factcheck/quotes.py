"""Verify every quotation against the stored text of the source it cites, and every locator.

:mod:`factcheck.quotations` finds the quotations; :mod:`factcheck.matching` finds each in its
source's text (:mod:`factcheck.stored`), which also says which paragraph a ``para. N`` locator
must name.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from factcheck.catalogs import ENGLISH, Words
from factcheck.citations import CITATION_PATTERN, CitationSyntaxError, Cite, parse_citation
from factcheck.digests import digest_of
from factcheck.errors import ContentError, ContentErrors, Lines
from factcheck.markup import SlowMarkdown
from factcheck.matching import Misquote, closest, find, has_words
from factcheck.model import Claim, Document
from factcheck.parallel import parallel_map
from factcheck.progress import Stages, no_progress
from factcheck.quotations import Quote, find_quotes, rendering_quotes
from factcheck.quotedtext import link_labels, quoted_text
from factcheck.quotemarks import QUOTED, words_span
from factcheck.stored import StoredText, describe_paragraphs, locator_problem, paragraph_locator

_ANCHOR_PREFIX = "passage-"
MAX_QUOTATIONS = 1000
"""Quotations one file may hold: each is looked up in a source of up to 2 MB."""
CLOSEST_PER_FILE = 10
"""Misquotations of one file given the source's closest passage; the rest are only named."""
_CITATION = re.compile(CITATION_PATTERN)


@dataclass(frozen=True)
class Found:
    """Where a quotation stands in its source's stored text."""

    position: int
    """Where the passage starts in the stored text."""
    passage: str
    """The source's own words, from the first quoted to the last, exactly as stored."""
    paragraphs: tuple[int, int]
    """The first and last paragraph the passage stands in."""
    left_out: tuple[tuple[int, int], ...]
    """The spans of ``passage`` that the quotation leaves out or replaces."""
    omissions: int
    insertions: int

    @property
    def pieces(self) -> tuple[tuple[str, bool], ...]:
        """The passage in pieces, each with whether the quotation left it out or replaced it."""
        pieces, taken = [], 0
        for start, end in self.left_out:
            pieces += [(self.passage[taken:start], False), (self.passage[start:end], True)]
            taken = end
        pieces.append((self.passage[taken:], False))
        return tuple(piece for piece in pieces if piece[0])

    @property
    def alterations(self) -> str:
        """What the quotation alters, for editors: ``1 omission, 2 insertions``, or nothing if
        it quotes the passage whole."""
        return self.alterations_in(ENGLISH)

    def alterations_in(self, words: Words) -> str:
        """What the quotation alters, in the language of ``words``."""
        said = [
            words.ngettext("%(num)d omission", "%(num)d omissions", self.omissions),
            words.ngettext("%(num)d insertion", "%(num)d insertions", self.insertions),
        ]
        return ", ".join(
            text
            for count, text in zip([self.omissions, self.insertions], said, strict=True)
            if count
        )


@dataclass(frozen=True)
class QuoteCheck:
    """The outcome of checking one quotation against one cited source."""

    path: Path
    """The file the quotation is in."""
    quote: Quote
    source_id: str
    found: Found | None
    """Where the quotation stands; None if the source has no stored text to check it against."""

    @functools.cached_property
    def anchor(self) -> str | None:
        """The id of the passage, as quoted, on the source's page: the same wherever the same
        words are quoted with the same words left out."""
        if self.found is None:
            return None
        key = repr((self.found.passage, self.found.left_out))
        return _ANCHOR_PREFIX + hashlib.sha256(key.encode()).hexdigest()[:10]


QuoteCheckCache = dict[str, bytes]
"""Each document's checks, packed, by a digest of its bytes and of the sources it may quote."""


def pack_checks(checks: list[QuoteCheck]) -> bytes:
    """One document's checks as pickled plain tuples, a small fraction of the objects' cost."""
    packed = [
        (q.line, q.markdown, tuple((c.source_id, c.locator) for c in q.cites), q.end,
         q.citation_end, check.source_id, None if check.found is None else tuple(vars(check.found).values()))
        for check in checks
        for q in [check.quote]
    ]  # fmt: skip
    return pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL)


class QuoteChecks:
    """The checks of every document's quotations, by the document's file.

    They are kept packed (:func:`pack_checks`), and a document's are unpacked only when asked
    for: a rebuild after an edit makes few pages, so it unpacks few of the 100,000 or more
    checks of a large site.
    """

    def __init__(self) -> None:
        self._packed: dict[Path, bytes] = {}

    def add(self, path: Path, packed: bytes) -> None:
        """Record the checks of the document ``path``, packed by :func:`pack_checks`."""
        self._packed[path] = packed

    def of(self, path: Path) -> list[QuoteCheck]:
        """The checks of the quotations in the document ``path``, in the order they stand.
        Unpacked anew each time, never held: a page asks for a document's checks once or twice,
        and a worker holding every document's it had unpacked grew by about 50 MB at 10,000
        claims."""
        return [
            QuoteCheck(
                path,
                Quote(line, markdown, tuple(Cite(*c) for c in cites), end, citation_end),
                source_id,
                None if found is None else Found(*found),
            )
            for line, markdown, cites, end, citation_end, source_id, found in pickle.loads(
                self._packed[path]
            )
        ]

    def __iter__(self) -> Iterator[QuoteCheck]:
        for path in self._packed:
            yield from self.of(path)


def verify_quotes(
    documents: Iterable[Document],
    texts: Callable[[str], StoredText | None],
    to_html: Callable[[str], str],
    digests: dict[str, str],
    known: QuoteCheckCache | None = None,
    *,
    parallel: bool = True,
    stage: Stages = no_progress,
) -> QuoteChecks:
    """Check every quotation in ``documents`` against the stored text of the sources it cites,
    and every ``para. N`` locator against the paragraphs of that text.

    ``texts`` gives a source's stored text by its id, None if none is stored; ``to_html`` renders
    a quotation's Markdown, which must make plain text. A quotation citing a source with no
    stored text is returned unverified; a misquotation or a wrong locator raises ContentErrors,
    listing every one. ``known`` keeps the checks of documents that, with what they cite
    (``digests`` of the sources by id), are unchanged since they were made; it is left holding
    this call's. ``parallel`` checks many documents on every core; ``stage`` shows the progress.
    """
    keyed = [
        (document, digest_of([
            document.digest, *(f"{i}:{digests.get(i, '')}" for i in sorted(document.quoted_ids))
        ]))
        for document in documents
        if document.body_is_markdown
    ]  # fmt: skip
    known = {} if known is None else known
    unknown = [(document, key) for document, key in keyed if key not in known]
    errors: list[ContentError] = []
    checked = parallel_map(
        lambda item: _check_document(item[0], texts, to_html),
        unknown,
        parallel=parallel,
        step=stage("Checking quotations", len(unknown)),
    )
    with contextlib.closing(checked):  # the workers stopped, whatever happens here
        for (_, key), (packed, found_errors) in zip(unknown, checked, strict=True):
            if found_errors:
                errors += found_errors  # and not kept: the next check must find them again
            else:
                known[key] = packed
    if errors:
        raise ContentErrors(errors)
    used = {key for _, key in keyed}
    for key in set(known) - used:  # documents as they were before an edit, and removed ones
        del known[key]
    checks = QuoteChecks()
    for document, key in keyed:
        checks.add(document.path, known[key])
    return checks


def _check_document(
    document: Document,
    texts: Callable[[str], StoredText | None],
    to_html: Callable[[str], str],
) -> tuple[bytes, list[ContentError]]:
    """One document's checks, packed, and its errors."""
    path = str(document.path)
    in_body, unattributed = find_quotes(document.body, document.body_line)
    quotes = [*in_body, *rendering_quotes(document)]
    if len(quotes) > MAX_QUOTATIONS:
        message = (
            f"more than {MAX_QUOTATIONS} quotations in one file, which no fact check needs; "
            "split the file"
        )
        return b"", [ContentError(path, quotes[MAX_QUOTATIONS].line, message)]
    errors = [ContentError(path, problem.line, problem.message) for problem in unattributed]
    errors += _front_matter_quotations(document, texts)
    errors += _locators_outside(document, texts, {quote.citation_end for quote in quotes})
    labels = link_labels(document.body)
    checks: list[QuoteCheck] = []
    looked_up: dict[tuple[Cite, str], Found | None] = {}  # a source cited twice is searched once
    for quote in quotes:
        try:
            quoted = quoted_text(quote.markdown, to_html, labels)
        except SlowMarkdown:
            errors.append(SlowMarkdown.at(document.path, quote.line))
            continue
        except Misquote as problem:
            errors.append(ContentError(path, quote.line, str(problem)))
            continue
        for cite in quote.cites:
            stored = texts(cite.source_id)
            try:
                if (cite, quoted) not in looked_up:
                    looked_up[cite, quoted] = _found(
                        stored, quoted, paragraph_locator(cite.locator)
                    )
            except Misquote as problem:
                message = f"quote of {cite.source_id} altered: {problem}"
                errors.append(ContentError(path, quote.line, message))
                continue
            found = looked_up[cite, quoted]
            if stored is not None and found is None:
                with_closest = len(errors) < CLOSEST_PER_FILE
                message = _not_found(cite.source_id, stored, quoted, with_closest)
                errors.append(ContentError(path, quote.line, message))
            elif problem_text := _wrong_locator(cite, stored, found):
                errors.append(ContentError(path, quote.line, problem_text))
            checks.append(QuoteCheck(document.path, quote, cite.source_id, found))
    return pack_checks(checks), errors


def _front_matter_quotations(
    document: Document, texts: Callable[[str], StoredText | None]
) -> Iterator[ContentError]:
    """Errors for words in quote marks in a claim's title, summary, compared statements or our
    translations of the renderings that are no source's words: these fields carry no check mark
    (the first two reach search results, feeds and ClaimReview), so words quoted in them must be
    the words of a source the claim rests on."""
    if not isinstance(document, Claim):
        return
    fields = [("title", document.title, document.line_of("title"))]
    fields += [("summary", document.summary, document.line_of("summary"))]
    fields += [("comparisons", c.statement, c.line) for c in document.comparisons]
    fields += [
        ("translation", r.translation, r.translation_line or r.line)
        for c in document.comparisons
        for r in c.renderings
        if r.translation is not None
    ]
    stored = [text for i in sorted(document.quoted_ids) if (text := texts(i)) is not None]
    for field, value, line in fields:
        for span in QUOTED.finditer(value):
            words = value[slice(*words_span(span))]
            if not any(_matches(text, words) for text in stored):
                yield ContentError(
                    str(document.path),
                    line,
                    f"“{words}” in `{field}` is in quote marks, but it is not the words of any "
                    "source this claim rests on; quote one exactly, or drop the quote marks",
                )


def _matches(stored: StoredText, words: str) -> bool:
    try:
        return find(stored, words) is not None
    except Misquote:
        return False


def _found(
    stored: StoredText | None, quoted: str, paragraphs: tuple[int, int] | None
) -> Found | None:
    match = None if stored is None else find(stored, quoted, paragraphs)
    if stored is None or match is None:
        return None
    return Found(
        match.start,
        stored.text[match.start : match.end],
        (stored.paragraph_at(match.start), stored.paragraph_at(match.end - 1)),
        tuple((start - match.start, end - match.start) for start, end in match.left_out),
        match.omissions,
        match.insertions,
    )


def _wrong_locator(cite: Cite, stored: StoredText | None, found: Found | None) -> str | None:
    """Why a quotation's locator does not name where it stands, if it does not."""
    named = paragraph_locator(cite.locator)
    if named is None:
        return locator_problem(cite.locator)
    if stored is None or found is None:
        return _no_paragraphs(cite)
    if named == found.paragraphs:
        return None
    right = describe_paragraphs(*found.paragraphs)
    return (
        f"the quotation stands in {right} of {cite.source_id}, not {cite.locator}; "
        f"write [@{cite.source_id}, {right}]"
    )


def _locators_outside(
    document: Document, texts: Callable[[str], StoredText | None], quote_ends: set[int]
) -> Iterator[ContentError]:
    """Errors for locators of citations that cover no quotation and name no paragraph there is."""
    lines = Lines(document.body, document.body_line)
    for match in _CITATION.finditer(document.body):
        if match.end() in quote_ends:
            continue  # checked with its quotation
        try:
            cites = parse_citation(match[1])
        except CitationSyntaxError:
            continue  # reported by validation
        for cite in cites:
            named = paragraph_locator(cite.locator)
            if named is None:
                if problem := locator_problem(cite.locator):
                    yield ContentError(str(document.path), lines.at(match.start()), problem)
                continue
            stored = texts(cite.source_id)
            if stored is None:
                yield ContentError(
                    str(document.path), lines.at(match.start()), _no_paragraphs(cite)
                )
            elif named[1] > len(stored.paragraphs) or named[0] < 1 or named[0] > named[1]:
                yield ContentError(
                    str(document.path),
                    lines.at(match.start()),
                    f"{cite.source_id} has paragraphs 1 to {len(stored.paragraphs)}, so "
                    f"`{cite.locator}` names none there; see the numbers on its source page",
                )


def _no_paragraphs(cite: Cite) -> str:
    return (
        f"`{cite.locator}` names a paragraph of the stored text, and {cite.source_id} has no "
        "stored text; drop the locator or name the place another way (p. 3, headline)"
    )


def _not_found(source_id: str, stored: StoredText, quoted: str, with_closest: bool) -> str:
    if not has_words(quoted):
        return (
            f"quote not found in {source_id}: it has no words outside brackets and ellipses; "
            "quote the source's own words"
        )
    if not with_closest:
        return f"quote not found in {source_id}"
    near = closest(stored, quoted)
    return (
        f"quote not found in {source_id}; the closest passage there, in para. {near.paragraph}, "
        f"reads “{near.marked}” ({{-…-}}: the source's words the quotation lacks; {{+…+}}: "
        "the quotation's words the source lacks)"
    )
