"""Hostile input: nothing outside the project is read, printed or served; YAML, files and text
that would hang, crash or exhaust the build are refused at their line, quickly; invisible
characters are refused; and the preview answers only its own pages.

The loading cases run in-process through the real loader on a copy of the real content; the
ones about what a person sees (the message, the exit code, the site left as it was) run the
real command.
"""

from __future__ import annotations

import datetime
import os
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Project, run_build, snapshot

from factcheck.addresses import site_address
from factcheck.errors import ContentErrors
from factcheck.load import load_content
from factcheck.pipeline import render
from factcheck.quotes import SourceText
from factcheck.scaffold import new_claim
from factcheck.serve import Hosts, Preview
from factcheck.write import DiscardedSite

SVR = "claims/svr-serbia-secret-ammunition-supplies.md"
MT = "sources/moscow-times-2025-05-29.md"
SECRET = "root:x:0:0:secret-marker"


def errors_of(project: Project) -> list[str]:
    """The errors loading the project's content gives, each as ``path:line: message``."""
    with pytest.raises(ContentErrors) as failure:
        load_content(project.content)
    return [str(error) for error in failure.value.errors]


def outside_secret(project: Project) -> Path:
    secret = project.root / "elsewhere" / "secret.yml"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(f"title: {SECRET}\n")
    return secret


def front_matter_with(project: Project, relative: str, old: str, new: str) -> tuple[Path, int]:
    """Replace ``old`` in a content file; return the file and the line ``new`` starts on."""
    path = project.content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path, text[: text.index(new)].count("\n") + 1


# --- nothing from outside the content folder


def _link(project: Project, relative: str, target: Path) -> Path:
    path = project.content / relative
    if path.is_dir():
        path.rename(project.root / "moved-away")
    elif path.exists():
        path.unlink()
    path.symlink_to(target)
    return path


OUTSIDE: dict[str, Callable[[Project], tuple[Path, str]]] = {
    "site.yml to a system file": lambda p: (_link(p, "site.yml", outside_secret(p)), "file"),
    "ratings.yml outside": lambda p: (_link(p, "ratings.yml", outside_secret(p)), "file"),
    "a claim outside": lambda p: (_link(p, "claims/linked.md", outside_secret(p)), "file"),
    "the sources folder outside": lambda p: (_link(p, "sources", outside_secret(p).parent), "folder"),
    "the claims folder outside": lambda p: (_link(p, "claims", outside_secret(p).parent), "folder"),
    "a chain of links leaving": lambda p: (
        _link(p, "claims/first.md", _link(p, "claims/second.md", outside_secret(p))), "file"
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", OUTSIDE.values(), ids=OUTSIDE.keys())
def test_a_link_out_of_the_content_folder_is_refused_unread(
    project: Project, case: Callable[[Project], tuple[Path, str]]
) -> None:
    link, kind = case(project)
    errors = errors_of(project)
    expected = (
        f"{link}:1: is a link to a {kind} outside the content folder; copy the {kind} in instead"
    )
    assert expected in errors
    assert not any(SECRET in error for error in errors)


def test_a_link_inside_the_content_folder_is_read(project: Project) -> None:
    original = project.content / "pages" / "about.md"
    original.rename(project.content / "about-text.md")
    original.symlink_to(project.content / "about-text.md")
    assert any(page.slug == "about" for page in load_content(project.content).pages)


def test_new_writes_nothing_through_a_link_out_of_the_content_folder(project: Project) -> None:
    elsewhere = outside_secret(project).parent
    _link(project, "claims", elsewhere)
    before = sorted(path.name for path in elsewhere.iterdir())
    with pytest.raises(ContentErrors) as failure:
        new_claim(project.content, "Serbia sold shells", datetime.date(2026, 11, 22))
    assert "is a link to a folder outside the content folder" in str(failure.value)
    assert sorted(path.name for path in elsewhere.iterdir()) == before


def test_a_theme_file_linking_out_is_refused_and_never_published(project: Project) -> None:
    link = project.templates / "assets" / "secret.css"
    link.symlink_to(outside_secret(project))
    folder = project.templates / "partials"
    folder.symlink_to(outside_secret(project).parent)
    result = project.build()
    assert result.returncode == 1
    assert f"{link}:1: is a link to something outside the templates folder" in result.stderr
    assert f"{folder}:1: is a link to something outside the templates folder" in result.stderr
    assert SECRET not in result.stderr
    assert not project.out.exists()


def test_a_template_can_include_only_what_the_theme_check_read(project: Project) -> None:
    """A hidden file is not part of the theme: a template including one fails, and what it
    points to is never read."""
    (project.templates / ".leak.html").symlink_to(outside_secret(project))
    base = project.templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + '{% include ".leak.html" %}\n')
    result = project.build()
    assert result.returncode == 1
    assert "template `.leak.html` is missing" in result.stderr
    assert SECRET not in result.stderr
    assert not project.out.exists()


def test_the_preview_never_shows_a_file_from_outside(project: Project) -> None:
    _link(project, "site.yml", outside_secret(project))
    preview = Preview(project.content, project.templates, Hosts("127.0.0.1", 8000))
    preview.rebuild()
    page = b"".join(preview(_request("/", "127.0.0.1:8000"), lambda status, headers: None))
    assert b"is a link to a file outside the content folder" in page
    assert SECRET.encode() not in page


# --- YAML that would take minutes, gigabytes or the whole stack

LAUGHS = "\n".join(
    ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)]
)
YAML_CASES = {
    "billion laughs": (LAUGHS, "YAML anchors and aliases (`&name`, `*name`) are not allowed"),
    "an alias of itself": ("loop: &x [*x]", "YAML anchors and aliases"),
    "an anchor alone": ("who: &who SVR", "YAML anchors and aliases"),
    "an undefined alias": ("who: *who", "YAML anchors and aliases"),
    "50,000 nested brackets": ("deep: " + "[" * 50_000 + "]" * 50_000, "nested more than 16 deep"),
    "deep indentation": (
        "deep:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 40)) + "  " * 40 + "end",
        "nested more than 16 deep",
    ),
    "a Python tag": ("who: !!python/object/apply:os.system [ls]", "YAML tags"),
    "a binary tag": ("who: !!binary aGk=", "YAML tags"),
    "a local tag": ("who: !who SVR", "YAML tags"),
    "a list as a field name": ("? [a, b]\n: c", "a field name must be plain text"),
}


