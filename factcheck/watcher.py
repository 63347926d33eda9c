"""The preview's watch for saves: which files changed under the content and theme folders.

livereload's own watcher polls every file and stops at the first changed one; this one is woken
by the system's file events (watchfiles) once a burst of saves has settled, so several files
saved together cause one rebuild, and it is a livereload ``Watcher``, which its server takes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from time import monotonic

import watchfiles
from livereload.watcher import Watcher
from tornado import ioloop

from factcheck.files import is_hidden
from factcheck.stamps import LINK, Stamp, is_folder, stamps_at, stamps_below

SETTLE_MS = 50
"""How long the watched folders must be quiet before a burst of saves is taken as settled."""
LOOK_MS = 2_000
"""How often every file under the folders is looked at, whatever events came: what the system
does not report (a file a link leads to, changed outside the folders; events lost when its
queue overflows; a network disk) shows in the end."""

Snapshot = dict[str, Stamp | None]
_ABSENT = (-1, -1, -1, -1)
"""No entry at a path: not None, the stamp of one that cannot vouch for itself (a link to
nothing, which the load refuses, must be seen as it comes)."""


class TreeWatcher(Watcher):
    """Looks again at the files the system's file events report (watchfiles), once a burst of
    them has settled; at every file under the watched folders where an event names a folder,
    and once every :data:`LOOK_MS`; runs ``on_change`` with what changed. Polling,
    as livereload does, took a fifth of a core at 10,000 claims while idle, and waiting for two
    polls alike cost each save about 0.3 s; looking at every file, 0.04 s of each save."""

    def __init__(self, folders: list[Path], on_change: Callable[[list[str]], None]) -> None:
        super().__init__()
        for folder in folders:  # registered for livereload's bookkeeping; examine() compares them
            self.watch(str(folder))
        self.folders = folders
        self.on_change = on_change
        self._looked_at_all = 0.0
        """When the last look at every file began (:func:`time.monotonic`)."""
        self.current = self._snapshot()
        self.stopped = threading.Event()
        self._named = {str(folder.absolute()): str(folder) for folder in folders}
        """Each folder as events name it (absolute), and as the snapshot does."""
        self._roots = set(self._named.values())
        self._lock = threading.Lock()
        self._reported: set[str] | None = None
        """The paths events reported since the last look; None: look at every file."""

    def start(self, callback: Callable[[], None]) -> bool:
        """Call ``callback`` (which calls :meth:`examine`) on the server's loop at once, then
        after each settled burst of events, and every :data:`LOOK_MS` where a look at every
        file is :meth:`due`."""
        loop = ioloop.IOLoop.current()

        def listen() -> None:
            for changes in watchfiles.watch(
                *self.folders, watch_filter=None, step=SETTLE_MS, rust_timeout=LOOK_MS,
                yield_on_timeout=True, stop_event=self.stopped, raise_interrupt=False,
            ):  # fmt: skip
                if changes:  # not a quiet LOOK_MS, whose look at every file the timer brings
                    self.note({path for _, path in changes})
                    loop.add_callback(callback)  # the one thread-safe call to the loop

        def look_if_due() -> None:
            if self.due():
                self.note(None)
                callback()

        threading.Thread(target=listen, name="file events", daemon=True).start()
        ioloop.PeriodicCallback(look_if_due, LOOK_MS).start()
        # livereload's start-up entry, taken now: the first event must find the folders to
        # compare, and a change made before the events were listened to shows within LOOK_MS.
        loop.add_callback(callback)
        return True

    def due(self) -> bool:
        """Whether a look at every file is due, none having come for :data:`LOOK_MS`: events
        may keep coming (an editor's tools writing in the folders all the time), and a look
        at the files they name alone would never find what they do not report."""
        return monotonic() - self._looked_at_all >= LOOK_MS / 1000

    def note(self, reported: set[str] | None) -> None:
        """Note the paths (absolute) a settled burst of events ``reported``, for the next look;
        None where a look at every file is :meth:`due`: the next look is at every file, where
        what events miss shows."""
        with self._lock:
            if reported is None or self._reported is None:
                self._reported = None
            else:
                self._reported |= reported

    def examine(self) -> tuple[str | None, float | None]:
        if self._changes:  # livereload's own start-up entry
            return self._changes.pop()  # type: ignore[no-any-return]
        snapshot, looked_at = self._look()
        changed = sorted(
            path for path in looked_at
            if snapshot.get(path, _ABSENT) != self.current.get(path, _ABSENT)
        )  # fmt: skip
        if not changed:  # an editor's swap file, or nothing at all
            return None, None
        self.current = snapshot
        self.on_change(changed)
        self.filepath = changed[0]
        return self.filepath, None

    def _look(self) -> tuple[Snapshot, Iterable[str]]:
        """The files as they are now, and the paths that may differ from the last look."""
        with self._lock:
            reported, self._reported = self._reported, set()
        restamped = None if reported is None else self._restamped(reported)
        if restamped is not None:
            return restamped
        snapshot = self._snapshot()
        return snapshot, snapshot.keys() | self.current.keys()

    def _snapshot(self) -> Snapshot:
        self._looked_at_all = monotonic()
        snapshot: Snapshot = {}
        for folder in self.folders:
            snapshot |= stamps_below(folder)
        return snapshot

    def _restamped(self, reported: set[str]) -> tuple[Snapshot, set[str]] | None:
        """The last look with the ``reported`` paths (absolute) stamped again, and every link
        (whose stamp is the file it leads to, where an event names that file); with the paths
        looked at. None where every file must be looked at: a folder made or gone (not every
        file in it is reported), or a path not below the folders as the last look named them."""
        snapshot = dict(self.current)
        paths = {name.removesuffix(LINK) for name in snapshot if name.endswith(LINK)}
        for reported_path in reported:
            named = self._as_named(os.path.normpath(reported_path))  # notify's `/x/./y` too
            if named is None:
                return None
            paths |= named
        looked_at: set[str] = set()
        for path in paths:
            parent = path.rpartition(os.sep)[0]
            if parent not in self._roots and not is_folder(self.current.get(parent)):
                return None  # in a folder the last look did not go into: new, or a link to one
            stamps = stamps_at(path)
            if stamps is None or is_folder(self.current.get(path)):
                return None  # a folder made or gone
            for name in (path, path + LINK):
                snapshot.pop(name, None)
                looked_at.add(name)
            snapshot |= stamps
        return snapshot, looked_at

    def _as_named(self, reported: str) -> set[str] | None:
        """The file at ``reported`` (absolute) as a look names it below each watched folder that
        holds it (one may hold another), but where a name on the way is hidden; None where no
        folder holds it."""
        named: set[str] = set()
        held = False
        for absolute, folder in self._named.items():
            if reported.startswith(absolute + os.sep):
                held = True
                below = reported[len(absolute) + 1 :]
                if not any(is_hidden(name) for name in PurePath(below).parts):
                    named.add(f"{folder}{os.sep}{below}")  # as a look below the folder names it
        return named if held else None
