"""Tags shown by their names from site.yml (`tag_names`), not by how claim files write them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, Project, parse_html, run_build, snapshot
from searching import search
from test_errors import assert_fails_cleanly, edit, line_of

from factcheck.load import load_content


def test_a_tag_is_shown_by_its_name_whatever_its_case_and_otherwise_as_written() -> None:
    site = load_content(ROOT / "content").site
    assert site.tag_label("vucic") == site.tag_label("Vucic") == "Vučić"
    assert site.tag_label("ammunition") == "ammunition"


def test_pages_show_tag_names_and_keep_the_tags_addresses(built_site: Path) -> None:
    site = load_content(ROOT / "content").site
    claim = parse_html(built_site / "claims/vucic-exports-legal-through-intermediaries/index.html")
    links = {a["href"]: a.get_text() for a in claim.select(".claim-footer a")}
    assert links["../../tags/vucic/"] == "Vučić"
    assert links["../../tags/serbia/"] == "Serbia"
    assert links["../../tags/ammunition/"] == "ammunition"
    assert parse_html(built_site / "tags/vucic/index.html").h1.get_text() == "Tag: Vučić"
    related = claim.find("section", class_="related").get_text(" ", strip=True)
    assert "In common: tags Serbia, Ukraine" in related
    assert "serbia" not in related.replace("Serbia", "")
    index = parse_html(built_site / "tags/index.html").main.get_text()
    for tag in ("vucic", "svr", "eu", "serbia"):
        assert site.tag_label(tag) in index


def test_search_finds_a_claim_by_its_tag_name(project: Project) -> None:
    edit(project.content / "site.yml", "  svr: SVR\n", "  svr: Foreign Intelligence Service\n")
    assert project.build().returncode == 0
    tagged = {
        claim.slug
        for claim in load_content(project.content).claims
        if claim.language is None  # the English edition's search
        if "svr" in claim.tags and not claim.draft
    }
    [found] = search(project.out, "foreign intelligence service")
    assert tagged <= set(found.slugs)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  svr: SVR\n  SVR: The SVR\n", "`tag_names` names the tag `SVR` twice (tags alike but for case are one)"),
        ("  svr: Serbia\n", "`tag_names` gives the tags `serbia` and `svr` the same name, “Serbia”; readers could not tell their pages apart"),
        ('  svr: ""\n', "`tag_names` entry `svr` is empty; write the text after the colon"),
    ],
)  # fmt: skip
def test_a_mistake_in_the_tag_names_is_one_line_at_its_place(
    project: Project, entry: str, message: str
) -> None:
    assert project.build().returncode == 0
    before = snapshot(project.out)
    settings = project.content / "site.yml"
    edit(settings, "  svr: SVR\n", entry)
    line = line_of(settings, entry.splitlines()[-1].strip())
    assert_fails_cleanly(project, [(settings, line, message)])
    assert snapshot(project.out) == before


def test_check_warns_of_a_name_for_a_tag_no_claim_carries(project: Project) -> None:
    """A tag renamed in the claims but not in site.yml: the claims would show it as written."""
    settings = project.content / "site.yml"
    edit(settings, "  mojsilovic: Mojsilovic\n", "  mojsilović: Mojsilović\n")
    line = line_of(settings, "mojsilović: Mojsilović")
    result = run_build("check", "--content", project.content, "--templates", project.templates)
    assert result.returncode == 0, result.stderr
    assert (
        f"{settings}:{line}: warning: `tag_names` names the tag `mojsilović`, which no claim "
        "carries; write the tag as the claims do, or remove the line"
    ) in result.stdout.splitlines()
    strict = run_build(
        "check", "--strict", "--content", project.content, "--templates", project.templates
    )
    assert strict.returncode == 1
    untouched = run_build("check", "--content", ROOT / "content", "--templates", project.templates)
    assert "tag_names" not in untouched.stdout  # every name in the published settings is used
