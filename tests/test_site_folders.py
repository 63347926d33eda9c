"""A build looks into only the site folders changed since the last build looked: a folder whose
stamp is the one it had then holds what it held. Whatever is planted anywhere is still found.

A folder's stamp vouches for it only once it is older than the stamps' 2 s of doubt; these tests,
which do not wait, play the next build as coming long after by setting that doubt aside
(``settle``), or make every folder too recent to vouch for itself (``unsettle``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

import pytest
from conftest import Project

from factcheck import places
from factcheck.builds import FOLDERS, _folders, build_site
from factcheck.errors import UsageError
from factcheck.places import SITE_MARK, SiteFiles, files_in_site, marked_site
from factcheck.stamps import Stamp, stamp_of
from factcheck.state import BuildState, StateBroken

SVR = "svr-serbia-secret-ammunition-supplies"
OTHER = "ft-800-million-euros-serbian-ammunition"
"""A claim whose folder the edits of these tests never write in."""


@pytest.fixture
def settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every folder's stamp is old enough to vouch for it: the next build comes long after."""
    monkeypatch.setattr(places, "RACY_NANOSECONDS", -(10**18))


@pytest.fixture
def unsettle(monkeypatch: pytest.MonkeyPatch) -> None:
    """No folder's stamp is old enough to vouch for it."""
    monkeypatch.setattr(places, "RACY_NANOSECONDS", 10**18)


