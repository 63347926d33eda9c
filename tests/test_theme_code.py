"""The theme's compiled templates, and which template uses which, are kept between builds: a
rebuild compiles only the templates whose text changed, and errors still name their file and
line. Each build here runs in-process as a new process would: nothing left in memory."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import jinja2.bccache
import pytest
from conftest import Project

from factcheck import theme
from factcheck.builds import build_site
from factcheck.errors import ContentErrors
from factcheck.state import BuildState

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


def break_a_kept_macro(templates: Path) -> int:
    """Make claim.html call a macro of _macros.html (itself unchanged) with a value it fails on;
    return the line of _macros.html the error is at."""
    template = templates / "claim.html"
    text = template.read_text()
    text = text.replace("import verdict_badge,", "import unavailable, verdict_badge,", 1).replace(
        "{% block title %}", '{% block title %}{{ unavailable("not a date") }}', 1
    )
    template.write_text(text)
    macros = (templates / "_macros.html").read_text()
    return macros[: macros.index("{% macro unavailable")].count("\n") + 1


@pytest.mark.parametrize("where", ["here", "elsewhere"])
def test_an_error_in_kept_code_names_its_template_file_and_line(
    project: Project, tmp_path: Path, compiled: list[str], where: str
) -> None:
    """The error is placed by the file compiled code names: a copy of the project elsewhere
    compiles its templates again, rather than name the files of the first."""
    build(project)
    root = project.root
    if where == "elsewhere":
        root = tmp_path / "elsewhere"
        shutil.copytree(project.root, root, symlinks=True)
        shutil.rmtree(root / "site")
    line = break_a_kept_macro(root / "templates")
    compiled.clear()
    with pytest.raises(ContentErrors) as failure:
        build(project, root)
    assert ("_macros.html" in compiled) == (where == "elsewhere")
    (error,) = failure.value.errors
    assert (error.path, error.line) == (str(root / "templates" / "_macros.html"), line)
    assert error.message.startswith("template error:")


def test_a_template_python_cannot_compile_that_no_page_uses_is_no_error(
    project: Project,
) -> None:
    """Nested deeper than Python allows, it fails as Python, not as Jinja."""
    loops = "".join(f"{{% for x{n} in [1] %}}" for n in range(25))
    ends = "{% endfor %}" * 25
    (project.templates / "unused.html").write_text(loops + "deep" + ends + "\n")
    build(project)
    assert (project.out / "claims" / SVR / "index.html").exists()


def test_damaged_kept_code_is_compiled_again(project: Project, compiled: list[str]) -> None:
    build(project)
    state = BuildState(project.root / "cache")
    try:
        keys = list(state.all("template_code"))
        # Its header intact, what follows cut short: Jinja reads that with pickle, unguarded.
        state.put_many("template_code", dict.fromkeys(keys, jinja2.bccache.bc_magic + b"\x80"))
        state.commit()
    finally:
        state.close()
    compiled.clear()
    build(project)
    assert "claim.html" in compiled
    assert (project.out / "claims" / SVR / "index.html").read_text().count("<p>An edit.</p>") == 2


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


def test_a_template_added_that_a_page_included_if_there_remakes_the_page(
    project: Project,
) -> None:
    """``include … ignore missing``: the page read that the template was absent."""
    template = project.templates / "claim.html"
    include = "{% block title %}{% include '_opt.html' ignore missing %}"
    template.write_text(template.read_text().replace("{% block title %}", include, 1))
    build(project)
    page = project.out / "claims" / SVR / "index.html"
    assert "Optional." not in page.read_text()
    (project.templates / "_opt.html").write_text("Optional. ")
    build(project, edit=False)
    other = project.out / "claims" / "ft-800-million-euros-serbian-ammunition" / "index.html"
    assert "<title>Optional. " in page.read_text() and "<title>Optional. " in other.read_text()
