"""The words a search matches: how text becomes search terms, the one rule the index is built
with and the search page applies to what a reader types (``searchjs/engine.js`` follows
:meth:`SearchTerms.rules`, and a test holds the two to the same terms).

A word is folded (lower case; Cyrillic written in Latin letters as Serbian writes them; accents
removed), so Вучић, Вучич, Vučić and Vucic are one term, then stemmed with the Snowball stemmer of
the site's language, so "intermediary" finds "intermediaries". Russian is stemmed before it is
folded, since its stemmer reads Cyrillic. A term of one letter is no term: "s" finds nothing, and
"Serbia's" is the term of "Serbia".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from cyrtranslit.mapping import TRANSLIT_DICT
from snowballstemmer.english_stemmer import EnglishStemmer
from snowballstemmer.russian_stemmer import RussianStemmer
from snowballstemmer.serbian_stemmer import SerbianStemmer

STEMMERS = {"en": EnglishStemmer, "sr": SerbianStemmer, "ru": RussianStemmer}
"""The Snowball stemmer of each language the search stems, by the site's language code. These
are the pure-Python stemmers, never PyStemmer's: ``searchjs/`` holds the same algorithms, made
by the same Snowball release, for the search page."""
STEM_FIRST = frozenset({"ru"})
"""Languages whose stemmer reads the word before it is folded into Latin letters."""

_WORD = re.compile("[^\\W_]+(?:['\N{RIGHT SINGLE QUOTATION MARK}][^\\W_]+)*")
"""A word: letters and digits, with apostrophes inside it ("Serbia's", "don't")."""
_APOSTROPHE = str.maketrans(
    {"\N{RIGHT SINGLE QUOTATION MARK}": "'", "\N{LEFT SINGLE QUOTATION MARK}": "'"}
)


def _letters() -> dict[str, str]:
    """Letters that lose no accent but are written otherwise in Latin: Serbian Cyrillic as
    cyrtranslit writes it, Russian letters Serbian lacks as cyrtranslit's Russian table writes
    them (without its apostrophes for hard and soft signs), and Latin letters of their own
    (Cyrillic ђ, written đ, becomes dj as đ does)."""
    latin = {"đ": "dj", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss"}
    latin["\N{LATIN SMALL LETTER DOTLESS I}"] = "i"
    serbian = TRANSLIT_DICT["sr"]["tolatin"]
    russian = TRANSLIT_DICT["ru"]["tolatin"]
    table = {cyr: written.replace("'", "") for cyr, written in russian.items()}
    table |= serbian
    table = {
        cyr: "".join(latin.get(char, char) for char in written.lower())
        for cyr, written in table.items()
    }
    table |= latin
    return {
        letter: written for letter, written in sorted(table.items()) if letter == letter.lower()
    }


LETTERS = _letters()


@dataclass(frozen=True)
class Word:
    """A word of a text, where it is, and its term (None for a word too short to be one)."""

    start: int
    end: int
    term: str | None


class SearchTerms:
    """The search terms of texts in ``language`` (a site's language code)."""

    def __init__(self, language: str) -> None:
        self.language = language.split("-")[0].lower()
        stemmer = STEMMERS.get(self.language)
        self._stem: Callable[[str], str] = stemmer().stemWord if stemmer else str
        self._terms: dict[str, str | None] = {}

    def rules(self) -> dict[str, object]:
        """What the search page needs to find the same terms: the stemmer, the order, the table."""
        stemmer = STEMMERS.get(self.language)
        return {
            "stemmer": stemmer.__name__.removesuffix("Stemmer").lower() if stemmer else None,
            "stemFirst": self.language in STEM_FIRST,
            "letters": LETTERS,
        }

    def words(self, text: str) -> list[Word]:
        """Every word of ``text``, in order, with its term."""
        text = unicodedata.normalize("NFC", text)
        return [
            Word(match.start(), match.end(), self.term(match[0])) for match in _WORD.finditer(text)
        ]

    def counts(self, text: str) -> dict[str, int]:
        """How often each term stands in ``text``: each distinct word is looked up once."""
        found: dict[str, int] = {}
        for word, count in Counter(_WORD.findall(unicodedata.normalize("NFC", text))).items():
            term = self.term(word)
            if term is not None:
                found[term] = found.get(term, 0) + count
        return found

    def term(self, word: str) -> str | None:
        """The term of one word, or None when it has fewer than two letters."""
        found = self._terms.get(word, "")
        if found == "":
            if self.language in STEM_FIRST:
                folded = fold(self._stem(word.lower()))
            else:
                folded = self._stem(fold(word))
            folded = folded.replace("'", "")
            found = self._terms[word] = folded if len(folded) >= 2 else None
        return found


def fold(word: str) -> str:
    """``word`` in lower case and Latin letters, without accents."""
    lowered = "".join(LETTERS.get(char, char) for char in word.lower())
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(
        char for char in decomposed if not unicodedata.category(char).startswith("M")
    ).translate(_APOSTROPHE)


@functools.cache
def search_terms(language: str) -> SearchTerms:
    """The terms of ``language``, kept for the process: each word is stemmed once."""
    return SearchTerms(language)
