"""Render Markdown bodies to HTML, turning citations into numbered references."""

from __future__ import annotations

import html.parser
import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Protocol

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from factcheck.citations import CITATION_PATTERN, CitationSyntaxError, Cite, parse_citation
from factcheck.cputime import cpu_time_limit
from factcheck.errors import ContentError
from factcheck.paths import source_path
from factcheck.reserved import RESERVED_CHARACTERS
from factcheck.stored import paragraph_anchor
from factcheck.typography import typographic_html

EXTENSIONS = ["footnotes", "tables", "toc", "fenced_code", "sane_lists", "attr_list"]

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "li": {"value"},
    "time": {"datetime"},
}
"""What rendered Markdown may contain: no scripts, styles, frames or forms, no event handlers,
and no ``<q>``, whose quote marks a stylesheet draws where the quotation checks cannot see them."""
MARKDOWN_CLASSES = {
    "div": {"footnote", "toc"},
    "a": {"footnote-ref", "footnote-backref"},
    "span": {"link-without-address"},
}
"""The only classes a body's HTML keeps: those Markdown's extensions make. A class written in
raw HTML or an attribute list could dress words as a verification mark, or hide them."""
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
"""Relative links stay; ``javascript:``, ``data:`` and every other scheme are removed."""


@dataclass(frozen=True)
class Reference:
    """One entry of a document's reference list: a source, every locator cited, and the marks
    in the text that point to it (for back-links)."""

    number: int
    source_id: str
    locators: tuple[str, ...]
    marks: tuple[str, ...]


@dataclass(frozen=True)
class QuoteMark:
    """The mark put after a checked quotation: a link to the passage on the source's page, or a
    note that the source has no stored text to check it against."""

    source_path: str
    """The site path of the source's page, such as ``sources/moscow-times-2025-05-29/``."""
    anchor: str | None
    """The passage's id on that page; None when the quotation could not be checked."""
    said: str
    """What the mark says, in the page's language: that the quotation was checked (beside the
    tick, for screen readers), what it altered (``✓ checked: 1 omission``), or that it could
    not be checked."""
    altered: bool = False


_OPEN, _CLOSE = RESERVED_CHARACTERS[0], RESERVED_CHARACTERS[1]
_TOKEN = _OPEN + "{}{}" + _CLOSE
_TOKENS = re.compile(_OPEN + r"(?P<kind>[CQLE])(?P<number>\d+)" + _CLOSE)
"""Citations (C), quotation marks (Q), and the start (L) and end (E) of quoted words in another
language than the page's stand in the text as characters content may not hold while Markdown
runs."""
_TAG_OR_TOKEN = re.compile(
    r'(?P<tag><[^<>"]*(?:"[^"]*"[^<>"]*)*>)'
    + "|" + _OPEN + r"C(?P<citation>\d+)" + _CLOSE + "(?:" + _OPEN + r"Q(?P<mark>\d+)" + _CLOSE + ")?"
    + "|" + _OPEN + r"Q(?P<alone>\d+)" + _CLOSE
    + "|" + _OPEN + r"L(?P<language>\d+)" + _CLOSE + "|" + _OPEN + r"(?P<end>E)\d+" + _CLOSE
)  # fmt: skip
"""A tag of cleaned HTML (whose attribute values are quoted, with ``"`` escaped); a citation,
with the mark of the quotation it covers where that follows it at once; a quotation's mark
alone (only a citation takes the mark after it: a mark after a mark is a mark of its own); the
start or end of quoted words in another language."""
_CITATION = re.compile(CITATION_PATTERN)


@dataclass(frozen=True)
class RenderedBody:
    html: str
    references: tuple[Reference, ...]


@dataclass
class _ReferenceList:
    """Numbers sources in the order a document first cites them."""

    entries: dict[str, tuple[int, list[str], list[str]]] = field(default_factory=dict)

    def cite(self, source_id: str, locator: str | None) -> tuple[int, str]:
        number, locators, marks = self.entries.setdefault(
            source_id, (len(self.entries) + 1, [], [])
        )
        if locator and locator not in locators:
            locators.append(locator)
        marks.append(f"cite-{number}-{len(marks) + 1}")
        return number, marks[-1]

    def references(self) -> tuple[Reference, ...]:
        return tuple(
            Reference(number, source_id, tuple(sorted(locators, key=_natural)), tuple(marks))
            for source_id, (number, locators, marks) in self.entries.items()
        )


