"""Where a quotation stands in its source's stored text, word for word.

Matching ignores differences of whitespace (soft line breaks included), of quote and apostrophe
style and of dash style, and nothing else. An ellipsis (``...`` or ``…``) or an editorial
insertion in square brackets (``[...]``, ``[the SVR]``) splits a quotation into parts that must
appear in that order. Neither may change what the source says: an omission may not leave out a
negation, an insertion may not add or remove one (:data:`NEGATIONS`), and an insertion stands for
a few words at most and is never empty.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import re
from dataclasses import dataclass

_GAP = re.compile(r"(\.\.\.|…|\[(?:\.\.\.|…)\])|\[[^\[\]]*\]")
"""An omission (``...``, ``…``, ``[...]``), captured, or an editorial insertion (``[Serbia]``)."""
INSERTION_WORDS = 4
"""How many of the source's words an editorial insertion may stand for (``[Vučić] said`` for
``he said``)."""
_DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb'
_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b\u2032`"
_QUOTE_MARKS = str.maketrans(
    dict.fromkeys(_DOUBLE_QUOTES, '"') | dict.fromkeys(_SINGLE_QUOTES, "'")
)
_DASH_CHARACTERS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
"""Hyphens, en and em dashes and the minus sign all read as ``-``; so does a run of them."""
_LONG_RUNS = re.compile(r"\s\s+|--+")
_SPACES = str.maketrans(dict.fromkeys((chr(c) for c in range(0x3000 + 1) if chr(c).isspace()), " "))
CLOSEST_CANDIDATES = 64
"""Runs of a source's words compared in full with a quotation not found in it."""


def canonical(text: str) -> str:
    """Text with quote marks, dashes and whitespace made uniform: what matching compares."""
    return _collapsed(_uniform_marks(text)).strip()


def _uniform_marks(text: str) -> str:
    return text.translate(_QUOTE_MARKS).translate(_DASH_CHARACTERS)


def _collapsed(uniform: str) -> str:
    """Each run of whitespace or of dashes as one character, every space an ordinary one."""
    return _LONG_RUNS.sub(_one_character, uniform).translate(_SPACES)


def _one_character(run: re.Match[str]) -> str:
    return " " if run.group()[0].isspace() else "-"


class SourceText:
    """A source's stored text, as a reader sees it, ready for quotations to be looked up.

    Quotations are looked up in the canonical form of the text; a map from canonical positions
    back to the text's own lets the matched passage be shown in the source's exact words.
    """

    def __init__(self, plain: str) -> None:
        self.plain = plain
        uniform = _uniform_marks(plain)
        # Only runs of two or more characters move later text; single spaces, line breaks and
        # hyphens keep their places, so the map back to the plain text need hold only the runs.
        self._runs: list[int] = []  # where each run's one character stands in the canonical text
        self._run_spans: list[tuple[int, int]] = []  # and where the run was in the plain text
        removed = 0
        for run in _LONG_RUNS.finditer(uniform):
            self._runs.append(run.start() - removed)
            self._run_spans.append(run.span())
            removed += run.end() - run.start() - 1
        self.canonical = _collapsed(uniform)

    @property
    def is_empty(self) -> bool:
        return not self.canonical.strip()

    def _origin(self, index: int) -> int:
        """Where the canonical text's character at ``index`` came from in the plain text."""
        run = bisect.bisect_right(self._runs, index) - 1
        if run < 0:
            return index
        start, end = self._run_spans[run]
        return start if index == self._runs[run] else end + index - self._runs[run] - 1

    def find(self, quoted_plain: str) -> str | None:
        """The source's own words matching the quotation, or None if they are not there."""
        parts = _parts(quoted_plain)
        if not any(part.text for part in parts):
            return None
        first = parts[0]
        start = self.canonical.find(first.text)
        if start < 0:
            return None
        _check_insertion(first.inserted, "")
        position = start + len(first.text)
        for part in parts[1:]:
            if not part.text:  # insertions after the last words
                _check_insertion(part.inserted, "")
                continue
            found = self.canonical.find(part.text, position)
            if found < 0:
                return None
            skipped = self.canonical[position:found]
            if part.omitted and (dropped := _negations(skipped)):
                raise Misquote(
                    f"the omission leaves out “{sorted(dropped)[0]}”, which changes what the "
                    "source says; quote those words, or end the quotation before them"
                )
            if not part.omitted:
                if len(skipped.split()) > INSERTION_WORDS:
                    return None
                _check_insertion(part.inserted, skipped)
            position = found + len(part.text)
        return self.plain[self._origin(start) : self._origin(position - 1) + 1]

    def closest(self, quoted_plain: str) -> str:
        """The run of the source's words most like the quotation, for the editor to compare.

        Only the :data:`CLOSEST_CANDIDATES` runs holding most of the quotation's words are
        compared word by word, so that a source of megabytes answers in a moment.
        """
        words = self.canonical.strip().split(" ")
        keys = [_word_key(word) for word in words]
        wanted = [
            _word_key(word)
            for part in _parts(quoted_plain)
            if part.text
            for word in part.text.split(" ")
        ]
        wanted_set = set(wanted)
        hits = [0]  # hits[i]: how many of the first i words of the source the quotation has
        for key in keys:
            hits.append(hits[-1] + (key in wanted_set))
        sizes = {len(wanted), len(wanted) + 1, max(1, len(wanted) - 1)}
        windows = heapq.nlargest(
            CLOSEST_CANDIDATES,
            (
                (hits[min(start + size, len(keys))] - hits[start], -start, size)
                for size in sizes
                for start in range(max(1, len(words) - size + 1))
            ),
        )
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted)
        # Most words in common; then the length nearest the quotation's; then starting alike.
        best, best_score = (0, len(wanted)), (-1, 0, False)
        for _, negative_start, size in windows:
            start = -negative_start
            matcher.set_seq1(keys[start : start + size])
            common = sum(block.size for block in matcher.get_matching_blocks())
            aligned = keys[start] == wanted[0]
            if (score := (common, -abs(size - len(wanted)), aligned)) > best_score:
                best, best_score = (start, size), score
        start, size = best
        return " ".join(words[start : start + size])


