"""Every quotation in a Markdown body, and the citation that says whose words it holds.

A quotation is words in quote marks of any style (straight, curly, low-9, guillemets, single
quotes used as quote marks, and the same written as HTML entities), or a blockquote. The citation
that covers a quotation in quote marks is the first that follows it in its sentence, else the
last before it in its sentence; one in a footnote covers only the footnote. A blockquote is cut
at its citations: each covers the words since the one before. Words in quote marks with no
citation in their sentence, and a blockquote's words after its last citation, are an error: a
reader takes them for someone's words. Quote marks in code, in link addresses and in HTML tags
are not quotations.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from factcheck.citations import CITATION_PATTERN, CitationSyntaxError, Cite, parse_citation
from factcheck.errors import Lines
from factcheck.model import Claim, Document
from factcheck.quotemarks import QUOTED, words_span

_CITATION = re.compile(CITATION_PATTERN)
_NEAR = r"(?:(?!\n[ \t]*\n).){0,500}?"
"""A lazy run within one paragraph, and short: each unclosed opener scans at most this far, so
thousands of them stay quick; what is longer is read as prose, which is the strict side."""
_NOT_PROSE = re.compile(
    r"(?=[`<({])(?:(?<!`)(?P<ticks>`+)(?!`)" + _NEAR + r"(?<!`)(?P=ticks)(?!`)"
    r"|<!--(?!-?>)" + _NEAR + r"-->"
    r"|<(?P<hidden>script|style)(?=[\s>])" + _NEAR + r"</(?P=hidden)\s*>"
    r"|(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9]*)"
    r"(?:\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'=<>`]+))?)*\s*/?>)"
    r"|(?<=\])\((?:<[^<>\n]*>|[^\s()<>]+)(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\)"
    r"|\{:?[ \t]*(?:(?:[#.][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'{}]+))[ \t]*)+\}[ \t]*$)",
    re.MULTILINE,
)
"""What Markdown shows as no prose: code spans, comments, scripts and styles (removed from the
page), well-formed HTML tags, link addresses and attribute lists ending a line. Fenced code is found line by line
(:func:`_fences`). What only looks like these is read as prose, so its quote marks are checked."""
_FENCE = re.compile(r"^(?P<fence>~{3,}|`{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*)[ ]*$")
_HIDING_TAGS = {"q", "blockquote"}
_MARK_SIGNS = re.compile(
    r"(?=[\u2713\u2714\u2705\u2611\u221a\U0001f5f8&])(?:[\u2713\u2714\u2705\u2611\u221a\U0001f5f8]|&#0*1000[34];|&#x0*271[34];|&check(?:mark)?;)",
    re.IGNORECASE,
)
"""The build's sign of a checked quotation, and what a reader would take for it."""
_STRAY_MARK = re.compile(
    '(?=["&\u201c\u201d\u201e\u00ab\u00bb\u2033\u301d\u275d\u02ba\u05f4\u2e42\uff02\u300c\u300e])(?:(?<!\\d)"|[\u201c\u201d\u201e\u00ab\u00bb\u2033\u301d\u275d\u02ba\u05f4\u2e42\uff02\u300c\u300e]'
    "|&(?:quot|ldquo|rdquo|bdquo|laquo|raquo);|&#0*34;|&#x0*22;)",
    re.IGNORECASE,
)
"""A double quote mark (not an inch mark after a number) that opens or closes no quotation."""
_WORD = re.compile(r"\w")
_BLOCKQUOTE_PREFIX = re.compile(r"^(?:[ \t]*>[ ]?)+", re.MULTILINE)
"""A blockquote's line, also inside a list item or a footnote."""
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_BLOCK_START = re.compile(r"^(?: {0,3}#{1,6}(?:\s|$)|\[\^[^\]\n]+\]:|[ \t]*\|)")
"""A line that starts a block of its own: a heading, a footnote or a table row."""
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])\s")
"""A list item's first line, which starts a block only in a list: Markdown starts no list in
the middle of a paragraph."""
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019\u00bb)\]]*\s+")
_OPENING = "\"'\u201c\u2018\u00ab\u201e\u2039("
_LAST_WORD = re.compile(r"[\w.]*$")
_ABBREVIATIONS = frozenset(
    ("mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "prof", "pres", "sen", "gov",
     "rep", "capt", "maj", "adm", "inc", "corp", "ltd", "cf", "fig", "approx", "vs", "etc", "jan", "feb", "mar", "apr",
     "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "para", "paras", "p", "pp")
)  # fmt: skip
"""Words whose period does not end a sentence; nor does that of an abbreviation with periods
inside (``U.S.``, ``e.g.``), of an initial (``J. Smith``), or of ``No.`` before a number."""


@dataclass(frozen=True)
class Quote:
    """A quotation in a Markdown body, or in a claim's front matter."""

    line: int
    markdown: str
    """The quoted words as written, without the quote marks or the citation."""
    cites: tuple[Cite, ...]
    end: int
    """Where the verification mark goes in the body: after the citation when it follows the
    quotation at once, else after the closing quote mark; -1 for front matter."""
    citation_end: int
    """Where the citation that covers it ends in the body; -1 for front matter."""


@dataclass(frozen=True)
class Unattributed:
    """Words a reader takes for a quotation that no citation covers, or that the checks cannot
    see."""

    line: int
    message: str


def rendering_quotes(document: Document) -> list[Quote]:
    """The renderings a claim compares, each a quotation of its source; they stand in the front
    matter, so no mark goes into the body."""
    if not isinstance(document, Claim):
        return []
    return [
        Quote(
            rendering.line, rendering.text, (Cite(rendering.source_id, rendering.locator),), -1, -1
        )
        for comparison in document.comparisons
        for rendering in comparison.renderings
    ]


def find_quotes(body: str, first_line: int) -> tuple[list[Quote], list[Unattributed]]:
    """Every quotation in ``body`` (whose first line is file line ``first_line``), in order, and
    every quotation no citation covers."""
    prose, problems = _prose(body, first_line)
    found = _Found(body, prose, Lines(body, first_line), [], problems)
    for start, end, is_blockquote in _blocks(prose):
        (_blockquote if is_blockquote else _in_prose)(found, start, end)
    return sorted(found.quotes, key=lambda quote: (quote.end, quote.line)), found.problems


def prose_blocks(body: str) -> tuple[str, list[tuple[int, int, bool]]]:
    """``body`` with what is not prose blanked out, and its blocks (see :func:`_blocks`)."""
    prose = _prose(body, 1)[0]
    return prose, list(_blocks(prose))


@dataclass
class _Found:
    """What finding the quotations of one body reads, and what it has found so far."""

    body: str
    prose: str
    """The body with what is not prose blanked out (:func:`_prose`)."""
    lines: Lines
    quotes: list[Quote]
    problems: list[Unattributed]

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Unattributed(line, message))


