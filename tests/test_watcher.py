"""The preview's watcher: what it reports as changed, and that a save wakes it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from factcheck import watcher
from factcheck.stamps import stamps_below
from factcheck.watcher import TreeWatcher

GIVE_UP_SECONDS = 20
"""Long enough for the slowest machine; a watcher that works ends the wait at once."""


def test_a_saved_file_is_reported_once_and_an_editor_s_swap_file_never(tmp_path: Path) -> None:
    claim = tmp_path / "claims" / "a.md"
    claim.parent.mkdir()
    claim.write_text("one", encoding="utf-8")
    reported: list[list[str]] = []
    watcher = TreeWatcher([tmp_path], reported.append)

    swap = claim.parent / ".a.md.swp"
    swap.write_text("swap", encoding="utf-8")
    assert watcher.examine() == (None, None)  # the first look: at every file
    watcher.note({str(swap)})
    assert watcher.examine() == (None, None)
    claim.write_text("two, longer", encoding="utf-8")
    watcher.note({str(claim)})
    assert watcher.examine() == (str(claim), None)
    watcher.note({str(claim)})
    assert watcher.examine() == (None, None)  # compared with what it reported last
    claim.unlink()
    watcher.note(None)  # one is due: a look at every file
    assert watcher.examine() == (str(claim), None)
    assert reported == [[str(claim)], [str(claim)]]


def test_a_look_at_the_reported_paths_finds_what_a_look_at_every_file_would(
    tmp_path: Path,
) -> None:
    """Each kind of change, reported as the system reports it: the watcher's view of the
    folders is then what a look at every file finds."""
    outside = tmp_path / "outside.txt"
    outside.write_text("outside", encoding="utf-8")
    folder = tmp_path / "content"
    claims = folder / "claims"
    claims.mkdir(parents=True)
    claim, other = claims / "a.md", claims / "b.md"
    claim.write_text("one", encoding="utf-8")
    watcher = TreeWatcher([folder], lambda changed: None)
    watcher.examine()

    def write(path: Path, text: str) -> set[Path]:
        path.write_text(text, encoding="utf-8")
        return {path}

    def replace(path: Path, text: str) -> set[Path]:  # as editors save: a new file renamed
        new = path.with_name(f".{path.name}.tmp")
        new.write_text(text, encoding="utf-8")
        new.replace(path)
        return {new, path}

    def link(path: Path, to: Path) -> set[Path]:
        path.unlink(missing_ok=True)
        path.symlink_to(to)
        return {path}

    def deleted(path: Path) -> set[Path]:
        path.unlink()
        return {path}

    def new_folder(path: Path, reported: bool = True) -> set[Path]:
        path.mkdir()
        (path / "c.md").write_text("in a new folder", encoding="utf-8")
        return {path, path / "c.md"} if reported else {path / "c.md"}

    def deleted_folder(path: Path) -> set[Path]:
        shutil.rmtree(path)
        return {path}

    changes: list[Callable[[], set[Path]]] = [
        lambda: write(claim, "two, longer"),
        lambda: write(other, "a new file"),
        lambda: replace(claim, "three, saved as editors save"),
        lambda: write(claims / ".b.md.swp", "swap"),
        lambda: link(claims / "linked.md", outside),
        lambda: link(claims / "linked.md", claim),
        lambda: write(claim, "edited: the link to it leads to a changed file"),
        lambda: link(claims / "dangling.md", tmp_path / "nothing"),
        lambda: link(claims / "folder.md", tmp_path),
        lambda: deleted(other),
        lambda: new_folder(folder / "pages"),
        lambda: write(folder / "pages" / "c.md", "edited in the new folder"),
        lambda: deleted(claims / "linked.md"),
        lambda: deleted_folder(folder / "pages"),
        lambda: new_folder(folder / "sources", reported=False),
    ]
    for change in changes:
        watcher.note({str(path.absolute()) for path in change()})
        watcher.examine()
        assert watcher.current == stamps_below(folder)


def one_event_lost(tmp_path: Path) -> tuple[TreeWatcher, Path, Path, list[list[str]]]:
    """A watcher that has looked at every file, a file to save, a file changed since whose
    event was lost (the system's queue overflowed), and what the watcher reports."""
    claim, unreported = tmp_path / "a.md", tmp_path / "b.md"
    claim.write_text("one", encoding="utf-8")
    unreported.write_text("one", encoding="utf-8")
    reported: list[list[str]] = []
    watching = TreeWatcher([tmp_path], reported.append)
    watching.examine()  # the first look, at every file, as the server starts
    unreported.write_text("changed, its event lost", encoding="utf-8")
    return watching, claim, unreported, reported


def test_a_look_at_the_reported_paths_is_at_them_alone(tmp_path: Path) -> None:
    """A change no event reported is found by the look at every file that comes when one is
    due, not by a look at the reported paths."""
    watcher, claim, unreported, reported = one_event_lost(tmp_path)
    claim.write_text("two, longer", encoding="utf-8")
    watcher.note({str(claim)})
    watcher.examine()
    watcher.note(None)
    watcher.examine()
    assert reported == [[str(claim)], [str(unreported)]]


def test_a_look_at_every_file_is_due_look_ms_after_the_last_however_busy_the_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Events every second (an editor's tools writing a hidden file) never leave the folders
    quiet: a look at every file is still due once :data:`LOOK_MS` have passed since the last."""
    now = [1000.0]
    monkeypatch.setattr(watcher, "monotonic", lambda: now[0])
    watching, claim, unreported, reported = one_event_lost(tmp_path)
    for text in ("two", "three"):
        now[0] += 0.9
        assert not watching.due()
        claim.write_text(text, encoding="utf-8")
        watching.note({str(claim)})
        watching.examine()
    assert reported == [[str(claim)], [str(claim)]]
    now[0] += 0.2  # 2 s since the last look at every file
    assert watching.due()
    watching.note(None)
    watching.examine()
    assert reported[2:] == [[str(unreported)]]
    assert not watching.due()


def test_a_link_is_looked_at_again_when_the_file_it_leads_to_changes(tmp_path: Path) -> None:
    """An event names the file, not the link to it, whose stamp is the file's."""
    claim, linked = tmp_path / "a.md", tmp_path / "b.md"
    claim.write_text("one", encoding="utf-8")
    linked.symlink_to(claim)
    reported: list[list[str]] = []
    watching = TreeWatcher([tmp_path], reported.append)
    claim.write_text("two, longer", encoding="utf-8")
    watching.note({str(claim)})
    watching.examine()
    assert reported == [[str(claim), str(linked)]]
    assert watching.current == stamps_below(tmp_path)


def test_a_file_in_two_watched_folders_is_looked_at_in_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The content folder given as ``.``, with the theme inside it: notify names a file
    ``/project/./templates/base.html``, which both folders' looks hold."""
    monkeypatch.chdir(tmp_path)
    theme = tmp_path / "templates"
    theme.mkdir()
    base, unreported = theme / "base.html", tmp_path / "a.md"
    base.write_text("one", encoding="utf-8")
    unreported.write_text("one", encoding="utf-8")
    reported: list[list[str]] = []
    watching = TreeWatcher([Path(), Path("templates")], reported.append)
    watching.examine()  # the first look, at every file, as the server starts
    unreported.write_text("changed, its event lost", encoding="utf-8")
    base.write_text("two, longer", encoding="utf-8")
    watching.note({f"{tmp_path}/./templates/base.html"})
    watching.examine()
    assert reported == [["./templates/base.html", "templates/base.html"]]
    everything = stamps_below(Path()) | stamps_below(Path("templates"))
    del everything["./a.md"]  # the one change no event reported, and no look has found yet
    assert {path: stamp for path, stamp in watching.current.items() if path != "./a.md"} == (
        everything
    )
