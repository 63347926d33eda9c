"""A claim's share image: the picture a social network or chat app shows beside a shared link to
the claim page (og:image, twitter:image), 1200 by 630 pixels, drawn with Pillow.

It carries what a reader needs to judge the link before opening it: the site, the claim as we
word it (never in quotation marks: it is not the claimant's words), who made it, and the verdict,
written out and shown on the rating scale. A claim gives the same bytes on every build and every
machine: the fonts ship with the generator (DejaVu Sans, which has Latin with its diacritics and
Cyrillic), text is laid out by FreeType alone (no system shaping library, whose version would
change the pixels), and the PNG holds no time.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from typing import NamedTuple

from PIL import Image, ImageDraw, ImageFont

from factcheck.catalogs import Words
from factcheck.generator import FONTS
from factcheck.model import Claim, RatingScale
from factcheck.typography import typographic

WIDTH, HEIGHT = 1200, 630
"""The size Facebook, LinkedIn and X ask for (1.91:1)."""

_MARGIN = 64
_TEXT_WIDTH = WIDTH - 2 * _MARGIN
_TITLE_TOP = 140
_BAND_TOP = 440
"""Where the verdict band begins; the claim and the claimant's line end above it."""
_TITLE_HEIGHT = _BAND_TOP - _TITLE_TOP - 70
_TITLE_SIZES = (60, 52, 44, 38)
"""Tried in turn until the claim fits in :data:`_TITLE_HEIGHT`."""
_INK, _MUTED, _PANEL, _RULE, _PAPER = "#1b1b1b", "#555555", "#f4f4f1", "#d6d6d0", "#ffffff"
"""The theme's light colours, as greys: the verdict is told by its words and marks, never by
colour."""
_LEVELS = [round(grey * 15 / 255) for grey in range(256)]
_PALETTE = [round(level * 255 / 15) for level in range(16) for _ in "rgb"]
"""Sixteen greys, four bits a pixel: as smooth to the eye as 256 on text this size, and it
halves the bytes zlib compresses, which is most of an image's cost (about 4 ms and 18 KB each;
256 greys took 6 ms and 29 KB)."""
_Z_RLE = 3
"""zlib's run-length strategy: nearly as small as the default on these flat images, and faster."""


class Captions(NamedTuple):
    """What a share image says besides the claim, in the site's language."""

    kicker: str
    verdict: str
    """The heading of the verdict."""
    claimant: str
    """The claimant's line."""


def captions_in(words: Words, claimant: str) -> Captions:
    return Captions(
        words.gettext("FACT CHECK"),
        words.gettext("Our verdict"),
        words.gettext("Claimant: %(claimant)s", claimant=claimant),
    )


@dataclass(frozen=True)
class ShareCard:
    """What a share image shows."""

    site_name: str
    claim: str
    claimant: str
    verdict: str
    """The verdict's label."""
    marks: tuple[int, int] | None
    """How many of the scale's marks the verdict fills, and of how many, as the pages draw
    them; None for a verdict off the numeric scale."""
    captions: Captions

    def alt(self, words: Words) -> str:
        """The image in words, for readers who cannot see it, in the language of ``words``."""
        scale = (
            words.gettext(" (%(filled)s of %(total)s)", filled=self.marks[0], total=self.marks[1])
            if self.marks
            else ""
        )
        return words.gettext(
            "%(site)s fact check. Claim: %(claim)s. Claimant: %(claimant)s. "
            "Our verdict: %(verdict)s%(scale)s.",
            site=self.site_name, claim=self.claim, claimant=self.claimant, verdict=self.verdict,
            scale=scale,
        )  # fmt: skip


def share_card(claim: Claim, site_name: str, ratings: RatingScale, words: Words) -> ShareCard:
    verdict = claim.verdict
    return ShareCard(
        site_name, typographic(claim.title), claim.claimant, verdict.label,
        ratings.marks(verdict), captions_in(words, claim.claimant),
    )  # fmt: skip


def share_image(card: ShareCard) -> bytes:
    """The PNG of ``card``."""
    image = _blank(card.site_name, card.captions.kicker, card.captions.verdict).copy()
    draw = ImageDraw.Draw(image)
    size, lines = _title_lines(card.claim)
    title = _font(size, bold=True)
    top = _TITLE_TOP
    for line in lines:
        draw.text((_MARGIN, top), line, font=title, fill=_INK)
        top += _line_height(size)
    claimant = _font(28)
    draw.text((_MARGIN, top + 14), _fit(card.captions.claimant, claimant), font=claimant, fill=_MUTED)  # fmt: skip
    _verdict(draw, card)
    packed = image.point(_LEVELS)
    packed.putpalette(_PALETTE)  # the levels, as they are, become palette entries: no copy
    out = io.BytesIO()
    packed.save(out, format="PNG", bits=4, compress_type=_Z_RLE)
    return out.getvalue()


