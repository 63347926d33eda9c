"""The progress line: what a long build is doing, on one line of the terminal, rewritten in place.

Only on a terminal: a build whose output goes to a log, a pipe or CI writes nothing of it, so the
log holds the build's own report and nothing else.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import TextIO

Step = Callable[[], None]
"""Called as each step of a stage is done."""
Stages = Callable[[str, int], Step]
"""Starts a stage: what is being done and in how many steps."""

EVERY_SECONDS = 0.1
"""How often the line is written at most: often enough to move, seldom enough to cost nothing."""

_ERASE = "\r\x1b[K"
"""Back to the start of the line, and clear it (ANSI, which every terminal in use reads)."""


class Progress:
    """The progress line on ``stream``, if it is a terminal; taken away when the ``with`` block
    it is made for ends."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.shown = stream.isatty()
        self.clock = clock
        self._written_at: float | None = None
        self._on_line = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exception: object) -> None:
        self.clear()  # before the build's report, or its errors, are written

    def stage(self, doing: str, total: int, unit: str = "files") -> Step:
        """Start a stage of ``total`` steps, each one of ``unit``; returns what to call as each
        step is done. The first step and the last are always shown, so a stage is never left
        showing less than it did."""
        if not self.shown:
            return no_progress(doing, total)
        done = 0
        self._written_at = None

        def step() -> None:
            nonlocal done
            done += 1
            now = self.clock()
            due = self._written_at is None or now - self._written_at >= EVERY_SECONDS
            if due or done == total:
                self._write(f"{doing}: {done:,} of {total:,} {unit}")
                self._written_at = now

        return step

    def clear(self) -> None:
        """Take the line away, before the build reports or its errors are shown."""
        if self._on_line:
            self.stream.write(_ERASE)
            self.stream.flush()
            self._on_line = False

    def _write(self, line: str) -> None:
        # Cut to the terminal's width: a line that wrapped would be erased only in part.
        width = shutil.get_terminal_size().columns
        self.stream.write(_ERASE + line[: max(width - 1, 1)])
        self.stream.flush()
        self._on_line = True


def no_progress(doing: str, total: int) -> Step:
    """A stage shown nowhere: where the output is no terminal, and for the preview, whose log
    has lines of its own."""
    return lambda: None
