"""The build state's tables of kept work: what a build keeps is what the next one reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from factcheck.load import load_content
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


def test_the_stamps_kept_are_those_of_the_last_build_alone(tmp_path: Path) -> None:
    """Only the stamps that changed are written: one changed, one gone and one new are kept
    as the last build left them, the unchanged as they were."""
    mark_cache(tmp_path)
    first = {f"claims/{n}.md": ((n, 10, 20, 30), 40, f"digest{n}") for n in range(4)}
    state = BuildState(tmp_path)
    state.set_stamps(first)
    state.commit()
    state.close()
    second = {
        **first,
        "claims/1.md": ((1, 11, 21, 31), 41, "edited"),
        "claims/9.md": first["claims/3.md"],
    }
    del second["claims/3.md"]
    state = BuildState(tmp_path)
    state.set_stamps(second)
    state.commit()
    state.close()
    state = BuildState(tmp_path)
    assert state.stamps() == second
    state.close()


@pytest.mark.parametrize("read_first", [True, False], ids=["read", "not read"])
def test_a_value_of_none_is_kept_like_any_other(tmp_path: Path, read_first: bool) -> None:
    """A folder of the site not settled is kept as None: a key the state does not hold must not
    read as holding None, or it is never written."""
    mark_cache(tmp_path)
    state = BuildState(tmp_path)
    if read_first:
        assert state.all("site_folders") == {}
    state.put_many("site_folders", {"claims": None, "": (1, 2, 3, 4)})
    state.commit()
    state.close()
    assert reopened(tmp_path, "site_folders") == {"claims": None, "": (1, 2, 3, 4)}


@pytest.mark.parametrize("where", ["in a folder", "in memory"])
def test_a_table_let_go_is_read_again_as_it_was_written(tmp_path: Path, where: str) -> None:
    """The build lets go of a table it is done with (the values it read, and those it wrote,
    held no more in memory where the database holds them), which must lose nothing."""
    folder = tmp_path if where == "in a folder" else None
    if folder is not None:
        mark_cache(folder)
    state = BuildState(folder)
    state.put_many("search_claims", {"a": 1, "b": 2})
    state.commit()
    assert state.all("search_claims") == {"a": 1, "b": 2}
    state.put_many("search_claims", {"c": 3})
    state.keep_only("search_claims", ["b", "c"])
    state.let_go("search_claims")
    assert state.all("search_claims") == {"b": 2, "c": 3}
    state.commit()
    state.close()
    if folder is not None:
        assert reopened(folder, "search_claims") == {"b": 2, "c": 3}


def test_every_document_of_the_real_content_comes_back_as_it_was_kept(tmp_path: Path) -> None:
    """Paths are stored by their folder and name (read back without parsing their text again):
    each comes back equal, as the same kind of path, for a relative, absolute or bare one."""
    content = load_content(ROOT / "content")
    documents: dict[str, object] = {str(d.path): d for d in content.documents}
    paths = [Path(), Path("/"), Path("/srv/site/claims/x.md"), Path("x.md"), tmp_path]
    mark_cache(tmp_path)
    state = BuildState(tmp_path)
    state.put_many("documents", documents | {f"path {n}": path for n, path in enumerate(paths)})
    state.commit()
    state.close()

    kept = reopened(tmp_path, "documents")
    assert kept == documents | {f"path {n}": path for n, path in enumerate(paths)}
    for key, document in documents.items():
        assert type(kept[key]) is type(document)
        assert str(kept[key].path) == key  # type: ignore[attr-defined]
        assert type(kept[key].path) is type(Path())  # type: ignore[attr-defined]
    assert [str(kept[f"path {n}"]) for n in range(len(paths))] == [str(p) for p in paths]
