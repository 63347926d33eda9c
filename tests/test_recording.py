"""Dependencies recorded while rendering, and the one build state that keeps them.

Each page records what it reads as it renders; a rebuild makes a page again exactly when one of
those inputs changed. These tests render the real content in memory and count what is made.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import markdown
import pytest
from conftest import Project, age, snapshot

from factcheck.builds import build_site
from factcheck.load import load_content
from factcheck.model import Claim, Content
from factcheck.pipeline import render
from factcheck.record import InputList, InputMapping, Inputs, RecordingEnvironment, recording
from factcheck.state import BuildState
from factcheck.write import MemorySite

SVR = "claims/svr-serbia-secret-ammunition-supplies.md"
SVR_PAGE = "claims/svr-serbia-secret-ammunition-supplies/index.html"


@pytest.fixture
def content(project: Project) -> Content:
    return load_content(project.content)


def reads_of(content: Content, template: str, **context: object) -> set[str]:
    """The inputs ``template`` records as it renders, every input of ``content`` registered."""
    inputs = Inputs()
    for claim in content.claims:
        inputs.add(f"claim:{claim.slug}", claim.digest)
        inputs.add(f"card:{claim.slug}", claim.card_digest)
    for source in content.sources.values():
        inputs.add(f"source:{source.id}", source.digest)
    inputs.add("sources", "all")
    inputs.add("citing", "list")
    with recording(inputs) as reads:
        RecordingEnvironment().from_string(template).render(**context)
    return set(reads)


def svr(content: Content) -> Claim:
    return next(claim for claim in content.claims if claim.slug.startswith("svr"))


@pytest.mark.parametrize(
    ("template", "recorded"),
    [
        ("{{ claim.title }}", "card"),
        ("{{ claim['summary'] }}", "card"),
        ("{{ [claim] | map(attribute='verdict') | list }}", "card"),
        ("{{ claim.body[:3] }}", "claim"),
        ("{{ claim['body'][:3] }}", "claim"),
    ],
)
def test_reading_a_field_of_a_claim_records_its_front_matter_or_the_whole_claim(
    content: Content, template: str, recorded: str
) -> None:
    claim = svr(content)
    assert reads_of(content, template, claim=claim) == {f"{recorded}:{claim.slug}"}


def test_going_through_a_mapping_records_its_keys_and_a_lookup_does_not(content: Content) -> None:
    sources = InputMapping("sources", content.sources)
    source = next(iter(content.sources))
    assert reads_of(content, f"{{{{ sources['{source}'].title }}}}", sources=sources) == {
        f"source:{source}"
    }
    assert reads_of(content, "{% for k in sources %}{% endfor %}", sources=sources) == {"sources"}
    assert reads_of(content, f"{{{{ '{source}' in sources }}}}", sources=sources) == {"sources"}


@pytest.mark.parametrize(
    "template",
    ["{{ citing | length }}", "{{ citing[:1] }}", "{{ citing | last }}", "{{ 1 in citing }}"],
)
def test_anything_that_tells_what_a_list_holds_records_it(content: Content, template: str) -> None:
    citing = InputList("citing", ["a", "b"])
    assert reads_of(content, template, citing=citing) == {"citing"}


def test_an_input_nobody_registered_is_a_bug_not_a_silent_miss(content: Content) -> None:
    with pytest.raises(KeyError):
        reads_of(content, "{{ listed | length }}", listed=InputList("unregistered", []))


PREVIEW = {"include_drafts": True}
"""Rendered as the preview renders, which checks no change against the last render: these
tests edit summaries without corrections entries, and undo edits."""


def made_after(project: Project, state: BuildState, site: MemorySite) -> set[str]:
    before = dict(site.files)
    render(project.content, project.templates, site, state=state, parallel=False, **PREVIEW)
    state.commit()
    return {path for path, data in site.files.items() if before.get(path) is not data}


@pytest.fixture
def rendered(project: Project) -> tuple[Project, BuildState, MemorySite]:
    state, site = BuildState(), MemorySite()
    render(project.content, project.templates, site, state=state, parallel=False, **PREVIEW)
    state.commit()
    age(project.content, project.templates)
    return project, state, site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    past = time.time() - 30
    os.utime(path, (past, past))


def test_nothing_changed_makes_nothing(rendered: tuple[Project, BuildState, MemorySite]) -> None:
    project, state, site = rendered
    assert made_after(project, state, site) == set()


def test_an_edit_to_a_claims_analysis_remakes_its_page_and_not_the_lists(
    rendered: tuple[Project, BuildState, MemorySite],
) -> None:
    project, state, site = rendered
    edit(project.content / SVR, "## Our verdict", "One more sentence.\n\n## Our verdict")
    made = made_after(project, state, site)
    assert SVR_PAGE in made
    assert "index.html" not in made  # the home page shows the front matter only
    assert not any(path.startswith(("tags/", "verdicts/", "claimants/")) for path in made)


def test_an_edit_to_a_claims_summary_remakes_the_lists_showing_it(
    rendered: tuple[Project, BuildState, MemorySite],
) -> None:
    project, state, site = rendered
    edit(project.content / SVR, 'summary: "Financial Times', 'summary: "Edited: Financial Times')
    made = made_after(project, state, site)
    assert {SVR_PAGE, "index.html"} <= made
    assert "claims/mojsilovic-sanctions-russian-arms-contracts/index.html" not in made
    listing = _pages_listing_as_related(site, "svr-serbia-secret-ammunition-supplies")
    assert listing, "some claim pages show the SVR claim among their related checks"
    assert not listing & made  # they show its title and verdict, not its summary


def test_an_edit_to_a_claims_title_remakes_the_pages_showing_it_as_related(
    rendered: tuple[Project, BuildState, MemorySite],
) -> None:
    project, state, site = rendered
    listing = _pages_listing_as_related(site, "svr-serbia-secret-ammunition-supplies")
    edit(project.content / SVR, 'title: "Serbian ammunition', 'title: "Edited ammunition')
    made = made_after(project, state, site)
    assert listing and listing <= made
    for path in listing:
        assert "Edited ammunition reached Ukraine" in site.files[path].decode()


def _pages_listing_as_related(site: MemorySite, slug: str) -> set[str]:
    return {
        path
        for path, data in site.files.items()
        if path.startswith("claims/")
        and path.endswith("index.html")
        and 'class="related"' in data.decode()
        and f'/{slug}/"' in data.decode().split('class="related"', 1)[1]
    }


def test_an_edit_undone_builds_later_remakes_what_it_had_changed(
    rendered: tuple[Project, BuildState, MemorySite],
) -> None:
    """Only the last build's digests are kept: a page not made again since is one whose inputs
    kept theirs, so an edit undone after builds of other edits is still seen."""
    project, state, site = rendered
    original = dict(site.files)
    path = project.content / SVR
    text = path.read_text(encoding="utf-8")
    edit(path, 'summary: "Financial Times', 'summary: "Edited: Financial Times')
    assert "index.html" in made_after(project, state, site)
    edit(project.content / SVR, "## Our verdict", "One more sentence.\n\n## Our verdict")
    assert "index.html" not in made_after(project, state, site)
    path.write_text(text, encoding="utf-8")
    age(project.content, project.templates)
    made = made_after(project, state, site)
    assert {SVR_PAGE, "index.html"} <= made
    assert site.files == original


def test_a_template_edit_remakes_only_the_pages_using_it(
    rendered: tuple[Project, BuildState, MemorySite],
) -> None:
    project, state, site = rendered
    edit(
        project.templates / "claim.html",
        '<p class="kicker">{{ _("Fact check") }}</p>',
        '<p class="kicker">Fact-check</p>',
    )
    made = made_after(project, state, site)
    claim_pages = {  # in every edition
        path
        for path in site.files
        if path.split("/")[-3:-2] == ["claims"] and path.endswith(".html")
    }
    assert made == claim_pages


def test_a_copy_of_the_project_elsewhere_renders_no_markdown_again(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI checkout restoring the cache folder: another path, new file times, no site yet."""
    age(project.content, project.templates)
    build_site(project.content, project.templates, project.out, None, project.root / "cache")
    copy = tmp_path / "elsewhere"
    for name in ("content", "templates", "cache"):
        shutil.copytree(project.root / name, copy / name)  # copies get new times
    age(copy / "content", copy / "templates")
    converted = 0
    real_convert = markdown.Markdown.convert

    def counting(self: markdown.Markdown, source: str) -> str:
        nonlocal converted
        converted += 1
        return real_convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", counting)
    build_site(copy / "content", copy / "templates", copy / "site", None, copy / "cache")
    assert converted == 0
    assert snapshot(copy / "site") == snapshot(project.out)
