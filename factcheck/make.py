"""Make the files of the site whose inputs changed, on every core, recording what each reads."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from factcheck.bodies import BodyStore
from factcheck.digests import digest_of
from factcheck.parallel import parallel_map
from factcheck.plan import Output
from factcheck.progress import Stages, no_progress
from factcheck.record import Inputs, recording
from factcheck.write import Destination


@dataclass(frozen=True)
class Made:
    """What one file read while it was made."""

    reads: str
    """A digest of every input it read, each with the digest it had then."""
    inputs: tuple[str, ...]
    """The names of those inputs, sorted."""


def make_outputs(
    outputs: list[Output],
    inputs: Inputs,
    destination: Destination,
    bodies: BodyStore,
    *,
    parallel: bool = True,
    stage: Stages = no_progress,
) -> dict[str, Made]:
    """Make each of ``outputs`` into ``destination``; return, by path, what each read. The
    bodies rendered on the way are kept in ``bodies``, wherever they were rendered. ``stage``
    shows the progress."""

    def make(output: Output) -> tuple[Made, dict[str, Any], bytes | None]:
        with recording(inputs) as reads:
            data = output.make()
        read = sorted(reads.items())
        made = Made(
            digest_of(f"{name}\0{digest}" for name, digest in read), tuple(name for name, _ in read)
        )
        if destination.in_any_process:  # each worker writes what it makes: none holds the site
            destination.put(output.path, data)
            return made, bodies.take_made(), None
        return made, bodies.take_made(), data

    step = stage("Making the site", len(outputs))
    results = parallel_map(make, outputs, parallel=parallel, step=step)
    records: dict[str, Made] = {}
    for output, (made, new_bodies, data) in zip(outputs, results, strict=True):
        if data is not None:
            destination.put(output.path, data)
        bodies.keep(new_bodies)
        # Each name comes back from a worker as a string of its own; one copy of each (a page
        # reads dozens of inputs, most of them read by thousands of pages) kept 0.3 GB of a
        # 10,000-claim cold build.
        records[output.path] = Made(made.reads, tuple(map(sys.intern, made.inputs)))
    return records
