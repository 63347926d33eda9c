"""Find the quotations in a body and verify each against the stored text of the source it cites.

A quotation is a passage in straight or curly double quotes followed at once by a citation, or a
blockquote whose last line ends with one; :mod:`factcheck.matching` finds it in the source.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from factcheck.citations import CITATION_PATTERN, CitationSyntaxError, Cite, parse_citation
from factcheck.errors import ContentError, ContentErrors, Lines
from factcheck.markup import SlowMarkdown
from factcheck.matching import Misquote, SourceText, canonical, has_words
from factcheck.model import Claim, Document
from factcheck.parallel import parallel_map

_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a'
_DOUBLE_STYLES = [
    ('["\u201c]', '["\u201d]'), ("\u201e", "[\u201c\u201d]"), ("\u00ab", "\u00bb"),
    ("\u2039", "\u203a"), ("&quot;", "&quot;"), ("&#34;", "&#34;"),
    ("&ldquo;|&#8220;", "&rdquo;|&#8221;"),
]  # fmt: skip
"""How a quotation opens and closes: straight and curly quotes, low-9 and guillemets, and the
same as HTML entities, which Markdown shows as quote marks."""


def _quoted(number: int, opening: str, closing: str) -> str:
    """A quotation in one style: its words, over several lines of a paragraph if need be, stop
    at any quote mark, and so at the next quotation: each match is quick."""
    character = f"(?:(?!{closing})[^{_MARKS}\n])"
    return (
        f"(?:{opening})(?P<text{number}>{character}+(?:\n(?![ \t]*\n){character}+)*)(?:{closing})"
    )


_SINGLE = (
    "(?<![\\w'\u2018\u2019])['\u2018](?P<text_single>(?:[^\n'\u2018\u2019]"
    "|(?<=\\w)['\u2019](?=\\w))+)['\u2019]"
)
"""Single quotes used as quotation marks: after no letter, and holding apostrophes only between
letters (``'Serbia's defense industry'``)."""
_INLINE_QUOTE = re.compile(
    "(?:"
    + "|".join([*(_quoted(n, o, c) for n, (o, c) in enumerate(_DOUBLE_STYLES)), _SINGLE])
    + ")[ \t]*(?P<citation>"
    + CITATION_PATTERN
    + ")"
)
_CITATION_AT_END = re.compile(r"(?P<citation>" + CITATION_PATTERN + r")[ \t]*$")
_BLOCKQUOTE_LINE = re.compile(r"^ {0,3}>[ ]?(?P<text>.*)$")
_ANCHOR_PREFIX = "passage-"
MAX_QUOTATIONS = 1000
"""Quotations one file may hold: each is looked up in a source of up to 2 MB."""
CLOSEST_PER_FILE = 10
"""Misquotations of one file given the source's closest passage; the rest are only named."""


@dataclass(frozen=True)
class Quote:
    """A quotation in a Markdown body."""

    line: int
    markdown: str
    """The quoted words as written, without the quote marks or the citation."""
    cites: tuple[Cite, ...]
    end: int
    """Where the citation ends in the body: the verification mark goes there."""


@dataclass(frozen=True)
class QuoteCheck:
    """The outcome of checking one quotation against one cited source."""

    path: Path
    """The file the quotation is in."""
    quote: Quote
    source_id: str
    passage: str | None
    """The source's own words that the quotation matched; None if the source has no stored text."""

    @property
    def verified(self) -> bool:
        return self.passage is not None

    @functools.cached_property
    def anchor(self) -> str | None:
        """The id of the passage on the source's page, the same wherever it is quoted."""
        if self.passage is None:
            return None
        return _ANCHOR_PREFIX + hashlib.sha256(canonical(self.passage).encode()).hexdigest()[:10]


QuoteCheckCache = dict[tuple[str, str, tuple[str, ...]], bytes]
"""Each document's checks, packed, by its path and digest and the digests of the sources it quotes."""


def pack_checks(checks: list[QuoteCheck]) -> bytes:
    """One document's checks as pickled plain tuples, a small fraction of the objects' cost."""
    packed = [
        (q.line, q.markdown, tuple((c.source_id, c.locator) for c in q.cites), q.end,
         check.source_id, check.passage, check.anchor)
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
        self._unpacked: dict[Path, list[QuoteCheck]] = {}

    def add(self, path: Path, packed: bytes) -> None:
        """Record the checks of the document ``path``, packed by :func:`pack_checks`."""
        self._packed[path] = packed

    def of(self, path: Path) -> list[QuoteCheck]:
        """The checks of the quotations in the document ``path``, in the order they stand."""
        if path not in self._unpacked:
            checks = []
            for line, markdown, cites, end, source_id, passage, anchor in pickle.loads(
                self._packed[path]
            ):
                quote = Quote(line, markdown, tuple(Cite(*cite) for cite in cites), end)
                check = QuoteCheck(path, quote, source_id, passage)
                check.__dict__["anchor"] = anchor  # the cached property, as it was computed
                checks.append(check)
            self._unpacked[path] = checks
        return self._unpacked[path]

    def __iter__(self) -> Iterator[QuoteCheck]:
        for path in self._packed:
            yield from self.of(path)


def quoted_ids(document: Document) -> frozenset[str]:
    """The sources a document may quote: those it cites, and for a claim those it compares."""
    return document.cited_ids | {quote.cites[0].source_id for quote in rendering_quotes(document)}


def verify_quotes(
    documents: Iterable[Document],
    texts: Callable[[str], SourceText],
    to_plain: Callable[[str], str],
    digests: dict[str, str],
    known: QuoteCheckCache | None = None,
    *,
    parallel: bool = True,
) -> QuoteChecks:
    """Check every quotation in ``documents`` against the stored text of the sources it cites.

    ``texts`` gives a source's text by its id; ``to_plain`` turns a quotation's Markdown into the
    text a reader sees. A quotation citing a source with no stored text is returned unverified;
    one not found raises ContentErrors, listing every such quotation with the closest passage of
    its source. ``known`` keeps the checks of documents that, with what they cite (``digests`` of
    the sources by id), are unchanged since they were made; it is left holding this call's.
    ``parallel`` checks many documents on every core.
    """

    def check(document: Document) -> tuple[bytes, list[ContentError]]:
        found: list[QuoteCheck] = []
        errors: list[ContentError] = []
        quotes = [*find_quotes(document.body, document.body_line), *rendering_quotes(document)]
        if len(quotes) > MAX_QUOTATIONS:
            message = (
                f"more than {MAX_QUOTATIONS} quotations in one file, which no fact check needs; "
                "split the file"
            )
            return b"", [ContentError(str(document.path), quotes[MAX_QUOTATIONS].line, message)]
        looked_up: dict[tuple[str, str], str | None] = {}  # a source cited twice is searched once
        for quote in quotes:
            try:
                quoted = to_plain(quote.markdown)
            except SlowMarkdown:
                errors.append(SlowMarkdown.at(document.path, quote.line))
                continue
            for cite in quote.cites:
                text = texts(cite.source_id)
                try:
                    if (cite.source_id, quoted) not in looked_up:
                        looked_up[cite.source_id, quoted] = (
                            None if text.is_empty else text.find(quoted)
                        )
                except Misquote as problem:
                    message = f"quote of {cite.source_id} altered: {problem}"
                    errors.append(ContentError(str(document.path), quote.line, message))
                    continue
                passage = looked_up[cite.source_id, quoted]
                if passage is None and not text.is_empty:
                    with_closest = len(errors) < CLOSEST_PER_FILE
                    message = _not_found(cite.source_id, text, quoted, with_closest)
                    errors.append(ContentError(str(document.path), quote.line, message))
                found.append(QuoteCheck(document.path, quote, cite.source_id, passage))
        return pack_checks(found), errors

    keyed = [
        (document, (
            str(document.path),
            document.digest,
            tuple(f"{i}:{digests.get(i, '')}" for i in sorted(quoted_ids(document))),
        ))
        for document in documents
    ]  # fmt: skip
    known = {} if known is None else known
    unknown = [(document, key) for document, key in keyed if key not in known]
    errors: list[ContentError] = []
    checked = parallel_map(lambda item: check(item[0]), unknown, parallel=parallel)
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


def _not_found(source_id: str, text: SourceText, quoted: str, with_closest: bool) -> str:
    if not has_words(quoted):
        return (
            f"quote not found in {source_id}: it has no words outside brackets and ellipses; "
            "quote the source's own words"
        )
    if not with_closest:
        return f"quote not found in {source_id}"
    return (
        f"quote not found in {source_id}; the closest passage there reads “{text.closest(quoted)}”"
    )


def rendering_quotes(document: Document) -> list[Quote]:
    """The renderings a claim compares, each a quotation of its source; they stand in the front
    matter, so no mark goes into the body (``end`` is -1)."""
    if not isinstance(document, Claim):
        return []
    return [
        Quote(rendering.line, rendering.text, (Cite(rendering.source_id, rendering.locator),), -1)
        for comparison in document.comparisons
        for rendering in comparison.renderings
    ]


def find_quotes(body: str, first_line: int) -> list[Quote]:
    """Every quotation in ``body`` (whose first line is file line ``first_line``), in order."""
    quotes: list[Quote] = []
    block_citation_ends: set[int] = set()
    offset = 0
    block: list[tuple[int, int, str]] = []  # (file line, offset of its end, text) of a blockquote
    lines = body.split("\n")
    for number, text in enumerate(lines):
        match = _BLOCKQUOTE_LINE.match(text)
        if match:
            block.append((first_line + number, offset + len(text), match["text"]))
        if block and (not match or number == len(lines) - 1):
            quote = _blockquote(block)
            if quote:
                quotes.append(quote)
                block_citation_ends.add(quote.end)
            block = []
        offset += len(text) + 1
    line_of = Lines(body, first_line)
    for match in _INLINE_QUOTE.finditer(body):
        end = match.end("citation")
        if end in block_citation_ends:
            continue  # the blockquote as a whole is checked
        cites = _cites(match["citation"])
        if cites:
            text = next(
                words
                for name, words in match.groupdict().items()
                if name.startswith("text") and words
            )
            quotes.append(Quote(line_of.at(match.start()), text, cites, end))
    return sorted(quotes, key=lambda quote: quote.end)


def _blockquote(block: list[tuple[int, int, str]]) -> Quote | None:
    _, last_end, last_text = block[-1]
    match = _CITATION_AT_END.search(last_text)
    cites = _cites(match["citation"]) if match else ()
    if not match or not cites:
        return None
    texts = [text for _, _, text in block[:-1]] + [last_text[: match.start()]]
    markdown = " ".join(texts).strip()
    markdown = (
        markdown[1:-1] if len(markdown) > 1 and markdown[0] + markdown[-1] == '""' else markdown
    )
    end = last_end - (len(last_text) - match.end("citation"))
    return Quote(block[0][0], markdown, cites, end)


def _cites(citation: str) -> tuple[Cite, ...]:
    try:
        return parse_citation(citation[2:-1])
    except CitationSyntaxError:
        return ()  # reported by validation
