"""Making the files: each worker's results taken as they arrive, the workers stopped when taking
them fails, and rendered bodies handed on once."""

from __future__ import annotations

import multiprocessing
from typing import Any

import pytest

from factcheck.bodies import BodyStore
from factcheck.make import make_outputs
from factcheck.maker import Recipe
from factcheck.parallel import MIN_ITEMS_PER_WORKER
from factcheck.planner import Output
from factcheck.record import Inputs
from factcheck.write import MemorySite

MANY = 2 * MIN_ITEMS_PER_WORKER + 10
"""Enough files for the workers to be started."""


class Rendering:
    """Makes each file by rendering a body of its own."""

    def __init__(self, bodies: BodyStore) -> None:
        self.bodies = bodies

    def make(self, output: Output) -> bytes:
        (number,) = output.recipe.names
        self.bodies.put(("body", number), f"<p>{number}</p>")
        return f"file {number}".encode()


def files(count: int) -> list[Output]:
    return [
        Output(f"f{number}.html", "", "plan", "", Recipe("body", (number,)))
        for number in range(count)
    ]


class DiskFull(Exception):
    pass


class FailingStore(BodyStore):
    """A store whose writes fail after a few, as a full disk makes them."""

    def __init__(self) -> None:
        super().__init__()
        self.kept = 0

    def keep(self, made: dict[str, Any]) -> None:
        self.kept += 1
        if self.kept > 3:
            raise DiskFull


def test_a_failure_while_taking_the_results_stops_the_workers() -> None:
    bodies = FailingStore()
    try:
        make_outputs(files(MANY), Rendering(bodies), Inputs(), MemorySite(), bodies, parallel=True)
    except DiskFull:
        # Checked while the failure is handled, as the build handles it (it builds again
        # without the cache): the failed call's frames, and what they hold, are alive.
        assert multiprocessing.active_children() == []
    else:
        pytest.fail("the failure was not raised")


@pytest.mark.parametrize("parallel", [False, True], ids=["one core", "every core"])
def test_every_file_is_made_and_each_body_handed_on_once(parallel: bool) -> None:
    bodies = BodyStore()  # the preview's: held in memory from one build to the next
    site = MemorySite()
    site.begin()
    made = make_outputs(files(MANY), Rendering(bodies), Inputs(), site, bodies, parallel=parallel)
    assert len(made) == MANY
    assert site.staged["f7.html"] == b"file 7"
    assert len(bodies.memory) == MANY
    assert bodies.take_made() == {}  # each taken as its file was made, and not put back
