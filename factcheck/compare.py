"""Word-by-word comparison of renderings of one statement, for the side-by-side view."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from factcheck.stored import canonical

_PARTS = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
"""A word as written: the punctuation before it, the word, the punctuation after it."""


@dataclass(frozen=True)
class Word:
    """One word of a rendering as written, split so that only the word itself is marked."""

    lead: str
    """Punctuation before the word (an opening quote mark)."""
    core: str
    trail: str
    """Punctuation after it (a comma, a closing quote mark)."""
    differs: bool

    @property
    def text(self) -> str:
        return self.lead + self.core + self.trail


def compare_words(texts: list[str]) -> list[list[Word]]:
    """Each text as words, marking those that differ: the first text against every other, each
    other text against the first. Punctuation, capitals, and quote and dash styles do not count
    as differences, and a mark of punctuation alone (a dash) is never marked."""
    tokens = [text.split() for text in texts]
    keys = [[_key(word) for word in words] for words in tokens]
    differs: list[set[int]] = [set() for _ in tokens]
    for other in range(1, len(texts)):
        matcher = difflib.SequenceMatcher(None, keys[0], keys[other], autojunk=False)
        same_in_first: set[int] = set()
        same_in_other: set[int] = set()
        for block in matcher.get_matching_blocks():
            same_in_first.update(range(block.a, block.a + block.size))
            same_in_other.update(range(block.b, block.b + block.size))
        differs[0] |= set(range(len(tokens[0]))) - same_in_first
        differs[other] = set(range(len(tokens[other]))) - same_in_other
    shown = [
        {index for index in found if keys[number][index]} for number, found in enumerate(differs)
    ]
    return [
        [_word(word, index in shown[number]) for index, word in enumerate(words)]
        for number, words in enumerate(tokens)
    ]


def _word(written: str, differs: bool) -> Word:
    match = _PARTS.match(written)
    assert match is not None  # the pattern matches any text
    lead, core, trail = match.groups()
    return Word(lead, core, trail, differs)


def _key(word: str) -> str:
    """A word as compared: punctuation around it, capitals and quote styles do not make it
    differ; empty for punctuation alone."""
    return _PARTS.sub(r"\2", canonical(word)).casefold()