def _natural(locator: str) -> list[str | int]:
    """Sort key putting ``para. 2`` before ``para. 10``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", locator)]


class _AddresslessLinkProcessor(Treeprocessor):
    """Turns a link with no address (``[text](#)``, as copies of articles keep lost links) into
    plain text, so a reader is never sent nowhere."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            if element.get("href", "").strip() in ("", "#"):
                element.tag = "span"
                element.attrib.clear()
                element.set("class", "link-without-address")


class _AddresslessLinks(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_AddresslessLinkProcessor(md), "addressless_links", 1)


BodyKey = tuple[str, tuple[tuple[int, QuoteMark], ...], str]


class KeptBodies(Protocol):
    """Where rendered bodies are kept between builds (:class:`factcheck.bodies.BodyStore`)."""

    def get(self, key: BodyKey) -> RenderedBody | None: ...

    def put(self, key: BodyKey, body: RenderedBody) -> None: ...


MARKDOWN_SECONDS = 5.0
"""The longest Python-Markdown may take over one body. A body of ordinary text converts in
milliseconds (a 2 MB one in about a second), but some shapes take it quadratic time or worse:
thousands of tags, links or footnote references in one paragraph ran for minutes. Past this,
the body is refused (:class:`SlowMarkdown`) rather than hold up the build."""


class SlowMarkdown(Exception):
    """Python-Markdown took longer than :data:`MARKDOWN_SECONDS` over a body, or recursed
    too deep in it."""

    MESSAGE = (
        f"Markdown took over {MARKDOWN_SECONDS:.0f} s on this text, or found it nested too deep, "
        "which no fact check needs: look for thousands of tags, links, emphasis marks, footnote "
        "references, brackets or list levels in one paragraph, and simplify or split it"
    )

    @classmethod
    def at(cls, path: object, line: int) -> ContentError:
        """The error for the text starting at ``path:line`` that took too long."""
        return ContentError(str(path), line, cls.MESSAGE)


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*EXTENSIONS, _AddresslessLinks()], output_format="html")


