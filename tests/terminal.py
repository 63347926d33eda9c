"""Running the command with a terminal for its output, and reading what the terminal showed."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

from conftest import BUILD_SCRIPT


def lines_shown(written: str) -> list[str]:
    """What the terminal showed, line version by line version (a terminal ends a line with
    a carriage return and a line feed)."""
    parts = (part.removeprefix("\x1b[K").strip("\n") for part in written.split("\r"))
    return [part for part in parts if part]


def run_on_a_terminal(
    *args: str | Path, environment: dict[str, str] | None = None
) -> tuple[int, list[str]]:
    """Run ``build.py`` with ``args`` and a terminal for its output; its exit status and what
    the terminal showed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, str(BUILD_SCRIPT), *map(str, args)],
        stdout=terminal, stderr=terminal, stdin=subprocess.DEVNULL, env=environment,
    )  # fmt: skip
    os.close(terminal)
    chunks: list[bytes] = []

    def read_all() -> None:  # while it runs: a full terminal would stop the build writing
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the build has ended and closed its end
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=read_all)
    reader.start()
    status = process.wait(timeout=120)
    reader.join(timeout=60)
    os.close(controller)
    return status, lines_shown(b"".join(chunks).decode())
