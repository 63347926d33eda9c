"""parallel_map: results in order from forked workers, and the workers gone whatever happens."""

from __future__ import annotations

import contextlib
import multiprocessing
import os

import pytest

from factcheck.parallel import MIN_ITEMS_PER_WORKER, WorkerDied, parallel_map

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
