"""How a quotation in quote marks opens and closes, in every style a reader reads as quote marks."""

from __future__ import annotations

import re

_MARK_CHARACTERS: set[str] = set()
"""Every quote mark a style below is made of, gathered by :func:`_entity` as they are made."""


def _entity(character: str, *names: str) -> str:
    """``character`` or an HTML entity for it, which Markdown shows as the character."""
    _MARK_CHARACTERS.add(character)
    code = ord(character)
    forms = [re.escape(character), f"&#0*{code};", f"&#[xX]0*(?i:{code:x});"]
    return "(?:" + "|".join([*forms, *(f"&{name};" for name in names)]) + ")"


_STRAIGHT = _entity('"', "quot", "QUOT")
_LEFT = _entity("\u201c", "ldquo", "OpenCurlyDoubleQuote")
_RIGHT = _entity("\u201d", "rdquo", "rdquor", "CloseCurlyDoubleQuote")
_LOW = _entity("\u201e", "bdquo", "ldquor")
_LEFT_SINGLE = _entity("\u2018", "lsquo", "OpenCurlyQuote")
_RIGHT_SINGLE = _entity("\u2019", "rsquo", "rsquor", "CloseCurlyQuote")
_GUILLEMETS = (_entity("\u00ab", "laquo"), _entity("\u00bb", "raquo"))
_SINGLE_GUILLEMETS = (_entity("\u2039", "lsaquo"), _entity("\u203a", "rsaquo"))
_DOUBLE_STYLES = [
    (f"(?<!\\d){_STRAIGHT}|{_LEFT}", f"{_STRAIGHT}|{_RIGHT}|{_LEFT}"),  # not 6" (inches)
    (_LOW, f"{_LEFT}|{_RIGHT}|{_STRAIGHT}"),  # „…“, „…” and „…"
    (_RIGHT, f"{_RIGHT}|{_LEFT}"),  # ”…” (Swedish, Finnish)
    (_entity("\u2033"), _entity("\u2033")), (_entity("\u301d"), _entity("\u301e") + "|" + _entity("\u301f")),
    (_entity("\u275d"), _entity("\u275e")), (_entity("\u02ba"), _entity("\u02ba")),
    (_entity("\u05f4"), _entity("\u05f4")), (_entity("\u2e42"), f"{_LEFT}|{_RIGHT}"),
    _GUILLEMETS, _GUILLEMETS[::-1], _SINGLE_GUILLEMETS, _SINGLE_GUILLEMETS[::-1],
    (_entity("\u201f"), f"{_RIGHT}|{_LEFT}"), (_entity("\u201a", "sbquo"), f"{_LEFT_SINGLE}|{_RIGHT_SINGLE}"),
    (_entity("\uff02"), _entity("\uff02")), (_entity("\u300c"), _entity("\u300d")),
    (_entity("\u300e"), _entity("\u300f")),
    (_LEFT_SINGLE, _RIGHT_SINGLE + r"(?![^\W\d_])"),
]  # fmt: skip
"""How a quotation opens and closes: straight and curly double quotes (mixed too), low-9
quotes, guillemets either way round, Swedish, fullwidth and corner quotes, and the same as HTML
entities, single curly quotes included (a closing one before a letter is an apostrophe)."""


_STARTS = "".join(sorted(_MARK_CHARACTERS | {"&"}))
"""Every character a quote mark of any style, or its entity, starts with. Between them the
search runs without looking for marks (possessively: a failed search never retries a run), so
it stays fast over long paragraphs."""


def _quoted(number: int, opening: str, closing: str) -> str:
    """A quotation in one style: its words, over several lines of a paragraph if need be, up to
    its closing mark; a quotation of another style may stand inside it. Its words stop at the
    next mark of its own style, so each style scans the text once: the search stays linear."""
    character = f"(?:[^{_STARTS}]++|(?!{closing}|{opening})[{_STARTS}])"
    return f"(?:{opening})(?P<text{number}>{character}+)(?:{closing})"


_SINGLE = (
    "(?<![\\w'\u2018\u2019\u201a])['\u2018\u2019\u201a](?!\\s|\\d\\ds?\\b)(?P<text_single>"
    "(?:[^'\u2018\u2019\u201a]|(?<=\\w)['\u2019](?=\\w)){2,})['\u2019\u2018](?![\\w])"
)
"""Single quotes used as quotation marks (straight, curly either way round, low-9), over a line
break too: after no letter, before no space nor a year (``'90s``, ``'25``: not ``'2 million``,
whose quote mark opens a quotation), of two characters or more
(``rock 'n' roll``), holding apostrophes only between letters (``'Serbia's defense industry'``)."""
QUOTED = re.compile(
    f"(?=[{_STARTS}'])(?:"
    + "|".join([*(_quoted(n, o, c) for n, (o, c) in enumerate(_DOUBLE_STYLES)), _SINGLE])
    + ")"
)
"""A quotation in quote marks of any style; its words are in the group that matched."""


def words_span(span: re.Match[str]) -> tuple[int, int]:
    """Where a quotation's words stand, inside its quote marks."""
    name = next(name for name, words in span.groupdict().items() if words is not None)
    return span.span(name)
