"""The side-by-side comparison of renderings: only words that differ are marked."""

from __future__ import annotations

from pathlib import Path

from conftest import parse_html

from factcheck.compare import compare_words


def marked(texts: list[str]) -> list[list[str]]:
    return [[word.core for word in words if word.differs] for words in compare_words(texts)]


def test_punctuation_capitals_and_quote_styles_do_not_count() -> None:
    assert marked(["“Such supplies,” he said", '"such supplies" He said.']) == [[], []]


def test_a_mark_of_punctuation_alone_is_never_marked() -> None:
    assert marked(["one purpose - to kill", "one purpose to kill"]) == [[], []]


def test_only_the_word_is_marked_not_the_quote_mark_or_comma_around_it() -> None:
    first, second = compare_words(['a "shot in the back,"', 'an "attempt in the back,"'])
    shot = first[1]
    assert (shot.lead, shot.core, shot.trail, shot.differs) == ('"', "shot", "", True)
    assert [w.core for w in second if w.differs] == ["an", "attempt"]
    assert [w.text for w in first] == ["a", '"shot', "in", "the", 'back,"']


def test_each_rendering_is_compared_with_the_first() -> None:
    assert marked(["to kill and maim", "to kill and wound", "to kill or maim"]) == [
        ["and", "maim"],
        ["wound"],
        ["or"],
    ]


def test_the_page_marks_words_with_a_key_and_nothing_that_looks_like_a_link(
    built_site: Path,
) -> None:
    page = parse_html(
        built_site / "claims" / "svr-serbia-secret-ammunition-supplies" / "index.html"
    )
    sections = page.select("section.comparison")
    assert sections
    for section in sections:
        assert "highlighted words differ from the other" in section.select_one(".legend").get_text()
        for mark in section.select("blockquote mark.differs"):
            text = mark.get_text()
            assert text and text[0].isalnum() and text[-1].isalnum(), text
    css = (built_site / "assets" / "style.css").read_text(encoding="utf-8")
    rule = next(line for line in css.splitlines() if line.startswith("mark.differs"))
    assert "underline" not in rule
