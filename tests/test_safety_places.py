"""The build deletes, moves or overwrites nothing it did not make, publishes exactly what the
content makes, runs one at a time per folder, and recovers from a cache it cannot read or write.

Each refused build is the real command: exit 2, one line naming the folder, and not a byte
changed anywhere in the project or beside it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Project, run_build, snapshot

from factcheck import state as state_module
from factcheck.builds import build_site
from factcheck.places import CACHE_MARK
from factcheck.state import DATABASE, ENTRIES

SITE_MARK = ".factcheck-site"


def everything(root: Path) -> dict[str, bytes]:
    """Every file and link below ``root``, with its bytes (a link: where it points). The build
    state is compared by what it holds: SQLite rewrites its shared-memory index (and may fold its
    log into the database) whenever it is read."""
    found = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.name == DATABASE and path.is_file():
            with contextlib.closing(sqlite3.connect(path)) as db:
                found[name] = "\n".join(db.iterdump()).encode()
        elif path.name in ENTRIES:
            continue
        elif path.is_symlink():
            found[name] = str(path.readlink()).encode()
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def home_with_files(project: Project) -> Path:
    home = project.root / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "thesis.txt").write_text("years of work")
    (home / ".bashrc").write_text("export PATH")
    return home


# name: (the build's arguments, given the project, and what the one error line says)
Refusal = tuple[Callable[[Project], list[str | Path]], str]
REFUSALS: dict[str, Refusal] = {
    "--cache a home folder": (lambda p: ["--cache", home_with_files(p)], "holds files this tool did not write"),
    "--cache the content": (lambda p: ["--cache", p.content], "is the content folder"),
    "--cache the theme": (lambda p: ["--cache", p.templates], "is the theme folder"),
    "--cache the project": (lambda p: ["--cache", p.root], "is inside --cache"),
    "--cache the live site": (lambda p: ["--cache", p.out], "--out {out} is --cache {out}"),
    "--cache inside the site": (lambda p: ["--cache", p.out / "cache"], "holds --cache"),
    "--cache inside the content": (lambda p: ["--cache", p.content / "cache"], "is inside the content folder"),
    "--cache a folder of notes": (lambda p: ["--cache", _folder_of_notes(p)], "holds files this tool did not write"),
    "--cache a folder named like a cache": (lambda p: ["--cache", _like_a_cache(p)], "holds files this tool did not write"),
    "--out inside the content": (lambda p: ["--out", p.content / "site"], "is inside the content folder"),
    "--out the theme": (lambda p: ["--out", p.templates], "is the theme folder"),
    "--out holding the content": (lambda p: ["--out", p.root], "holds the content folder"),
    "--out a folder of notes": (lambda p: ["--out", _folder_of_notes(p)], "holds files this tool did not write"),
    "--out a link to a folder": (lambda p: ["--out", _link_to_folder(p)], "is a link; give the folder it points to"),
    "--out below a file": (lambda p: ["--out", _file(p) / "site"], "is a file, not a folder"),
}  # fmt: skip


def _folder_of_notes(project: Project) -> Path:
    folder = project.root / "notes"
    folder.mkdir()
    (folder / "interview.txt").write_text("off the record")
    return folder


def _like_a_cache(project: Project) -> Path:
    """Folders named as a cache's are, holding someone's files: never taken for a cache."""
    folder = project.root / "mine"
    for part in ("documents", "bodies"):
        (folder / part).mkdir(parents=True)
        (folder / part / "thesis.txt").write_text("years of work")
    return folder


def _file(project: Project) -> Path:
    (project.root / "notes.txt").write_text("a file")
    return project.root / "notes.txt"


def _link_to_folder(project: Project) -> Path:
    (project.root / "real-site").mkdir()
    link = project.root / "public"
    link.symlink_to(project.root / "real-site")
    return link


@pytest.fixture
def built(project: Project) -> Project:
    assert project.build("--cache", project.root / "cache").returncode == 0
    return project


@pytest.mark.parametrize("case", REFUSALS.values(), ids=REFUSALS.keys())
def test_a_folder_the_build_did_not_make_is_refused_before_anything_is_touched(
    built: Project, case: Refusal
) -> None:
    arguments, message = case
    extra = arguments(built)
    before = everything(built.root)
    if "--out" in extra:
        result = run_build(
            "--content", built.content, "--templates", built.templates, "--no-cache", *extra
        )
    else:
        result = built.build(*extra)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert message.format(out=built.out) in lines[0]
    assert "Traceback" not in result.stderr
    assert everything(built.root) == before


def test_an_empty_folder_is_adopted_and_marked(project: Project) -> None:
    (project.root / "cache").mkdir()
    project.out.mkdir()
    assert project.build("--cache", project.root / "cache").returncode == 0
    assert (project.root / "cache" / CACHE_MARK).is_file()
    assert (project.out / SITE_MARK).is_file()


@pytest.mark.parametrize(
    "planted", ["planted.html", "claims/planted/index.html", ".git/HEAD", "CNAME"]
)
def test_a_file_put_into_the_site_by_hand_is_neither_published_nor_deleted(
    built: Project, planted: str
) -> None:
    """Replacing the site would delete it, and keeping it would publish what the content does not
    make: the build refuses, names it, and publishes once it is moved out."""
    path = built.out / planted
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("<script>alert(1)</script>")
    claim = built.content / "claims" / "svr-serbia-secret-ammunition-supplies.md"
    claim.write_text(claim.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    before = everything(built.root)
    result = built.build("--cache", built.root / "cache")
    assert result.returncode == 2
    assert f"--out {built.out} holds files the build did not make ({planted})" in result.stderr
    assert everything(built.root) == before
    path.unlink()
    for _ in range(2):  # a planted file once came back on every second build
        assert built.build("--cache", built.root / "cache").returncode == 0
        assert not path.exists()


@pytest.mark.parametrize(
    "how", ["edited in place", "edited, its time set back", "replaced by a link", "deleted"]
)
def test_a_site_file_changed_by_hand_is_made_again(built: Project, how: str) -> None:
    page = built.out / "claims" / "svr-serbia-secret-ammunition-supplies" / "index.html"
    original = page.read_bytes()
    details = page.stat()
    if how.startswith("edited"):
        with page.open("r+b") as file:  # the same file (inode), changed, the same size
            file.write(b"<!-- defaced -->")
        if how == "edited, its time set back":  # only its change time shows it
            os.utime(page, ns=(details.st_atime_ns, details.st_mtime_ns))
            assert page.stat().st_mtime_ns == details.st_mtime_ns
    elif how == "replaced by a link":
        page.unlink()
        page.symlink_to("/etc/hostname")
    else:
        page.unlink()
    assert built.build("--cache", built.root / "cache").returncode == 0
    assert not page.is_symlink()
    assert page.read_bytes() == original


@pytest.mark.parametrize("folder", ["out", "cache"])
def test_a_second_build_at_once_is_refused_and_breaks_nothing(built: Project, folder: str) -> None:
    lock = (
        built.root / f".{built.out.name}.lock" if folder == "out" else built.root / "cache" / "lock"
    )
    before = everything(built.root)
    with lock.open("a") as held:  # as the first build holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = built.build("--cache", built.root / "cache")
    assert result.returncode == 2
    assert "another build is writing it now; wait for it to finish" in result.stderr
    assert everything(built.root) == before


def test_a_pipe_in_the_cache_neither_hangs_nor_stops_the_build(built: Project) -> None:
    stored = built.root / "cache" / DATABASE
    stored.unlink()
    os.mkfifo(stored)
    result = built.build("--cache", built.root / "cache")  # conftest's run_build times out at 120 s
    assert result.returncode == 0, result.stderr


def test_a_cache_the_system_refuses_is_noted_and_the_build_goes_on(project: Project) -> None:
    result = project.build("--cache", "/proc/factcheck-cache")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("note: the cache in /proc/factcheck-cache could not be used")
    assert (project.out / "index.html").is_file()


def test_a_cache_cut_short_is_rebuilt(built: Project) -> None:
    """The database cut to half its length, as a crash or a full disk would leave it."""
    stored = built.root / "cache" / DATABASE
    stored.write_bytes(stored.read_bytes()[: stored.stat().st_size // 2])
    (built.content / "claims" / "svr-serbia-secret-ammunition-supplies.md").touch()
    result = built.build("--cache", built.root / "cache")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    cold = built.root / "cold"
    assert (
        run_build(
            "--content", built.content, "--templates", built.templates, "--out", cold, "--no-cache"
        ).returncode
        == 0
    )
    assert snapshot(built.out) == snapshot(cold)


def test_a_full_disk_while_writing_the_cache_clears_it_and_the_next_build_recovers(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite says the disk is full when the database may grow no further: here, past the pages
    it holds when the build starts writing."""
    cache = project.root / "cache"
    real_connect = state_module.BuildState._connect

    def small_disk(self: state_module.BuildState) -> sqlite3.Connection:
        db = real_connect(self)
        if self.folder is not None:  # the build then goes on with a state in memory
            db.execute("PRAGMA max_page_count = 8")
        return db

    monkeypatch.setattr(state_module.BuildState, "_connect", small_disk)
    result = build_site(project.content, project.templates, project.out, None, cache)
    assert (result.note or "").splitlines()[0] == (
        f"note: the cache in {cache} could not be used (database or disk is full) and was "
        "cleared; this build made everything anew"
    )  # then that the copy of the project, in no git repository, has no revision history
    assert (project.out / "index.html").is_file()  # the site was built all the same
    monkeypatch.undo()
    before = snapshot(project.out)
    build_site(project.content, project.templates, project.out, None, cache)
    assert snapshot(project.out) == before
    assert (cache / DATABASE).is_file()
