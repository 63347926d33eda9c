"""Spread rendering over the machine's cores.

Workers are forked once the work is known, so they inherit it (the content, the theme, the page
list) instead of receiving it pickled; only each result travels back.

Each worker has a pipe of its own to this process, which hands out the work: no lock is shared,
so a worker can be killed at any moment. multiprocessing's Pool shares one lock-guarded result
queue, and its ``terminate()`` hung (one build in a few hundred) when it killed a worker holding
that lock; a worker that dies there leaves its work waiting forever.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from factcheck.errors import WorkerDied
from factcheck.progress import Step

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_WORKER = 100
"""Below this much work per core, starting workers costs more than it saves."""

MAX_CHUNK = 64
"""Items a worker takes at a time at most, so that results, and the progress line, arrive
steadily rather than in a few large batches."""

CHUNKS_QUEUED_PER_WORKER = 2
"""Chunks a worker is given at a time: the next waits while it makes one, so it never waits
for this process, which may be busy with the results it sent before."""

CHUNKS_AHEAD_PER_WORKER = 3
"""How far ahead of the results given so far the work is handed out: enough to keep every worker
busy, while the results that came early (held until the earlier ones have been given) stay few."""


def parallel_map(
    function: Callable[[T], R],
    items: Sequence[T],
    *,
    parallel: bool = True,
    step: Step = lambda: None,
) -> Generator[R, None, None]:
    """``function`` of each item, in order, on every core when there is enough to do. Each result
    is given as it arrives (``step`` is called then, in this process), so the caller keeps only
    what it needs of one before the next: a cold build's results, held until all had come,
    were a seventh of its memory. The first error raised by ``function`` is raised here, and
    the workers are stopped whenever the caller stops (an error, or closing this generator)."""
    workers = min(os.cpu_count() or 1, len(items) // MIN_ITEMS_PER_WORKER)
    if not parallel or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            result = function(item)
            step()
            yield result
        return
    size = max(1, min(len(items) // (workers * 8), MAX_CHUNK))
    chunks = [range(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    pipes: list[Connection] = []
    processes = []
    try:
        for _ in range(workers):
            ours, theirs = context.Pipe()
            # Forked, so the function and the items are inherited, never pickled; so are this
            # process's ends of the pipes made so far, which the worker closes.
            build_ends = [*pipes, ours]
            process = context.Process(
                target=_work, args=(theirs, build_ends, function, items), daemon=True
            )
            process.start()
            theirs.close()
            pipes.append(ours)
            processes.append(process)
        for results in _in_order(pipes, chunks, workers * CHUNKS_AHEAD_PER_WORKER):
            for result in results:
                step()
                yield result
    finally:
        # Done, failed or given up: either way no result is wanted any more, and a worker
        # holds nothing shared, so it can be killed whatever it is doing.
        for process in processes:
            process.kill()
        for pipe, process in zip(pipes, processes, strict=True):
            process.join()
            pipe.close()


def _in_order(pipes: list[Connection], chunks: list[range], ahead: int) -> Iterator[list[Any]]:
    """The results of each chunk, in order, handed out to the workers in turn. A chunk's error is
    raised in its turn too, so that a build that fails fails the same way each time."""
    queued: dict[Connection, deque[int]] = {pipe: deque() for pipe in pipes}
    arrived: dict[int, tuple[bool, Any]] = {}
    handed_out = 0
    for number in range(len(chunks)):
        while number not in arrived:
            while handed_out < min(len(chunks), number + ahead):
                pipe = min(pipes, key=lambda pipe: len(queued[pipe]))  # the least busy
                if len(queued[pipe]) == CHUNKS_QUEUED_PER_WORKER:
                    break
                _send(pipe, chunks[handed_out])
                queued[pipe].append(handed_out)
                handed_out += 1
            for ready in wait([pipe for pipe in pipes if queued[pipe]]):
                assert isinstance(ready, Connection)
                arrived[queued[ready].popleft()] = _receive(ready)
        succeeded, value = arrived.pop(number)
        if not succeeded:
            raise value
        yield value


def _send(pipe: Connection, chunk: range) -> None:
    try:
        pipe.send(chunk)
    except OSError:  # the worker's end is closed: it is gone
        raise WorkerDied from None


def _receive(pipe: Connection) -> tuple[bool, Any]:
    try:
        outcome: tuple[bool, Any] = pipe.recv()
    except (EOFError, OSError):
        raise WorkerDied from None
    return outcome


def _work(
    pipe: Connection,
    build_ends: list[Connection],
    function: Callable[[Any], Any],
    items: Sequence[Any],
) -> None:
    """In a worker: make each chunk handed out, until killed, or until the build is gone (its
    end of the pipe closed, the only copy once this worker has closed those it inherited: a
    build killed outright leaves no worker waiting forever)."""
    for end in build_ends:
        end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle: it stops us
    while True:
        try:
            chunk = pipe.recv()
        except EOFError:
            return
        try:
            outcome: tuple[bool, Any] = (True, [function(items[index]) for index in chunk])
        except Exception as error:
            outcome = (False, error)
        pipe.send(outcome)