@functools.cache
def _blank(site_name: str, kicker: str, heading: str) -> Image.Image:
    """What every card of the site shows, drawn once: its name, and the band the verdict is
    written on. What a card adds never reaches the band (the claimant's line ends above it)."""
    image = Image.new("L", (WIDTH, HEIGHT), _PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 12), fill=_INK)
    name = _font(30, bold=True)
    draw.text((_MARGIN, 44), _fit(site_name, name), font=name, fill=_MUTED)
    draw.text((_MARGIN, 92), kicker, font=_font(24), fill=_MUTED)
    draw.rectangle((0, _BAND_TOP, WIDTH, HEIGHT), fill=_PANEL)
    draw.line((0, _BAND_TOP, WIDTH, _BAND_TOP), fill=_RULE, width=2)
    draw.text((_MARGIN, _BAND_TOP + 28), heading, font=_font(26), fill=_MUTED)
    return image


def _verdict(draw: ImageDraw.ImageDraw, card: ShareCard) -> None:
    label = _font(56, bold=True)
    text = _fit(card.verdict, label, _TEXT_WIDTH - 300)
    left, top = _MARGIN, _BAND_TOP + 70
    width = round(draw.textlength(text, font=label))
    draw.rounded_rectangle((left, top, left + width + 48, top + 84), radius=10, outline=_INK, width=4)  # fmt: skip
    draw.text((left + 24, top + 12), text, font=label, fill=_INK)
    if card.marks is not None:
        filled, total = card.marks
        x = left + width + 88
        for mark in range(1, total + 1):
            box = (x, top + 18, x + 28, top + 66)
            draw.rectangle(box, fill=_INK if mark <= filled else None, outline=_INK, width=3)
            x += 38


def _title_lines(claim: str) -> tuple[int, list[str]]:
    """The largest size at which the claim fits, and its lines; at the smallest size a claim
    still too long is cut on its last line, the cut shown by an ellipsis."""
    for size in _TITLE_SIZES:
        font = _font(size, bold=True)
        lines = _wrap(claim, font)
        most = _TITLE_HEIGHT // _line_height(size)
        if len(lines) <= most:
            return size, lines
    overflow = " ".join(lines[most - 1 :])
    return size, [*lines[: most - 1], _fit(overflow, font)]


def _line_height(size: int) -> int:
    return round(size * 1.22)


def _wrap(text: str, font: ImageFont.FreeTypeFont) -> list[str]:
    """``text`` broken into lines no wider than the text column, at spaces; a word wider than
    the column on its own is cut where it reaches the edge.

    A line's width is the sum of its words' (no kerning pair of these fonts spans a space), each
    measured once: measuring every longer candidate line took a third of an image's time. A
    line within :data:`_SLACK` of the edge is measured whole, so the breaks are where whole
    measures put them."""
    lines: list[str] = []
    line, width = "", 0.0
    for word in text.split():
        if line:
            wider = width + _length(font, f" {word}")
            if wider <= _TEXT_WIDTH - _SLACK or (
                wider <= _TEXT_WIDTH + _SLACK and font.getlength(f"{line} {word}") <= _TEXT_WIDTH
            ):
                line, width = f"{line} {word}", wider
                continue
            lines.append(line)
        while _length(font, word) > _TEXT_WIDTH:
            cut = _longest_prefix(word, font, _TEXT_WIDTH)
            lines.append(word[:cut])
            word = word[cut:]
        line, width = word, _length(font, word)
    return [*lines, line] if line else lines


_SLACK = 4.0
"""Pixels from the edge within which a line is measured whole rather than summed."""


@functools.lru_cache(maxsize=100_000)
def _length(font: ImageFont.FreeTypeFont, text: str) -> float:
    """How wide ``text`` is in ``font``: titles share most of their words."""
    return font.getlength(text)


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int = _TEXT_WIDTH) -> str:
    """``text`` on one line of ``width``, cut and ended with an ellipsis where it is wider."""
    if font.getlength(text) <= width:
        return text
    return text[: _longest_prefix(text + "…", font, width, suffix="…")].rstrip() + "…"


def _longest_prefix(text: str, font: ImageFont.FreeTypeFont, width: int, suffix: str = "") -> int:
    """How many characters of ``text`` (at least one), followed by ``suffix``, fit in ``width``."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle] + suffix) <= width:
            low = middle
        else:
            high = middle - 1
    return low


@functools.cache
def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(FONTS / name, size, layout_engine=ImageFont.Layout.BASIC)
