"""Our own prose is set with typographic quote marks, apostrophes, dashes and ellipses; the
sources' stored text, and what machines read, stay as written."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, Project
from test_misquotes import MT, SANCTIONS, render_errors
from test_quotes import SVR_CLAIM, add_paragraph

from factcheck.load import load_content
from factcheck.pipeline import render
from factcheck.search import search_text
from factcheck.typography import typographic, typographic_html
from factcheck.write import MemorySite

SET = {
    "Serbia's defence": "Serbia’s defence",
    'He said "no" and left.': "He said “no” and left.",
    '"At the start," it said.': "“At the start,” it said.",
    "the 'conveyor belt' image": "the ‘conveyor belt’ image",
    "\"'Quoted' inside\" a quotation": "“‘Quoted’ inside” a quotation",
    "in the '90s": "in the ’90s",
    "the summer of '25": "the summer of ’25",
    '"I was going to--" she said': "“I was going to–” she said",
    "'Stop---' he said": "‘Stop—’ he said",
    "2024--2025, and---more": "2024–2025, and—more",
    "and so on...": "and so on…",
    "Vučić's reply": "Vučić’s reply",
}


@pytest.mark.parametrize("written, shown", SET.items())
def test_straight_marks_are_set_typographically(written: str, shown: str) -> None:
    assert typographic(written) == shown


KEPT = [
    "No marks at all",
    "*stars* and # hashes and [brackets](are text) in a title",
    "<b>tags</b> & &amp; entities are text",
    "Already “curly” and „low“ and «angled»",
    "a backslash \\ stays",
    "''Doubled'' single quotes, which are no quote marks to the quotation checks",
    "Addresses: https://example.org/a--b... and desk--one@example.org",
]


@pytest.mark.parametrize("text", KEPT)
def test_text_without_straight_marks_is_left_as_written(text: str) -> None:
    """Front matter is plain text: no Markdown or HTML is made of it, and nothing is escaped
    (the templates escape it)."""
    assert typographic(text) == text


HTML = {
    '<p>"<em>Emphasised</em>" words</p>': "<p>“<em>Emphasised</em>” words</p>",
    "<p>It's <code>\"code\" isn't set</code>'s</p>": '<p>It’s <code>"code" isn\'t set</code>’s</p>',
    "<pre><code>a -- \"b\"\n'c'</code></pre>": "<pre><code>a -- \"b\"\n'c'</code></pre>",
    '<a href="/a--b" title="x\'s">"Link"</a>': '<a href="/a--b" title="x\'s">“Link”</a>',
    '<p>end."</p><p>"Start</p>': "<p>end.”</p><p>“Start</p>",
    "<li>one</li><li>'two'</li>": "<li>one</li><li>‘two’</li>",
    'A&nbsp;"b"': "A&nbsp;“b”",
    '<code>"a" <b>b</b></code> "c"': '<code>"a" <b>b</b></code> “c”',
    '<pre>"a" <b>--</b></pre>"d"': '<pre>"a" <b>--</b></pre>“d”',
    '<a href="https://example.org/a--b">https://example.org/a--b</a>': (
        '<a href="https://example.org/a--b">https://example.org/a--b</a>'
    ),
}


@pytest.mark.parametrize("written, shown", HTML.items())
def test_html_text_is_set_and_its_tags_attributes_and_code_left_as_they_are(
    written: str, shown: str
) -> None:
    """A mark after an inline tag reads the text before the tag; one after a block's tag opens."""
    assert typographic_html(written) == shown


def _built(project: Project, paragraph: str, **front: str) -> MemorySite:
    add_paragraph(project, paragraph)
    path = project.content / SVR_CLAIM
    text = path.read_text(encoding="utf-8")
    for field, value in front.items():
        text, count = re.subn(
            rf"^{field}: .*$", f"{field}: {json.dumps(value)}", text, count=1, flags=re.M
        )
        assert count == 1, field
    path.write_text(text, encoding="utf-8")
    site = MemorySite()
    render(project.content, project.templates, site, parallel=False)
    return site