def _prose(body: str, first_line: int) -> tuple[str, list[Unattributed]]:
    """The body with what is not prose blanked out (lines kept), and raw HTML that shows
    quotations the checks would not see, and a ✓ that a reader would take for the build's."""
    lines = Lines(body, first_line)
    problems = []

    def blank(match: re.Match[str]) -> str:
        opening = match["tag"] and not match["tag"].startswith("</")
        if opening and match["name"].lower() in _HIDING_TAGS:
            problems.append(
                Unattributed(
                    lines.at(match.start()),
                    f"raw HTML <{match['name']}> shows a quotation the checks cannot see; write "
                    "it in quote marks, or as a Markdown blockquote (> ...), with its citation",
                )
            )
        return re.sub(r"[^\n]", " ", match.group())

    prose = _NOT_PROSE.sub(blank, _fences(body))
    if sign := _MARK_SIGNS.search(prose):
        problems.append(
            Unattributed(
                Lines(body, first_line).at(sign.start()),
                f"{sign.group()} looks like ✓, the sign the build puts after a checked quotation; "
                "write “checked” instead, so no reader mistakes it for one",
            )
        )
    return prose, problems


def _fences(body: str) -> str:
    """The body with its fenced code blanked (lines kept): a fence opens with three or more
    backticks or tildes and an optional language, and closes with the same run, as Markdown's
    fenced code reads it; one never closed is prose."""
    lines = body.split("\n")
    opened: tuple[int, str] | None = None
    for number, line in enumerate(lines):
        fence = _FENCE.match(line)
        if opened is None and fence:
            opened = (number, fence["fence"])
        elif opened is not None and line.rstrip() == opened[1]:
            for inside in range(opened[0], number + 1):
                lines[inside] = " " * len(lines[inside])
            opened = None
    return "\n".join(lines)


