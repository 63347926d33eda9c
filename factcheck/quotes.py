"""Find the quotations in a body and verify each against the stored text of the source it cites.

A quotation is a passage in straight or curly double quotes followed at once by a citation, or a
blockquote whose last line ends with one. Matching ignores differences of whitespace (soft line
breaks included), of quote and apostrophe style and of dash style, and nothing else. An ellipsis
(``...`` or ``…``) or an editorial insertion in square brackets (``[...]``, ``[the SVR]``) splits a
quotation into parts that must appear in that order.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import hashlib
import heapq
import pickle
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from factcheck.citations import CITATION_PATTERN, CitationSyntaxError, Cite, parse_citation
from factcheck.errors import ContentError, ContentErrors, Lines
from factcheck.markup import SlowMarkdown
from factcheck.model import Claim, Document
from factcheck.parallel import parallel_map

_INLINE_QUOTE = re.compile(
    r"[\"“](?P<text>[^\"“”\n]+(?:\n(?![ \t]*\n)[^\"“”\n]+)*)[\"”][ \t]*(?P<citation>"
    + CITATION_PATTERN
    + ")"
)
_CITATION_AT_END = re.compile(r"(?P<citation>" + CITATION_PATTERN + r")[ \t]*$")
_BLOCKQUOTE_LINE = re.compile(r"^ {0,3}>[ ]?(?P<text>.*)$")
_GAP = re.compile(r"(\.\.\.|…|\[(?:\.\.\.|…)\])|\[[^\[\]]*\]")
"""An omission (``...``, ``…``, ``[...]``), captured, or an editorial insertion (``[Serbia]``)."""
INSERTION_WORDS = 4
"""How many of the source's words an editorial insertion may stand for (``[Vučić] said`` for
``he said``)."""
_DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb'
_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b\u2032`"
_QUOTE_MARKS = str.maketrans(
    dict.fromkeys(_DOUBLE_QUOTES, '"') | dict.fromkeys(_SINGLE_QUOTES, "'")
)
_DASH_CHARACTERS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
"""Hyphens, en and em dashes and the minus sign all read as ``-``; so does a run of them."""
_LONG_RUNS = re.compile(r"\s\s+|--+")
_SPACES = str.maketrans(dict.fromkeys((chr(c) for c in range(0x3000 + 1) if chr(c).isspace()), " "))
_ANCHOR_PREFIX = "passage-"
MAX_QUOTATIONS = 1000
"""Quotations one file may hold: each is looked up in a source of up to 2 MB."""
CLOSEST_PER_FILE = 10
"""Misquotations of one file given the source's closest passage; the rest are only named."""
CLOSEST_CANDIDATES = 64
"""Runs of a source's words compared in full with a quotation not found in it."""


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
                errors.append(ContentError(str(document.path), quote.line, SlowMarkdown.MESSAGE))
                continue
            for cite in quote.cites:
                text = texts(cite.source_id)
                if (cite.source_id, quoted) not in looked_up:
                    looked_up[cite.source_id, quoted] = None if text.is_empty else text.find(quoted)
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
    if not _parts(quoted):
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
            quotes.append(Quote(line_of.at(match.start()), match["text"], cites, end))
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


def canonical(text: str) -> str:
    """Text with quote marks, dashes and whitespace made uniform: what matching compares."""
    return _collapsed(_uniform_marks(text)).strip()


def _uniform_marks(text: str) -> str:
    return text.translate(_QUOTE_MARKS).translate(_DASH_CHARACTERS)


def _collapsed(uniform: str) -> str:
    """Each run of whitespace or of dashes as one character, every space an ordinary one."""
    return _LONG_RUNS.sub(_one_character, uniform).translate(_SPACES)


def _one_character(run: re.Match[str]) -> str:
    return " " if run.group()[0].isspace() else "-"


