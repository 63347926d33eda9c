"""Spread rendering over the machine's cores.

Workers are forked once the work is known, so they inherit it (the content, the theme, the page
list) instead of receiving it pickled; only each result travels back.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Generator, Sequence
from typing import Any, TypeVar

from factcheck.progress import Step

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_WORKER = 100
"""Below this much work per core, starting workers costs more than it saves."""

MAX_CHUNK = 64
"""Items a worker takes at a time at most, so that results, and the progress line, arrive
steadily rather than in a few large batches."""

_task: Callable[[Any], Any] | None = None


def _run(item: Any) -> Any:
    assert _task is not None
    return _task(item)


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
    were a seventh of its memory."""
    global _task
    workers = min(os.cpu_count() or 1, len(items) // MIN_ITEMS_PER_WORKER)
    if not parallel or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            result = function(item)
            step()
            yield result
        return
    # Workers get the index of each item; the items themselves (which may hold closures that
    # cannot be pickled) they already have, from the fork.
    _task = lambda index: function(items[index])  # noqa: E731
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            chunk = max(1, min(len(items) // (workers * 8), MAX_CHUNK))
            for result in pool.imap(_run, range(len(items)), chunk):
                step()
                yield result
    finally:
        _task = None