@pytest.mark.parametrize("case", YAML_CASES.values(), ids=YAML_CASES.keys())
def test_costly_yaml_is_refused_at_its_line_at_once(
    project: Project, case: tuple[str, str]
) -> None:
    block, message = case
    path, line = front_matter_with(project, SVR, "\ntags:", f"\n{block}\ntags:")
    started = time.monotonic()
    errors = errors_of(project)
    assert time.monotonic() - started < 5
    block_lines = range(line + 1, line + 2 + block.count("\n"))
    assert len(errors) == 1, errors
    where, _, said = errors[0].partition(": ")
    assert where.startswith(f"{path}:") and int(where.rsplit(":", 1)[1]) in block_lines, errors
    assert message in said


def test_costly_yaml_in_the_settings_is_refused_too(project: Project) -> None:
    path = project.content / "site.yml"
    path.write_text(path.read_text(encoding="utf-8") + LAUGHS + "\n", encoding="utf-8")
    assert any(
        error.startswith(f"{path}:") and "YAML anchors and aliases" in error
        for error in errors_of(project)
    )


# --- files that are not files, or too big to read

SPECIAL = {
    "a pipe named like a claim": lambda path: os.mkfifo(path),
    "a socket named like a claim": lambda path: socket.socket(socket.AF_UNIX).bind(str(path)),
}


@pytest.mark.parametrize("make", SPECIAL.values(), ids=SPECIAL.keys())
def test_a_special_file_is_refused_without_being_opened(
    project: Project, make: Callable[[Path], None]
) -> None:
    path = project.content / "claims" / "special.md"
    make(path)
    assert f"{path}:1: is not a file but a pipe, a device or a socket" in "\n".join(
        errors_of(project)
    )


def test_a_pipe_for_the_settings_neither_hangs_build_nor_check(project: Project) -> None:
    (project.content / "site.yml").unlink()
    os.mkfifo(project.content / "site.yml")
    for command in ([], ["check"]):
        result = project.build() if not command else _check(project)
        assert result.returncode == 1
        assert "site.yml:1: is not a file but a pipe" in result.stderr
        assert ("Check failed" if command else "Build failed") in result.stderr


def _check(project: Project) -> subprocess.CompletedProcess[str]:
    return run_build("check", "--content", project.content, "--templates", project.templates)


def test_a_content_folder_that_links_to_itself_is_an_error(project: Project) -> None:
    pages = project.content / "pages"
    pages.rename(project.root / "pages-away")
    pages.symlink_to(pages)
    assert f"{pages}:1: is a link that leads back to itself (a loop)" in "\n".join(
        errors_of(project)
    )