class SourceText:
    """A source's stored text, as a reader sees it, ready for quotations to be looked up.

    Quotations are looked up in the canonical form of the text; a map from canonical positions
    back to the text's own lets the matched passage be shown in the source's exact words.
    """

    def __init__(self, plain: str) -> None:
        self.plain = plain
        uniform = _uniform_marks(plain)
        # Only runs of two or more characters move later text; single spaces, line breaks and
        # hyphens keep their places, so the map back to the plain text need hold only the runs.
        self._runs: list[int] = []  # where each run's one character stands in the canonical text
        self._run_spans: list[tuple[int, int]] = []  # and where the run was in the plain text
        removed = 0
        for run in _LONG_RUNS.finditer(uniform):
            self._runs.append(run.start() - removed)
            self._run_spans.append(run.span())
            removed += run.end() - run.start() - 1
        self.canonical = _collapsed(uniform)

    @property
    def is_empty(self) -> bool:
        return not self.canonical.strip()

    def _origin(self, index: int) -> int:
        """Where the canonical text's character at ``index`` came from in the plain text."""
        run = bisect.bisect_right(self._runs, index) - 1
        if run < 0:
            return index
        start, end = self._run_spans[run]
        return start if index == self._runs[run] else end + index - self._runs[run] - 1

    def find(self, quoted_plain: str) -> str | None:
        """The source's own words matching the quotation, or None if they are not there."""
        parts = _parts(quoted_plain)
        if not parts:
            return None
        start = self.canonical.find(parts[0][0])
        if start < 0:
            return None
        position = start + len(parts[0][0])
        for part, after_omission in parts[1:]:
            found = self.canonical.find(part, position)
            if found < 0:
                return None
            if not after_omission and len(self.canonical[position:found].split()) > INSERTION_WORDS:
                return None
            position = found + len(part)
        return self.plain[self._origin(start) : self._origin(position - 1) + 1]

    def closest(self, quoted_plain: str) -> str:
        """The run of the source's words most like the quotation, for the editor to compare.

        Only the :data:`CLOSEST_CANDIDATES` runs holding most of the quotation's words are
        compared word by word, so that a source of megabytes answers in a moment.
        """
        words = self.canonical.strip().split(" ")
        keys = [_word_key(word) for word in words]
        wanted = [_word_key(word) for part, _ in _parts(quoted_plain) for word in part.split(" ")]
        wanted_set = set(wanted)
        hits = [0]  # hits[i]: how many of the first i words of the source the quotation has
        for key in keys:
            hits.append(hits[-1] + (key in wanted_set))
        sizes = {len(wanted), len(wanted) + 1, max(1, len(wanted) - 1)}
        windows = heapq.nlargest(
            CLOSEST_CANDIDATES,
            (
                (hits[min(start + size, len(keys))] - hits[start], -start, size)
                for size in sizes
                for start in range(max(1, len(words) - size + 1))
            ),
        )
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted)
        # Most words in common; then the length nearest the quotation's; then starting alike.
        best, best_score = (0, len(wanted)), (-1, 0, False)
        for _, negative_start, size in windows:
            start = -negative_start
            matcher.set_seq1(keys[start : start + size])
            common = sum(block.size for block in matcher.get_matching_blocks())
            aligned = keys[start] == wanted[0]
            if (score := (common, -abs(size - len(wanted)), aligned)) > best_score:
                best, best_score = (start, size), score
        start, size = best
        return " ".join(words[start : start + size])


def _parts(quoted_plain: str) -> list[tuple[str, bool]]:
    """The quotation's runs of words to find, each with whether an omission comes before it
    (any distance) or an editorial insertion (a few words at most)."""
    parts: list[tuple[str, bool]] = []
    after_omission = False
    pieces = _GAP.split(quoted_plain)
    # split() gives text, then the captured omission (or None for an insertion), then text...
    for index, piece in enumerate(pieces):
        if index % 2:
            after_omission = after_omission or piece is not None
            continue
        text = canonical(piece)
        if text:
            parts.append((text, after_omission))
            after_omission = False
    return parts


def _word_key(word: str) -> str:
    return word.strip("\"'.,;:!?()[]").lower()
