"""A body's words as a reader sees them, without its Markdown: what search finds and quotes from.

Headings are left out (every claim has "Our verdict"; they would match everywhere), citations
too (a source's id is no word of the text), and a link keeps its words, not its address.
"""

from __future__ import annotations

import re

from factcheck.citations import CITATION_PATTERN

_DROPPED = re.compile(
    rf"[ \t]*{CITATION_PATTERN}"  # a citation, with the space before it
    r"|^[ \t]*#{1,6}[ \t].*$"  # a heading
    r"|^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+"  # a list item's marker
    r"|^[ \t]*>[ \t]?"  # a block quotation's marker
    r"|<[A-Za-z/!?][^>\n]*>",  # raw HTML's tags
    re.MULTILINE,
)
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\s]*(?:\s+\"[^\"\n]*\")?\)")
"""A link or image: its words stay, its address goes."""
_EMPHASIS = re.compile(
    r"(?<![\w\\])(\*{1,3}|_{1,3}|`+)(?=\S)|(?<=[^\s\\])(\*{1,3}|_{1,3}|`+)(?![\w])"
)
"""Emphasis and code markers at a word's edge (an underscore inside a word is a letter)."""
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
_SPACE = re.compile(r"\s+")


def plain_text(markdown: str) -> str:
    """The words of a Markdown body, in one line."""
    text = _DROPPED.sub("", markdown)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    return _SPACE.sub(" ", text).strip()
