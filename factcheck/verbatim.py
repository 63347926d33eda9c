"""Where a Markdown body holds what is not our own prose: others' words (quotations in quote
marks, blockquotes), and what Markdown does not show as words (code, link addresses, HTML
tags). A transliteration leaves these as written, and the marking of quotations in another
language finds them here."""

from __future__ import annotations

import re

from factcheck.quotations import prose_blocks
from factcheck.quotemarks import QUOTED

_BLANKED = re.compile(r" +")
_ADDRESS = re.compile(r"(?:\b(?:https?|ftp|mailto|tel):|\bwww\.)[^\s<>()\[\]]+", re.IGNORECASE)
"""A web or e-mail address written out, in a link's definition or as plain text."""


def quoted_spans(body: str) -> list[tuple[int, int]]:
    """Where ``body`` holds others' words: each quotation in quote marks, with its marks, and
    each blockquote, in order."""
    return _quoted(*prose_blocks(body))


def kept_spans(body: str) -> list[tuple[int, int]]:
    """Where ``body`` holds what a transliteration keeps as written, in order, none
    overlapping: others' words, code, link addresses and HTML tags, and web addresses."""
    prose, blocks = prose_blocks(body)
    spans = _quoted(prose, blocks)
    spans += [m.span() for m in _BLANKED.finditer(prose) if not body[m.start() : m.end()].isspace()]
    spans += [m.span() for m in _ADDRESS.finditer(body)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _quoted(prose: str, blocks: list[tuple[int, int, bool]]) -> list[tuple[int, int]]:
    """The quotations in quote marks and the blockquotes of ``prose``, whose ``blocks`` these
    are, in order."""
    spans = []
    for start, end, is_blockquote in blocks:
        if is_blockquote:
            spans.append((start, end))
        else:
            spans += [quoted.span() for quoted in QUOTED.finditer(prose, start, end)]
    return spans