def test_a_loop_of_links_is_an_error_in_build_and_preview(project: Project) -> None:
    first, second = project.content / "claims" / "a.md", project.content / "claims" / "b.md"
    first.symlink_to(second)
    second.symlink_to(first)
    result = project.build()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{first}:1: is a link that leads back to itself (a loop)" in result.stderr
    preview = Preview(project.content, project.templates, Hosts("127.0.0.1", 8000))
    preview.rebuild()  # the preview starts, showing the error
    assert any("leads back to itself" in error.message for error in preview.errors)


def test_a_link_to_a_missing_file_is_an_error(project: Project) -> None:
    link = project.content / "claims" / "gone.md"
    link.symlink_to(project.content / "claims" / "never-was.md")
    assert any(error.startswith(f"{link}:1: cannot be read") for error in errors_of(project))


def test_a_huge_file_is_refused_before_it_is_read(project: Project) -> None:
    path = project.content / "claims" / "huge.md"
    with path.open("wb") as file:
        file.truncate(1_000_000_000)  # sparse: a gigabyte that takes no disk
    started = time.monotonic()
    errors = errors_of(project)
    assert time.monotonic() - started < 5
    assert f"{path}:1: the file is 1000.0 MB, over the 2 MB limit" in "\n".join(errors)


def test_a_loop_of_folders_in_the_theme_is_refused(project: Project) -> None:
    loop = project.templates / "assets" / "again"
    loop.symlink_to(project.templates / "assets")
    result = project.build()
    assert result.returncode == 1
    assert f"{loop}:1: is a link to a folder; copy the folder in instead" in result.stderr


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
    started = time.monotonic()
    errors = errors_of(project)
    assert time.monotonic() - started < 5
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
    started = time.monotonic()
    with pytest.raises(ContentErrors) as failure:
        render(project.content, project.templates, DiscardedSite(), parallel=False)
    assert time.monotonic() - started < 10
    errors = [str(error) for error in failure.value.errors]
    assert f"{path}:{body_line}: Markdown took over 5 s on this text" in "\n".join(errors)


def test_brackets_in_code_are_not_counted(project: Project) -> None:
    """Markdown does not scan brackets in code, so a long list of coordinates is no problem."""
    points = ", ".join(f"[{n}, {n + 1}]" for n in range(30_000))
    front_matter_with(project, SVR, "## The claim", f"```json\n[{points}]\n```\n\n## The claim")
    load_content(project.content)


def test_brackets_inside_a_quotation_are_checked_quickly(project: Project) -> None:
    front_matter_with(
        project, SVR, "## The claim", f'"{"[x] " * 20_000}" [@{MT[8:-3]}]\n\n## The claim'
    )
    started = time.monotonic()
    with pytest.raises(ContentErrors) as failure:
        render(project.content, project.templates, DiscardedSite(), parallel=False)
    assert time.monotonic() - started < 10
    assert any("quote not found" in error.message for error in failure.value.errors)


def test_a_misquote_of_a_source_of_megabytes_is_reported_at_once() -> None:
    source = SourceText(" ".join(f"word{n % 5000} filler" for n in range(280_000)))
    assert len(source.plain) > 1_700_000
    started = time.monotonic()
    closest = source.closest("word17 filler word18 filler word19 changed")
    assert time.monotonic() - started < 5
    assert closest.startswith("word17 filler word18 filler word19")


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


def _request(path: str, host: str) -> dict[str, str]:
    return {"PATH_INFO": path, "HTTP_HOST": host, "REQUEST_METHOD": "GET"}


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
    body = b"".join(preview(_request("/", host), lambda status, headers: statuses.append(status)))
    assert statuses[0].startswith("200" if answered else "421")
    assert (b"hundreds of thousands" in body) is answered


# --- the real command, on a sample of the families above

E2E: dict[str, Callable[[Project], object]] = {
    "billion laughs": lambda p: front_matter_with(p, SVR, "\ntags:", f"\n{LAUGHS}\ntags:"),
    "a pipe named like a claim": lambda p: os.mkfifo(p.content / "claims" / "pipe.md"),
    "settings linked to a system file": lambda p: _link(p, "site.yml", outside_secret(p)),
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
    started = time.monotonic()
    result = project.build()
    assert time.monotonic() - started < 10
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and SECRET not in result.stderr
    assert result.stderr.splitlines()[-1].endswith("site was left as it was.")
    assert snapshot(project.out) == before
