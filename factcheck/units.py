"""Planning's units, kept from one build to the next: a unit (one claim's) is planned inside
:func:`~factcheck.record.recording`, so what it reads is recorded as a page's reads are, and
while none of those inputs has changed, the next build takes what it planned as it was.

The preview keeps its units in memory between rebuilds; a build from the command line keeps
none. What a unit plans is a value (see :class:`~factcheck.plan.ClaimUnit`), never an effect,
so taking it again is the same as planning it again. A value that holds content (a list of
claims) is made current as it is taken again: it holds the last build's objects, which a page
made now must not show (see :meth:`~factcheck.browse.Browse.rebind`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from factcheck.record import Inputs, Reads, in_scope, recording

T = TypeVar("T")


class Units:
    """What each unit planned at the last build, with the inputs it read, by the unit's key."""

    def __init__(self, *, keep: bool = True) -> None:
        self.keep = keep
        """Whether the units are kept for a later build: a build from the command line keeps
        none, and plans each unit without recording what it reads (0.1 s at 10,000 claims)."""
        self._kept: dict[tuple[str, ...], tuple[Reads, Any]] = {}
        self._now: dict[tuple[str, ...], tuple[Reads, Any]] = {}

    def begin(self) -> None:
        """Start a build's planning: the units it plans replace the last build's as it ends."""
        self._now = {}

    def end(self) -> None:
        """Keep this build's units alone: those of a claim since removed are let go."""
        self._kept, self._now = self._now, {}

    def add_input(self, inputs: Inputs, name: str, digest: Callable[[], str]) -> None:
        """Add the input ``name``, which units alone read, where they are kept: the command line
        records no reads, and need not work out what its digest is."""
        if self.keep:
            inputs.add(name, digest())

    def planned(
        self,
        key: tuple[str, ...],
        inputs: Inputs,
        scope: str,
        plan: Callable[[], T],
        again: Callable[[T], T] | None = None,
    ) -> T:
        """What ``plan`` makes, reading the inputs of ``scope`` (an edition's folder); taken
        from the last build where that planned the unit ``key`` and every input it read has the
        digest it had then, made current by ``again`` where it holds content."""
        if not self.keep:
            return plan()
        kept = self._kept.get(key)
        if kept is not None:
            reads, value = kept
            if reads.items() <= inputs.digests.items():  # each read has its digest still
                value = cast(T, value) if again is None else again(value)
                self._now[key] = (reads, value)
                return value
        with recording(inputs) as reads, in_scope(scope):
            value = plan()
        self._now[key] = (reads, value)
        return value
