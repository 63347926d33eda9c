"""Make the files of the site whose inputs changed, on every core, recording what each reads."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from typing import Any, Protocol

from factcheck.bodies import BodyStore
from factcheck.digests import digest_of
from factcheck.parallel import parallel_map
from factcheck.planner import Output
from factcheck.progress import Stages, no_progress
from factcheck.record import Inputs, recording
from factcheck.write import Destination


@dataclass(frozen=True, slots=True)  # one a file made
class MadeFrom:
    """What one file of the site read while it was made."""

    reads: str
    """A digest of every input it read, each with the digest it had then."""
    inputs: tuple[str, ...]
    """The names of those inputs, sorted."""


class Makes(Protocol):
    def make(self, output: Output) -> bytes:
        """The bytes of ``output``, made from its recipe (see :class:`~factcheck.maker.Maker`)."""


def make_outputs(
    outputs: list[Output],
    maker: Makes,
    inputs: Inputs,
    destination: Destination,
    bodies: BodyStore,
    *,
    parallel: bool = True,
    stage: Stages = no_progress,
) -> dict[str, MadeFrom]:
    """Make each of ``outputs`` into ``destination``; return, by path, what each read. The
    bodies rendered on the way are kept in ``bodies``, wherever they were rendered. ``stage``
    shows the progress."""

    def make(output: Output) -> tuple[MadeFrom, dict[str, Any], bytes | None]:
        with recording(inputs) as reads:
            data = maker.make(output)
        read = sorted(reads.items())
        made_from = MadeFrom(
            digest_of(f"{name}\0{digest}" for name, digest in read), tuple(name for name, _ in read)
        )
        if destination.in_any_process:  # each worker writes what it makes: none holds the site
            destination.put(output.path, data)
            return made_from, bodies.take_made(), None
        return made_from, bodies.take_made(), data

    step = stage("Making the site", len(outputs))
    records: dict[str, MadeFrom] = {}
    # Closed on the way out, so that a failure here (the disk full) stops the workers at once.
    with contextlib.closing(parallel_map(make, outputs, parallel=parallel, step=step)) as results:
        for output, (made_from, new_bodies, data) in zip(outputs, results, strict=True):
            if data is not None:
                destination.put(output.path, data)
            bodies.keep(new_bodies)
            # Each name comes back from a worker as a string of its own; one copy of each (a
            # page reads dozens of inputs, most read by thousands of pages) kept 0.3 GB of a
            # 10,000-claim cold build.
            inputs_read = tuple(map(sys.intern, made_from.inputs))
            records[output.path] = MadeFrom(made_from.reads, inputs_read)
    return records
