"""A source's stored text: its numbered paragraphs, and the words a reader reads in it.

The stored text is a copy of a report, kept and shown exactly as stored (its SHA-256 is
published); it is never interpreted as Markdown. Two rules, shown to readers on each source's
page, say how it is numbered and read:

- **Paragraphs.** A paragraph is a run of lines that are not blank; blank lines separate them.
  They are numbered from 1 in the order they stand, every one counted: a headline, a dateline or
  a line of one word is a paragraph too. ``para. 4`` names the fourth.
- **Reading.** Copies of web pages keep two traces of how they were copied: a link written
  ``[words](address)`` reads as its words, and a backslash before a punctuation mark (``\\$``)
  reads as the mark. Quotations are compared with the text so read (see
  :mod:`factcheck.matching`), with quote marks, dashes and whitespace made uniform.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

_DOUBLE_QUOTES = re.compile("[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]")
_SINGLE_QUOTES = re.compile("[\u2018\u2019\u201a\u201b\u2032`]")
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
"""Hyphens, en and em dashes and the minus sign all read as ``-``; so does a run of them."""
_LONG_RUNS = re.compile(r"\s\s+|--+")
_OTHER_SPACES = re.compile(r"[^\S ]")
_COPYING_TRACES = re.compile(r"\[(?P<words>[^\[\]\n]*)\]\([^()\s]*\)|\\(?P<mark>[!-/:-@\[-`{-~])")
"""A link ``[words](address)``, or a backslash before an ASCII punctuation mark."""
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_PARAGRAPH_LOCATOR = re.compile(
    r"(?:paras?\.?|paragraphs?|\u00b6\u00b6?)\s*(\d{1,9})(?:\s*[-\u2013]\s*(\d{1,9}))?\.?",
    re.IGNORECASE,
)
_NAMES_A_PARAGRAPH = re.compile(
    r"\bpar\b|\bpara|\u00b6|\bstav|\u0430\u0431\u0437\u0430\u0446|\u0441\u0442\u0430\u0432",
    re.IGNORECASE,
)


def canonical(text: str) -> str:
    """Text with quote marks, dashes and whitespace made uniform: what matching compares."""
    return _collapsed(_uniform_marks(text)).strip()


def _uniform_marks(text: str) -> str:
    """Every double quote mark as ``"``, every single one as ``'``, every dash as ``-``. (Regular
    expressions, since they skip the many characters that stay, where ``str.translate`` took
    a third of a second over a source of 2 MB.)"""
    return _DASHES.sub("-", _SINGLE_QUOTES.sub("'", _DOUBLE_QUOTES.sub('"', text)))


def _collapsed(uniform: str) -> str:
    """Each run of whitespace or of dashes as one character, every space an ordinary one."""
    return _OTHER_SPACES.sub(" ", _LONG_RUNS.sub(_one_character, uniform))


def _one_character(run: re.Match[str]) -> str:
    return " " if run.group()[0].isspace() else "-"


class _OffsetMap:
    """Where each character of a text made from another came from in that other.

    Between breakpoints the two texts run in step, so only the breakpoints are kept: a source of
    megabytes has few runs and traces, and the map stays small.
    """

    def __init__(self) -> None:
        self._made: list[int] = []
        self._origin: list[int] = []

    def step(self, made: int, origin: int) -> None:
        """From ``made`` on (in order), the made text's characters come from ``origin`` on."""
        self._made.append(made)
        self._origin.append(origin)

    def origin(self, index: int) -> int:
        point = bisect.bisect_right(self._made, index) - 1
        return index if point < 0 else self._origin[point] + index - self._made[point]


@dataclass(frozen=True)
class Paragraph:
    number: int
    start: int
    end: int
    """Where the paragraph stands in the stored text: ``text[start:end]``."""


