"""Make the files of the site whose inputs changed, on every core, recording what each reads."""

from __future__ import annotations

from typing import Any

from factcheck.bodies import BodyStore
from factcheck.parallel import parallel_map
from factcheck.plan import Output
from factcheck.progress import Stages, no_progress
from factcheck.record import Inputs, recording
from factcheck.write import Destination

ReadDigests = tuple[tuple[str, str], ...]
"""What one file read while it was made: each input's name and the digest it had, sorted."""


def make_outputs(
    outputs: list[Output],
    inputs: Inputs,
    destination: Destination,
    bodies: BodyStore,
    *,
    parallel: bool = True,
    stage: Stages = no_progress,
) -> dict[str, ReadDigests]:
    """Make each of ``outputs`` into ``destination``; return, by path, what each read: every
    input, with the digest it had. The bodies rendered on the way are kept in ``bodies``,
    wherever they were rendered. ``stage`` shows the progress."""

    def make(output: Output) -> tuple[ReadDigests, dict[str, Any], bytes | None]:
        with recording(inputs) as reads:
            data = output.make()
        if destination.in_any_process:  # each worker writes what it makes: none holds the site
            destination.put(output.path, data)
            return tuple(sorted(reads.items())), bodies.take_made(), None
        return tuple(sorted(reads.items())), bodies.take_made(), data

    step = stage("Making the site", len(outputs))
    made = parallel_map(make, outputs, parallel=parallel, step=step)
    records: dict[str, ReadDigests] = {}
    for output, (reads, new_bodies, data) in zip(outputs, made, strict=True):
        if data is not None:
            destination.put(output.path, data)
        bodies.keep(new_bodies)
        records[output.path] = reads
    return records