class Misquote(ValueError):
    """A quotation whose words are in the source, altered in a way that changes what it says."""


@dataclass(frozen=True)
class _Part:
    """A run of a quotation's words, with the omission or insertions that come before it."""

    text: str
    """The words, canonical; empty for insertions after the last words."""
    omitted: bool
    inserted: tuple[str, ...]


def _parts(quoted_plain: str) -> list[_Part]:
    """The quotation's runs of words to find, each with whether an omission comes before it
    (any distance) or only editorial insertions (a few words at most); Misquote for an empty
    insertion."""
    parts: list[_Part] = []
    omitted, position = False, 0
    inserted: list[str] = []

    def add(piece: str, last: bool) -> None:
        nonlocal omitted, inserted
        text = canonical(piece)
        if text or (last and inserted):
            parts.append(_Part(text, omitted, tuple(inserted)))
            omitted, inserted = False, []

    for gap in _GAP.finditer(quoted_plain):
        add(quoted_plain[position : gap.start()], last=False)
        if gap.group(1):
            omitted = True
        elif not gap.group()[1:-1].strip():
            raise Misquote(
                "an empty insertion `[]` stands for nothing; delete it, or write in it the words "
                "it stands for"
            )
        else:
            inserted.append(gap.group()[1:-1])
        position = gap.end()
    add(quoted_plain[position:], last=True)
    return parts


NEGATIONS = frozenset(
    {
        *("not", "no", "never", "nor", "without", "none", "nothing", "neither", "cannot"),  # n't
        *("ne", "nije", "nisu", "nema", "ni", "bez", "не", "није", "нису", "нема", "ни", "без"),
        "нет",  # Russian, with не, ни and без above (Serbian's too)
    }
)
"""Words that turn a statement into its opposite: no omission may drop one, and no insertion
may add or remove one."""
_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _negations(text: str) -> set[str]:
    return {
        word
        for word in _WORDS.findall(canonical(text).lower())
        if word in NEGATIONS or word.endswith("n't")
    }


def _check_insertion(inserted: tuple[str, ...], replaced: str) -> None:
    """Misquote if ``inserted`` says no where ``replaced`` (the source's words) says yes, or the
    other way round; ``replaced`` is empty where the insertion stands before or after all the
    quoted words."""
    said = _negations(" ".join(inserted))
    if said != _negations(replaced):
        change = "adds" if said - _negations(replaced) else "removes"
        raise Misquote(
            f"the insertion [{'] ['.join(inserted)}] {change} a negation, which changes what the "
            "source says; quote its own words there"
        )


def _word_key(word: str) -> str:
    return word.strip("\"'.,;:!?()[]").lower()


def has_words(quoted_plain: str) -> bool:
    """Whether a quotation has any words outside its omissions and insertions."""
    return any(part.text for part in _parts(quoted_plain))
