"""Our own prose set in typographic punctuation: curly quote marks and apostrophes,
an en dash for ``--``, an em dash for ``---``, an ellipsis for ``...``.

One rule, for rendered bodies (:func:`typographic_html`, which leaves code as written) and for
the text of front matter and settings that readers read (:func:`typographic`: titles,
summaries, notes). Stored source text, names, and what is given to machines (ClaimReview, the
open data) stay as written. The quotation checks compare quote marks, apostrophes and dashes of
any style as the same (:mod:`factcheck.matching`), so a quotation set this way still reads as
the source's words.

What the quotation checks do not read as quote marks (:mod:`factcheck.quotemarks`) is not set as
a pair of curly ones: a doubled single quote stays, an apostrophe before a year (``'90s``) is
one. Words that are web or e-mail addresses, and the text of code, stay as written.

Python-Markdown's smarty extension follows much the same rules, but took as long as the rest of
Markdown together over a claim's body (8.4 ms instead of 4.0 ms); this adds about 0.2 ms, and
takes time in proportion to the text.
"""

from __future__ import annotations

import functools
import re

_MARKS = re.compile(r"(?=[-.'\"])(?:(?<!-)---(?!-)|(?<!-)--(?!-)|(?<!\.)\.\.\.(?!\.)|''|['\"])")
"""What is set: two or three hyphens (not a longer rule), three dots, straight quote marks; a
doubled single quote is matched to be kept. (The lookahead first lets the search pass over other
characters three times as fast.)"""
_RUNS = {"---": "\u2014", "--": "\u2013", "...": "\u2026", "''": "''"}
_OPENING_AFTER = frozenset("([{<-/\u2013\u2014\u2018\u201a\u201c\u201e\u00ab")
"""What a quote mark opens after, besides a space and the start of a text: an opening bracket,
a dash or slash, an opening quote mark (``"'Quoted' words"``)."""
_CLOSING_BEFORE = frozenset(".,;:!?)]}\u2026")
"""What a quote mark closes before, besides a space and the end of a text (``"I was going
to--" she said``)."""
_YEAR = re.compile(r"\d\ds?\b")
"""What follows an apostrophe that stands for a century (``'90s``, ``'25``)."""
_ADDRESS = re.compile(r"://|@|www\.")
"""What makes a word a web or e-mail address."""
_WORDS = re.compile(r"(\s+)")


def _setting(mark: str, before: str, after: str | None) -> str:
    """How ``mark`` is set between the characters ``before`` ("" at the start of a text) and
    ``after`` (the text after it, "" at the end of a text; None where a tag follows and what comes
    after that is not known here)."""
    if mark in _RUNS:
        return _RUNS[mark]
    opens = not before or before.isspace() or before in _OPENING_AFTER
    next_one = after[:1] if after is not None else None
    closes = next_one is not None and (
        not next_one or next_one.isspace() or next_one in _CLOSING_BEFORE
    )
    if mark == '"':
        return "\u201c" if opens and not closes else "\u201d"
    if before.isalnum() or (after is not None and _YEAR.match(after)):
        return "\u2019"  # an apostrophe (Serbia's, don't, '90s) or a closing mark
    return "\u2018" if opens and not closes else "\u2019"


def _set(text: str, before: str, ends: bool) -> str:
    """``text`` set, after the character ``before``; ``ends`` says whether the text ends there
    (rather than going on after a tag). Web and e-mail addresses are left as they are."""
    if not _ADDRESS.search(text):
        return _set_marks(text, before, ends)
    pieces = _WORDS.split(text)  # words and the spaces between them
    for index, piece in enumerate(pieces):
        if index % 2 == 0 and piece and not _ADDRESS.search(piece):
            pieces[index] = _set_marks(piece, before, ends or index + 1 < len(pieces))
        before = pieces[index][-1:] or before
    return "".join(pieces)


def _set_marks(text: str, before: str, ends: bool) -> str:
    last_end, last = -1, ""

    def set_one(match: re.Match[str]) -> str:
        nonlocal last_end, last
        start, end = match.span()
        previous = last if start == last_end else (text[start - 1] if start else before)
        if previous == ";" and text.endswith("&nbsp;", 0, start):
            previous = " "  # a space written as HTML
        after = text[end : end + 4] if end < len(text) or ends else None
        last_end, last = end, _setting(match[0], previous, after)
        return last

    return _MARKS.sub(set_one, text)


def typeset(text: str) -> str:
    """Plain ``text`` set typographically."""
    return _set(text, "", True)


typographic = functools.lru_cache(maxsize=100_000)(typeset)
"""Short plain text (a title, a summary) set typographically, cached: a title is shown on its
page and on every list it is on, and a site of 10,000 claims has some 20,000 of them."""


_TAG = re.compile(r'(<(/?)([A-Za-z][A-Za-z0-9]*)(?:[^<>"]|"[^"]*")*>)')
"""A tag of cleaned HTML (its attribute values quoted, their < and > escaped), with whether it
closes and its name."""
_CODE = frozenset(["code", "kbd", "samp", "pre", "script", "style"])
"""Elements whose text is shown as written."""
_INLINE = frozenset(
    ["a", "abbr", "b", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s",
     "samp", "small", "span", "strong", "sub", "sup", "time", "u"]
)  # fmt: skip
"""Tags inside a run of text: a quote mark after ``</em>`` closes. Any other tag starts a text
of its own (a paragraph, a list item, a cell)."""


def typographic_html(html: str) -> str:
    """The text of ``html`` set typographically; tags, attributes and the text of code elements
    (whatever tags they hold) left as they are."""
    parts = _TAG.split(html)  # text, then each tag as (tag, "/" or "", name) and the text after
    before, in_code = "", 0
    for index in range(0, len(parts), 4):
        text = parts[index]
        closing, name = (
            (parts[index + 2], parts[index + 3].lower()) if index + 3 < len(parts) else ("", "")
        )
        if text and not in_code:
            parts[index] = text = _set(text, before, name not in _INLINE)
        before = text[-1:] or before
        if name in _CODE:
            in_code = max(0, in_code + (-1 if closing else 1))
        if name and name not in _INLINE:
            before = ""
    return "".join(parts[index] for index in range(len(parts)) if index % 4 < 2)
