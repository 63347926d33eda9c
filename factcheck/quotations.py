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


def _entity(character: str, *names: str) -> str:
    """``character`` or an HTML entity for it, which Markdown shows as the character."""
    code = ord(character)
    forms = [re.escape(character), f"&#0*{code};", f"&#[xX]0*{code:x};", *(f"&{n};" for n in names)]
    return "(?:" + "|".join(forms) + ")"


_STRAIGHT, _LEFT, _RIGHT = (
    _entity('"', "quot"),
    _entity("\u201c", "ldquo"),
    _entity("\u201d", "rdquo"),
)
_DOUBLE_STYLES = [
    (f"{_STRAIGHT}|{_LEFT}", f"{_STRAIGHT}|{_RIGHT}"),
    (_entity("\u201e", "bdquo"), f"{_LEFT}|{_RIGHT}"),
    (_entity("\u00ab", "laquo"), _entity("\u00bb", "raquo")),
    (_entity("\u2039", "lsaquo"), _entity("\u203a", "rsaquo")),
    (_entity("\u2018", "lsquo"), _entity("\u2019", "rsquo") + r"(?![^\W\d_])"),
]
"""How a quotation opens and closes: straight and curly double quotes (mixed too), low-9 and
guillemets, and single curly quotes written as entities; a closing ``&rsquo;`` before a letter
is an apostrophe."""
_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a'


def _quoted(number: int, opening: str, closing: str) -> str:
    """A quotation in one style: its words, over several lines of a paragraph if need be, stop
    at any double quote mark, and so at the next quotation: each match is quick."""
    character = f"(?:(?!{closing})[^{_MARKS}\n])"
    return f"(?:{opening})(?P<text{number}>{character}+(?:\n{character}+)*)(?:{closing})"


_SINGLE = (
    "(?<![\\w'\u2018\u2019])['\u2018](?P<text_single>(?:[^\n'\u2018\u2019]"
    "|(?<=\\w)['\u2019](?=\\w))+)['\u2019]"
)
"""Single quotes used as quotation marks: after no letter, and holding apostrophes only between
letters (``'Serbia's defense industry'``)."""
_QUOTED = re.compile(
    "|".join([*(_quoted(n, o, c) for n, (o, c) in enumerate(_DOUBLE_STYLES)), _SINGLE])
)
_CITATION = re.compile(CITATION_PATTERN)
_NOT_PROSE = re.compile(
    r"^(?P<fence>```|~~~)[^\n]*\n.*?^(?P=fence)[ \t]*$|`[^`\n]*`|<!--.*?-->"
    r"|<(?P<hidden>script|style)\b.*?</(?P=hidden)\s*>|\{[ \t]*:?[ \t]*[#.][^{}\n]*\}"
    r"|(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>)"
    r"|(?<=\])\((?:[^()\n\"]|\"[^\"\n]*\")*\)|^ {0,3}\[(?!\^)[^\]\n]+\]:[^\n]*$",
    re.MULTILINE | re.DOTALL,
)
"""What Markdown does not show as prose: code, comments, scripts and styles (removed from the
page), attribute lists, HTML tags, link addresses and link definitions (not footnotes). Their
quote marks are not quotations."""
_HIDING_TAGS = {"q", "blockquote"}
_BLOCKQUOTE_PREFIX = re.compile(r"^(?: {0,3}>[ ]?)+", re.MULTILINE)
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_BLOCK_START = re.compile(r"^(?: {0,3}(?:#{1,6}(?:\s|$)|[-+*]\s|\d{1,9}[.)]\s)|\[\^[^\]\n]+\]:)")
"""A line that starts a block of its own: a heading, a list item or a footnote."""
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019\u00bb)\]]*\s+")
_OPENING = "\"'\u201c\u2018\u00ab\u201e\u2039("
_LAST_WORD = re.compile(r"[\w.]*$")
_ABBREVIATIONS = frozenset(
    ("mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "prof", "no", "vs", "e.g", "i.e",
     "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
     "para", "paras", "p", "pp")
)  # fmt: skip
"""Words whose period does not end a sentence; so does a single letter's (``U.S.``)."""


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
    prose, problems = _prose(body, Lines(body, first_line))
    lines = Lines(body, first_line)
    quotes: list[Quote] = []
    for start, end, is_blockquote in _blocks(prose):
        if is_blockquote:
            _blockquote(body, prose, start, end, lines, quotes, problems)
        else:
            _in_prose(body, prose, start, end, lines, quotes, problems)
    return sorted(quotes, key=lambda quote: (quote.end, quote.line)), problems


def _prose(body: str, lines: Lines) -> tuple[str, list[Unattributed]]:
    """The body with what is not prose blanked out (lines kept), and raw HTML that shows
    quotations the checks would not see."""
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

    return _NOT_PROSE.sub(blank, body), problems


