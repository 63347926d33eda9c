"""Where a quotation stands in its source's stored text, word for word.

Matching compares the quotation as a reader reads it with the stored text as read
(:mod:`factcheck.stored`), ignoring differences of whitespace (soft line breaks included), of quote
and apostrophe style and of dash style, and nothing else. An ellipsis (``...`` or ``…``) or an
editorial insertion in square brackets (``[...]``, ``[the SVR]``) splits a quotation into parts
that must appear in that order. Neither may change what the source says: an omission may not
leave out a negation nor join words of two paragraphs, an insertion may not add or remove a
negation (:data:`NEGATIONS`), and an insertion stands for a few words at most and is never empty.
"""

from __future__ import annotations

import difflib
import functools
import heapq
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from factcheck.stored import StoredText, canonical

_GAP = re.compile(r"(\.\.\.|…|\[(?:\.\.\.|…)\])|\[[^\[\]]*\]")
"""An omission (``...``, ``…``, ``[...]``), captured, or an editorial insertion (``[Serbia]``)."""
INSERTION_WORDS = 4
"""How many of the source's words an editorial insertion may stand for (``[Vučić] said`` for
``he said``)."""
CLOSEST_CANDIDATES = 64
"""Runs of a source's words compared in full with a quotation not found in it."""


class Misquote(ValueError):
    """A quotation whose words are in the source, altered in a way that changes what it says."""

    span = 0
    """How much of the source's text the altered quotation spans."""


@dataclass(frozen=True)
class _Part:
    """A run of a quotation's words, with the omission or insertions that come before it."""

    text: str
    """The words, canonical; empty for insertions after the last words."""
    omitted: bool
    inserted: tuple[str, ...]


def _parts(quoted_plain: str) -> list[_Part]:
    """The quotation's runs of words to find, each with whether an omission comes before it
    (any distance) or only editorial insertions (a few words at most). Misquote for an empty
    insertion, for an insertion of more than a few words before or after the quoted words, and
    for one beyond an omission there, whose words could be anything."""
    parts: list[_Part] = []
    omitted, position = False, 0
    inserted: list[str] = []
    order: list[str] = []  # "o" and "i": the omissions and insertions since the last words

    def add(piece: str, last: bool) -> None:
        nonlocal omitted, inserted, order
        text = canonical(piece)
        if not text and not (last and inserted):
            return  # more omissions or insertions follow
        at_edge = not parts or not text
        if at_edge and inserted:
            if any(len(words.split()) > INSERTION_WORDS for words in inserted):
                raise Misquote(
                    f"an insertion before or after the quoted words holds more than "
                    f"{INSERTION_WORDS} words; put the rest outside the quotation marks"
                )
            beyond = "".join(order).find("io" if not parts else "oi") >= 0
            if beyond:
                raise Misquote(
                    "an insertion beyond an omission, at the edge of a quotation, stands for "
                    "words no one can find; put it outside the quotation marks"
                )
        parts.append(_Part(text, omitted, tuple(inserted)))
        omitted, inserted, order = False, [], []

    for gap in _GAP.finditer(quoted_plain):
        add(quoted_plain[position : gap.start()], last=False)
        if gap.group(1):
            omitted = True
            order.append("o")
        elif not gap.group()[1:-1].strip():
            raise Misquote(
                "an empty insertion `[]` stands for nothing; delete it, or write in it the words "
                "it stands for"
            )
        else:
            inserted.append(gap.group()[1:-1])
            order.append("i")
        position = gap.end()
    add(quoted_plain[position:], last=True)
    return parts


@dataclass(frozen=True)
class Match:
    """Where a quotation stands in a source's stored text, and how it alters the source's words."""

    start: int
    end: int
    """The passage quoted: ``stored.text[start:end]``, from the first word quoted to the last."""
    left_out: tuple[tuple[int, int], ...]
    """The spans of the passage that the quotation leaves out or replaces, in the stored text."""
    omissions: int
    insertions: int


MAX_STARTS = 10_000
"""Places where a quotation's first words stand that are tried in full before giving up."""


