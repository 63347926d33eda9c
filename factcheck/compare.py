"""Word-by-word comparison of renderings of one statement, for the side-by-side view."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from factcheck.stored import canonical


@dataclass(frozen=True)
class Word:
    text: str
    differs: bool


def compare_words(texts: list[str]) -> list[list[Word]]:
    """Each text as words, marking those that differ: the first text against every other, each
    other text against the first. Quote and dash styles do not count as differences."""
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
    return [
        [Word(word, index in differs[number]) for index, word in enumerate(words)]
        for number, words in enumerate(tokens)
    ]


def _key(word: str) -> str:
    """A word as compared: punctuation around it and quote styles do not make it differ."""
    return canonical(word).strip("\"'.,;:!?()")
