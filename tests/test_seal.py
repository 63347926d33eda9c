"""The seal: what tells a build it has nothing to do, without reading a file or loading the
renderer. Each test changes one thing the seal must cover (or must not), on real folders."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, Project

from factcheck.seal import UNSEALED, inputs_seal, seal_now, site_seal
from factcheck.stamps import RACY_NANOSECONDS, stamp_of, stamps_below

SVR = "claims/svr-serbia-secret-ammunition-supplies.md"


PAST = time.time() - 60


def age(*folders: Path) -> None:
    """Make every file look saved at one moment a minute ago, beyond the racy window."""
    past = PAST
    for folder in folders:
        for path in folder.rglob("*"):
            os.utime(path, (past, past), follow_symlinks=False)


def seal(project: Project, base_url: str | None = None) -> str:
    return inputs_seal(project.content, project.templates, base_url)


def test_an_edit_in_place_is_seen_by_its_time(project: Project) -> None:
    """An edit that keeps the file, its size and its time is not seen (as git's index does not
    see it); its new time is what shows it."""
    age(project.content, project.templates)
    before = seal(project)
    path = project.content / SVR
    details = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Serbia", "Sebria", 1), encoding="utf-8")
    os.utime(path, ns=(details.st_atime_ns, details.st_mtime_ns))
    assert before != UNSEALED
    assert path.stat().st_size == details.st_size
    changed = seal(project)
    # The inode is the same (written in place) and so are size and time: only a new time shows
    # it, which is why a file changed within the racy window is never sealed.
    assert changed == before
    os.utime(path, ns=(details.st_atime_ns, details.st_mtime_ns + 1))
    assert seal(project) != before


@pytest.mark.parametrize(
    "change",
    ["a claim added", "a claim deleted", "a claim replaced", "a template edited", "base address"],
)
def test_what_a_build_reads_is_sealed(project: Project, change: str) -> None:
    age(project.content, project.templates)
    before = seal(project)
    base_url = None
    if change == "a claim added":
        (project.content / "claims" / "new.md").write_text("---\ntitle: x\n---\n")
    elif change == "a claim deleted":
        (project.content / SVR).unlink()
    elif change == "a claim replaced":
        path = project.content / SVR
        copy = path.with_name("copy.tmp")
        copy.write_bytes(path.read_bytes())
        copy.replace(path)  # as many editors save: the same bytes, another inode
    elif change == "a template edited":
        template = next(project.templates.rglob("*.html"))
        template.write_text(template.read_text(encoding="utf-8") + " ")
    else:
        base_url = "https://other.example/"
    age(project.content, project.templates)  # the same times as before: only the change differs
    assert seal(project, base_url) not in (before, UNSEALED)


def test_hidden_files_and_editor_backups_are_not_sealed(project: Project) -> None:
    """An editor's swap file changes while the editor types; it is no one's content."""
    age(project.content, project.templates)
    before = seal(project)
    (project.content / "claims" / ".svr.md.swp").write_bytes(b"swap")
    (project.content / "claims" / "svr.md~").write_bytes(b"backup")
    (project.content / ".git").mkdir()
    (project.content / ".git" / "HEAD").write_text("ref")
    assert seal(project) == before


def test_a_file_changed_moments_ago_is_never_sealed(project: Project) -> None:
    age(project.content, project.templates)
    path = project.content / SVR
    recent = time.time_ns() - RACY_NANOSECONDS // 2
    os.utime(path, ns=(recent, recent))
    assert seal(project) == UNSEALED


def test_a_link_to_a_folder_is_never_sealed(project: Project) -> None:
    """Its files are not walked, so their changes could not be seen."""
    age(project.content, project.templates)
    (project.content / "claims" / "more").symlink_to(project.content / "sources")
    assert seal(project) == UNSEALED
    assert stamps_below(project.content)[str(project.content / "claims" / "more")] is None


def test_a_link_to_a_file_is_known_by_the_file(project: Project) -> None:
    age(project.content, project.templates)
    target = project.content / SVR
    link = project.content / "claims" / "linked.md"
    link.symlink_to(target)
    assert stamps_below(project.content)[str(link)] == stamp_of(str(target))


def test_the_site_seal_covers_each_file_the_mark_names(project: Project) -> None:
    assert project.build("--cache", project.root / "cache").returncode == 0
    inputs = seal(project)
    page = project.out / "claims" / "svr-serbia-secret-ammunition-supplies" / "index.html"
    before = seal_now(inputs, project.out)
    assert seal_now(inputs, project.out) == before
    with page.open("r+b") as file:  # in place: same inode, same size, a new time
        file.write(b"<!-- defaced -->")
    assert seal_now(inputs, project.out) != before
    page.unlink()
    assert seal_now(inputs, project.out) == UNSEALED  # a missing file never seals


def test_a_site_with_no_id_or_a_missing_file_is_never_sealed() -> None:
    assert site_seal("", {"index.html": (1, 2, 3)}) == UNSEALED
    assert site_seal("abc", {"index.html": None}) == UNSEALED
    assert site_seal("abc", {"index.html": (1, 2, 3)}) != UNSEALED


def test_a_build_with_nothing_to_do_never_loads_the_renderer(project: Project) -> None:
    """What makes it quick: it ends before Markdown, Jinja and the pipeline are imported."""
    age(project.content, project.templates)
    assert project.build("--cache", project.root / "cache").returncode == 0
    probe = (
        "import sys\n"
        "from factcheck.cli import main\n"
        f"status = main(['--content', {str(project.content)!r}, '--templates', "
        f"{str(project.templates)!r}, '--out', {str(project.out)!r}, '--cache', "
        f"{str(project.root / 'cache')!r}])\n"
        "loaded = sorted(m for m in ('markdown', 'jinja2', 'factcheck.pipeline', "
        "'importlib.metadata') if m in sys.modules)\n"
        "print(status, loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert "nothing had changed since the last build" in result.stdout, result.stderr
    assert result.stdout.splitlines()[-1] == "0 []"
