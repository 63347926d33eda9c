"""Hostile input, text: bodies Markdown would take minutes over, invisible characters that
disguise text, addresses that lead elsewhere, and a preview asked for by other sites, each refused;
and a sample of every family through the real command, which keeps the previous site.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from conftest import Project, cpu_seconds, snapshot
from hostile import (
    LAUGHS,
    MT,
    SECRET,
    SVR,
    errors_of,
    front_matter_with,
    link_to,
    outside_secret,
    wsgi_request,
)

from factcheck.addresses import site_address
from factcheck.brackets import bracket_problem
from factcheck.errors import ContentErrors
from factcheck.load import load_content
from factcheck.matching import closest
from factcheck.pipeline import render
from factcheck.serve import Hosts, Preview
from factcheck.stored import StoredText
from factcheck.write import DiscardedSite

# --- text whose handling would take quadratic time

SLOW_BODIES = {
    "100,000 [": "[" * 100_000,
    "100,000 [@": "[@" * 100_000,
    "50,000 link starts": "[a](" * 50_000,
    "50,000 image starts": "![" * 50_000,
    "brackets nested 50,000 deep": "[" * 50_000 + "]" * 50_000,
}


@pytest.mark.parametrize("body", SLOW_BODIES.values(), ids=SLOW_BODIES.keys())
def test_a_body_markdown_would_take_minutes_over_is_refused_at_once(
    project: Project, body: str
) -> None:
    path, line = front_matter_with(
        project, SVR, "## The claim", "Start.\n\n" + body + "\n\n## The claim"
    )
    started = cpu_seconds()
    errors = errors_of(project)
    assert cpu_seconds() - started < 5
    assert any(
        error.startswith(f"{path}:{line + 2}: ") and "would take Markdown far too long" in error
        for error in errors
    ), errors


MARKDOWN_HOURS = {
    "4,000 references to one footnote": "x[^1] " * 4_000 + "\n\n[^1]: The note.",
    "200,000 tags in a paragraph": "<b>a</b> " * 200_000,
}


@pytest.mark.parametrize("body", MARKDOWN_HOURS.values(), ids=MARKDOWN_HOURS.keys())
def test_a_body_markdown_would_take_minutes_over_is_cut_off(project: Project, body: str) -> None:
    """Shapes the bracket count does not catch: Python-Markdown is stopped after its time."""
    path, _ = front_matter_with(project, SVR, "## The claim", body + "\n\n## The claim")
    lines = path.read_text(encoding="utf-8").split("\n")
    body_line = lines.index("---", 1) + 2  # the line after the front matter's closing ---
    started = cpu_seconds()
    with pytest.raises(ContentErrors) as failure:
        render(project.content, project.templates, DiscardedSite(), parallel=False)
    assert cpu_seconds() - started < 10
    errors = [str(error) for error in failure.value.errors]
    assert f"{path}:{body_line}: Markdown took over 5 s on this text" in "\n".join(errors)


def test_a_run_of_a_million_spaces_in_a_body_builds_at_once(project: Project) -> None:
    """The search index reads each body as plain words (factcheck/plaintext.py): a citation's
    leading spaces, tried at each of a million places, took over an hour."""
    body = "Padding" + " " * 1_500_000 + "x"
    front_matter_with(project, SVR, "## The claim", "Start.\n\n" + body + "\n\n## The claim")
    started = cpu_seconds()
    render(project.content, project.templates, DiscardedSite(), parallel=False)
    assert cpu_seconds() - started < 10


def test_long_runs_of_quote_marks_and_dashes_are_set_at_once(project: Project) -> None:
    """Typography (factcheck/typography.py) looked ahead to the next tag from every mark: a
    200 KB paragraph of quotations took 13 s, quote marks in a 150 KB code block over 100 s."""
    prose = "A 6\" shell -- it's fine. " * 12_000  # inches: no quotation to check
    code = "```\n" + "'x' -- \"y\" " * 15_000 + "\n```"
    title = '[a link](https://example.org/ "' + "it's " * 40_000 + '")'
    front_matter_with(project, SVR, "## The claim", f"{prose}\n\n{code}\n\n{title}\n\n## The claim")
    started = cpu_seconds()
    render(project.content, project.templates, DiscardedSite(), parallel=False)
    assert cpu_seconds() - started < 10


def test_brackets_in_code_are_not_counted(project: Project) -> None:
    """Markdown does not scan brackets in code, so a long list of coordinates is no problem."""
    points = ", ".join(f"[{n}, {n + 1}]" for n in range(30_000))
    front_matter_with(project, SVR, "## The claim", f"```json\n[{points}]\n```\n\n## The claim")
    load_content(project.content)


def test_a_long_body_with_a_few_links_is_no_problem() -> None:
    """Too long for the quick count to vouch for it, it is walked, and its links cost little."""
    body = "word " * 60_000 + "[a link](https://example.org/) " * 5
    assert bracket_problem(body) is None
    assert bracket_problem("[" * 2_000 + body) is not None


def test_brackets_inside_a_quotation_are_checked_quickly(project: Project) -> None:
    front_matter_with(
        project, SVR, "## The claim", f'"{"[x] " * 20_000}" [@{MT[8:-3]}]\n\n## The claim'
    )
    started = cpu_seconds()
    with pytest.raises(ContentErrors) as failure:
        render(project.content, project.templates, DiscardedSite(), parallel=False)
    assert cpu_seconds() - started < 10
    assert any("quote not found" in error.message for error in failure.value.errors)


def test_a_misquote_of_a_source_of_megabytes_is_reported_at_once() -> None:
    source = StoredText(" ".join(f"word{n % 5000} filler" for n in range(280_000)))
    assert len(source.text) > 1_700_000
    started = cpu_seconds()
    near = closest(source, "word17 filler word18 filler word19 changed")
    assert cpu_seconds() - started < 5
    assert near.marked == "word17 filler word18 filler word19 {-filler-} {+changed+}"


# --- invisible characters that disguise text

INVISIBLE = {
    "right-to-left override in the title": ("title:", 'title: "Serbia \u202esecretly"', "U+202E"),
    "zero-width space in the claimant": ("claimant:", "claimant: SV\u200bR", "U+200B"),
    "isolate in the summary": ('summary: "', 'summary: "\u2066', "U+2066"),
    "escaped override": ('summary: "', 'summary: "\\u202e', "U+202E"),
    "word joiner in a tag": ("tags: [", "tags: [ser\u2060bia, ", "U+2060"),
    "byte-order mark inside text": ("claimant:", "claimant: S\ufeffVR", "U+FEFF"),
    "left-to-right mark": ("title:", "title: \u200eSerbia", "U+200E"),
    "Arabic letter mark": ("claimant:", "claimant: \u061cSVR", "U+061C"),
}


@pytest.mark.parametrize("case", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_character_in_front_matter_is_an_error_at_its_line(
    project: Project, case: tuple[str, str, str]
) -> None:
    old, new, code = case
    path, line = front_matter_with(project, SVR, old, new)
    errors = errors_of(project)
    assert any(
        error.startswith(f"{path}:{line}: an invisible character ({code}") for error in errors
    ), errors


def test_an_invisible_character_in_the_settings_is_an_error(project: Project) -> None:
    path, line = front_matter_with(project, "site.yml", "title:", "title: \u202d")
    assert any(
        error.startswith(f"{path}:{line}: an invisible character (U+202D")
        for error in errors_of(project)
    )


# --- addresses


BASE_URL_LINE = "base_url: https://claimcheck.example/"


@pytest.mark.parametrize(
    "address",
    [
        "https://x.org//evil.example/", "javascript:alert(1)", "https:///path", "//x.org/",
        "https://user@x.org/", "https://x.org/a/../b/", "https://x.org/?q=1", "ftp://x.org/",
        "https://x.org/#top", "https://x.org:99999/",
    ],
)  # fmt: skip
def test_a_base_address_that_is_not_plain_is_refused_in_settings_and_on_the_command_line(
    project: Project, address: str
) -> None:
    with pytest.raises(ValueError):
        site_address(address)  # what --base-url is checked by
    path, line = front_matter_with(project, "site.yml", BASE_URL_LINE, f'base_url: "{address}"')
    assert any(
        error.startswith(f"{path}:{line}: `base_url` `{address}`") for error in errors_of(project)
    )


def test_one_rule_for_the_base_address_in_both_places(project: Project) -> None:
    result = project.build("--base-url", "https://x.org//evil.example/")
    assert result.returncode == 2 and "must have a plain path" in result.stderr
    assert not project.out.exists()
    assert project.build("--base-url", "http://localhost:8000/").returncode == 0
    front_matter_with(project, "site.yml", BASE_URL_LINE, "base_url: http://localhost:8000")
    assert load_content(project.content).site.base_url == "http://localhost:8000/"


# --- the preview


def test_the_preview_on_the_default_port_answers_a_host_without_one() -> None:
    assert Hosts("127.0.0.1", 80).allows("localhost")
    assert not Hosts("127.0.0.1", 80).allows("evil.example")
    assert Hosts("::1", 8000).base_url == "http://[::1]:8000/"


@pytest.mark.parametrize(
    ("listening", "host", "answered"),
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "evil.example:8000", False),
        ("127.0.0.1", "127.0.0.1.evil.example:8000", False),
        ("127.0.0.1", "127.0.0.1:9999", False),
        ("0.0.0.0", "192.0.2.7:8000", True),
        ("0.0.0.0", "rebind.evil.example:8000", False),
        ("::1", "[::1]:8000", True),
        ("::1", "evil.example:8000", False),
    ],
)
def test_the_preview_answers_only_at_its_own_address(
    project: Project, listening: str, host: str, answered: bool
) -> None:
    preview = Preview(project.content, project.templates, Hosts(listening, 8000))
    preview.rebuild()
    statuses: list[str] = []
    body = b"".join(
        preview(wsgi_request("/", host), lambda status, headers: statuses.append(status))
    )
    assert statuses[0].startswith("200" if answered else "421")
    assert (b"in bulk on false end-user certificates" in body) is answered


# --- the real command, on a sample of the families above

E2E: dict[str, Callable[[Project], object]] = {
    "billion laughs": lambda p: front_matter_with(p, SVR, "\ntags:", f"\n{LAUGHS}\ntags:"),
    "a pipe named like a claim": lambda p: os.mkfifo(p.content / "claims" / "pipe.md"),
    "settings linked to a system file": lambda p: link_to(p, "site.yml", outside_secret(p)),
    "a right-to-left override": lambda p: front_matter_with(p, SVR, "title:", "title: \u202eX"),
    "100,000 [": lambda p: front_matter_with(p, SVR, "## The claim", "[" * 100_000 + "\n\n## The claim"),
    "a loop of links": lambda p: (p.content / "claims" / "loop.md").symlink_to("loop.md"),
}  # fmt: skip


@pytest.mark.parametrize("spoil", E2E.values(), ids=E2E.keys())
def test_the_command_refuses_hostile_content_quickly_and_keeps_the_site(
    project: Project, spoil: Callable[[Project], object]
) -> None:
    assert project.build().returncode == 0
    before = snapshot(project.out)
    spoil(project)
    started = cpu_seconds()
    result = project.build()
    assert cpu_seconds() - started < 10
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and SECRET not in result.stderr
    assert result.stderr.splitlines()[-1].endswith("site was left as it was.")
    assert snapshot(project.out) == before
