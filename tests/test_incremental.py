"""Cached and incremental builds give exactly what a cold build gives, after every kind of edit."""

from __future__ import annotations

import contextlib
import pickle
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Project, age, run_build, snapshot

from factcheck.builds import build_site
from factcheck.serve import Hosts, Preview
from factcheck.state import DATABASE, TABLES

SVR = "claims/svr-serbia-secret-ammunition-supplies.md"
SVR_SR = "claims/svr-srbija-tajno-isporucuje-municiju.md"
"""Its translation."""
MOJSILOVIC = "claims/mojsilovic-sanctions-russian-arms-contracts.md"
MOJSILOVIC_SR = "claims/sankcije-onemogucile-kupovinu-ruskog-oruzja.md"
MT = "sources/moscow-times-2025-05-29.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def corrected(project: Project, old: str, new: str, day: str) -> None:
    """An edit to the SVR claim's verdict or summary, with the corrections entry it needs; a
    verdict is changed in its translation too, as the two must give the same."""
    for claim in (SVR, SVR_SR) if old.startswith("verdict:") else (SVR,):
        edit(project.content / claim, old, new)
        edit(
            project.content / claim,
            "corrections:\n",
            f"corrections:\n  - {{date: {day}, note: Why.}}\n",
        )


def removed(project: Project) -> None:
    """The Mojsilovic claim deleted, with its translation."""
    for claim in (MOJSILOVIC, MOJSILOVIC_SR):
        (project.content / claim).unlink()


def cached_build(project: Project, *extra: str | Path) -> str:
    result = project.build("--cache", project.root / "cache", *extra)
    assert result.returncode == 0, result.stderr
    return result.stdout


def cold_build(project: Project, *extra: str | Path) -> dict[str, bytes]:
    out = project.root / "cold"
    result = run_build(
        "--content",
        project.content,
        "--templates",
        project.templates,
        "--out",
        out,
        "--no-cache",
        *extra,
    )
    assert result.returncode == 0, result.stderr
    return snapshot(out)


EDITS: dict[str, Callable[[Project], None]] = {
    "claim summary": lambda p: corrected(p, 'summary: "Financial Times', 'summary: "Edited: Financial Times', "2026-11-23"),
    "claim verdict": lambda p: corrected(p, "verdict: unproven", "verdict: mostly-false", "2026-11-24"),
    "claim published date": lambda p: edit(p.content / SVR, "published: 2026-11-21", "published: 2026-11-20"),
    "claim tags": lambda p: edit(p.content / SVR, "tags: [serbia,", "tags: [belgrade, serbia,"),
    "claim body": lambda p: edit(p.content / SVR, "## Our verdict", "A new sentence [@moscow-times-2025-05-29].\n\n## Our verdict"),
    "claim added": lambda p: (p.content / "claims" / "a-copy.md").write_text((p.content / SVR).read_text()),
    "claim removed": removed,
    "claim made a draft": lambda p: edit(p.content / SVR, "tags:", "draft: true\ntags:"),
    "source added": lambda p: (p.content / "sources" / "a-copy.md").write_text((p.content / MT).read_text()),
    "source edited": lambda p: edit(p.content / MT, 'title: "', 'title: "Edited: '),
    "source text edited": lambda p: (p.content / MT).write_text((p.content / MT).read_text() + "\nOne more line.\n"),
    "template edited": lambda p: edit(p.templates / "claim.html", '<p class="kicker">{{ _("Fact check") }}</p>', '<p class="kicker">Fact-check</p>'),
    "shared template edited": lambda p: edit(p.templates / "base.html", "Skip to content", "Skip to the content"),
    "stylesheet edited": lambda p: (p.templates / "assets" / "style.css").write_text((p.templates / "assets" / "style.css").read_text() + "\n/* edited */\n"),
    "settings edited": lambda p: edit(p.content / "site.yml", "title: Claim Check", "title: Claim Check Desk"),
    "tag name edited": lambda p: edit(p.content / "site.yml", "  svr: SVR", "  svr: Foreign Intelligence Service"),
    "rating label edited": lambda p: edit(p.content / "ratings.yml", "label: Half true", "label: Half-true"),
    "page edited": lambda p: edit(p.content / "pages" / "about.md", 'title: "About Claim Check"', 'title: "About us"'),
}  # fmt: skip


