"""Digests: the one way the build tells that two things are the same."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def digest_of(parts: Iterable[str]) -> str:
    """One digest for several strings, each ended by a NUL so that none runs into the next
    (joined at once: a rebuild takes a hundred thousand digests)."""
    listed = list(parts)
    joined = "\0".join(listed) + "\0" if listed else ""
    return hashlib.blake2b(joined.encode(), digest_size=16).hexdigest()


def digest_of_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def digest_of_values(value: object) -> str:
    """A digest of plain values (strings, numbers, and tuples and lists of them) through their
    ``repr``, which is made in C and depends on the values alone (marshal's and pickle's output
    also depends on which objects happen to be shared): for many file stamps, several times
    quicker than formatting each."""
    return digest_of_bytes(repr(value).encode())
