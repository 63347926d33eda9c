"""Memory the build lets go of goes back to the system (on glibc, where it can be asked)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from factcheck import memory

LET_GO_THEN_GIVE_BACK = """
import resource, sys
from pathlib import Path
from factcheck import memory

def resident_bytes():
    pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    return pages * resource.getpagesize()

let_go = [f"{number:08}".encode() * 625 for number in range(40_000)]  # 5,000 bytes each
held = [f"{number:08}".encode() * 100 for number in range(100)]  # the C library's, too
let_go.clear()
before = resident_bytes()
if sys.argv[1] == "give back":
    memory.give_back()
print(before - resident_bytes())
"""


def given_back(*how: str) -> int:
    run = subprocess.run(
        [sys.executable, "-c", LET_GO_THEN_GIVE_BACK, *how],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(run.stdout)


@pytest.mark.skipif(memory._trim() is None, reason="the C library cannot be asked (not glibc)")
def test_memory_let_go_below_values_still_held_goes_back_to_the_system() -> None:
    """As a cold build's bodies: 200 MB of values of a few kilobytes, with others made after
    them still held, so that the C library cannot hand their memory back by itself (it does
    so only at the end of what the process holds). Each run in a new process, whose memory
    holds nothing else."""
    assert given_back("keep") < 10 * 2**20
    assert given_back("give back") > 150 * 2**20