@pytest.mark.parametrize("make_edit", EDITS.values(), ids=EDITS.keys())
def test_incremental_build_equals_cold_build(
    project: Project, make_edit: Callable[[Project], None]
) -> None:
    age(
        project.content, project.templates
    )  # so the cache trusts the times of the files the edit leaves alone
    cached_build(project)
    make_edit(project)
    age(project.content, project.templates)
    cached_build(project)
    assert snapshot(project.out) == cold_build(project)


def test_a_series_of_rebuilds_each_equals_a_cold_build(project: Project) -> None:
    """Each rebuild keeps the site's unchanged files where they are: nothing stale may stay, and
    nothing but the site and its lock is left beside it."""
    age(project.content, project.templates)
    cached_build(project)
    for name, make_edit in EDITS.items():
        make_edit(project)
        age(project.content, project.templates)
        cached_build(project)
        assert snapshot(project.out) == cold_build(project), name
        prefix = f".{project.out.name}."
        beside = [path.name for path in project.root.iterdir() if path.name.startswith(prefix)]
        assert beside == [f"{prefix}lock"], name


@pytest.mark.parametrize("moves", [1, 5])
@pytest.mark.parametrize("change", ["claim removed, then restored", "claim added, then removed"])
def test_a_build_killed_while_committing_is_finished_before_the_next_one_plans(
    project: Project, monkeypatch: pytest.MonkeyPatch, change: str, moves: int
) -> None:
    """The next build finds part of the killed build's files in the site; it must finish that
    commit before it compares the site with its records or looks for files planted there."""
    added = project.content / "claims" / "a-copy.md"
    originals = {
        claim: (project.content / claim).read_bytes() for claim in (MOJSILOVIC, MOJSILOVIC_SR)
    }
    age(project.content, project.templates)
    cached_build(project)
    if change.startswith("claim removed"):
        removed(project)
    else:
        added.write_text((project.content / SVR).read_text(encoding="utf-8"), encoding="utf-8")
    age(project.content, project.templates)
    real_replace = Path.replace
    moved = 0

    def killed(self: Path, target: str | Path) -> Path:
        nonlocal moved
        if Path(target).is_relative_to(project.out):
            if moved == moves:
                raise KeyboardInterrupt  # as SIGKILL would: nothing after it runs
            moved += 1
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        build_site(project.content, project.templates, project.out, None, project.root / "cache")
    monkeypatch.undo()
    for claim, data in originals.items():
        (project.content / claim).write_bytes(data)
    added.unlink(missing_ok=True)
    age(project.content, project.templates)
    cached_build(project)
    assert snapshot(project.out) == cold_build(project)


def test_a_build_failing_its_checks_leaves_the_site_for_the_next(project: Project) -> None:
    age(project.content, project.templates)
    cached_build(project)
    edit(project.content / MT, 'title: "', 'title: "Edited: ')
    age(project.content, project.templates)
    cached_build(project)
    before = snapshot(project.out)
    edit(project.content / SVR, "verdict: unproven", "verdict: unprovn")
    assert project.build("--cache", project.root / "cache").returncode == 1
    assert snapshot(project.out) == before
    edit(project.content / SVR, "verdict: unprovn", "verdict: unproven")
    corrected(project, "verdict: unproven", "verdict: mostly-false", "2026-11-24")
    age(project.content, project.templates)
    cached_build(project)
    assert snapshot(project.out) == cold_build(project)


@pytest.mark.parametrize("then", ["the template mended", "the claim restored too"])
def test_a_build_failing_as_it_makes_the_pages_leaves_the_site_and_its_record(
    project: Project, then: str
) -> None:
    """A build commits the documents it read before it makes the pages, whose workers read
    their bodies back from the state; one that fails while making them leaves the site, and
    the state's record of it, as the last build left them, so the next equals a cold build."""
    age(project.content, project.templates)
    cached_build(project)
    before, claim = snapshot(project.out), (project.content / SVR).read_bytes()
    edit(project.content / SVR, "## Our verdict", "A new sentence.\n\n## Our verdict")
    template = project.templates / "claim.html"
    theme = template.read_bytes()
    kicker = '<p class="kicker">{{ _("Fact check") }}</p>'
    edit(template, kicker, '<p class="kicker">{{ claim.title.nothing() }}</p>')
    age(project.content, project.templates)
    failed = project.build("--cache", project.root / "cache")
    assert failed.returncode == 1 and "claim.html" in failed.stderr, failed.stderr
    assert snapshot(project.out) == before
    template.write_bytes(theme)
    if then == "the claim restored too":
        (project.content / SVR).write_bytes(claim)
    age(project.content, project.templates)
    cached_build(project)
    assert snapshot(project.out) == cold_build(project)


