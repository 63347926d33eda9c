"""The build state's tables of kept work: what a build keeps is what the next one reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.places import mark_cache
from factcheck.state import BuildState


def reopened(folder: Path, table: str) -> dict[str, object]:
    state = BuildState(folder)
    try:
        return state.all(table)
    finally:
        state.close()


@pytest.mark.parametrize("read_first", [True, False], ids=["read", "not read"])
def test_keep_only_forgets_exactly_what_is_not_kept(tmp_path: Path, read_first: bool) -> None:
    mark_cache(tmp_path)
    state = BuildState(tmp_path)
    state.put_many("documents", {f"key{n}": n for n in range(5)})
    state.commit()
    state.close()

    state = BuildState(tmp_path)
    if read_first:
        assert state.all("documents") == {f"key{n}": n for n in range(5)}
    state.put_many("documents", {"new": 9})
    state.keep_only("documents", ["key0", "key3", "new"])
    if read_first:
        assert state.all("documents") == {"key0": 0, "key3": 3, "new": 9}
    state.commit()
    state.close()
    assert reopened(tmp_path, "documents") == {"key0": 0, "key3": 3, "new": 9}
