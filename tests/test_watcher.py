"""The preview's watcher: what it reports as changed, and that a save wakes it."""

from __future__ import annotations

import threading
from pathlib import Path

from tornado.ioloop import IOLoop

from factcheck.serve import TreeWatcher

GIVE_UP_SECONDS = 20
"""Long enough for the slowest machine; a watcher that works ends the wait at once."""


def test_a_saved_file_is_reported_once_and_an_editor_s_swap_file_never(tmp_path: Path) -> None:
    claim = tmp_path / "claims" / "a.md"
    claim.parent.mkdir()
    claim.write_text("one", encoding="utf-8")
    reported: list[list[str]] = []
    watcher = TreeWatcher([tmp_path], reported.append)

    (claim.parent / ".a.md.swp").write_text("swap", encoding="utf-8")
    assert watcher.examine() == (None, None)
    claim.write_text("two, longer", encoding="utf-8")
    assert watcher.examine() == (str(claim), None)
    assert watcher.examine() == (None, None)  # compared with what it reported last
    claim.unlink()
    assert watcher.examine() == (str(claim), None)
    assert reported == [[str(claim)], [str(claim)]]


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