def build(project: Project) -> None:
    """An edit, then an in-process build with the cache: each such build looks at the site."""
    claim = project.content / "claims" / f"{SVR}.md"
    claim.write_text(claim.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    build_site(project.content, project.templates, project.out, cache_dir=project.root / "cache")


def kept(project: Project) -> dict[str, Stamp | None]:
    """The site's folders as the state keeps them for the next build."""
    state = BuildState(project.root / "cache")
    try:
        return state.all(FOLDERS)
    finally:
        state.close()


def walked(project: Project) -> dict[str, Stamp | None]:
    """Every file of the site, found by walking it whole."""
    return {
        path.relative_to(project.out).as_posix(): stamp_of(str(path))
        for path in project.out.rglob("*")
        if path.is_file() and path.name != SITE_MARK
    }


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the look at the site lists, as the system is asked for them."""
    folders: list[str] = []
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if sys._getframe(1).f_code is files_in_site.__code__:  # not pathlib's, nor the writer's
            folders.append(path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return folders


def site_paths(project: Project, folders: list[str]) -> set[str]:
    site = str(project.out)
    return {
        str(folder)[len(site) :].lstrip("/")
        for folder in folders
        if str(folder) == site or str(folder).startswith(site + "/")
    }


def test_a_site_made_whole_is_looked_at_once_it_is_written(
    project: Project, settle: None, listed: list[str]
) -> None:
    """So that the first rebuild after it lists only what changed, as every later one does."""
    build(project)
    listed.clear()
    build(project)
    assert site_paths(project, listed) == set()


def test_only_the_folders_the_last_build_wrote_in_are_listed(
    project: Project, settle: None, listed: list[str]
) -> None:
    build(project)  # a first build, into an empty folder, then a look at all it wrote
    build(project)
    listed.clear()
    build(project)  # the edit remade the claim's page: its folder changed
    seen = site_paths(project, listed)
    assert "" in seen  # the site's mark was rewritten
    assert f"claims/{SVR}" in seen
    assert "claims/ft-800-million-euros-serbian-ammunition" not in seen
    assert "sources" not in seen and "assets" not in seen
    assert len(seen) < 20, sorted(seen)


@pytest.mark.parametrize("builds", [1, 3])
@pytest.mark.parametrize(
    "planted",
    [
        f"claims/{OTHER}/planted.html",  # beside a page of the site
        f"claims/{OTHER}/deeper/planted.html",  # in a new folder in a settled one
        "search/index/claims/planted.json",  # three folders down
        "assets/planted.js",
    ],
)
def test_a_file_planted_in_a_settled_folder_is_found(
    project: Project, settle: None, planted: str, builds: int
) -> None:
    for _ in range(builds):  # one: the site made whole; three: the folders written in settled
        build(project)
    folder = planted.rsplit("/", 2)[0] if "deeper" in planted else planted.rsplit("/", 1)[0]
    assert kept(project)[folder] == stamp_of(str(project.out / folder))  # taken on trust
    path = project.out / planted
    path.parent.mkdir(exist_ok=True)
    path.write_text("<script>alert(1)</script>")
    with pytest.raises(UsageError, match=f"holds files the build did not make \\({planted}\\)"):
        build(project)
    assert path.read_text() == "<script>alert(1)</script>"


def test_a_page_defaced_in_a_settled_folder_is_made_again(project: Project, settle: None) -> None:
    build(project)
    build(project)
    page = project.out / "claims" / "ft-800-million-euros-serbian-ammunition" / "index.html"
    made = page.read_bytes()
    with page.open("r+b") as file:
        file.write(b"<!-- defaced -->")
    build(project)
    assert page.read_bytes() == made


def test_a_folder_changed_moments_ago_is_not_settled(project: Project) -> None:
    """A second change within the tick of the system's clock could keep its stamp."""
    build(project)
    folder = project.out / "claims" / SVR
    (folder / "moments-ago.html").write_text("planted")
    found = files_in_site(project.out, marked_site(project.out))
    assert found.folders[f"claims/{SVR}"] is None
    assert f"claims/{SVR}/moments-ago.html" in found.files


def test_a_folder_replaced_by_a_file_is_found(project: Project, settle: None) -> None:
    build(project)
    build(project)
    build(project)
    folder = project.out / "sources"
    renamed = project.root / "sources-moved"
    folder.rename(renamed)
    folder.write_text("planted")
    with pytest.raises(UsageError, match="holds files the build did not make \\(sources\\)"):
        build(project)
    assert folder.read_text() == "planted" and renamed.is_dir()


def test_a_site_made_whole_with_a_file_planted_while_it_was_made_is_not_settled(
    project: Project, settle: None
) -> None:
    """Something planted in the site between its commit and the look after it would otherwise
    be taken as the build's, and never found."""
    build(project)
    (project.out / "claims" / SVR / "planted.html").write_text("planted")
    assert _folders(project.out, SiteFiles({}, {})) == {}
    (project.out / "claims" / SVR / "planted.html").unlink()
    assert _folders(project.out, SiteFiles({}, {}))[f"claims/{SVR}"] is not None


def test_a_folder_not_settled_below_a_settled_one_is_listed(project: Project) -> None:
    """The settled folder holds it, as before, but what it holds may have changed."""
    build(project)
    marked = marked_site(project.out)
    last = {
        "": stamp_of(str(project.out)),
        "claims": stamp_of(str(project.out / "claims")),
        f"claims/{SVR}": None,
    }
    (project.out / "claims" / SVR / "planted.html").write_text("planted")
    found = files_in_site(project.out, marked, last)
    assert f"claims/{SVR}/planted.html" in found.files


def test_after_settled_builds_the_look_finds_what_a_walk_finds(
    project: Project, settle: None
) -> None:
    for _ in range(3):
        build(project)
    last = kept(project)
    assert last and all(stamp is not None for stamp in last.values())
    assert files_in_site(project.out, marked_site(project.out), last).files == walked(project)


def test_every_folder_of_the_site_is_kept_settled_or_not(project: Project, unsettle: None) -> None:
    """One left out would never be looked into again below a settled one."""
    build(project)
    build(project)
    folders = {
        path.relative_to(project.out).as_posix() for path in project.out.rglob("*") if path.is_dir()
    }
    assert kept(project) == dict.fromkeys(folders | {""})


def test_an_unreadable_folder_is_never_taken_on_trust(project: Project, settle: None) -> None:
    """What it holds was not seen: a later build, allowed to read it, must look."""
    build(project)
    folder = project.out / "claims" / OTHER
    planted = folder / "planted.html"
    planted.write_text("planted")
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if path == str(folder):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "scandir", scandir)
        found = files_in_site(project.out, marked_site(project.out))
    assert found.folders[f"claims/{OTHER}"] is None
    again = files_in_site(project.out, marked_site(project.out), found.folders)
    assert f"claims/{OTHER}/planted.html" in again.files


def test_a_cache_that_will_not_take_the_folders_is_cleared_with_a_note(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site is written by then: the build says so, and the next one makes everything anew."""
    build(project)

    keep_only = BuildState.keep_only

    def full(state: BuildState, table: str, keys: Iterable[str]) -> None:
        if table == FOLDERS:  # the last write, once the site is committed
            raise StateBroken("database or disk is full")
        keep_only(state, table, keys)

    monkeypatch.setattr(BuildState, "keep_only", full)
    claim = project.content / "claims" / f"{SVR}.md"
    claim.write_text(claim.read_text(encoding="utf-8") + "\nAgain.\n", encoding="utf-8")
    result = build_site(
        project.content, project.templates, project.out, cache_dir=project.root / "cache"
    )
    assert result.note is not None and "could not be written (database or disk is full)" in (
        result.note
    )
    assert "Again." in (project.out / "claims" / SVR / "index.html").read_text()
    assert not (project.root / "cache" / "state.sqlite").exists()
