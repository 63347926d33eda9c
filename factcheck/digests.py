"""Digests: the one way the build tells that two things are the same."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def digest_of(parts: Iterable[str]) -> str:
    """One digest for several strings, each kept apart from the next."""
    return hashlib.blake2b(
        "".join(f"{part}\0" for part in parts).encode(), digest_size=16
    ).hexdigest()


def digest_of_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
