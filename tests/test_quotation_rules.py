"""Every quotation is found, covered by a citation and checked whole; markup cannot hide or stand
in for words; locators name the paragraph where the words stand; alterations are shown.

Each case appends text to a real claim and renders the real content in-process, or builds it with
the real command where the page a reader gets is what is asserted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import Project, cpu_seconds, parse_html
from test_misquotes import MT, SANCTIONS, UR, render_errors
from test_quotes import add_paragraph

from factcheck.markup import MarkdownRenderer, QuoteMark, SlowMarkdown
from factcheck.matching import find
from factcheck.pipeline import render
from factcheck.quotations import find_quotes
from factcheck.stored import StoredText, paragraph_locator
from factcheck.write import MemorySite

FT = "ft-serbian-ammunition-2024"

CAUGHT = {
    # An omission joins words of two paragraphs.
    "an omission across paragraphs": (
        f'"Serbia maintains close ties with Moscow ... Tens of thousands of Russians" [@{MT}]',
        0, "the omission joins words of para. 13 to words of para. 14",
    ),
    "an omission across a headline": (
        f'"These shipments can hardly be justified ... the Financial Times" [@{MT}]',
        0, "the omission joins words of para. 6 to words of para. 7",
    ),
    # Markup inside quote marks: what a reader sees is not what was checked.
    "a reference link hiding its brackets": (
        f'"it has [not][n] joined Western sanctions" [@{MT}]\n\n[n]: https://example.org/',
        0, "which a link definition makes a link",
    ),
    "a shortcut reference link": (
        f'"it has [never] joined Western sanctions" [@{MT}]\n\n[never]: https://example.org/',
        0, "which a link definition makes a link",
    ),
    "an image's alt text": (
        f'"it has ![not](x.png) joined Western sanctions" [@{MT}]', 0, "holds an image",
    ),
    "a visually hidden span": (
        f'"it has <span class="visually-hidden">not</span> joined Western sanctions" [@{MT}]',
        0, "holds raw HTML",
    ),
    "emphasis": (f'"it has *not* joined Western sanctions" [@{MT}]', 0, "holds emphasis"),
    "code": (f'"it has `not` joined Western sanctions" [@{MT}]', 0, "holds code"),
    "a footnote reference": (
        f'"it has not[^x] joined Western sanctions" [@{MT}]\n\n[^x]: A note.',
        0, "holds a footnote reference",
    ),
    # Where the citation stands.
    "a citation later in the sentence": (
        f'The Moscow Times says "it has joined Western sanctions", as it reported [@{MT}].',
        0, f"quote not found in {MT}",
    ),
    "a citation earlier in the sentence": (
        f'According to The Moscow Times [@{MT}], "it has joined Western sanctions".',
        0, f"quote not found in {MT}",
    ),
    "no citation at all": (
        'It says "it has joined Western sanctions".', 0, "no citation in its sentence",
    ),
    "a citation in the next sentence": (
        f'It says "it has joined Western sanctions". That is reported [@{MT}].',
        0, "no citation in its sentence",
    ),
    "a citation only in a footnote": (
        f'It says "it has joined Western sanctions".[^m]\n\n[^m]: See [@{MT}].',
        0, "no citation in its sentence",
    ),
    "a misquotation inside a footnote": (
        f'As noted.[^m]\n\n[^m]: It says "it has joined Western sanctions" [@{MT}].',
        2, f"quote not found in {MT}",
    ),
    "a citation inside the quote marks": (
        f'"it has joined [@{MT}] Western sanctions".', 0, "a citation stands inside quote marks",
    ),
    # Blockquotes are checked whole.
    "a blockquote's first paragraph": (
        f"> Serbia maintains close ties with Moscow and depends heavily on Chinese gas.\n>\n"
        f"> Tens of thousands of Russians have relocated to Serbia [@{MT}]",
        0, f"quote not found in {MT}",
    ),
    "a blockquote's lazy continuation line": (
        f"> Serbia maintains close ties with Moscow\nand depends heavily on Chinese gas [@{MT}]",
        0, f"quote not found in {MT}",
    ),
    "a first blockquote with no citation": (
        f"> it has joined Western sanctions\n\n> Serbia maintains close ties with Moscow [@{MT}]",
        0, "a blockquote is a quotation",
    ),
    "a blockquote's words after its citation": (
        f"> Serbia maintains close ties with Moscow [@{MT}]\n> and it has joined sanctions",
        1, "follow no citation",
    ),
    # Raw HTML whose quote marks the checks cannot see.
    "raw <q>": (f"It says <q>it has joined Western sanctions</q> [@{MT}].", 0, "raw HTML <q>"),
    "raw <blockquote>": (
        "<blockquote>it has joined Western sanctions</blockquote>", 0, "raw HTML <blockquote>",
    ),
    # Words cut inside a word of the source.
    "a word cut short": (
        f'"it has not joined Western sanction" [@{MT}]', 0, f"quote not found in {MT}",
    ),
    "a word begun inside another": (
        f'"ussia launched its full-scale invasion" [@{MT}]', 0, f"quote not found in {MT}",
    ),
    # Quote marks written as other entities.
    "hexadecimal entities": (
        f"It says &#x22;it has joined Western sanctions&#x22; [@{MT}].", 0, "quote not found",
    ),
    "named guillemets": (
        f"It says &laquo;it has joined Western sanctions&raquo; [@{MT}].", 0, "quote not found",
    ),
    # Found in review: each of these was once published.
    "a link defined inside a list item": (
        f'"Serbia maintains close ties with [Kyiv] and depends heavily on Russian gas" [@{MT}, para. 13]'
        "\n\n- One list item.\n\n    [Kyiv]: https://example.com/",
        0, "which a link definition makes a link",
    ),
    "a word begun after a hyphen": (
        f'"Russian sanctions, which made arms purchases from Moscow" [@{UR}, para. 10]',
        0, f"quote not found in {UR}",
    ),
    "an insertion beyond a closing omission": (
        f'"it has ... [joined Western sanctions]" [@{MT}, para. 13]', 0, "beyond an omission",
    ),
    "a long insertion before the quoted words": (
        f'"[Serbia joined Western sanctions in 2025, and] Belgrade sent Kiev" [@{UR}, para. 4]',
        0, "holds more than 4 words",
    ),
    "an omission dropping hardly": (
        f"\"These shipments can ... be justified on 'humanitarian grounds.'\" [@{MT}, para. 6]",
        0, "leaves out “hardly”",
    ),
    "an insertion adding no beside an omission": (
        f'"Serbia maintains [no] ... ties with Moscow" [@{MT}, para. 13]', 0, "adds a negation",
    ),
    "uppercase hexadecimal entities": (
        f"It says &#x201C;Serbia has joined Western sanctions&#x201D; [@{MT}, para. 13].",
        0, "quote not found",
    ),
    "&QUOT; entities": (
        f"It says &QUOT;Serbia has joined Western sanctions&QUOT; [@{MT}, para. 13].",
        0, "quote not found",
    ),
    "Swedish quote marks": (
        f"It says \u201dSerbia has joined Western sanctions\u201d [@{MT}, para. 13].",
        0, "quote not found",
    ),
    "German guillemets": (
        f"It says \u00bbSerbia has joined Western sanctions\u00ab [@{MT}, para. 13].",
        0, "quote not found",
    ),
    "an outer quotation holding one of another style": (
        f'It says \u00abSerbia has joined Western sanctions against Russia over the war in "Ukraine"\u00bb [@{MT}, para. 13].',
        0, "quote not found",
    ),
    "a blockquote's line after an empty one": (
        f"> Serbia maintains close ties with Moscow [@{MT}, para. 13]\n>\n"
        f"it has joined Western sanctions [@{MT}, para. 13]",
        2, "quote not found",
    ),
    "a blockquote inside a list item": (
        f"- The Moscow Times:\n\n    > it has joined Western sanctions [@{MT}, para. 13]",
        2, "quote not found",
    ),
    "a wrapped line starting with a number": (
        f'It wrote "Serbia has joined Western sanctions against Russia in\n2025. It is a candidate" [@{MT}, para. 13].',
        0, "quote not found",
    ),
    "a stray < in an earlier paragraph": (
        f'Exports were valued at <EUR 1 billion.\n\nIt says "Serbia has joined Western sanctions" [@{MT}, para. 13].',
        2, "quote not found",
    ),
    "a citation of the next sentence after no": (
        f'It calls them "false end-user certificates", and it says no. The other report is vague [@{MT}, para. 5].',
        0, "no citation in its sentence",
    ),
    "a locator written another way": (
        f'"an attempt to stab Russia in the back" [@{MT}, Para 12]',
        0, f"stands in para. 6 of {MT}, not Para 12",
    ),
    "a locator that names a paragraph unreadably": (
        f"Serbia depends on Russian gas [@{MT}, paragraph twelve].", 0, "may name a paragraph",
    ),
    "a drawn mark": (
        f"<small>[\u2713 quote checked](../../sources/{MT}/#p13)</small>", 0, "the sign the build puts",
    ),
    # Found in a second review.
    "an unknown tag wrapping a quotation": (
        f'He told the FT <script-x>"Serbia has never sold a shell to Kyiv" [@{MT}, para. 11]</script-x>.',
        0, f"quote not found in {MT}",
    ),
    "a fence that never closes, inside comments": (
        f'<!--\n\n~~~~\n-->\n\nVu\u010di\u0107 "has not defended the exports" [@{MT}, para. 10].\n\n<!--\n\n~~~\n-->',
        5, f"quote not found in {MT}",
    ),
    "an empty comment before a quotation": (
        f'A <!--> "Serbia has joined Western sanctions" [@{MT}, para. 13] -->', 0, "quote not found",
    ),
    "braces that are no attribute list": (
        f'{{. "Serbia has joined Western sanctions" [@{MT}, para. 13]}}', 0, "quote not found",
    ),
    "a link defined over two lines": (
        f'"has defended the exports as [illegal] transactions" [@{MT}, para. 10].\n\n[illegal]:\n    #',
        0, "which a link definition makes a link",
    ),
    "an empty footnote reference": (
        f'"has defended [^] as legal transactions" [@{MT}, para. 10].\n\n[^]: Not the arms.',
        0, "a footnote reference",
    ),
    "a quotation over two paragraphs": (
        f'He told the FT: "Serbia has never sold a shell to Kyiv.\n\n"We have friends in Kyiv and in Moscow." [@{MT}, para. 11]',
        0, "opens or closes no quotation",
    ),
    "a check mark as an entity": (
        f'"has defended the exports" [@{MT}, para. 10] &#x2713; quote checked', 0, "looks like",
    ),
    "a closing tag inside a quotation": (
        f'<s>He "has defended</s> the exports as legal transactions" [@{MT}, para. 10]', 0, "raw HTML",
    ),
    "a soft hyphen hiding a negation": (
        f'"Serbia [n\u00ado longer] maintains close ties with Moscow" [@{MT}, para. 13]',
        0, "adds a negation",
    ),
    "a locator abbreviated par.": (
        f'"has defended the exports" [@{MT}, par. 3]', 0, "may name a paragraph",
    ),
    "a misquotation in single quotes over a line break": (
        f"It says 'Serbia has never\nsold a shell to Kyiv' [@{MT}, para. 11].", 0, "quote not found",
    ),
    "a misquotation in low-9 single quotes": (
        f"It says \u201aSerbia has joined Western sanctions\u2018 [@{MT}, para. 13].",
        0, "quote not found",
    ),
    # Locators.
    "a paragraph the source does not have": (
        f'"{SANCTIONS}" [@{MT}, para. 99]',
        0, f"stands in para. 13 of {MT}, not para. 99; write [@{MT}, para. 13]",
    ),
    "the paragraph before": (
        f'"{SANCTIONS}" [@{MT}, para. 12]',
        0, f"stands in para. 13 of {MT}, not para. 12; write [@{MT}, para. 13]",
    ),
    "a statement citing a paragraph past the end": (
        f"Serbia depends on Russian gas [@{MT}, para. 99].", 0, f"{MT} has paragraphs 1 to 16",
    ),
    "a paragraph of a source with no stored text": (
        f"The FT reported it [@{FT}, para. 2].", 0, f"{FT} has no stored text",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", CAUGHT.values(), ids=CAUGHT.keys())
def test_a_quotation_that_could_mislead_is_refused_at_its_line(
    project: Project, case: tuple[str, int, str]
) -> None:
    text, line_offset, reason = case
    path, line = add_paragraph(project, text)
    errors = render_errors(project)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:{line + line_offset}: "), errors
    assert reason in errors[0], errors


PASSING = {
    "a citation later in the sentence": f'It says "{SANCTIONS}", as it reported [@{MT}].',
    "a citation earlier in the sentence": f'According to it [@{MT}], "{SANCTIONS}".',
    "two quotations, one citation": f'It says "Serbia maintains close ties" and "{SANCTIONS}" [@{MT}].',
    "a blockquote of two paragraphs": (
        f"> it has not joined Western sanctions against Russia over the war in Ukraine.\n>\n"
        f"> Tens of thousands of Russians have relocated to Serbia [@{MT}, paras. 13-14]"
    ),
    "a blockquote cut at two citations": (
        f"> Serbia maintains close ties with Moscow [@{MT}, para. 13]\n>\n"
        f"> Tens of thousands of Russians have relocated to Serbia [@{MT}, para. 14]"
    ),
    "a quotation in a footnote": f'As noted.[^m]\n\n[^m]: It says "{SANCTIONS}" [@{MT}].',
    "words standing twice, the first": f'"hundreds of thousands of shells" [@{UR}, para. 4]',
    "words standing twice, the second": f'"hundreds of thousands of shells" [@{UR}, para. 6]',
    "a link copied into the source": f'"on Thursday accused Serbia\'s defense industry" [@{MT}, para. 4]',
    "an escape in the source": f'"800 million euros ($908 million)" [@{MT}, para. 7]',
    "an apostrophe, not a quote mark": "The reports' wording differs, and Serbia's too.",
    "quote marks in code and link titles": 'Write `"x"` or [a link](https://example.org/ "a title").',
    "quote marks in a double-backtick span": 'Search for ``grep "Serbia"`` there.',
    "an apostrophe before a number": "In the '90s Serbia's arms makers struggled, and the companies' exports fell.",
    "an abbreviated title": f'The Moscow Times [@{MT}, para. 11] quotes Pres. Vu\u010di\u0107: "We have friends in Kyiv and in Moscow."',
    "a bracketed line that is no link definition": "[Update, 30 May]: we have asked for the statement.",
    "a source line starting like a list": f'The line "- 10,242" [@{UR}, para. 3] is unexplained.',
    "inch marks": 'The 6" shells and the 8" howitzers are not quotations.',
    "an elision": "It plays rock 'n' roll.",
    "single quotes over a line break": f"It says 'it has not joined\nWestern sanctions' [@{MT}, para. 13].",
    "an abbreviated rank": f'Capt. Jones read it: "{SANCTIONS}" [@{MT}, para. 13].',
    "table rows citing different sources": (
        f'| source | words |\n| - | - |\n| [@{UR}, para. 6] | "hundreds of thousands of shells" |\n'
        f'| [@{MT}, para. 5] | "hundreds of thousands of rockets" |'
    ),
}  # fmt: skip


@pytest.mark.parametrize("text", PASSING.values(), ids=PASSING.keys())
def test_a_true_quotation_passes_wherever_its_citation_stands(project: Project, text: str) -> None:
    add_paragraph(project, text)
    assert render_errors(project) == []


def _built_claim(project: Project, text: str) -> tuple[str, MemorySite]:
    add_paragraph(project, text)
    site = MemorySite()
    render(project.content, project.templates, site, parallel=False)
    return site.files["claims/svr-serbia-secret-ammunition-supplies/index.html"].decode(), site


def test_an_altered_quotation_says_so_and_its_passage_shows_what_was_left_out(
    project: Project,
) -> None:
    page, site = _built_claim(
        project,
        f'It says "Serbia maintains close ties ... depends heavily on [Russia\'s] gas" [@{MT}].',
    )
    last = page.rsplit("Serbia maintains close ties", 1)[1].split("</p>", 1)[0]
    mark = re.search(r'<a class="quote-mark verified altered" href="([^"]+)">([^<]+)</a>', last)
    assert mark is not None, last
    assert mark[2] == "✓ checked: 1 omission, 1 insertion"
    source_page, anchor = mark[1].removeprefix("../../").split("#")
    passage = BeautifulSoup(site.files[source_page + "index.html"].decode(), "html.parser").find(
        id=anchor
    )
    assert [d.get_text() for d in passage.select("blockquote del")] == [
        "with Moscow and",
        "Russian",
    ]
    assert passage.blockquote.get_text() == (
        "Serbia maintains close ties with Moscow and depends heavily on Russian gas"
    )
    assert "para. 13" in passage.get_text() and "1 omission, 1 insertion" in passage.get_text()


def test_a_quotation_with_a_later_citation_is_marked_after_its_closing_quote(
    project: Project,
) -> None:
    page, _ = _built_claim(project, f'It says "{SANCTIONS}", as it reported [@{MT}].')
    assert f'{SANCTIONS}”<span class="citation">[<a class="quote-mark verified"' in page


FORGERIES = {
    "raw HTML": '<a class="quote-mark verified" href="#">quote checked</a>',
    "an attribute list": "Checked.{: .quote-mark .verified}",
    "a hiding class": '<span class="visually-hidden">hidden words</span>',
    "a style": '<span style="display:none">hidden words</span>',
}


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_content_cannot_forge_a_mark_or_hide_words(project: Project, forgery: str) -> None:
    page, _ = _built_claim(project, f"Plain words. {forgery}")
    analysis = BeautifulSoup(page, "html.parser").select_one(".analysis")
    marks = analysis.select(".quote-mark")
    hrefs = [mark["href"] for mark in marks]
    assert all("#passage-" in href for href in hrefs), hrefs
    last = analysis.find_all("p")[-1]
    assert not [tag for tag in last.find_all(True) if tag.get("class") or tag.get("style")], last


def test_the_source_page_shows_the_stored_text_verbatim_numbered_by_the_rule(
    built_site: Path,
) -> None:
    for source in ("unattributed-report-2025-05-29", MT):
        folder = built_site / "sources" / source
        stored = StoredText((folder / "stored-text.txt").read_text(encoding="utf-8"))
        page = parse_html(folder / "index.html")
        shown = page.select(".source-text li")
        assert [item["id"] for item in shown] == [f"p{n}" for n in range(1, len(shown) + 1)]
        assert [item.p.get_text() for item in shown] == [
            stored.text[p.start : p.end] for p in stored.paragraphs
        ]
    unattributed = parse_html(built_site / "sources" / UR / "index.html")
    assert unattributed.find(id="p3").p.get_text() == "- 10,242"  # not a bullet
    moscow = parse_html(built_site / "sources" / MT / "index.html")
    assert "(\\$908 million)" in moscow.find(id="p7").p.get_text()  # the escape as stored
    assert "[accused](#)" in moscow.find(id="p4").p.get_text()


def test_every_locator_links_to_its_paragraph_and_names_it(built_site: Path) -> None:
    links = 0
    for claim in sorted((built_site / "claims").glob("*/index.html")):
        page = parse_html(claim)
        locators = '.citation a[href*="/sources/"]:not(.quote-mark), .references a[href*="#p"]'
        for link in page.select(locators):
            target, anchor = link["href"].split("#")
            source = parse_html((claim.parent / target / "index.html").resolve())
            paragraph = source.find(id=anchor)
            assert paragraph is not None and paragraph.name == "li", link
            assert link.get_text() == f"para. {anchor.removeprefix('p')}"
            links += 1
    assert links > 70


def test_paragraphs_are_runs_of_lines_between_blank_lines_every_one_counted() -> None:
    stored = StoredText("\n\nHeadline\n\nMay 29\n \t\nFirst line\nsame paragraph\n\n\n\nLast")
    assert [stored.text[p.start : p.end] for p in stored.paragraphs] == [
        "Headline", "May 29", "First line\nsame paragraph", "Last",
    ]  # fmt: skip
    assert [p.number for p in stored.paragraphs] == [1, 2, 3, 4]
    assert stored.paragraph_at(stored.text.index("same")) == 3


def test_the_stored_text_is_read_without_its_copying_traces() -> None:
    stored = StoredText("It [accused](#) them of 800 euros (\\$908).")
    assert stored.canonical == "It accused them of 800 euros ($908)."
    match = find(stored, "of 800 euros ($908)")
    assert match is not None and stored.text[match.start : match.end] == "of 800 euros (\\$908)"
    match = find(stored, "It ... them")
    assert match is not None and [stored.text[a:b] for a, b in match.left_out] == ["[accused](#)"]


@pytest.mark.parametrize(
    ("locator", "paragraphs"),
    [("para. 4", (4, 4)), ("paras. 4-5", (4, 5)), ("paras. 4\u20135", (4, 5)), ("p. 4", None),
     ("headline", None), (None, None)],
)  # fmt: skip
def test_paragraph_locators(locator: str | None, paragraphs: tuple[int, int] | None) -> None:
    assert paragraph_locator(locator) == paragraphs


FRONT_MATTER = {
    "a misquotation in the summary": (
        'summary: "', 'summary: "The Moscow Times says Serbia \\"has joined Western sanctions\\". ',
        "summary",
    ),
    "a misquotation in the title": (
        'title: "Serbian ammunition reached Ukraine in bulk on false end-user certificates"',
        'title: "Serbia \\"has joined Western sanctions\\""',
        "title",
    ),
    "a misquotation in a compared statement": (
        '  - statement: the SVR on "humanitarian" justifications',
        '  - statement: the SVR on "humane" justifications',
        "comparisons",
    ),
    # Our translation is shown beside the source's words, so quote marks in it would put
    # words in the source's mouth.
    "quote marks in our translation of a rendering": (
        "        translation: називајући наводне трансфере",
        "        translation: називајући наводне трансфере „ножем у леђа“, покушајем",
        "translation",
        "svr-srbija-tajno-isporucuje-municiju",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", FRONT_MATTER.values(), ids=FRONT_MATTER.keys())
def test_words_in_quote_marks_in_front_matter_must_be_a_source_s(
    project: Project, case: tuple[str, ...]
) -> None:
    old, new, field, *claim = case
    name = claim[0] if claim else "svr-serbia-secret-ammunition-supplies"
    path = project.content / "claims" / f"{name}.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines) if line.startswith(old))
    lines[number] = lines[number].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    errors = render_errors(project)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:{number + 1}: "), errors
    assert f"in `{field}` is in quote marks, but it is not the words of any source" in errors[0]


def test_true_words_in_quote_marks_in_the_summary_pass(project: Project) -> None:
    path = project.content / "claims" / "svr-serbia-secret-ammunition-supplies.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            'summary: "', 'summary: "The SVR spoke of a \\"conveyor belt of death\\". ', 1
        ),
        encoding="utf-8",
    )
    assert render_errors(project) == []


def test_markdown_nested_too_deep_is_an_error_not_a_traceback(project: Project) -> None:
    path, _ = add_paragraph(project, "ZZ " + "*" * 3000 + "x" + "*" * 3000)
    body_line = path.read_text(encoding="utf-8").split("\n").index("---", 1) + 2
    assert render_errors(project) == [f"{path}:{body_line}: {SlowMarkdown.MESSAGE}"]


UNCLOSED = {
    "backtick runs of every length": " ".join("`" * n for n in range(1, 900)),
    "unclosed comments": "<!--a " * 20_000,
    "unclosed scripts": "<script " * 20_000,
    "unclosed fences": "```x\n" * 20_000,
    "unclosed quote marks of every style": '\u00ab " \u201e \u2039 \u201d \u00bb ' * 20_000,
}


@pytest.mark.parametrize("body", UNCLOSED.values(), ids=UNCLOSED.keys())
def test_openers_never_closed_are_scanned_in_linear_time(body: str) -> None:
    started = cpu_seconds()
    find_quotes(body, 1)
    assert cpu_seconds() - started < 10  # a hang guard: these took 10 s to minutes once


def test_every_mark_is_shown_where_several_stand_at_one_place() -> None:
    """Marks after a mark are marks of their own: only a citation takes the mark after it."""

    text = 'He said "a" "b" "c" [@moscow-times-2025-05-29] and "d" [@moscow-times-2025-05-29].'
    end = text.index(" [@")
    marks = [(end, QuoteMark("sources/mt/", f"p-{n}", "quote checked")) for n in (1, 2, 3)]
    marks.append((text.index(" [@", end + 1), QuoteMark("sources/mt/", "p-4", "quote checked")))
    html = MarkdownRenderer().render(text, marks).html
    for n in (1, 2, 3, 4):
        assert html.count(f'href="sources/mt/#p-{n}"') == 1, n
