"""What the last build knew of the content files: a document checked once is given again for the
same bytes, as the file it is now."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import ROOT

from factcheck.cards import keep_documents, kept_documents
from factcheck.known import KnownDocuments
from factcheck.load import load_content
from factcheck.places import mark_cache
from factcheck.state import BuildState


@pytest.mark.parametrize("where", ["memory", "folder"])
def test_a_kept_document_is_given_as_the_file_asked_for(tmp_path: Path, where: str) -> None:
    """A copy of the project at another path (a CI checkout) reuses every checked document, each
    naming its file where it is now: errors and the site's record of origins name that file.
    The preview holds documents whole in memory; a build reads them from a state in a folder."""
    content = load_content(ROOT / "content")
    claim = content.claims[0]
    name = f"claims/{claim.path.name}"
    last = KnownDocuments()
    last.put(name, "context", claim)
    if where == "memory":
        state = BuildState()
    else:
        mark_cache(tmp_path)
        state = BuildState(tmp_path)
    keep_documents(state, last.added, last.used)
    if where == "folder":
        state.commit()
        state.close()
        state = BuildState(tmp_path)
    known = KnownDocuments(kept=kept_documents(state))
    scale = content.ratings

    kept = known.get(str(claim.path), name, claim.digest, "context", scale)
    assert kept is not None
    assert ("body" in vars(kept)) == (where == "memory")  # a card, where the state is in a folder
    assert kept == claim
    elsewhere = f"/srv/checkout/content/{name}"
    moved = known.get(elsewhere, name, claim.digest, "context", scale)
    assert moved is not None
    assert moved.path == Path(elsewhere)
    assert dataclasses.replace(moved, path=claim.path) == claim
    assert known.get(str(claim.path), name, "other bytes", "context", scale) is None
    assert known.get(str(claim.path), name, claim.digest, "another context", scale) is None
    state.close()
