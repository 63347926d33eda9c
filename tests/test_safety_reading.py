"""Hostile input, read: nothing outside the project is read, printed or served, and YAML and
files that would hang, crash or exhaust the build are refused at their line, quickly.

The cases run in-process through the real loader on a copy of the real content, except where
what a person sees (the message, the exit code) is the point: those run the real command.
"""

from __future__ import annotations

import datetime
import os
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Project, cpu_seconds, run_build
from hostile import (
    LAUGHS,
    SECRET,
    SVR,
    errors_of,
    front_matter_with,
    link_to,
    outside_secret,
    wsgi_request,
)

from factcheck import theme
from factcheck.errors import ContentErrors
from factcheck.load import load_content
from factcheck.pipeline import render
from factcheck.scaffold import new_claim
from factcheck.serve import Hosts, Preview
from factcheck.write import DiscardedSite

# --- nothing from outside the content folder


OUTSIDE: dict[str, Callable[[Project], tuple[Path, str]]] = {
    "site.yml to a system file": lambda p: (link_to(p, "site.yml", outside_secret(p)), "file"),
    "ratings.yml outside": lambda p: (link_to(p, "ratings.yml", outside_secret(p)), "file"),
    "a claim outside": lambda p: (link_to(p, "claims/linked.md", outside_secret(p)), "file"),
    "the sources folder outside": lambda p: (link_to(p, "sources", outside_secret(p).parent), "folder"),
    "the claims folder outside": lambda p: (link_to(p, "claims", outside_secret(p).parent), "folder"),
    "a chain of links leaving": lambda p: (
        link_to(p, "claims/first.md", link_to(p, "claims/second.md", outside_secret(p))), "file"
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
    link_to(project, "claims", elsewhere)
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


PYTHON_FROM_A_TEMPLATE = {
    "a builtin through a global's module": (
        "{{ cycler.__init__.__globals__.__builtins__.open(secret).read() }}",
        "access to attribute '__init__' of 'type' object is unsafe",
    ),
    "a dunder through the attr filter": (
        '{{ ("x" | attr("__cl" ~ "ass__")).__mro__ }}',
        "access to attribute '__class__' of 'str' object is unsafe",
    ),
    "a file's path": (
        '{{ nav_pages[0].path.parent.parent.parent.joinpath("elsewhere", "secret.yml").read_text() }}',
        "access to attribute 'parent' of 'PosixPath' object is unsafe",
    ),
    "what the next pages are given": (
        "{{ nav_pages.clear() }}",
        "access to attribute 'clear' of 'list' object is unsafe",
    ),
    "a generator's frame": (
        '{{ (secret | list | map("upper")).gi_frame.f_globals }}',
        "access to attribute 'gi_frame' of 'generator' object is unsafe",
    ),
}


@pytest.mark.parametrize("case", PYTHON_FROM_A_TEMPLATE.values(), ids=PYTHON_FROM_A_TEMPLATE)
def test_a_template_cannot_reach_python_itself(project: Project, case: tuple[str, str]) -> None:
    """Templates are sandboxed: without it, one could climb from any value to Python's modules
    and read, run or delete whatever the build may."""
    expression, refused = case
    base = project.templates / "base.html"
    text = base.read_text(encoding="utf-8")
    secret = str(outside_secret(project))
    base.write_text(f"{{% set secret = {secret!r} %}}{text}{expression}\n", encoding="utf-8")
    result = project.build()
    assert result.returncode == 1
    line = text.count("\n") + 1
    assert f"{base}:{line}: template error: {refused}." in result.stderr
    assert "never change them, use Python's own attributes (those starting with `_`)" in (
        result.stderr
    )
    assert SECRET not in result.stderr
    assert not project.out.exists()


def test_a_template_that_would_run_for_hours_is_an_error_at_its_loop(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A loop in a loop over 100,000 items each: ten billion turns. In the preview too, where it
    would leave the browser waiting: the error is shown there, and the next save builds."""
    monkeypatch.setattr(theme, "TEMPLATE_SECONDS", 0.5)  # the bound is 10 s; this test's, 0.5
    page = project.templates / "source.html"
    original = page.read_text(encoding="utf-8")
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    page.write_text(original.replace("{{ source.title }}</h1>", loop + "</h1>", 1))
    line = original[: original.index("{{ source.title }}</h1>")].count("\n") + 1
    preview = Preview(project.content, project.templates, Hosts("127.0.0.1", 8000))
    started = cpu_seconds()
    preview.rebuild()
    assert cpu_seconds() - started < 10
    assert [str(error) for error in preview.errors] == [
        f"{page}:{line}: template error: one page took over 0 s of processor time here, which"
        " no page needs: look for a loop inside a loop over something large (a `range`, every"
        " claim), or a power of a large number (`**`)"
    ]
    page.write_text(original)
    preview.rebuild()
    assert preview.errors == [] and preview.site.files


def test_a_template_whose_constants_take_hours_to_work_out_is_an_error(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jinja works out what constants make as it compiles, before any page renders, and takes
    whatever interrupts it there for a value it cannot work out: powers wait for the page."""
    monkeypatch.setattr(theme, "TEMPLATE_SECONDS", 0.5)
    page = project.templates / "404.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</h1>", "{{ 9 ** 25000000 % 7 }}</h1>", 1), encoding="utf-8")
    started = cpu_seconds()
    with pytest.raises(ContentErrors) as failure:
        render(project.content, project.templates, DiscardedSite(), parallel=False)
    assert cpu_seconds() - started < 10  # about 20 s without the bound
    line = text[: text.index("</h1>")].count("\n") + 1
    assert [str(error) for error in failure.value.errors] == [
        f"{page}:{line}: template error: one page took over 0 s of processor time here, which no"
        " page needs: look for a loop inside a loop over something large (a `range`, every"
        " claim), or a power of a large number (`**`)"
    ]


def test_editor_leftovers_in_the_theme_are_neither_read_nor_published(project: Project) -> None:
    """A backup (``style.css~``) or swap file beside a theme file is the editor's, not the
    theme's: the same rule as for content, so the preview's watch and the build agree."""
    style = next(project.templates.rglob("*.css"))
    (style.parent / f"{style.name}~").write_text("old styles")
    (style.parent / f".{style.name}.swp").write_text("swap")
    assert project.build().returncode == 0
    published = {path.name for path in project.out.rglob("*")}
    assert style.name in published
    assert f"{style.name}~" not in published and f".{style.name}.swp" not in published


def test_the_preview_never_shows_a_file_from_outside(project: Project) -> None:
    link_to(project, "site.yml", outside_secret(project))
    preview = Preview(project.content, project.templates, Hosts("127.0.0.1", 8000))
    preview.rebuild()
    page = b"".join(preview(wsgi_request("/", "127.0.0.1:8000"), lambda status, headers: None))
    assert b"is a link to a file outside the content folder" in page
    assert SECRET.encode() not in page


# --- YAML that would take minutes, gigabytes or the whole stack

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
    started = cpu_seconds()
    errors = errors_of(project)
    assert cpu_seconds() - started < 5
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
    started = cpu_seconds()
    errors = errors_of(project)
    assert cpu_seconds() - started < 5
    assert f"{path}:1: the file is 1000.0 MB, over the 2 MB limit" in "\n".join(errors)


def test_a_loop_of_folders_in_the_theme_is_refused(project: Project) -> None:
    loop = project.templates / "assets" / "again"
    loop.symlink_to(project.templates / "assets")
    result = project.build()
    assert result.returncode == 1
    assert f"{loop}:1: is a link to a folder; copy the folder in instead" in result.stderr
