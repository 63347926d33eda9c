"""Broken and hostile content: each case gets an error naming its file and line, or safe output,
never a traceback, and never a changed previous site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Project, parse_html, snapshot

from factcheck.typography import typographic

SVR = "claims/svr-serbia-secret-ammunition-supplies.md"
GOOD_CLAIM = Path(__file__).resolve().parents[1] / "content" / SVR


def claim_with(field: str, value: str) -> bytes:
    """The SVR claim with one front-matter line replaced (or added, if ``field`` is new)."""
    text = GOOD_CLAIM.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{field}:.*(?:\n[ \t]+.*)*$", re.MULTILINE)  # with its list lines
    replaced = pattern.sub(lambda _: f"{field}: {value}", text, count=1)
    if replaced == text:
        replaced = text.replace("\ntags:", f"\n{field}: {value}\ntags:", 1)
    return replaced.encode("utf-8")


def line_in(data: bytes, fragment: str | bytes) -> int:
    wanted = fragment if isinstance(fragment, bytes) else fragment.encode()
    return data[: data.index(wanted)].count(b"\n") + 1


# name: (file, its bytes, [(line or fragment whose line it is, message)])
Case = tuple[str, bytes, list[tuple[int | str | bytes, str]]]
CASES: dict[str, Case] = {
    "empty file": ("claims/empty.md", b"", [(1, "the file is empty; it must start with front matter")]),
    "only whitespace": ("claims/blank.md", b"\n \n\t\n", [(1, "the file is empty")]),
    "no front matter": ("claims/plain.md", b"# Just a heading\n\nText.\n", [(1, "no front matter; the file must start with a line of three dashes")]),
    "unclosed front matter": ("claims/open.md", b"---\ntitle: Never closed\n", [(1, "the front matter is never closed")]),
    "front matter not fields": ("claims/listy.md", b"---\n- a\n- b\n---\nBody\n", [(2, "the front matter must be a list of `field: value` lines")]),
    "invalid YAML": ("claims/bad-yaml.md", b'---\ntitle: "unclosed\nverdict: false\n---\n', [(2, "the quotes opened on this line are never closed")]),
    "unclosed bracket": ("claims/bracket.md", b"---\ntitle: [Draft Serbia\nverdict: false\n---\n", [(2, "the [ opened on this line is never closed; add the closing ], or put the value in quotes if it starts with [")]),
    "unclosed brace": ("claims/brace.md", b"---\ntags: {svr\nverdict: false\n---\n", [(2, "the { opened on this line is never closed; add the closing }")]),
    "tab indentation": (SVR, claim_with("appearance", "\n\t- moscow-times-2025-05-29"), [("\t-", "a tab character; indent with spaces, not tabs")]),
    "list where text is due": (SVR, claim_with("summary", "[one, two]"), [("summary:", "`summary` must be text, not a list")]),
    "mapping where text is due": (SVR, claim_with("claimant", "{name: SVR}"), [("claimant:", "`claimant` must be text, not a set of fields")]),
    "number as a date": (SVR, claim_with("published", "20261121"), [("published:", "`published` `20261121` is not a date; write it as YYYY-MM-DD")]),
    "year where a full date is due": (SVR, claim_with("published", "2026"), [("published:", "`published` `2026` must be a full date, YYYY-MM-DD")]),
    "impossible date": (SVR, claim_with("published", "2026-02-29"), [("published:", "`2026-02-29` is not a date that exists")]),
    "month thirteen": (SVR, claim_with("claim_date", "2025-13"), [("claim_date:", "`2025-13` is not a date that exists")]),
    "text where true/false is due": (SVR, claim_with("draft", "yes"), [("draft:", "`draft` must be true or false, not `yes`")]),
    "field given twice": (SVR, claim_with("verdict", "half-true\nverdict: false"), [("verdict: false", "`verdict` is given twice; keep one of them")]),
    "non-UTF-8 bytes": (SVR, GOOD_CLAIM.read_bytes().replace(b"Serbian ammunition", b"Serbian \xe9ammunition", 1), [(b"\xe9", "byte 0xe9 is not UTF-8 text; save the file as UTF-8")]),
    "10 MB body": ("claims/huge.md", claim_with("title", '"Huge"') + b"word " * 2_000_000, [(1, "the file is 10.0 MB, over the 2 MB limit")]),
    "unknown field": (SVR, claim_with("verdikt", "false"), [("verdikt:", "unknown field `verdikt`; did you mean `verdict`?")]),
    "slug differing only in case": ("claims/SVR-Serbia-Secret-Ammunition-Supplies.md", GOOD_CLAIM.read_bytes(), [(1, "it duplicates svr-serbia-secret-ammunition-supplies.md, which exists")]),
    "file name with spaces": ("claims/new claim.md", GOOD_CLAIM.read_bytes(), [(1, "rename it new-claim.md")]),
    "not a Markdown file": ("claims/notes.txt", b"notes", [(1, "only Markdown files are read here; rename it notes.md")]),
    "a folder among claims": ("claims/drafts/x.md", GOOD_CLAIM.read_bytes(), [(1, "folders are not read here")]),
    "id with ..": (SVR, claim_with("appearance", "[../../etc/passwd]"), [("appearance:", "`../../etc/passwd` is not an id")]),
    "id with a slash": (SVR, claim_with("appearance", "sources/moscow-times-2025-05-29"), [("appearance:", "is not an id")]),
    "id with capitals": (SVR, claim_with("appearance", "[Moscow-Times-2025-05-29]"), [("appearance:", "`Moscow-Times-2025-05-29` is not an id")]),
    "citation with a space": (SVR, GOOD_CLAIM.read_bytes() + b"\nSee [@moscow times].\n", [("[@moscow times]", "citation `[@moscow times]` is not well formed")]),
    "citation with ..": (SVR, GOOD_CLAIM.read_bytes() + b"\nSee [@../secrets].\n", [("[@../secrets]", "citation `[@../secrets]` is not well formed")]),
    "citation of a missing source": (SVR, GOOD_CLAIM.read_bytes() + b"\nSee [@ft-report].\n", [("[@ft-report]", "unknown source `ft-report`")]),
    "source address not on the web": ("sources/moscow-times-2025-05-29.md", (GOOD_CLAIM.parent.parent / "sources" / "moscow-times-2025-05-29.md").read_bytes().replace(b'url: "https://www.themoscowtimes.com', b'url: "javascript:alert(1)//www.themoscowtimes.com'), [("url:", "must start with http:// or https://")]),
    "private-use character": (SVR, GOOD_CLAIM.read_bytes() + "\nA mark \ue0000\ue001 here.\n".encode(), [("\ue000", "an invisible private-use character (U+E000); delete it")]),
    "control character in front matter": ("claims/control.md", b"---\ntitle: \x1b[31mred\n---\n", [(2, "an invisible control character (U+001B) that YAML does not allow")]),
    "page named like a section": ("pages/sources.md", b"---\ntitle: Our sources\n---\nText\n", [(1, "`sources` is the name of a section of the site; rename the page")]),
}  # fmt: skip


@pytest.fixture
def built(project: Project) -> Project:
    assert project.build().returncode == 0
    project.before = snapshot(project.out)  # type: ignore[attr-defined]
    return project


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_input_gets_an_error_on_its_line_and_changes_nothing(
    built: Project, case: Case
) -> None:
    relative, data, expected = case
    path = built.content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    result = built.build()
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    errors = result.stderr.splitlines()[:-1]
    named = path.parent if relative.endswith("/x.md") else path
    assert len(errors) == len(expected), errors
    for error, (where, message) in zip(errors, expected, strict=True):
        line = where if isinstance(where, int) else line_in(data, where)
        assert error.startswith(f"{named}:{line}: "), (error, line)
        assert message in error, (error, message)
    assert snapshot(built.out) == built.before  # type: ignore[attr-defined]


def test_a_link_to_a_file_outside_content_is_refused(built: Project, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_bytes(GOOD_CLAIM.read_bytes())
    link = built.content / "claims" / "linked.md"
    link.symlink_to(secret)
    result = built.build()
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{link}:1: is a link to a file outside the content folder; copy the file in instead"
    )
    assert snapshot(built.out) == built.before  # type: ignore[attr-defined]


def test_a_byte_order_mark_is_read_as_text(built: Project) -> None:
    path = built.content / SVR
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert built.build().returncode == 0
    page = parse_html(built.out / "claims" / "svr-serbia-secret-ammunition-supplies" / "index.html")
    assert "in bulk on false end-user certificates" in page.h1.get_text()


def _claim_page(project: Project) -> object:
    return parse_html(
        project.out / "claims" / "svr-serbia-secret-ammunition-supplies" / "index.html"
    )


HOSTILE_BODY = """
<script>alert("body")</script><style>body{display:none}</style>
<img src="x" onerror="alert('img')"> <svg onload="alert(1)"></svg> <iframe src="https://example.org"></iframe>
[js](javascript:alert(1)) [JS](JaVaScRiPt:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)
<a href="#x" onclick="alert(1)">click</a> <form action="https://example.org"><input name="q"></form>
## A heading {#custom-id onmouseover="alert(1)"}