def _blocks(prose: str) -> Iterator[tuple[int, int, bool]]:
    """``(start, end, is_blockquote)`` of each block of text: paragraphs, list items, headings,
    footnotes and blockquotes. A blockquote runs on to the next blank line, as Markdown reads
    its lazy lines, so none of its words goes unchecked."""
    start, in_quote, in_list, after_heading, offset = -1, False, False, False, 0
    for line in prose.split("\n"):
        quoted = _BLOCKQUOTE_PREFIX.match(line)
        item = _LIST_ITEM.match(line)
        begins: bool | None  # None: the line ends the block and begins none
        if not line.strip():
            begins, is_quote = None, False
        elif quoted:
            begins, is_quote = start < 0 or not in_quote, True
        elif in_quote and not _BLOCK_START.match(line):
            begins, is_quote = False, True  # a lazy line of the blockquote
        else:
            starts_one = after_heading or bool(_BLOCK_START.match(line)) or bool(item and in_list)
            begins, is_quote = start < 0 or in_quote or starts_one, False
        if begins is not False:
            if start >= 0:
                yield start, offset - 1, in_quote
            start = offset if begins else -1
            in_list = bool(item)
        in_quote = is_quote
        after_heading = bool(_HEADING.match(line))
        offset += len(line) + 1
    if start >= 0:
        yield start, len(prose), in_quote


def _blockquote(found: _Found, start: int, end: int) -> None:
    """The quotations of one blockquote: its words cut at each citation."""
    taken = start
    for citation in _CITATION.finditer(found.prose, start, end):
        words = _words_of_blockquote(found, taken, citation.start())
        cites = _cites(citation[1])
        if words and cites:
            line = found.lines.at(_first_word_at(found.prose, taken, end))
            found.quotes.append(
                Quote(line, _unwrapped(words), cites, citation.end(), citation.end())
            )
        taken = citation.end()
    if _words_of_blockquote(found, taken, end):
        found.problem(
            found.lines.at(_first_word_at(found.prose, taken, end)),
            "a blockquote is a quotation, and these words of it follow no citation; end "
            "them with the citation of whose words they are ([@source-id, para. N])",
        )


def _first_word_at(prose: str, start: int, end: int) -> int:
    """Where the first word between two offsets starts (past ``>`` marks and line breaks)."""
    return word.start() if (word := _WORD.search(prose, start, end)) else start


def _words_of_blockquote(found: _Found, start: int, end: int) -> str:
    """The blockquote's text between two offsets, without its ``>`` marks or blank lines; empty
    if it holds no word."""
    pieces = []
    line_start = found.prose.rfind("\n", 0, start) + 1
    while line_start < end:
        line_end = found.prose.find("\n", line_start)
        line_end = len(found.prose) if line_end < 0 else line_end
        prefix = _BLOCKQUOTE_PREFIX.match(found.prose, line_start, line_end)
        text_start = max(start, prefix.end() if prefix else line_start)
        piece = found.body[text_start : min(end, line_end)].strip()
        if piece:
            pieces.append(piece)
        line_start = line_end + 1
    text = "\n".join(pieces)
    return text if _WORD.search(text) else ""


def _unwrapped(words: str) -> str:
    """A blockquote's words without quote marks around the whole, when they hold no others."""
    if len(words) > 1 and words[0] in '"\u201c\u201e' and words[-1] in '"\u201d\u201c':
        inner = words[1:-1]
        if not any(mark in inner for mark in '"\u201c\u201d\u201e'):
            return inner
    return words


