"""The writer: it owns every output path, stages a build's files, and commits them whole.

A build killed part-way is simulated by making a step of the writer fail at a chosen point, in
process: the next build must find the old site or, if the commit had begun, finish it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factcheck import places, write
from factcheck.errors import ContentErrors
from factcheck.write import FolderSite, MemorySite, claim_paths


def files(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): path.read_text()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != places.SITE_MARK
    }


def publish(out: Path, made: dict[str, str], paths: list[str], removed: list[str]) -> None:
    with FolderSite(out) as site:
        site.begin()
        for path, text in made.items():
            site.put(path, text.encode())
        site.commit(f"id-{len(paths)}", sorted(paths), removed)


def test_two_outputs_at_one_path_are_an_error_naming_both_files() -> None:
    with pytest.raises(ContentErrors) as raised:
        claim_paths([
            ("claims/x/index.html", "content/claims/x.md"),
            ("assets/style.css", "templates/assets/style.css"),
            ("claims/x/index.html", "content/pages/claims.md"),
        ])  # fmt: skip
    assert [str(error) for error in raised.value.errors] == [
        "content/pages/claims.md:1: makes the site file claims/x/index.html, which "
        "content/claims/x.md makes too; rename one of them"
    ]


def test_paths_differing_only_in_case_are_one_path() -> None:
    with pytest.raises(ContentErrors, match=r"which b\.md makes too \(as tags/x/index\.html\)"):
        claim_paths([("tags/x/index.html", "b.md"), ("tags/X/index.html", "a.md")])


def test_a_new_site_is_renamed_into_place_whole(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish(
        out,
        {"index.html": "home", "claims/a/index.html": "a"},
        ["index.html", "claims/a/index.html"],
        [],
    )
    assert files(out) == {"claims/a/index.html": "a", "index.html": "home"}
    assert places.paths_of_site(out) == {"index.html", "claims/a/index.html"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_commit_replaces_changed_files_and_deletes_only_what_is_no_longer_made(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    publish(out, {"index.html": "1", "claims/a/index.html": "a", "claims/b/index.html": "b"},
            ["index.html", "claims/a/index.html", "claims/b/index.html"], [])  # fmt: skip
    kept = out / "claims" / "a" / "index.html"
    inode = kept.stat().st_ino
    publish(
        out, {"index.html": "2"}, ["index.html", "claims/a/index.html"], ["claims/b/index.html"]
    )
    assert files(out) == {"claims/a/index.html": "a", "index.html": "2"}
    assert kept.stat().st_ino == inode  # an unchanged file is left where it is, not copied
    assert not (out / "claims" / "b").exists()  # its folder, emptied, goes too
    assert places.paths_of_site(out) == {"index.html", "claims/a/index.html"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_build_that_fails_before_its_commit_leaves_the_site_and_no_staging(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    publish(out, {"index.html": "old"}, ["index.html"], [])
    with pytest.raises(RuntimeError), FolderSite(out) as site:
        site.begin()
        site.put("index.html", b"new")
        raise RuntimeError("a template error")
    assert files(out) == {"index.html": "old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("moves_before_the_kill", [0, 1, 2])  # two files, then the mark
def test_a_commit_killed_part_way_is_finished_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moves_before_the_kill: int
) -> None:
    out = tmp_path / "site"
    old = {"index.html": "old", "a/index.html": "a", "b/index.html": "b"}
    publish(out, old, list(old), [])
    real_replace = os.replace
    moves = 0

    def killed(source: str | Path, target: str | Path) -> None:
        nonlocal moves
        if Path(target).is_relative_to(out):  # not the note, put in place before the first move
            if moves == moves_before_the_kill:
                raise KeyboardInterrupt  # as SIGKILL would stop it: no clean-up runs after
            moves += 1
        real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        publish(out, {"index.html": "new", "c/index.html": "c"},
                ["index.html", "a/index.html", "c/index.html"], ["b/index.html"])  # fmt: skip
    monkeypatch.setattr(write.os, "replace", real_replace)
    staging = [p for p in tmp_path.iterdir() if p.name.startswith(".site.building-")]
    assert len(staging) == 1
    assert (staging[0] / write.COMMIT_NOTE).exists()
    write.finish_commits(out)  # what the next build does first
    assert files(out) == {"index.html": "new", "a/index.html": "a", "c/index.html": "c"}
    assert places.paths_of_site(out) == {"index.html", "a/index.html", "c/index.html"}
    assert sorted(
        p.name for p in tmp_path.iterdir() if not p.name.startswith(".site.building-")
    ) == ["site"]


def test_only_leftovers_the_build_marked_are_deleted(tmp_path: Path) -> None:
    """A build killed while staging leaves its staging folder, marked; the next build deletes
    it. A folder of the same kind of name that the build did not make is left alone."""
    out = tmp_path / "site"
    killed = tmp_path / ".site.building-killed"
    (killed / "claims").mkdir(parents=True)
    places.mark_site(killed, "", [])
    (killed / "claims" / "index.html").write_text("half a site")
    someone = tmp_path / ".site.building-mine"
    someone.mkdir()
    (someone / "notes.txt").write_text("not the build's")
    publish(out, {"index.html": "built"}, ["index.html"], [])
    assert not killed.exists()
    assert (someone / "notes.txt").read_text() == "not the build's"
    assert files(out) == {"index.html": "built"}


def test_a_planted_commit_note_deletes_nothing_outside_the_site(tmp_path: Path) -> None:
    """A folder named like a staging folder, its note naming files outside the site and a file of
    the site the new build still makes: none of them is deleted."""
    out = tmp_path / "site"
    publish(out, {"index.html": "built"}, ["index.html"], [])
    (tmp_path / "precious.txt").write_text("mine")
    planted = tmp_path / ".site.building-evil"
    planted.mkdir()
    (planted / write.COMMIT_NOTE).write_text("../precious.txt\n/etc/hostname\nindex.html\n")
    publish(out, {"about/index.html": "about"}, ["index.html", "about/index.html"], [])
    assert (tmp_path / "precious.txt").read_text() == "mine"
    assert files(out) == {"about/index.html": "about", "index.html": "built"}


def test_the_memory_site_keeps_unchanged_files_and_drops_removed_ones() -> None:
    site = MemorySite()
    site.begin()
    site.put("a", b"1")
    site.put("b", b"2")
    site.commit("one", ["a", "b"], [])
    site.begin()
    site.put("c", b"3")
    site.commit("two", ["a", "c"], ["b"])
    assert site.files == {"a": b"1", "c": b"3"}
    assert site.site_id() == "two"
