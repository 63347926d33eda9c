"""The seal: what tells a build it has nothing to do, without reading a file or loading the
renderer. Each test changes one thing the seal must cover (or must not), on real folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, Project, age

from factcheck import generator
from factcheck.builds import build_site
from factcheck.errors import ContentErrors
from factcheck.places import SITE_MARK, files_in_site, marked_site
from factcheck.seal import UNSEALED, inputs_seal, seal_now, site_seal
from factcheck.stamps import LINK, RACY_NANOSECONDS, stamp_from, stamp_of, stamps_below

SVR = "claims/svr-serbia-secret-ammunition-supplies.md"


PAST = time.time() - 60


def seal(project: Project, base_url: str | None = None) -> str:
    return inputs_seal(project.content, project.templates, base_url)


def test_an_edit_in_place_with_its_time_set_back_is_seen(project: Project) -> None:
    """The same file, size and modification time: its change time, which no program can set
    back, shows it (git's index keeps it for the same reason)."""
    age(project.content, project.templates, at=PAST)
    before = seal(project)
    path = project.content / SVR
    details = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Serbia", "Sebria", 1), encoding="utf-8")
    os.utime(path, ns=(details.st_atime_ns, details.st_mtime_ns))
    assert before != UNSEALED
    assert (path.stat().st_ino, path.stat().st_size) == (details.st_ino, details.st_size)
    assert seal(project) not in (before, UNSEALED)


def test_a_file_made_unreadable_is_seen(project: Project) -> None:
    """Its bytes are the same, but the system may now refuse them to a build."""
    age(project.content, project.templates, at=PAST)
    before = seal(project)
    (project.content / SVR).chmod(0o000)
    try:
        assert seal(project) not in (before, UNSEALED)
    finally:
        (project.content / SVR).chmod(0o644)


@pytest.mark.parametrize(
    "change",
    [
        "a claim added",
        "a claim deleted",
        "a claim replaced",
        "a template edited",
        "base address",
        "an empty folder added",
        "a folder removed",
        "a file made a link",
    ],
)
def test_what_a_build_reads_is_sealed(project: Project, change: str) -> None:
    age(project.content, project.templates, at=PAST)
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
    elif change == "an empty folder added":  # the loader refuses a folder among the claims
        (project.content / "claims" / "archive").mkdir()
    elif change == "a folder removed":  # the loader refuses a site without its pages folder
        shutil.rmtree(project.content / "pages")
    elif change == "a file made a link":  # the same file, now outside: a build refuses it
        path = project.content / SVR
        moved = project.root / "elsewhere.md"
        path.rename(moved)
        path.symlink_to(moved)
    else:
        base_url = "https://other.example/"
    age(
        project.content, project.templates, at=PAST
    )  # the same times as before: only the change differs
    assert seal(project, base_url) not in (before, UNSEALED)


def test_hidden_files_and_editor_backups_are_not_sealed(project: Project) -> None:
    """An editor's swap file changes while the editor types; it is no one's content."""
    age(project.content, project.templates, at=PAST)
    before = seal(project)
    (project.content / "claims" / ".svr.md.swp").write_bytes(b"swap")
    (project.content / "claims" / "svr.md~").write_bytes(b"backup")
    (project.content / ".git").mkdir()
    (project.content / ".git" / "HEAD").write_text("ref")
    assert seal(project) == before


def test_a_file_changed_moments_ago_is_never_sealed(project: Project) -> None:
    age(project.content, project.templates, at=PAST)
    path = project.content / SVR
    recent = time.time_ns() - RACY_NANOSECONDS // 2
    os.utime(path, ns=(recent, recent))
    assert seal(project) == UNSEALED


def test_a_link_to_a_folder_is_never_sealed(project: Project) -> None:
    """Its files are not walked, so their changes could not be seen."""
    age(project.content, project.templates, at=PAST)
    (project.content / "claims" / "more").symlink_to(project.content / "sources")
    assert seal(project) == UNSEALED
    assert stamps_below(project.content)[str(project.content / "claims" / "more")] is None


def test_a_link_is_known_by_the_file_it_leads_to_and_by_itself(project: Project) -> None:
    age(project.content, project.templates, at=PAST)
    target = project.content / SVR
    link = project.content / "claims" / "linked.md"
    link.symlink_to(target)
    stamps = stamps_below(project.content)
    assert stamps[str(link)] == stamp_from(target.stat())
    assert stamps[f"{link}{LINK}"] == stamp_of(str(link))


def test_a_change_to_the_generator_is_sealed(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "code"
    shutil.copytree(generator.CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(generator, "CODE", code)
    age(project.content, project.templates, code, at=PAST)
    before = seal(project)
    module = code / "theme.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# edited\n")
    age(code, at=PAST)
    assert seal(project) not in (before, UNSEALED)


def test_the_site_seal_covers_each_file_the_mark_names(project: Project) -> None:
    age(project.content, project.templates, at=PAST)
    assert project.build("--cache", project.root / "cache").returncode == 0
    inputs = seal(project)
    page = project.out / "claims" / "svr-serbia-secret-ammunition-supplies" / "index.html"
    before = seal_now(inputs, marked_site(project.out))
    assert seal_now(inputs, marked_site(project.out)) == before
    with page.open("r+b") as file:  # in place: same inode, same size, a new time
        file.write(b"<!-- defaced -->")
    assert seal_now(inputs, marked_site(project.out)) != before
    page.unlink()
    assert seal_now(inputs, marked_site(project.out)) == UNSEALED  # a missing file never seals


def test_the_site_is_looked_at_once_and_finds_planted_and_missing_files(project: Project) -> None:
    """The stamps the seal took serve the build's look at the site, which finds what a walk
    finds: a file planted since, a file gone, a file rewritten."""
    assert project.build("--cache", project.root / "cache").returncode == 0
    out = project.out
    page = out / "claims" / "svr-serbia-secret-ammunition-supplies" / "index.html"
    (out / "claims" / "planted.html").write_text("not ours")
    (out / "404.html").unlink()
    with page.open("r+b") as file:
        file.write(b"<!-- defaced -->")
    marked = marked_site(out)
    found = files_in_site(out, marked).files
    walked = {
        str(path.relative_to(out)): stamp_of(str(path))
        for path in out.rglob("*")
        if path.is_file() and path.name != SITE_MARK
    }
    assert found == walked
    assert marked.stamps["404.html"] is None  # so the seal cannot hold


def test_a_site_with_no_id_or_a_missing_file_is_never_sealed() -> None:
    assert site_seal("", {"index.html": (1, 2, 3, 4)}) == UNSEALED
    assert site_seal("abc", {"index.html": None}) == UNSEALED
    assert site_seal("abc", {"index.html": (1, 2, 3, 4)}) != UNSEALED


def test_a_seal_depends_on_the_values_alone_never_on_which_objects_are_shared() -> None:
    """The stamps of one build and the next are equal values held in other objects: a string
    interned in one and not the other, one stamp shared by two files in one, must not tell
    them apart (as marshal's later versions and pickle would), while any changed value must."""
    stamp = (12, 34, 56_000, 78_000)
    shared = {"a/index.html": stamp, "b/index.html": stamp}
    apart = {
        sys.intern("a/index.html"): (12, 34, 56_000, 78_000),
        "".join(["b/", "index.html"]): tuple(map(int, ["12", "34", "56000", "78000"])),
    }
    assert site_seal("id", shared) == site_seal("id", apart) != UNSEALED
    changed = dict(apart, **{"b/index.html": (12, 34, 56_001, 78_000)})
    assert site_seal("id", changed) != site_seal("id", shared)
    assert site_seal("id", {"a/index.html": stamp}) != site_seal("other", {"a/index.html": stamp})
    with pytest.raises(ValueError):  # a value with no plain form is an error, never a digest
        site_seal("id", {"a/index.html": Path("x")})  # type: ignore[dict-item]


def test_a_build_with_nothing_to_do_never_loads_the_renderer(project: Project) -> None:
    """What makes it quick: it ends before Markdown, Jinja and the pipeline are imported."""
    age(project.content, project.templates, at=PAST)
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


def test_a_build_of_files_saved_moments_ago_is_not_trusted_next_time(project: Project) -> None:
    cache = project.root / "cache"
    age(project.content, project.templates, at=PAST)
    (project.content / SVR).touch()  # saved now: a second save could keep its stamp
    build_site(project.content, project.templates, project.out, None, cache)
    assert not build_site(project.content, project.templates, project.out, None, cache).unchanged
    age(project.content, project.templates, at=PAST)
    build_site(project.content, project.templates, project.out, None, cache)
    assert build_site(project.content, project.templates, project.out, None, cache).unchanged


def test_a_failed_build_is_never_taken_for_one_with_nothing_to_do(project: Project) -> None:
    cache = project.root / "cache"
    age(project.content, project.templates, at=PAST)
    build_site(project.content, project.templates, project.out, None, cache)
    path = project.content / SVR
    path.write_text(path.read_text(encoding="utf-8").replace("verdict: unproven", "verdict: x"))
    age(project.content, project.templates, at=PAST)
    for _ in range(2):
        with pytest.raises(ContentErrors):
            build_site(project.content, project.templates, project.out, None, cache)
