"""Where a body quotes words in another language than its page's (an English report quoted in a
Serbian analysis), so that the page marks them with their own (``lang``) and a screen reader
reads them as written."""

from __future__ import annotations

import re

from factcheck.citations import CITATION_PATTERN
from factcheck.quotemarks import QUOTED, words_span
from factcheck.verbatim import quoted_spans

_CITATION = re.compile(CITATION_PATTERN)
_MARKDOWN_INSIDE = re.compile(r"[*_`\[\]<>&\\]|\n[ \t>]*\n")
"""What quoted words marked as a whole may not hold: Markdown whose elements could cross the
mark's (emphasis, a link, raw HTML), or a paragraph break."""
_OPENING_MARKS = frozenset("\"'\u201c\u201e\u2018\u00ab")
"""A quote mark that opens quoted words: it stays outside the mark, set in the page's
typography, which sets a straight one by what stands before it."""
_BLOCKQUOTE_LEAD = re.compile(r"(?:[\s>]|\])*")
"""What comes before a blockquote's words: its ``>`` marks and line breaks, and the end of the
citation before them."""


def quoted_in_other_languages(
    body: str, quoted: list[tuple[str, int, str]]
) -> list[tuple[int, int, str]]:
    """``(start, end, language)`` of the words of each quotation in ``body`` that ``quoted``
    names: ``(words, where its mark goes, language)`` of each quotation from a source in another
    language than the page's. Words holding Markdown of their own are left unmarked."""
    if not quoted:
        return []
    by_words = {words: language for words, _, language in quoted}
    by_mark = {mark: language for _, mark, language in quoted}  # a blockquote's, at its citation
    found = []
    for start, end in quoted_spans(body):
        match = QUOTED.fullmatch(body, start, end)
        if match is None:
            found += _in_blockquote(body, start, end, by_mark)
            continue
        words_start, words_end = words_span(match)
        language = by_words.get(body[words_start:words_end])
        if language:
            found.append((words_start, words_end, language))
    return [
        (start, end, language)
        for start, end, language in found
        if not _MARKDOWN_INSIDE.search(body, start, end)
    ]


def _in_blockquote(
    body: str, start: int, end: int, languages: dict[int, str]
) -> list[tuple[int, int, str]]:
    """The words of each quotation of the blockquote from ``start`` to ``end``: those before
    each of its citations, since the one before (``languages``: by where a citation ends)."""
    found = []
    taken = start
    for citation in _CITATION.finditer(body, start, end):
        lead = _BLOCKQUOTE_LEAD.match(body, taken)
        words_start = lead.end() if lead else taken
        words_end = len(body[: citation.start()].rstrip())
        if (quoted := QUOTED.fullmatch(body, words_start, words_end)) is not None:
            words_start, words_end = words_span(quoted)  # the marks set as the page's
        elif body[words_start : words_start + 1] in _OPENING_MARKS:
            words_start += 1
        language = languages.get(citation.end())
        if language and words_start < words_end:
            found.append((words_start, words_end, language))
        taken = citation.end()
    return found
