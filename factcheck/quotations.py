"""Every quotation in a Markdown body, and the citation that says whose words it holds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.citations import CITATION_PATTERN, CitationSyntaxError, Cite, parse_citation
from factcheck.errors import Lines
from factcheck.model import Claim, Document

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


@dataclass(frozen=True)
class Quote:
    """A quotation in a Markdown body."""

    line: int
    markdown: str
    """The quoted words as written, without the quote marks or the citation."""
    cites: tuple[Cite, ...]
    end: int
    """Where the citation ends in the body: the verification mark goes there."""


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
