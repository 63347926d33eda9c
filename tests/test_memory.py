"""Memory the build lets go of goes back to the system (on glibc, where it can be asked)."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from factcheck import memory


def resident_bytes() -> int:
    pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    return pages * resource.getpagesize()


@pytest.mark.skipif(memory._trim() is None, reason="the C library cannot be asked (not glibc)")
def test_memory_let_go_below_values_still_held_goes_back_to_the_system() -> None:
    """As a cold build's bodies: values of a few kilobytes, with others made after them still
    held, so that the C library cannot hand their memory back by itself (it does so only at the
    end of what the process holds)."""
    let_go = [f"{number:08}".encode() * 625 for number in range(40_000)]  # 5,000 bytes each
    held = [f"{number:08}".encode() * 100 for number in range(100)]  # the C library's, too
    let_go.clear()
    before = resident_bytes()
    memory.give_back()
    assert before - resident_bytes() > 150 * 2**20  # of the 200 MB let go
    assert len(held) == 100