| a | b |
| - | - |
| 1 | 2 |

A footnote[^n] and a citation [@moscow-times-2025-05-29, para. 3].

[^n]: The note.
"""


def test_markdown_is_sanitised_and_our_markup_survives(built: Project) -> None:
    path = built.content / SVR
    path.write_text(path.read_text(encoding="utf-8") + HOSTILE_BODY, encoding="utf-8")
    assert built.build().returncode == 0
    page = _claim_page(built)
    analysis = page.select_one(".analysis")
    html = str(analysis)
    assert not analysis.find_all(["script", "style", "iframe", "svg", "form", "input"])
    assert not [
        tag for tag in analysis.find_all(True) if any(a.startswith("on") for a in tag.attrs)
    ]
    assert not [
        a
        for a in analysis.find_all("a")
        if re.match(r"\s*(javascript|data):", a.get("href", ""), re.I)
    ]
    assert "alert(" not in html  # scripts go with their text; handlers and links are stripped
    assert analysis.find("h2", id="custom-id").get_text() == "A heading"
    assert analysis.find("table").find("td").get_text() == "1"
    assert (
        analysis.find("sup", id="fnref:n") is not None
        and analysis.find("li", id="fn:n") is not None
    )
    citation = analysis.find_all(class_="citation")[-1]
    assert citation.a["href"].startswith("#ref-")
    assert page.find_all("script") == page.find_all("script", type="application/ld+json")


@pytest.mark.parametrize(
    "payload", ["</script><script>alert(1)</script>", "<!-- x", "]]> & \" ' <b>"]
)
def test_front_matter_text_cannot_break_out(built: Project, payload: str) -> None:
    title = f"Claim {payload}"[:75]
    path = built.content / SVR
    path.write_bytes(claim_with("title", json.dumps(title)))
    summary = f"Summary {payload}"
    path.write_bytes(claim_with("summary", json.dumps(summary)).replace(
        b'title: "Serbian ammunition reached Ukraine in bulk on false end-user certificates"',
        f"title: {json.dumps(title)}".encode(),
    ).replace(b"corrections:\n", b"corrections:\n  - {date: 2026-11-23, note: Why.}\n"))  # fmt: skip
    assert built.build().returncode == 0
    page = _claim_page(built)
    scripts = page.find_all("script")
    assert len(scripts) == 1 and scripts[0]["type"] == "application/ld+json"
    review = json.loads(scripts[0].string)
    assert review["claimReviewed"] == title
    assert review["reviewRating"]["ratingExplanation"] == summary  # machines get it as written
    shown, shown_summary = typographic(title), typographic(summary)  # readers, as our prose is
    assert page.h1.get_text().endswith(shown)
    assert shown_summary in page.select_one(".summary").get_text()
    home = parse_html(built.out / "index.html")
    assert home.find_all("script") == []
    assert shown in home.get_text()