class MarkdownRenderer:
    """Renders one document at a time with a single reused Markdown instance (reset in between,
    so footnotes and references never leak from one document into the next), and sanitises the
    HTML with an allowlist, since bodies come from many hands."""

    def __init__(self, bodies: KeptBodies | None = None) -> None:
        self._bodies = bodies
        self._markdown = _new_markdown()

    def render(
        self,
        text: str,
        marks: Sequence[tuple[int, QuoteMark]] = (),
        root: str = "",
        languages: Sequence[tuple[int, int, str]] = (),
    ) -> RenderedBody:
        """Render one body, putting each ``(offset, mark)`` of ``marks`` at that offset of the
        text, with links relative to ``root`` (the way from the page to the site's root); each
        ``(start, end, language)`` of ``languages`` marks quoted words in another language.

        Citations and marks become tokens that Markdown passes through as plain text, and their
        HTML replaces the tokens afterwards: as inline elements they made long paragraphs many
        times slower to convert. With kept ``bodies``, a body rendered before is not converted again.
        """
        key = (text, tuple(marks), root, *((tuple(languages),) if languages else ()))
        if self._bodies is not None and (cached := self._bodies.get(key)) is not None:
            return cached
        tokens = [(offset, _TOKEN.format("Q", number)) for number, (offset, _) in enumerate(marks)]
        for number, (start, end, _) in enumerate(languages):
            tokens += [(start, _TOKEN.format("L", number)), (end, _TOKEN.format("E", number))]
        pieces, start = [], 0  # joined once: slicing the text anew for each mark was quadratic
        for offset, token in sorted(tokens, key=lambda item: item[0]):
            pieces += [text[start:offset], token]
            start = offset
        marked = "".join([*pieces, text[start:]])
        references = _ReferenceList()
        citations: list[str] = []
        """The inside of each citation's brackets."""

        def cite(match: re.Match[str]) -> str:
            try:
                cites = parse_citation(match.group(1))
            except CitationSyntaxError:
                return match.group()  # validation has reported it; the text stays as written
            citations.append(_citation_html(cites, references, root))
            return _TOKEN.format("C", len(citations) - 1)

        marked = _CITATION.sub(cite, marked)
        self._markdown.reset()
        try:
            with cpu_time_limit(MARKDOWN_SECONDS, SlowMarkdown):
                converted = self._markdown.convert(marked)
        except (SlowMarkdown, RecursionError):  # too slow, or nested too deep for Python
            self._markdown = _new_markdown()  # cut off mid-way: its state cannot be trusted
            raise SlowMarkdown from None
        mark_html = [_mark_html(mark, root) for _, mark in marks]

        def expand(match: re.Match[str]) -> str:
            if match["tag"]:  # a citation in an attribute (a link's title) is left out
                return _TOKENS.sub("", match["tag"])
            if match["language"]:
                return f'<span lang="{escape(languages[int(match["language"])][2])}">'
            if match["end"]:
                return "</span>"
            if match["alone"]:  # a quotation no citation covers just before it
                return f'<span class="citation">[{mark_html[int(match["alone"])]}]</span>'
            folded = "" if match["mark"] is None else " " + mark_html[int(match["mark"])]
            return f'<span class="citation">[{citations[int(match["citation"])]}{folded}]</span>'

        clean = nh3.clean(
            converted,
            tags=ALLOWED_TAGS,
            clean_content_tags={"script", "style"},
            attributes=ALLOWED_ATTRIBUTES,
            allowed_classes=MARKDOWN_CLASSES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel=None,
        )
        # The content is cleaned first and the build's own HTML put in afterwards, so the
        # allowlist cannot strip its classes, nor content borrow them. Its prose is set
        # typographically before, with fewer tags to pass over.
        html = _TAG_OR_TOKEN.sub(expand, typographic_html(clean))
        rendered = RenderedBody(html, references.references())
        if self._bodies is not None:
            self._bodies.put(key, rendered)
        return rendered


def _citation_html(cites: tuple[Cite, ...], references: _ReferenceList, root: str) -> str:
    """The inside of a citation's brackets: each source's number, with its locator."""
    parts = []
    for cite in cites:
        number, mark = references.cite(cite.source_id, cite.locator)
        locator = f", {escape(cite.locator)}" if cite.locator else ""
        if anchor := paragraph_anchor(cite.locator):  # checked to be in the stored text
            href = escape(f"{root}{source_path(cite.source_id)}#{anchor}")
            locator = f', <a href="{href}">{escape(cite.locator or "")}</a>'
        parts.append(f'<a href="#ref-{number}" id="{mark}">{number}</a>{locator}')
    return "; ".join(parts)


def _mark_html(mark: QuoteMark, root: str) -> str:
    """The mark of a checked quotation, inside the brackets of the citation covering it: a tick
    linking to the passage in the source (named in words for screen readers), what the
    quotation altered in words, or that it could not be checked, in words."""
    said = escape(mark.said)
    if mark.anchor is None:
        return f'<span class="quote-mark unverified">{said}</span>'
    href = escape(f"{root}{mark.source_path}#{mark.anchor}")
    if mark.altered:
        return f'<a class="quote-mark verified altered" href="{href}">{said}</a>'
    hidden = f'<span class="visually-hidden"> {said}</span>'
    return f'<a class="quote-mark verified" href="{href}">✓{hidden}</a>'


class _TextExtractor(html.parser.HTMLParser):
    _BLOCKS = frozenset(
        {"p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "div"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html_text: str) -> str:
    """What a reader reads in some HTML: its text, blocks on lines of their own."""
    extractor = _TextExtractor()
    extractor.feed(html_text)
    extractor.close()
    return "".join(extractor.parts)
