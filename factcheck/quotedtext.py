"""What a quotation may be written as: the source's words as plain text, with ``...`` for
omissions and ``[brackets]`` for insertions.

A quotation is rendered as it is in the page; Markdown or HTML that makes more than plain text of
it (a link, emphasis, a footnote reference, a tag) could hide, restyle or stand in for the
source's words, so it is a misquotation, named for what it made.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from factcheck.markup import plain_text
from factcheck.matching import Misquote

_DEFINED = re.compile(r"^[ \t>]*\[([^\]\n]+)\]:", re.MULTILINE)
"""What may be a link or footnote definition, also inside a list item or a blockquote."""
_BRACKET = re.compile(r"\[([^\[\]\n]*)\]")
_RAW_HTML = re.compile(r"<[A-Za-z/!?]")
_BLOCK_SYNTAX = re.compile(r"^(\s*(?:\d{1,9})?)([-+*#>.)])")
_NOT_PLAIN = (
    "the quotation holds {made}, and a quotation holds only the source's words as plain text, "
    "with ... for omissions and [brackets] for insertions; take it out"
)
_TAG = re.compile(r"<(?!/?p>)/?(?P<name>[A-Za-z][A-Za-z0-9]*)")
_MADE_BY = {
    "a": "a link", "em": "emphasis", "strong": "emphasis", "img": "an image", "code": "code",
    "sup": "a footnote reference", "br": "a line break", "span": "HTML <span>",
}  # fmt: skip


def link_labels(body: str) -> set[str]:
    """The names of the link and footnote definitions in ``body``, as Markdown compares them."""
    return {_label(name) for name in _DEFINED.findall(body)}


def quoted_text(markdown: str, to_html: Callable[[str], str], labels: set[str]) -> str:
    """The text a reader reads in the quotation ``markdown``, rendered by ``to_html`` as it is in
    the page; Misquote if it holds more than plain words, among them a bracket that the link
    definitions named ``labels`` (:func:`link_labels`) make a link. ``to_html`` may raise
    SlowMarkdown."""
    _check_markup(markdown, labels)
    return _plain(to_html(_inline(markdown)))


def _label(name: str) -> str:
    """A link definition's name as Markdown compares them: case and spacing aside."""
    return " ".join(name.lower().split())


def _check_markup(markdown: str, defined: set[str]) -> None:
    """Misquote for raw HTML in a quotation (a stray ``</s>`` closes what the page opened
    before it), for a footnote reference, and for a bracket that is the name of a link
    definition in the body (Markdown shows it as a link, without its brackets)."""
    if _RAW_HTML.search(markdown):
        raise Misquote(_NOT_PLAIN.format(made="raw HTML"))
    for bracket in _BRACKET.finditer(markdown):
        if bracket[1].startswith("^"):
            raise Misquote(_NOT_PLAIN.format(made="a footnote reference"))
        if _label(bracket[1]) in defined:
            raise Misquote(
                _NOT_PLAIN.format(made=f"[{bracket[1]}], which a link definition makes a link")
            )


def _inline(markdown: str) -> str:
    """A quotation's Markdown, rendered on its own as the inline text it is in the page: a
    first word that would start a list or a heading there (``- 10,242``) is kept as text."""
    return _BLOCK_SYNTAX.sub(lambda start: start[1] + "\\" + start[2], markdown, count=1)


def _plain(html: str) -> str:
    """The text a reader reads in a quotation's HTML; Misquote if Markdown or HTML in it made
    more than paragraphs of plain text, which could hide, restyle or stand in for words."""
    inner = html[3:-4]
    if html.startswith("<p>") and html.endswith("</p>") and not any(c in inner for c in "<&"):
        return inner.strip()  # plain words, as most quotations are: no need to parse
    tag = _TAG.search(html)
    if tag is not None:
        name = tag["name"].lower()
        made = _MADE_BY.get(name, f"HTML <{name}>")
        raise Misquote(_NOT_PLAIN.format(made=made))
    return plain_text(html).strip()
