"""A bound on the processor time of work whose length its input decides: Python-Markdown over
one body (:mod:`factcheck.markup`), a template over one page (:mod:`factcheck.theme`)."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def cpu_time_limit(seconds: float, exceeded: Callable[[], BaseException]) -> Iterator[None]:
    """Raise ``exceeded()`` in the block after ``seconds`` of the process's processor time (not
    the clock's, so a busy machine does not cut the work off). A timer signal can interrupt only
    the main thread, where every build and preview renders (workers are processes); elsewhere
    the block runs unbounded. A timer already set (a test runner's, or a limit around this
    one) is put back afterwards, with the time it had left when this one began."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise exceeded()

    previous_handler = signal.signal(signal.SIGPROF, interrupt)
    previous_timer = signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, *previous_timer)
        signal.signal(signal.SIGPROF, previous_handler)
