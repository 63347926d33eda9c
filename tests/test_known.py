"""What the last build knew of the content files: a document checked once is given again for the
same bytes, as the file it is now."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from conftest import ROOT

from factcheck.known import KnownDocuments
from factcheck.load import load_content


def test_a_kept_document_is_given_as_the_file_asked_for() -> None:
    """A copy of the project at another path (a CI checkout) reuses every checked document, each
    naming its file where it is now: errors and the site's record of origins name that file."""
    claim = load_content(ROOT / "content").claims[0]
    name = f"claims/{claim.path.name}"
    last = KnownDocuments()
    last.put(name, "context", claim)
    known = KnownDocuments(documents=last.added)

    assert known.get(str(claim.path), name, claim.digest, "context") is claim
    elsewhere = f"/srv/checkout/content/{name}"
    moved = known.get(elsewhere, name, claim.digest, "context")
    assert moved is not None
    assert moved.path == Path(elsewhere)
    assert dataclasses.replace(moved, path=claim.path) == claim
    assert known.get(str(claim.path), name, "other bytes", "context") is None
    assert known.get(str(claim.path), name, claim.digest, "another context") is None