def _blocks(prose: str) -> Iterator[tuple[int, int, bool]]:
    """``(start, end, is_blockquote)`` of each block of text: paragraphs, list items, headings,
    footnotes and blockquotes (with their lazy continuation lines)."""
    start, in_quote, after_empty_quote_line, after_heading, offset = -1, False, False, False, 0
    for line in prose.split("\n"):
        quoted = _BLOCKQUOTE_PREFIX.match(line)
        begins: bool | None  # None: the line ends the block and begins none
        if not line.strip():
            begins, is_quote = None, False
        elif quoted:
            begins, is_quote = start < 0 or not in_quote, True
        elif in_quote and not after_empty_quote_line and not _BLOCK_START.match(line):
            begins, is_quote = False, True  # a lazy continuation of the blockquote's paragraph
        else:
            begins = start < 0 or in_quote or after_heading or bool(_BLOCK_START.match(line))
            is_quote = False
        if begins is not False:
            if start >= 0:
                yield start, offset - 1, in_quote
            start = offset if begins else -1
        in_quote = is_quote
        after_empty_quote_line = quoted is not None and not line[quoted.end() :].strip()
        after_heading = bool(_HEADING.match(line))
        offset += len(line) + 1
    if start >= 0:
        yield start, len(prose), in_quote


def _blockquote(
    body: str,
    prose: str,
    start: int,
    end: int,
    lines: Lines,
    quotes: list[Quote],
    problems: list[Unattributed],
) -> None:
    """The quotations of one blockquote: its words cut at each citation."""
    taken = start
    for citation in _CITATION.finditer(prose, start, end):
        words = _words_of_blockquote(body, prose, taken, citation.start())
        cites = _cites(citation[1])
        if words and cites:
            at = taken + len(prose[taken:end]) - len(prose[taken:end].lstrip())
            quotes.append(
                Quote(lines.at(at), _unwrapped(words), cites, citation.end(), citation.end())
            )
        taken = citation.end()
    if _words_of_blockquote(body, prose, taken, end):
        at = taken + len(prose[taken:end]) - len(prose[taken:end].lstrip())
        problems.append(
            Unattributed(
                lines.at(at),
                "a blockquote is a quotation, and these words of it follow no citation; end "
                "them with the citation of whose words they are ([@source-id, para. N])",
            )
        )


def _words_of_blockquote(body: str, prose: str, start: int, end: int) -> str:
    """The blockquote's text between two offsets, without its ``>`` marks or blank lines; empty
    if it holds no word."""
    pieces = []
    line_start = prose.rfind("\n", 0, start) + 1
    while line_start < end:
        line_end = prose.find("\n", line_start)
        line_end = len(prose) if line_end < 0 else line_end
        prefix = _BLOCKQUOTE_PREFIX.match(prose, line_start, line_end)
        text_start = max(start, prefix.end() if prefix else line_start)
        piece = body[text_start : min(end, line_end)].strip()
        if piece:
            pieces.append(piece)
        line_start = line_end + 1
    text = "\n".join(pieces)
    return text if re.search(r"\w", text) else ""


def _unwrapped(words: str) -> str:
    """A blockquote's words without quote marks around the whole, when they hold no others."""
    if len(words) > 1 and words[0] in '"\u201c\u201e' and words[-1] in '"\u201d\u201c':
        inner = words[1:-1]
        if not any(mark in inner for mark in _MARKS):
            return inner
    return words


def _in_prose(
    body: str,
    prose: str,
    start: int,
    end: int,
    lines: Lines,
    quotes: list[Quote],
    problems: list[Unattributed],
) -> None:
    """The quotations in quote marks of one block, each with the citation of its sentence."""
    spans = list(_QUOTED.finditer(prose, start, end))
    if not spans:
        return
    citations = list(_CITATION.finditer(prose, start, end))
    sentences = _sentence_starts(prose, start, end, spans, citations)
    for span in spans:
        words_start, words_end = _words(span)
        inside = _first_from(citations, span.start())
        if inside < len(citations) and citations[inside].end() <= span.end():
            problems.append(
                Unattributed(
                    lines.at(citations[inside].start()),
                    "a citation stands inside quote marks, where it reads as the source's "
                    "words; put it after the closing quote mark",
                )
            )
            continue
        citation = _covering(span, citations, sentences, end)
        if citation is None:
            problems.append(
                Unattributed(
                    lines.at(span.start()),
                    f"“{_shortened(body[words_start:words_end])}” is in quote marks but no "
                    "citation in its sentence says whose words these are; cite the source in "
                    "the same sentence ([@source-id, para. N]), or write the words without "
                    "quote marks",
                )
            )
            continue
        cites = _cites(citation[1])
        if not cites:
            continue  # validation reports the citation
        follows_at_once = not prose[span.end() : citation.start()].strip()
        mark_at = citation.end() if follows_at_once else span.end()
        markdown = body[words_start:words_end]
        quotes.append(Quote(lines.at(span.start()), markdown, cites, mark_at, citation.end()))


def _words(span: re.Match[str]) -> tuple[int, int]:
    """Where a quotation's words stand, inside its quote marks."""
    name = next(name for name, words in span.groupdict().items() if words is not None)
    return span.span(name)


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
    prose: str,
    start: int,
    end: int,
    spans: list[re.Match[str]],
    citations: list[re.Match[str]],
) -> list[int]:
    """Where each sentence of the block after its first starts. A quotation reads as one word
    and a citation as space, except that a quotation ending a sentence (``"… back."``) ends
    the sentence it stands in, after any citation that follows it."""
    skeleton = list(prose[start:end])
    for span in spans:
        words_start, words_end = _words(span)
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
        if before in _ABBREVIATIONS or len(before.rsplit(".", 1)[-1]) == 1:
            continue
        starts.append(start + boundary.end())
    return starts


def _shortened(text: str) -> str:
    words = text.split()
    return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


def _cites(inside: str) -> tuple[Cite, ...]:
    try:
        return parse_citation(inside)
    except CitationSyntaxError:
        return ()  # reported by validation