def test_a_claim_kept_from_the_last_build_is_checked_again_when_its_source_goes(
    project: Project,
) -> None:
    age(project.content, project.templates)
    cached_build(project)
    (project.content / MT).unlink()
    result = project.build("--cache", project.root / "cache")
    assert result.returncode == 1
    # one error for the missing file, naming every file that cites it, the kept claim too
    assert "no source `moscow-times-2025-05-29`" in result.stderr
    assert re.search(rf"{re.escape(SVR)} \(lines? \d", result.stderr)


def stored(project: Project, sql: str) -> list[object]:
    with contextlib.closing(sqlite3.connect(project.root / "cache" / DATABASE)) as db:
        return [row[0] for row in db.execute(sql)]


def test_the_state_forgets_a_deleted_claim(project: Project) -> None:
    """Else it would grow with every claim ever deleted, and each build would read them all."""
    deleted = Path(MOJSILOVIC).name

    def kept() -> list[str]:
        documents = stored(project, "SELECT value FROM documents")
        stamps = stored(project, "SELECT path FROM stamps")
        return [
            *(Path(str(path)).name for path in stamps),
            *(pickle.loads(value).path.name for value in documents if isinstance(value, bytes)),
        ]

    age(project.content, project.templates)
    cached_build(project)
    assert kept().count(deleted) == 2
    removed(project)
    cached_build(project)
    assert deleted not in kept()
    assert len(kept()) > 10
    cards = stored(project, "SELECT key FROM cards")  # each document's, forgotten with it
    assert sorted(cards) == sorted(stored(project, "SELECT key FROM documents"))


def test_nothing_changed_does_nothing_and_keeps_the_site(project: Project) -> None:
    age(project.content, project.templates)
    cached_build(project)
    before = snapshot(project.out)
    output = cached_build(project)
    assert "nothing had changed since the last build" in output
    assert snapshot(project.out) == before == cold_build(project)


def test_base_url_change_rebuilds(project: Project) -> None:
    age(project.content, project.templates)
    cached_build(project)
    output = cached_build(project, "--base-url", "https://other.example/")
    assert "nothing had changed" not in output
    assert snapshot(project.out) == cold_build(project, "--base-url", "https://other.example/")


def test_a_site_changed_by_hand_is_not_trusted(project: Project) -> None:
    age(project.content, project.templates)
    cached_build(project)
    page = project.out / "claims" / "svr-serbia-secret-ammunition-supplies" / "index.html"
    page.unlink()
    edit(project.content / MT, 'title: "', 'title: "Edited: ')
    cached_build(project)
    assert snapshot(project.out) == cold_build(project)


@pytest.mark.parametrize("damage", ["the whole file", "every stored value"])
def test_a_damaged_state_is_dropped_and_the_site_rebuilt(project: Project, damage: str) -> None:
    """A database overwritten, or one whose values cannot be read back (the build goes on to read
    the broken documents, quotation checks, data parts and bodies)."""
    age(project.content, project.templates)
    cached_build(project)
    database = project.root / "cache" / DATABASE
    if damage == "the whole file":
        database.write_bytes(b"not a database" * 1000)
    else:
        with contextlib.closing(sqlite3.connect(database)) as db, db:
            for table in TABLES:
                db.execute(f"UPDATE {table} SET value = x'00ff'")
    edit(project.content / SVR, 'summary: "Financial Times', 'summary: "Edited: Financial Times')
    age(project.content, project.templates)
    output = cached_build(project)
    assert "Traceback" not in output
    assert snapshot(project.out) == cold_build(project)
    cached_build(project)  # and the state made anew serves the next build


# --- the preview: its pages after each edit are those a preview started afresh would show


def previewed(project: Project, preview: Preview | None = None) -> dict[str, bytes]:
    """The files ``preview`` holds after a rebuild (a new preview's: what it shows first)."""
    preview = preview or Preview(project.content, project.templates, Hosts("127.0.0.1", 8000))
    preview.rebuild()
    assert not preview.errors, preview.errors
    return dict(preview.site.files)


def test_each_rebuild_of_the_preview_equals_a_fresh_preview(project: Project) -> None:
    """The preview keeps its state and rendered bodies in memory, not in the database a build
    keeps them in: the same edits, one after another, must show what a fresh start shows."""
    preview = Preview(project.content, project.templates, Hosts("127.0.0.1", 8000))
    previewed(project, preview)
    for name, make_edit in EDITS.items():
        make_edit(project)
        assert previewed(project, preview) == previewed(project), name
