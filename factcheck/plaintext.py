"""A body's words as a reader sees them, without its Markdown: what search finds and quotes from.

Headings are left out (every claim has "Our verdict"; they would match everywhere), citations
too (a source's id is no word of the text), and a link keeps its words, not its address.
"""

from __future__ import annotations

import re

from factcheck.citations import CITATION_PATTERN

_DROPPED = re.compile(
    # Every match starts with one of these: the look ahead fails every other place at once,
    # where trying each alternative there took most of the time (2.5 times as long).
    r"(?=[ \t\[#<>*+\-]|\d)(?:"
    rf"[ \t]?{CITATION_PATTERN}"  # a citation, with a space before it (one: a run of spaces
    # tried at each of its places would take time growing with its square)
    r"|^[ \t]*#{1,6}[ \t].*$"  # a heading
    r"|^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+"  # a list item's marker
    r"|^[ \t]*>[ \t]?"  # a block quotation's marker
    r"|<[A-Za-z/!?][^<>\n]*>)",  # raw HTML's tags (a tag holds no <, so a failed one stops there)
    re.MULTILINE,
)
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\s]*(?:\s+\"[^\"\n]*\")?\)")
"""A link or image: its words stay, its address goes."""
_MARKERS = str.maketrans("", "", "*`")
"""Emphasis and code markers, dropped wherever they are: prose has no other use for them."""
_UNDERSCORES = re.compile("_+")
"""Underscores, dropped where they mark emphasis (at a word's edge), kept inside a word."""
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")


def plain_text(markdown: str) -> str:
    """The words of a Markdown body, in one line."""
    text = _DROPPED.sub("", markdown)
    text = _LINK.sub(r"\1", text)
    text = _UNDERSCORES.sub(_emphasis_dropped, text.translate(_MARKERS))
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(text.split())


def _emphasis_dropped(run: re.Match[str]) -> str:
    text, start, end = run.string, run.start(), run.end()
    inside_a_word = (
        start > 0 and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()
    )
    return run[0] if inside_a_word else ""
