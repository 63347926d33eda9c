"""Rendered Markdown bodies kept between builds, read by every process that renders."""

from __future__ import annotations

import hashlib
from typing import Any

from factcheck.lookup import Lookup
from factcheck.state import BuildState


class BodyStore:
    """Rendered Markdown bodies by a digest of what each was made from. Where the state is in a
    database, bodies are read from it when asked for, and those made are held in ``made`` (and
    memory) until the build takes them to write there: a worker's after each file, the build's
    own (its quotations) at the end. Where the state is in memory (the preview), they are held
    here from one build to the next. Each process reads through a connection of its own
    (:class:`~factcheck.lookup.Lookup`)."""

    TABLE = "bodies"

    def __init__(self, state: BuildState | None = None) -> None:
        self.state = state if state is not None and state.folder is not None else None
        """Where bodies are kept between builds, if anywhere but in memory."""
        self.memory: dict[str, Any] = {}
        self.made: dict[str, Any] = {}
        self._lookup = None if self.state is None else Lookup(self.state.path)

    def get(self, key: object) -> Any:
        name = _body_key(key)
        if name in self.memory:
            return self.memory[name]
        if self._lookup is None:
            return None
        return self._lookup.get(self.TABLE, name)  # not held: each body is read once a build

    def put(self, key: object, body: Any) -> None:
        name = _body_key(key)
        self.memory[name] = body
        self.made[name] = body

    def keep(self, made: dict[str, Any]) -> None:
        """Keep what a worker made: written into the state's open transaction where there is
        one (a cold build's bodies, held here until the end, were about a fifth of its memory),
        else held here, for the next build in this process (the preview)."""
        if self.state is not None:
            self.state.put_many(self.TABLE, made)
        else:  # the preview's: nothing reads bodies back from a state in memory
            self.memory |= made

    def take_made(self) -> dict[str, Any]:
        """What this process made since last asked, for the process that saves the state."""
        made, self.made = self.made, {}
        if self.state is not None:  # kept in the database from now on: a worker holding all
            for name in made:  # it rendered grew by a third. (A body twice in one build, the
                self.memory.pop(name, None)  # same text at the same depth, is rendered again.)
        return made


def _body_key(key: object) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()
