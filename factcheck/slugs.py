"""Names for files and pages, from text in any script.

Serbian Cyrillic is transliterated by Serbian rules first (cyrtranslit: Вучић is Vučić, Ђ is Dj),
then python-slugify makes the rest plain lowercase Latin (Vučić is vucic; Russian Cyrillic by its
own table), so no name in another script is lost and two names are told apart by their letters.
"""

from __future__ import annotations

import functools

import cyrtranslit
from slugify import slugify

_SERBIAN_LATIN = [["Đ", "Dj"], ["đ", "dj"]]
"""Serbian writes Đ as Dj where only plain Latin letters can be used."""
MAX_LENGTH = 80
"""The longest name made, cut at a word: a claimant's or tag's name of thousands of letters made
a folder name the system refused (255 bytes at most), stopping the build with no line to fix.
Two long names cut to one are told apart by the check that no two names share a page."""


@functools.lru_cache(maxsize=100_000)  # a claimant or tag is named on every claim that has it
def slug_for(text: str) -> str:
    """A file or page name from any text: ``Vučić says "no"`` becomes ``vucic-says-no``, and
    ``Александар Вучић`` becomes ``aleksandar-vucic``; empty when the text has no letter or
    digit."""
    latin = cyrtranslit.to_latin(text, "sr")
    return str(
        slugify(latin, replacements=_SERBIAN_LATIN, max_length=MAX_LENGTH, word_boundary=True)
    )
