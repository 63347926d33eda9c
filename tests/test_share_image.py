"""Each claim's share image: what a social network shows beside a shared link to the claim."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Project, age, in_one_language, parse_html
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFont
from test_incremental import SVR, cached_build, edit

from factcheck.catalogs import ENGLISH
from factcheck.shareimage import (
    _TEXT_WIDTH as TEXT_WIDTH,
)
from factcheck.shareimage import (
    _TITLE_SIZES,
    WIDTH,
    ShareCard,
    _font,
    _title_lines,
    _wrap,
    captions_in,
    share_image,
)

CLAIMANT = "Служба спољне обавештајне службе (Vučić)"
CARD = ShareCard(
    "Claim Check",
    "Serbian ammunition reached Ukraine in bulk on false end-user certificates",
    CLAIMANT,
    "Mostly true",
    (4, 5),
    captions_in(ENGLISH, CLAIMANT),
)


def test_the_image_is_a_1200_by_630_png() -> None:
    image = Image.open(io.BytesIO(share_image(CARD)))
    assert (image.format, image.size) == ("PNG", (1200, 630))


def test_the_same_card_gives_the_same_bytes_in_another_process() -> None:
    """Fonts and layout are the generator's, so a fresh interpreter draws the same pixels."""
    script = (
        "import sys; from factcheck.shareimage import Captions, ShareCard, share_image; "
        f"sys.stdout.buffer.write(share_image(ShareCard(*{tuple(vars(CARD).values())!r})))"
    )
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    assert other.stdout == share_image(CARD)


def test_what_differs_draws_differently() -> None:
    changed = ShareCard(*[*tuple(vars(CARD).values())[:3], "Half true", (3, 5), CARD.captions])
    assert share_image(changed) != share_image(CARD)


def test_the_alternative_text_says_the_claim_and_the_verdict_in_words() -> None:
    assert CARD.alt(ENGLISH) == (
        "Claim Check fact check. Claim: Serbian ammunition reached Ukraine in bulk on false "
        "end-user certificates. Claimant: Служба спољне обавештајне службе (Vučić). "
        "Our verdict: Mostly true (4 of 5)."
    )


def test_a_long_claim_is_set_smaller_and_a_too_long_one_ends_in_an_ellipsis() -> None:
    short_size, short = _title_lines(CARD.claim)
    longer_size, longer = _title_lines(CARD.claim * 3)
    too_long_size, too_long = _title_lines(CARD.claim * 20)
    assert short_size > longer_size >= too_long_size
    assert " ".join(short) == CARD.claim
    assert " ".join(longer) == CARD.claim * 3
    assert too_long[-1].endswith("…") and not too_long[0].endswith("…")


def test_a_word_wider_than_the_image_is_cut_where_it_reaches_the_edge() -> None:
    font = _font(60, bold=True)
    lines = _wrap("x" * 200 + " end", font)
    assert "".join(lines[:-1]) + lines[-1].removesuffix(" end") == "x" * 200
    assert all(font.getlength(line) <= WIDTH - 2 * 64 for line in lines)


@pytest.fixture(scope="module")
def claim_pages(built_site: Path) -> list[Path]:
    pages = sorted((built_site / "claims").glob("*/index.html"))
    assert pages
    return pages


def whole_measure_wrap(text: str, font: ImageFont.FreeTypeFont) -> list[str]:
    """The lines as measuring every candidate line whole puts them: what the wrap must give."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= TEXT_WIDTH:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > TEXT_WIDTH:
            cut = next(n for n in range(len(word), 0, -1) if font.getlength(word[:n]) <= TEXT_WIDTH)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    return [*lines, line] if line else lines


WORDS = [
    "Serbia",
    "supplied",
    "ammunition",
    "worth",
    "about",
    "€800",
    "million",
    "to",
    "Ukraine",
    "through",
    "third",
    "countries,",
    "the",
    "SVR",
    "says;",
    "Vučić",
    "“denies”",
    "it",
    "(AV",
    "To",
    "Ta",
    "Yo",
    "LT).",
    "Србија",
    "није",
    "продавала",
    "муницију",
    "Украјини,",
    "рекао",
    "је",
    "Вучић",
    "—",
    "«третьи",
    "страны»",
    "…",
    "x’s",
    "wasn't",
    "W.A.V.E.",
    "1,000,000",
    "Supercalifragilistic",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=60),
    st.sampled_from(_TITLE_SIZES),
)
def test_lines_break_where_measuring_each_line_whole_breaks_them(
    words: list[str], size: int
) -> None:
    text = " ".join(words)
    font = _font(size, bold=True)
    assert _wrap(text, font) == whole_measure_wrap(text, font)


def test_no_card_draws_on_another() -> None:
    """Every card starts from a copy of what all cards show, never from the last card drawn."""
    other = ShareCard(
        "Claim Check", "Another claim entirely", "Someone", "False", (1, 5),
        captions_in(ENGLISH, "Someone"),
    )  # fmt: skip
    first = share_image(CARD)
    share_image(other)
    assert share_image(CARD) == first


def test_every_claim_page_names_its_own_image_by_its_address(
    built_site: Path, claim_pages: list[Path]
) -> None:
    for page in claim_pages:
        head = parse_html(page).head
        assert head is not None
        meta = {
            tag.get("property") or tag.get("name"): tag.get("content")
            for tag in head.find_all("meta", content=True)
        }
        canonical = head.find("link", rel="canonical")["href"]
        assert meta["og:image"] == canonical + "share.png", page
        image = Image.open(page.parent / "share.png")
        assert image.size == (int(meta["og:image:width"]), int(meta["og:image:height"]))
        assert meta["twitter:card"] == "summary_large_image"
        title = head.title.string
        verdict, claim = title.split(" · ")[0].split(": ", 1)
        assert f"Claim: {claim}." in meta["og:image:alt"]
        assert f"Our verdict: {verdict}" in meta["og:image:alt"]
        assert meta["twitter:image:alt"] == meta["og:image:alt"]


def test_other_pages_have_no_image_and_a_small_card(built_site: Path) -> None:
    for page in [built_site / "index.html", built_site / "sources" / "index.html"]:
        head = parse_html(page).head
        assert head.find("meta", property="og:image") is None
        assert head.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"


def correction(claim: Path, day: str) -> tuple[Path, str, str]:
    """The edit adding the corrections entry a change to the claim's summary or verdict needs."""
    return claim, "corrections:\n", f"corrections:\n  - {{date: {day}, note: Why.}}\n"


def test_edits_to_what_the_image_does_not_show_keep_it_and_a_new_verdict_redraws_it(
    project: Project,
) -> None:
    in_one_language(project)  # a verdict changes in one file
    cached_build(project)
    image = project.out / "claims" / "svr-serbia-secret-ammunition-supplies" / "share.png"
    before = image.read_bytes(), image.stat().st_mtime_ns
    claim, settings = project.content / SVR, project.content / "site.yml"
    for edits in [
        [(claim, "## Our verdict", "A new sentence.\n\n## Our verdict")],
        [(claim, 'summary: "', 'summary: "Edited. '), correction(claim, "2026-11-23")],
        [(settings, "  svr: SVR", "  svr: Foreign Intelligence Service")],
    ]:
        for path, old, new in edits:
            edit(path, old, new)
        age(project.content)
        cached_build(project)
        assert (image.read_bytes(), image.stat().st_mtime_ns) == before, edits
    edit(claim, "verdict: unproven", "verdict: mostly-false")
    edit(*correction(claim, "2026-11-24"))
    age(project.content)
    cached_build(project)
    assert image.read_bytes() != before[0]
