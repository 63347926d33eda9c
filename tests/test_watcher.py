"""The preview's watcher: what it reports as changed, and that a save wakes it."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from tornado.ioloop import IOLoop

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
    watcher.note(None)  # quiet: a look at every file
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


def test_a_look_at_the_reported_paths_is_at_them_alone(tmp_path: Path) -> None:
    """A file a link leads to, changed outside the folders, is not reported: only the look at
    every file, when the folders are quiet, finds it."""
    outside = tmp_path / "outside.txt"
    outside.write_text("outside", encoding="utf-8")
    folder = tmp_path / "content"
    folder.mkdir()
    claim, linked = folder / "a.md", folder / "linked.md"
    claim.write_text("one", encoding="utf-8")
    linked.symlink_to(outside)
    reported: list[list[str]] = []
    watcher = TreeWatcher([folder], reported.append)
    watcher.examine()
    outside.write_text("changed outside, longer", encoding="utf-8")
    claim.write_text("two, longer", encoding="utf-8")
    watcher.note({str(claim.absolute())})
    watcher.examine()
    watcher.note(None)
    watcher.examine()
    assert reported == [[str(claim)], [str(linked)]]


def test_a_save_wakes_the_watcher_on_the_server_s_loop(tmp_path: Path) -> None:
    claim = tmp_path / "a.md"
    claim.write_text("one", encoding="utf-8")
    reported: list[list[str]] = []
    woken = threading.Event()
    watcher = TreeWatcher([tmp_path], reported.append)

    def serve() -> None:  # in a thread of its own: no other test's event loop runs there
        loop = IOLoop()

        def examine() -> None:  # what livereload's handler does with each wake
            watcher.examine()
            if reported:
                woken.set()
                loop.stop()

        def begin() -> None:
            watcher.start(examine)
            claim.write_text("two, longer", encoding="utf-8")

        loop.add_callback(begin)
        loop.start()
        loop.close()

    threading.Thread(target=serve, daemon=True).start()
    try:
        assert woken.wait(GIVE_UP_SECONDS)
    finally:
        watcher.stopped.set()
    assert reported == [[str(claim)]]
