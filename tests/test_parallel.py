"""parallel_map: results in order from forked workers, and the workers gone whatever happens."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Project
from test_serve import wait_until

from factcheck import maker
from factcheck.cli import main
from factcheck.errors import WorkerDied
from factcheck.parallel import MIN_ITEMS_PER_WORKER, parallel_map
from factcheck.planner import Output
from factcheck.serve import Hosts, Preview

ENOUGH = list(range(4 * MIN_ITEMS_PER_WORKER))
"""Enough items for two workers on any machine of two cores or more."""

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: nothing is forked")


def test_the_results_come_in_order_from_other_processes() -> None:
    here = os.getpid()
    results = list(parallel_map(lambda n: (n, os.getpid()), ENOUGH))
    assert [n for n, _ in results] == ENOUGH
    assert {pid for _, pid in results}.isdisjoint({here})
    assert multiprocessing.active_children() == []


class Refused(Exception):
    pass


def refuse_one(n: int) -> int:
    if n == 250:
        raise Refused(f"item {n}")
    return n


def test_an_error_in_a_worker_is_raised_here_and_every_worker_is_stopped() -> None:
    given = []
    with pytest.raises(Refused, match="item 250"):
        for result in parallel_map(refuse_one, ENOUGH):
            given.append(result)
    assert given == ENOUGH[: len(given)] and len(given) <= 250
    assert multiprocessing.active_children() == []


def refuse_every(n: int) -> int:
    raise Refused(f"item {n}")


def test_every_item_failing_still_ends_with_the_first_error() -> None:
    """As when every page includes a missing template: every worker fails every chunk, and the
    error given is the first item's, each time."""
    for _ in range(20):  # the Pool this replaced hung about once in a few hundred such runs
        with pytest.raises(Refused, match="item 0"):
            list(parallel_map(refuse_every, ENOUGH))
        assert multiprocessing.active_children() == []


def test_a_worker_that_dies_is_an_error_not_a_wait_forever() -> None:
    def die_at_300(n: int) -> int:
        if n == 300:
            os._exit(1)  # as the kernel's out-of-memory killer would end it
        return n

    with pytest.raises(WorkerDied, match="stopped without finishing"):
        list(parallel_map(die_at_300, ENOUGH))
    assert multiprocessing.active_children() == []


def test_the_workers_stop_when_the_caller_stops_reading() -> None:
    with contextlib.closing(parallel_map(lambda n: n, ENOUGH)) as results:
        assert next(results) == 0
        assert len(multiprocessing.active_children()) >= 2
    assert multiprocessing.active_children() == []


KILLED_BUILD = """
import multiprocessing, os, signal
from factcheck.parallel import parallel_map

results = parallel_map(lambda n: n, list(range(400)))
next(results)
print(*[worker.pid for worker in multiprocessing.active_children()], flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def ended(pid: int) -> bool:
    """Gone, or a zombie no one has reaped yet: either way no longer running."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        return stat.rpartition(")")[2].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_the_workers_end_when_the_build_is_killed_outright() -> None:
    """SIGKILL leaves the build no moment to stop its workers: each must notice on its own."""
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BUILD], capture_output=True, text=True, timeout=60
    )
    assert killed.returncode == -signal.SIGKILL
    workers = [int(pid) for pid in killed.stdout.split()]
    assert len(workers) >= 2
    wait_until(lambda: all(map(ended, workers)))


@pytest.fixture
def workers_die(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Every worker making a page ends at once, as the kernel's out-of-memory killer would end
    it; the build's own process makes pages as ever. Undo the returned patch to stop."""
    build, make = os.getpid(), maker.Maker.make

    def make_or_die(self: maker.Maker, output: Output) -> bytes:
        if os.getpid() != build:
            os._exit(1)
        return make(self, output)

    monkeypatch.setattr(maker.Maker, "make", make_or_die)
    return monkeypatch


def test_a_build_whose_worker_dies_says_so_and_writes_nothing(
    project: Project, workers_die: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folders = ["--content", project.content, "--templates", project.templates, "--out", project.out]
    assert main([*map(str, folders), "--no-cache"]) == 2
    said = capsys.readouterr().err
    assert "Traceback" not in said
    assert said.splitlines()[-1] == (
        "error: a process making the site stopped without finishing its work: it was killed, or"
        " the system ran out of memory (a template making something very large?); nothing was"
        " written"
    )
    assert not project.out.exists()
    assert multiprocessing.active_children() == []


def test_the_preview_outlives_a_worker_that_dies(
    project: Project, workers_die: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    preview = Preview(project.content, project.templates, Hosts("127.0.0.1", 8000))
    preview.rebuild()
    assert capsys.readouterr().err.startswith("error: a process making the site stopped")
    assert preview.epoch == 0  # nothing new to show
    assert multiprocessing.active_children() == []
    workers_die.undo()
    preview.rebuild()  # the next save builds as if nothing had happened
    assert preview.epoch == 1 and not preview.errors
    assert "Rebuilt" in capsys.readouterr().out
