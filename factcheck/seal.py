"""The seal: one digest of the stamps of everything a build depends on and everything it left,
so that a build finding the seal the last one left knows it has nothing to do without reading a
file or loading the renderer (at 10,000 claims, in about a tenth of a second).

It covers the generator (:func:`~factcheck.generator.generator_stamps`), every file below the
content and theme folders but hidden ones, the commit checked out, the base address, the site's
id and every file the site's mark names. It does not look for files put into the site by hand since: a build with
nothing to do writes nothing, and the next build that has something to write finds them and
refuses (see :func:`~factcheck.places.refuse_strangers`). Nor is a site file sealed moments
after it was written vouched for against a rewrite within the same tick of the clock (a few
milliseconds), as content files are: only a program racing the build could make one.
"""

from __future__ import annotations

import time
from pathlib import Path

from factcheck.digests import digest_of, digest_of_values
from factcheck.generator import generator_stamps
from factcheck.history import head_commit
from factcheck.places import MarkedSite
from factcheck.stamps import Stamp, is_racy, stamps_below

UNSEALED = ""
"""The seal of a build that must not be trusted to have nothing to do, which no build matches."""


def inputs_seal(content_dir: Path, templates_dir: Path, base_url: str | None) -> str:
    """The seal of what a build reads, taken before it reads it; :data:`UNSEALED` when a file
    changed so shortly before that a later change could keep its stamp."""
    taken_ns = time.time_ns()
    generator = generator_stamps()
    stamps = stamps_below(content_dir) | stamps_below(templates_dir)
    for stamp in [*(stamp for _, stamp in generator), *stamps.values()]:
        if stamp is not None and is_racy(stamp, taken_ns):
            return UNSEALED
    if None in stamps.values():
        return UNSEALED
    # The commit checked out: a new one can change the claims' revision history.
    head = head_commit(content_dir)
    return digest_of_values([base_url or "", generator, head, sorted(stamps.items())])


def site_seal(site_id: str, stamps: dict[str, Stamp | None]) -> str:
    """The seal of a site: its id and the stamp of each of its files, all of which must be there."""
    if not site_id or None in stamps.values():
        return UNSEALED
    return digest_of_values([site_id, sorted(stamps.items())])  # quick: the mark's are sorted


def seal_of(inputs: str, site: str) -> str:
    return UNSEALED if UNSEALED in (inputs, site) else digest_of([inputs, site])


def seal_now(inputs: str, site: MarkedSite) -> str:
    """The seal of ``inputs`` and of the ``site`` as it is now."""
    return seal_of(inputs, site_seal(site.site_id, site.stamps))