def find(
    stored: StoredText, quoted_plain: str, paragraphs: tuple[int, int] | None = None
) -> Match | None:
    """Where the quotation (as a reader reads it) stands in ``stored``, or None if its words are
    not there in that order; Misquote if they are, but only altered in a way the rules forbid.
    Where the words stand more than once, the first place within ``paragraphs`` (the first and
    last that the citation names) is taken, else the first place.

    Each place where its first words stand is tried in turn; the later parts are looked for from
    there on, each nearest first, since an omission or insertion should skip as little as can be.
    """
    parts = _parts(quoted_plain)
    if not any(part.text for part in parts):
        return None
    _check_insertion(parts[0].inserted, "")
    found_from: dict[int, tuple[int, int]] = {}  # part -> (searched from, found at or -1)

    def next_at(number: int, position: int) -> int:
        # The first place at or after ``position``; a search from an earlier place that found
        # one at or after ``position`` found the same place, so it is not searched again.
        known = found_from.get(number)
        if known is not None and known[0] <= position and (known[1] < 0 or position <= known[1]):
            return known[1]
        at = _whole_words_at(stored.canonical, parts[number].text, position)
        found_from[number] = (position, at)
        return at

    tightest: Misquote | None = None  # of the places tried, the misquotation spanning least
    first_match: Match | None = None
    start = next_at(0, 0)
    for _ in range(MAX_STARTS):
        if start < 0:
            break
        try:
            match = _match_from(stored, parts, start, next_at)
        except Misquote as problem:
            tightest = problem if tightest is None or problem.span < tightest.span else tightest
            match = None
        except _NoMatch as none:
            if none.final:
                break
            match = None
        if match is not None and (paragraphs is None or _within(stored, match, paragraphs)):
            return match
        first_match = first_match or match
        start = next_at(0, start + 1)
    if first_match is None and tightest is not None:
        raise tightest
    return first_match


def _whole_words_at(text: str, words: str, position: int) -> int:
    """Where ``words`` first stand in ``text`` at or after ``position`` as whole words, not
    starting or ending inside a word of the text (``sanction`` is not in ``sanctions``)."""
    at = text.find(words, position)
    while at >= 0:
        end = at + len(words)
        cut_before = words[0].isalnum() and _joined(text, at - 1, -1)
        cut_after = words[-1].isalnum() and _joined(text, end, 1)
        if not cut_before and not cut_after:
            return at
        at = text.find(words, at + 1)
    return -1


def _joined(text: str, index: int, away: int) -> bool:
    """Whether the character at ``index`` carries on the word next to it: a letter or digit, or
    a hyphen or apostrophe followed by one (``anti-Russian``, ``don't``)."""
    if not 0 <= index < len(text):
        return False
    if text[index].isalnum():
        return True
    beyond = index + away
    return text[index] in "-'" and 0 <= beyond < len(text) and text[beyond].isalnum()


def _within(stored: StoredText, match: Match, paragraphs: tuple[int, int]) -> bool:
    first, last = paragraphs
    return first <= stored.paragraph_at(match.start) and stored.paragraph_at(match.end - 1) <= last


class _NoMatch(Exception):
    """The quotation's parts do not follow from this place; ``final`` if from none after it."""

    def __init__(self, final: bool) -> None:
        self.final = final


def _match_from(
    stored: StoredText, parts: list[_Part], start: int, next_at: Callable[[int, int], int]
) -> Match:
    position = start + len(parts[0].text)
    left_out: list[tuple[int, int]] = []
    for number, part in enumerate(parts[1:], start=1):
        if not part.text:  # insertions after the last words
            _check_insertion(part.inserted, "")
            continue
        found = next_at(number, position)
        if found < 0:
            raise _NoMatch(final=True)  # nor after any later start
        skipped = stored.canonical[position:found]
        if not part.omitted and len(skipped.split()) > INSERTION_WORDS:
            raise _NoMatch(final=False)
        try:
            if part.omitted:
                _check_omission(stored, position, found, skipped)
            _check_insertion(part.inserted, skipped)
        except Misquote as problem:
            problem.span = found - start
            raise
        if skipped.strip():
            left_out.append(stored.span(position + _lead(skipped), found - _trail(skipped)))
        position = found + len(part.text)
    start_at, end_at = stored.span(start, position)
    omissions = sum(part.omitted for part in parts[1:] if part.text)
    insertions = sum(len(part.inserted) for part in parts)
    return Match(start_at, end_at, tuple(left_out), omissions, insertions)


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