def _in_prose(found: _Found, start: int, end: int) -> None:
    """The quotations in quote marks of one block, each with the citation of its sentence."""
    prose, lines = found.prose, found.lines
    spans = list(QUOTED.finditer(prose, start, end))
    stray = _stray_mark(prose, start, end, spans)
    if stray is not None:
        found.problem(
            lines.counted_afresh(stray),
            "this quote mark opens or closes no quotation in its paragraph; close the "
            "quotation in the same paragraph (one of several paragraphs is a blockquote), "
            "or delete the mark",
        )
    if not spans:
        return
    citations = list(_CITATION.finditer(prose, start, end))
    sentences = _sentence_starts(prose, start, end, spans, citations)
    for span in spans:
        words_start, words_end = words_span(span)
        inside = _first_from(citations, span.start())
        if inside < len(citations) and citations[inside].end() <= span.end():
            found.problem(
                lines.at(citations[inside].start()),
                "a citation stands inside quote marks, where it reads as the source's "
                "words; put it after the closing quote mark",
            )
            continue
        citation = _covering(span, citations, sentences, end)
        if citation is None:
            found.problem(
                lines.at(span.start()),
                f"“{_shortened(found.body[words_start:words_end])}” is in quote marks but no "
                "citation in its sentence says whose words these are; cite the source in "
                "the same sentence ([@source-id, para. N]), or write the words without "
                "quote marks",
            )
            continue
        cites = _cites(citation[1])
        if not cites:
            continue  # validation reports the citation
        follows_at_once = not prose[span.end() : citation.start()].strip()
        mark_at = citation.end() if follows_at_once else span.end()
        markdown = found.body[words_start:words_end]
        found.quotes.append(Quote(lines.at(span.start()), markdown, cites, mark_at, citation.end()))


def _stray_mark(prose: str, start: int, end: int, spans: list[re.Match[str]]) -> int | None:
    """Where a double quote mark outside every quotation of a block stands, if one does: the
    quotation it opens runs on past the block, where no check would see it."""
    taken = start
    for span in [*spans, None]:
        stray = _STRAY_MARK.search(prose, taken, end if span is None else span.start())
        if stray is not None:
            return stray.start()
        taken = end if span is None else span.end()
    return None


def _first_from(citations: list[re.Match[str]], offset: int) -> int:
    """The index of the first citation starting at or after ``offset``."""
    return bisect.bisect_left(citations, offset, key=lambda citation: citation.start())


def _covering(
    span: re.Match[str], citations: list[re.Match[str]], sentences: list[int], end: int
) -> re.Match[str] | None:
    """The first citation after the quotation in its sentence, else the last before it there."""
    sentence = bisect.bisect_right(sentences, span.start())
    sentence_start = sentences[sentence - 1] if sentence else 0
    sentence_end = sentences[sentence] if sentence < len(sentences) else end
    after = _first_from(citations, span.end())
    if after < len(citations) and citations[after].start() < sentence_end:
        return citations[after]
    before = _first_from(citations, span.start()) - 1
    if before >= 0 and citations[before].start() >= sentence_start:
        return citations[before]
    return None


def _sentence_starts(
    prose: str, start: int, end: int, spans: list[re.Match[str]], citations: list[re.Match[str]]
) -> list[int]:
    """Where each sentence of the block after its first starts. A quotation reads as one word
    and a citation as space, except that a quotation ending a sentence (``"… back."``) ends
    the sentence it stands in, after any citation that follows it."""
    skeleton = list(prose[start:end])
    for span in spans:
        words_start, words_end = words_span(span)
        last = prose[words_start:words_end].rstrip()[-1:]
        length = span.end() - span.start()
        skeleton[span.start() - start : span.end() - start] = ["x"] * (length - 1) + [
            last if last in ".!?" else "x"
        ]
    for citation in citations:
        length = citation.end() - citation.start()
        skeleton[citation.start() - start : citation.end() - start] = [" "] * length
    text = "".join(skeleton)
    starts = []
    for boundary in _SENTENCE_END.finditer(text):
        following = text[boundary.end() : boundary.end() + 4].lstrip(_OPENING)
        if not following[:1].isupper() and not following[:1].isdigit():
            continue
        word = _LAST_WORD.search(text, max(0, boundary.start() - 40), boundary.start())
        before = word.group().lower() if word else ""
        initial = len(before) == 1 and text[boundary.start() - 1].isupper()
        numbered = before == "no" and following[:1].isdigit()
        if before in _ABBREVIATIONS or "." in before or initial or numbered:
            continue
        starts.append(start + boundary.end())
    return starts


def _shortened(text: str) -> str:
    return " ".join(text.split()[:8]) + (" …" if len(text.split()) > 8 else "")


def _cites(inside: str) -> tuple[Cite, ...]:
    try:
        return parse_citation(inside)
    except CitationSyntaxError:
        return ()  # reported by validation
