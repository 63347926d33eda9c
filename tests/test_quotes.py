"""Source integrity: every quotation verified against the stored source, and differences shown."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import ROOT, Project, parse_html, run_build, snapshot
from test_site import resolve

from factcheck.errors import ContentErrors
from factcheck.pipeline import render
from factcheck.state import BuildState
from factcheck.write import MemorySite

SVR_CLAIM = "claims/svr-serbia-secret-ammunition-supplies.md"
MT = "moscow-times-2025-05-29"


def add_paragraph(project: Project, text: str) -> tuple[Path, int]:
    """Append ``text`` to the SVR claim's analysis; return the file and the paragraph's first line."""
    path = project.content / SVR_CLAIM
    body = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    line = body.count("\n") + 1
    path.write_text(body + text + "\n", encoding="utf-8")
    return path, line


def test_every_published_quote_is_verified_and_linked(built_site: Path) -> None:
    claims = sorted((built_site / "claims").glob("*/index.html"))
    assert len(claims) >= 5
    marks_seen = 0
    for page_path in claims:
        page = parse_html(page_path)
        assert not page.select(".quote-mark.unverified"), page_path
        for mark in page.select(".analysis .quote-mark.verified, .comparison .quote-mark.verified"):
            marks_seen += 1
            href, anchor = mark["href"].split("#")
            target = parse_html(resolve(page_path, href, built_site))
            passage = target.find(id=anchor)
            assert passage is not None and passage.name == "li", (page_path, mark["href"])
            claim_title = page.h1.get_text().removeprefix("Claim: ")
            assert claim_title in passage.get_text()  # the source page says who quotes it
    assert marks_seen >= 50


def test_a_quote_is_followed_by_its_mark(built_site: Path) -> None:
    page = parse_html(
        built_site / "claims" / "svr-serbia-secret-ammunition-supplies" / "index.html"
    )
    mark = page.find(string=re.compile("conveyor belt of death")).find_next(class_="quote-mark")
    assert mark.get_text() == "✓ quote checked"  # "quote checked" is for screen readers
    assert mark.find(class_="visually-hidden").get_text() == " quote checked"
    assert mark.parent["class"] == ["citation"]  # inside the brackets of the citation covering it
    assert mark["href"].startswith("../../sources/unattributed-report-2025-05-29/#passage-")


@pytest.mark.parametrize(
    ("quote", "passes"),
    [
        (f'"These shipments can hardly be justified" [@{MT}]', True),
        (f'"These cargoes can hardly be justified" [@{MT}]', False),
        (f"“These shipments can hardly be justified” [@{MT}]", True),  # curly quotes
        (
            f'"Serbia maintains close ties with Moscow ... depends heavily on Russian gas" [@{MT}]',
            True,
        ),
        (
            f'"Serbia maintains close ties with Moscow … depends heavily on Russian gas" [@{MT}]',
            True,
        ),
        (
            f'"depends heavily on Russian gas ... Serbia maintains close ties" [@{MT}]',
            False,
        ),  # order
        (f'"[Serbia] has not joined Western sanctions against Russia" [@{MT}]', True),
        (f'"Serbia [...] has not joined Western sanctions" [@{MT}]', True),  # [...] omits
        (
            f'"Serbia [the country] has not joined Western sanctions" [@{MT}]',
            False,
        ),  # too far apart
        (f'"it has not joined [Western] sanctions against Russia" [@{MT}]', True),
        (f'"[Vučić] has defended the exports" [@{MT}]', True),
        (f'"Although it is a candidate\nfor EU membership" [@{MT}]', True),  # spans a line break
        (f'"Russia\'s Foreign Intelligence Service" [@{MT}]', True),
        (f'"Russia’s Foreign Intelligence Service" [@{MT}]', True),  # curly apostrophe
        (f'"full-scale invasion" [@{MT}]', True),
        (f'"full–scale invasion" [@{MT}]', True),  # en dash for hyphen
        (f'"full scale invasion" [@{MT}]', False),  # a dash is not a space
        (f'"serbia maintains close ties" [@{MT}]', False),  # case counts
        (
            f"> Tens of thousands of Russians have relocated to Serbia\n> since the February 2022 invasion [@{MT}]",
            True,
        ),
        (
            f"> Tens of thousands of Russians have relocated to Serbia\n> since the March 2022 invasion [@{MT}]",
            False,
        ),
    ],
)
def test_quote_matching(project: Project, quote: str, passes: bool) -> None:
    path, line = add_paragraph(project, quote)
    result = project.build()
    if passes:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 1
        assert result.stderr.startswith(
            f"{path}:{line}: quote not found in {MT}; the closest passage there, in para. "
        )


def test_changed_word_names_the_closest_passage_and_keeps_the_site(project: Project) -> None:
    assert project.build().returncode == 0
    before = snapshot(project.out)
    path, line = add_paragraph(
        project, f'The SVR called it "an attempt to stab Serbia in the back" [@{MT}, para. 3].'
    )
    result = project.build()
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:{line}: quote not found in {MT}; the closest passage there, in para. 6, reads "
        '“"an attempt to stab {-Russia-} {+Serbia+} in the back."” ({-…-}: the source\'s words '
        "the quotation lacks; {+…+}: the quotation's words the source lacks)"
    )
    assert snapshot(project.out) == before


def test_a_quote_not_found_is_reported_again_by_the_preview_until_fixed(project: Project) -> None:
    """The preview keeps its checks in memory between rebuilds; a failed check is not kept."""
    cache = BuildState()
    add_paragraph(project, f'The SVR called it "an attempt to stab Serbia" [@{MT}, para. 3].')
    for _ in range(2):
        with pytest.raises(ContentErrors, match="quote not found"):
            render(project.content, project.templates, MemorySite(), state=cache)


def test_quote_of_a_source_without_stored_text_is_built_unverified(project: Project) -> None:
    source = project.content / "sources" / "empty-statement.md"
    source.write_text(
        "---\ntitle: A statement we do not hold\npublisher: not recorded\npublished: 2025\n---\n",
        encoding="utf-8",
    )
    path, line = add_paragraph(project, 'It said "we do not hold this" [@empty-statement].')
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = parse_html(
        project.out / "claims" / "svr-serbia-secret-ammunition-supplies" / "index.html"
    )
    mark = page.find(string=re.compile("we do not hold this")).find_next(class_="quote-mark")
    assert "unverified" in mark["class"]
    assert "not stored" in mark.get_text()
    source_page = parse_html(project.out / "sources" / "empty-statement" / "index.html")
    assert "We hold no text of this source" in source_page.get_text()

    result = run_build("check", "--content", project.content, "--templates", project.templates)
    assert f"{path}:{line}: warning: quote of empty-statement cannot be verified" in result.stdout


@pytest.mark.parametrize(
    "source_file",
    [
        path
        for path in sorted((ROOT / "content" / "sources").glob("*.md"))
        if "\nstored_text: false\n" not in path.read_text(encoding="utf-8")
    ],
    ids=lambda p: p.stem,
)
def test_source_page_shows_the_hash_of_the_stored_text(built_site: Path, source_file: Path) -> None:
    raw = source_file.read_text(encoding="utf-8")
    body = re.split(r"^-{3,}\s*$", raw, maxsplit=2, flags=re.MULTILINE)[2]
    folder = built_site / "sources" / source_file.stem
    stored = (folder / "stored-text.txt").read_bytes()
    assert stored == body.encode("utf-8")
    page = parse_html(folder / "index.html")
    assert page.select_one(".stored-text .hash").get_text() == hashlib.sha256(stored).hexdigest()
    assert page.select_one(".stored-text a")["href"] == "stored-text.txt"
    facts = page.select_one(".facts")
    url = re.search(r'^url: "(.+)"$', raw, re.MULTILINE)
    if url:
        assert facts.find("a", href=url.group(1)).get_text() == url.group(1)
    else:
        assert "Original address not recorded" in facts.get_text()


def test_comparison_marks_exactly_the_differing_words(built_site: Path) -> None:
    page = parse_html(
        built_site / "claims" / "svr-serbia-secret-ammunition-supplies" / "index.html"
    )
    comparison = page.select(".comparison")[0]
    assert "humanitarian" in comparison.h2.get_text()
    first, second = comparison.select(".rendering blockquote")
    assert [m.get_text() for m in first.select("mark.differs")] == [
        "Such",
        "supplies",
        "by",
        "considerations",
        "They",
        "have",
        "one",
        "Russian",
    ]  # fmt: skip: the dash and the quote marks around words are not marked
    assert [m.get_text() for m in second.select("mark.differs")] == [
        "These", "shipments", "on", "grounds", "Their", "only", "is",
    ]  # fmt: skip
    assert first.get_text(" ", strip=True).startswith("Such supplies can hardly be justified by")
    captions = [caption.get_text(" ", strip=True) for caption in comparison.select("figcaption")]
    assert "para. 7" in captions[0] and "The Moscow Times" in captions[1]
    assert all("✓ quote checked" in caption for caption in captions)


def test_a_changed_rendering_fails_on_its_line(project: Project) -> None:
    path = project.content / SVR_CLAIM
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("stab Russia in the back", "stab Moscow in the back", 1), encoding="utf-8"
    )
    line = next(n for n, row in enumerate(path.read_text().splitlines(), 1) if "stab Moscow" in row)
    result = project.build()
    assert result.returncode == 1
    assert result.stderr.startswith(f"{path}:{line}: quote not found in {MT}")
