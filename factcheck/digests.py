"""Digests: the one way the build tells that two things are the same."""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Iterable
from typing import Any


def digest_of(parts: Iterable[str]) -> str:
    """One digest for several strings, each ended by a NUL so that none runs into the next
    (joined at once: a rebuild takes a hundred thousand digests)."""
    listed = list(parts)
    joined = "\0".join(listed) + "\0" if listed else ""
    return hashlib.blake2b(joined.encode(), digest_size=16).hexdigest()


def digest_of_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def digest_of_values(value: Any) -> str:  # what marshal writes; it refuses the rest
    """A digest of plain values (strings, numbers, None, and tuples and lists of them), written
    in C by marshal's version 2, which writes every value as itself. Its later versions, like
    pickle, write a value met twice as a reference to the first and a string by whether it is
    interned, so their output depends on which objects happen to be shared. Quicker than
    ``repr`` by three to four times: the repr of the stamps was a quarter of a build with
    nothing to do at 10,000 claims. A value marshal cannot write (a path) is an error, never
    a digest."""
    return digest_of_bytes(marshal.dumps(value, 2))