def _page(site: MemorySite, path: str) -> BeautifulSoup:
    return BeautifulSoup(site.files[path].decode(), "html.parser")


CLAIM_PAGE = "claims/svr-serbia-secret-ammunition-supplies/index.html"


def test_a_body_is_set_typographically_and_its_quotations_still_checked(
    project: Project,
) -> None:
    site = _built(
        project,
        f'The report\'s words -- as it gives them: "{SANCTIONS}" [@{MT}, para. 13]. '
        'In code: `"straight" isn\'t changed`...',
    )
    paragraph = _page(site, CLAIM_PAGE).select(".analysis p")[-1]
    text = paragraph.get_text()
    assert text.startswith(f"The report’s words – as it gives them: “{SANCTIONS}” [")
    assert paragraph.select_one(".quote-mark.verified") is not None  # the quotation is checked
    assert paragraph.code.get_text() == '"straight" isn\'t changed'  # code is shown as written
    assert text.endswith("…")


def test_front_matter_prose_is_set_for_readers_and_left_as_written_for_machines(
    project: Project,
) -> None:
    title = "Serbia's ammunition reached Ukraine -- the SVR says"
    summary = "The SVR's claim rests on its own statement..."
    site = _built(project, "Plain words.", title=title, summary=summary)
    page = _page(site, CLAIM_PAGE)
    shown = "Serbia’s ammunition reached Ukraine – the SVR says"
    assert page.h1.get_text() == f"Claim: {shown}"
    assert page.title.get_text().startswith(f"Unproven: {shown} · ")
    assert page.select_one(".summary").get_text() == "The SVR’s claim rests on its own statement…"
    review = json.loads(page.find("script", type="application/ld+json").string)
    assert review["claimReviewed"] == title  # aggregators read the claim as the file gives it
    assert review["reviewRating"]["ratingExplanation"] == summary
    home = _page(site, "index.html")
    assert home.find("a", string=shown) is not None
    feed = site.files["feed.xml"].decode()
    assert f": {shown}</title>" in feed
    assert "The SVR’s claim rests on its own statement…</summary>" in feed


def test_stored_source_text_and_source_titles_stay_as_stored(project: Project) -> None:
    site = _built(project, "Plain words.")
    page = _page(site, f"sources/{MT}/index.html")
    assert page.h1.get_text() == (
        "'Stab in the Back': Russian Spy Agency Accuses Serbia of Supplying Arms to Ukraine"
    )
    stored = page.get_text()
    assert "Serbia's defense industry" in stored
    assert "Serbia’s defense industry" not in stored


@pytest.mark.parametrize(
    "quotation", ["'2 million shells went to Kyiv'", "'250 shells went to Kyiv'"]
)
def test_words_shown_in_curly_single_quotes_are_checked_as_a_quotation(
    project: Project, quotation: str
) -> None:
    """Set typographically these read as a quotation (in curly single quotes), so they are checked as
    one; the quotation checks once passed over a single quote before a digit."""
    path, line = add_paragraph(project, f"The report says {quotation} [@{MT}, para. 13].")
    errors = render_errors(project)
    assert any(error.startswith(f"{path}:{line}: ") and "not found" in error for error in errors), (
        errors
    )
    assert typographic(quotation).startswith("\u2018")


def test_a_search_result_shows_the_claim_set_as_its_page_does() -> None:
    content = load_content(ROOT / "content")
    claim = next(claim for claim in content.claims if '"' in claim.body and "'" in claim.summary)
    result = json.loads(search_text(claim, content.ratings))
    assert result["title"] == typographic(claim.title)
    assert result["summary"] == typographic(claim.summary) != claim.summary
    assert "\u201c" in result["text"] and '"' not in result["text"]  # the excerpt's text too
