"""What the last build knew of the content files: each file's stamp and digest, and the checked
document made from each file's bytes, so that a rebuild reads only files whose stamp changed and
parses only files whose bytes changed."""

from __future__ import annotations

import os
import time

from factcheck.cards import KeptDocuments
from factcheck.digests import digest_of
from factcheck.model import Document, RatingScale
from factcheck.stamps import Stamp, is_racy, stamp_from

StampRecord = tuple[Stamp, int, str]
"""A file's stamp, when it was read (ns), and the digest of its bytes."""


class KnownDocuments:
    """Checked documents by the digest of their file's bytes, of what else their checks depend on
    (the ``context``: the rating scale, the source ids) and of their name in the content folder."""

    def __init__(
        self,
        stamps: dict[str, StampRecord] | None = None,
        kept: KeptDocuments | None = None,
    ) -> None:
        self.stamps = stamps or {}
        self.kept = kept
        self.stamps_now: dict[str, StampRecord] = {}
        self.used: set[str] = set()
        self.added: dict[str, Document] = {}

    def digest(self, path: str, stat: os.stat_result) -> str | None:
        """The digest of the file at ``path`` if its stamp says it is unchanged since it was read,
        and it was not changed so shortly before that a later change could keep the stamp."""
        known = self.stamps.get(path)
        if known is None:
            return None
        stamp, read_ns, digest = known
        if stamp != stamp_from(stat) or is_racy(stamp, read_ns):
            return None
        self.stamps_now[path] = known
        return digest

    def read(self, path: str, stat: os.stat_result, digest: str) -> None:
        """Note the digest of the file just read at ``path``."""
        self.stamps_now[path] = (stamp_from(stat), time.time_ns(), digest)

    def get(
        self, path: str, name: str, digest: str, context: str, scale: RatingScale | None
    ) -> Document | None:
        """The document checked from these bytes, named ``name``, against ``context``, as the
        file at ``path`` (the content folder may have moved since), its verdict in ``scale``."""
        key = digest_of([digest, context, name])
        document = None if self.kept is None else self.kept.document(key, path, scale)
        if document is not None:
            self.used.add(key)
        return document

    def put(self, name: str, context: str, document: Document) -> None:
        key = digest_of([document.digest, context, name])
        self.used.add(key)
        self.added[key] = document