def _trail(text: str) -> int:
    return len(text) - len(text.rstrip())


def _check_omission(stored: StoredText, before: int, after: int, skipped: str) -> None:
    left = stored.paragraph_at(stored.origin(before - 1))
    right = stored.paragraph_at(stored.origin(after))
    if left != right:
        raise Misquote(
            f"the omission joins words of para. {left} to words of para. {right}; the words on "
            "either side of an omission must come from one paragraph: quote each paragraph "
            "separately"
        )
    if dropped := _negations(skipped):
        raise Misquote(
            f"the omission leaves out “{sorted(dropped)[0]}”, which changes what the source "
            "says; quote those words, or end the quotation before them"
        )


@dataclass(frozen=True)
class Closest:
    """The run of a source's words most like a quotation not found in it."""

    paragraph: int
    marked: str
    """The run, with the source's words the quotation lacks marked ``{-so-}`` and the
    quotation's words the source lacks marked ``{+so+}``."""


def closest(stored: StoredText, quoted_plain: str) -> Closest:
    """The run of the source's words most like the quotation, for the editor to compare.

    Only the :data:`CLOSEST_CANDIDATES` runs holding most of the quotation's words are compared
    word by word, so that a source of megabytes answers in a moment.
    """
    words, keys = _words_of(stored)
    quoted = [word for part in _parts(quoted_plain) if part.text for word in part.text.split(" ")]
    wanted = [_word_key(word) for word in quoted]
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
    offset = len(stored.canonical) - len(stored.canonical.lstrip()) + sum(map(len, words[:start]))
    paragraph = stored.paragraph_at(stored.origin(offset + start))
    return Closest(paragraph, _word_diff(words[start : start + size], quoted))


@functools.lru_cache(maxsize=4)
def _words_of(stored: StoredText) -> tuple[list[str], list[str]]:
    """A source's words and their keys, made once for the several misquotations of it that a
    file may hold: on a source of megabytes, splitting it is most of the search."""
    words = stored.canonical.strip().split(" ")
    return words, [_word_key(word) for word in words]


def _word_diff(source: list[str], quoted: list[str]) -> str:
    matcher = difflib.SequenceMatcher(
        None, [_word_key(word) for word in source], [_word_key(word) for word in quoted],
        autojunk=False,
    )  # fmt: skip
    marked = []
    for operation, source_from, source_to, quoted_from, quoted_to in matcher.get_opcodes():
        if operation == "equal":
            marked += source[source_from:source_to]
            continue
        if source_to > source_from:
            marked.append("{-" + " ".join(source[source_from:source_to]) + "-}")
        if quoted_to > quoted_from:
            marked.append("{+" + " ".join(quoted[quoted_from:quoted_to]) + "+}")
    return " ".join(marked)


NEGATIONS = frozenset(
    {
        *("not", "no", "never", "nor", "without", "none", "nothing", "neither", "cannot"),  # n't
        *("nobody", "nowhere", "hardly", "scarcely", "barely", "seldom", "rarely"),
        *("ne", "nije", "nisu", "nema", "ni", "bez", "не", "није", "нису", "нема", "ни", "без"),
        "нет",  # Russian, with не, ни and без above (Serbian's too)
    }
)
"""Words that turn a statement into its opposite: no omission may drop one, and no insertion
may add or remove one."""
_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _negations(text: str) -> set[str]:
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")  # no soft hyphens
    return {
        word
        for word in _WORDS.findall(canonical(visible).lower())
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