class StoredText:
    """A source's stored text, numbered in paragraphs and ready for quotations to be looked up.

    ``canonical`` is the text as read and made uniform; :meth:`origin` leads from a position in it
    back to the stored text, so a match is shown in the source's exact characters.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs = paragraphs_of(text)
        self._starts = [paragraph.start for paragraph in self.paragraphs]
        read, self._read_map, self._traces = _read(text)
        uniform = _uniform_marks(read)
        # A run of whitespace or dashes becomes one character; what follows moves back.
        self._canonical_map = _OffsetMap()
        removed = 0
        for run in _LONG_RUNS.finditer(uniform):
            at = run.start() - removed
            self._canonical_map.step(at, run.start())
            self._canonical_map.step(at + 1, run.end())
            removed += run.end() - run.start() - 1
        self.canonical = _collapsed(uniform)

    @property
    def is_empty(self) -> bool:
        return not self.canonical.strip()

    def origin(self, index: int) -> int:
        """Where the canonical text's character at ``index`` stands in the stored text."""
        return self._read_map.origin(self._canonical_map.origin(index))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The stored text's span of the canonical text's ``[start, end)``, taking in the whole
        of a copied link (``[accused](#)``) whose words it begins or ends with."""
        first, last = self.origin(start), self.origin(end - 1) + 1
        before = bisect.bisect_right(self._traces, (first, len(self.text))) - 1
        if before >= 0 and self._traces[before][0] < first <= self._traces[before][1]:
            first = self._traces[before][0]
        after = bisect.bisect_left(self._traces, (last, -1)) - 1
        if after >= 0 and self._traces[after][0] < last < self._traces[after][1]:
            last = self._traces[after][1]
        return first, last

    def paragraph_at(self, offset: int) -> int:
        """The number of the paragraph holding the stored text's character at ``offset``; a
        character between paragraphs counts with the one before it."""
        return max(1, bisect.bisect_right(self._starts, offset))


def paragraphs_of(text: str) -> tuple[Paragraph, ...]:
    """The paragraphs of a stored text, numbered by the rule above."""
    paragraphs: list[Paragraph] = []
    start = 0
    for gap in [*_BLANK_LINES.finditer(text), None]:
        end = len(text) if gap is None else gap.start()
        block = text[start:end]
        if block.strip():
            first = start + len(block) - len(block.lstrip())
            paragraphs.append(Paragraph(len(paragraphs) + 1, first, start + len(block.rstrip())))
        if gap is not None:
            start = gap.end()
    return tuple(paragraphs)


def _read(text: str) -> tuple[str, _OffsetMap, list[tuple[int, int]]]:
    """The text as read (see the module's rules), the map back to the text, and where each
    copied link stands in it."""
    pieces, taken, made = [], 0, 0
    read_map = _OffsetMap()
    links = []
    for trace in _COPYING_TRACES.finditer(text):
        kept = trace["words"] if trace["words"] is not None else trace["mark"]
        kept_at = trace.start("words") if trace["words"] is not None else trace.start("mark")
        pieces += [text[taken : trace.start()], kept]
        made += trace.start() - taken
        read_map.step(made, kept_at)
        made += len(kept)
        read_map.step(made, trace.end())
        taken = trace.end()
        if trace["words"] is not None:
            links.append(trace.span())
    pieces.append(text[taken:])
    return "".join(pieces), read_map, links


def paragraph_locator(locator: str | None) -> tuple[int, int] | None:
    """The paragraphs a locator names (``para. 4`` is (4, 4), ``paras. 4-5`` is (4, 5), and so
    are ``Para 4``, ``paragraph 4`` and ``¶ 4``), or None for another kind of locator (``p. 12``,
    ``headline``)."""
    match = _PARAGRAPH_LOCATOR.fullmatch(_visible(locator or "").strip())
    if match is None:
        return None
    first = int(match[1])
    return first, int(match[2] or first)


def locator_problem(locator: str | None) -> str | None:
    """Why a locator that seems to name paragraphs cannot be checked, if it cannot."""
    seen = _visible(locator or "").translate(_LOOKALIKES)
    if paragraph_locator(locator) is None and _NAMES_A_PARAGRAPH.search(seen):
        return (
            f"`{locator}` may name a paragraph, but not as one number or range the checks "
            "read; write para. 4 or paras. 4-5"
        )
    return None


_LOOKALIKES = str.maketrans("\u0430\u0440\u0435\u043e\u0441", "apeoc")
"""Cyrillic letters that look Latin, so a locator written with a Cyrillic a (U+0430) in
``para`` is still read as naming a paragraph."""


def _visible(text: str) -> str:
    """Text without invisible format characters (soft hyphens, zero-width spaces)."""
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def paragraph_anchor(locator: str | None) -> str | None:
    """The id, on its source's page, of the first paragraph a locator names (``p4``), if it
    names one: what citations and the reference list link to."""
    paragraphs = paragraph_locator(locator)
    return None if paragraphs is None else anchor_of(paragraphs[0])


def anchor_of(number: int) -> str:
    """The id of paragraph ``number`` on its source's page."""
    return f"p{number}"


def describe_paragraphs(first: int, last: int) -> str:
    """The locator for paragraphs ``first`` to ``last``, as an editor should write it."""
    return f"para. {first}" if first == last else f"paras. {first}-{last}"
