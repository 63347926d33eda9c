"""Memory the build lets go of goes back to the system (on glibc, where it can be asked), and
the preview's collector is sized to its site."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from factcheck import memory
from factcheck.serve import YOUNG_PER_FILE, size_the_collector

LET_GO_THEN_GIVE_BACK = """
import resource, sys
from pathlib import Path
from factcheck import memory
from factcheck.serve import YOUNG_PER_FILE, size_the_collector

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


@pytest.fixture
def thresholds() -> Iterator[None]:
    """The collector's thresholds, as the command line sets them, restored afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    yield
    gc.set_threshold(*before)


@pytest.mark.usefixtures("thresholds")
def test_the_preview_sizes_the_young_generation_to_its_site_never_below_the_builds() -> None:
    """A site of 37,000 files (10,000 claims) keeps a rebuild's objects young; a small site
    keeps the threshold a build has, and the older generations' are left as they are."""
    size_the_collector(37_000)
    assert gc.get_threshold() == (37_000 * YOUNG_PER_FILE, 50, 1000)
    size_the_collector(100)
    assert gc.get_threshold() == (37_000 * YOUNG_PER_FILE, 50, 1000)
    gc.set_threshold(100_000, 50, 1000)
    size_the_collector(100)
    assert gc.get_threshold() == (100_000, 50, 1000)
