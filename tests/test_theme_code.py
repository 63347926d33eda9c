"""The theme's compiled templates, and which template uses which, are kept between builds: a
rebuild compiles only the templates whose text changed, and errors still name their file and
line. Each build here runs in-process as a new process would: nothing left in memory."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import Project

from factcheck import theme
from factcheck.builds import build_site

SVR = "svr-serbia-secret-ammunition-supplies"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates Jinja compiles from their text, by name."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def compile(
        environment: jinja2.Environment, source: object, name: str | None = None, *rest: object
    ) -> object:
        names.append(str(name))
        return compile_source(environment, source, name, *rest)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return names


def build(project: Project, root: Path | None = None, *, edit: bool = True) -> None:
    """An edit of a claim (unless not ``edit``), then a build as a new process makes it, with
    the cache."""
    root = root or project.root
    claim = root / "content" / "claims" / f"{SVR}.md"
    if edit:
        claim.write_text(claim.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    theme._compiled.clear()
    theme._used.clear()
    build_site(root / "content", root / "templates", root / "site", cache_dir=root / "cache")


def test_a_rebuild_compiles_no_template_again(project: Project, compiled: list[str]) -> None:
    build(project)
    assert "claim.html" in compiled and "base.html" in compiled
    compiled.clear()
    build(project)
    assert compiled == []
    assert (project.out / "claims" / SVR / "index.html").read_text().count("<p>An edit.</p>") == 2


def test_a_template_edited_is_compiled_again_alone(project: Project, compiled: list[str]) -> None:
    build(project)
    template = project.templates / "claim.html"
    text = template.read_text()
    template.write_text(text.replace("{% block title %}", "{% block title %}Edited: ", 1))
    compiled.clear()
    build(project)
    assert compiled == ["claim.html"]
    assert "<title>Edited: " in (project.out / "claims" / SVR / "index.html").read_text()


def test_a_copy_of_the_project_elsewhere_compiles_again(
    project: Project, tmp_path: Path, compiled: list[str]
) -> None:
    """Compiled code names its template's file, which errors are reported by."""
    build(project)
    copy = tmp_path / "elsewhere"
    shutil.copytree(project.root, copy, symlinks=True)
    shutil.rmtree(copy / "site")
    compiled.clear()
    build(project, copy)
    assert "claim.html" in compiled


def test_kept_code_names_its_template_file_for_errors(
    project: Project, compiled: list[str]
) -> None:
    """A template error is placed by the file its compiled code names (theme._template_frame)."""
    build(project)
    compiled.clear()
    build(project)
    assert compiled == []  # loaded from what the last build kept
    (environment,) = theme._compiled.values()
    for name in ("base.html", "claim.html"):
        code = environment.get_template(name).root_render_func.__code__
        assert code.co_filename == str(project.templates / name)


def test_what_a_template_uses_is_found_again_when_the_theme_changes(project: Project) -> None:
    """Which templates a page uses decides which pages an edit remakes: a new include counts."""
    build(project)
    (project.templates / "_note.html").write_text("<p>First note.</p>\n")
    template = project.templates / "claim.html"
    text = template.read_text()
    template.write_text(
        text.replace("{% block title %}", "{% block title %}{% include '_note.html' %}", 1)
    )
    build(project)
    page = project.out / "claims" / SVR / "index.html"
    assert "<p>First note.</p>" in page.read_text()
    (project.templates / "_note.html").write_text("<p>Second note.</p>\n")
    build(project, edit=False)  # only the note changed
    assert "<p>Second note.</p>" in page.read_text()
