"""The folders a build writes, checked before anything is touched: it writes only into folders
it made itself (each carries a mark), never one inside what it reads, and one build at a time.

A folder without the mark may hold anyone's files, so it is refused, never emptied: the only
folders adopted are missing or empty ones, and caches an earlier version left, before caches were
marked: folders holding nothing but what a cache holds.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import UsageError

SITE_MARK = ".factcheck-site"
"""In every site the build makes, from the moment its staging folder is made."""
SITE_MARK_TEXT = "Built by factcheck; the next build replaces this folder. Site id: "

CACHE_MARK = ".factcheck-cache"
"""In every cache folder; the build deletes nothing there but the entries it makes."""
CACHE_MARK_TEXT = "A factcheck build cache: builds read and rewrite what is here.\n"
LOCK = "lock"
"""In the cache folder: held while a build uses the cache."""


@dataclass(frozen=True)
class Places:
    """Where one build reads (``content``, ``templates``) and writes (``out``, ``cache``)."""

    content: Path
    templates: Path
    out: Path
    cache: Path | None


def check_places(places: Places, cache_entries: frozenset[str]) -> None:
    """Refuse, before anything is touched, output and cache folders the build may not write;
    ``cache_entries`` are the names of what a cache holds."""
    written = [("--out", places.out)]
    if places.cache is not None:
        written.append(("--cache", places.cache))
    read = [("the content folder", places.content), ("the theme folder", places.templates)]
    for number, (option, folder) in enumerate(written):
        for name, other in [*written[number + 1 :], *read]:
            relation = _relation(folder, other)
            if relation:
                raise UsageError(
                    f"{option} {folder} {relation} {name} {other}; give it a folder of its own, "
                    "outside the content and theme folders"
                )
    _check_folder("--out", places.out, SITE_MARK, frozenset())
    if places.cache is not None:
        _check_folder("--cache", places.cache, CACHE_MARK, cache_entries)


def _relation(folder: Path, other: Path) -> str | None:
    """How two folders overlap, if they do: ``is``, ``is inside`` or ``holds``."""
    mine, theirs = _resolved(folder), _resolved(other)
    if mine == theirs:
        return "is"
    if mine.is_relative_to(theirs):
        return "is inside"
    return "holds" if theirs.is_relative_to(mine) else None


def _check_folder(option: str, folder: Path, mark: str, adoptable: frozenset[str]) -> None:
    if folder.is_symlink():  # swapping a new site in would replace the link, not its folder
        raise UsageError(
            f"{option} {folder} is a link; give the folder it points to "
            f"({os.path.realpath(folder)}) instead"
        )
    for parent in (folder, *folder.parents):
        if parent.exists() and not parent.is_dir():
            raise UsageError(
                f"{option} {folder}: {parent} is a file, not a folder; choose a folder"
            )
    if not folder.is_dir():
        return  # made by the build, with its mark
    names = {entry.name for entry in folder.iterdir()}
    if not names or mark in names or (adoptable and names <= adoptable):
        return
    raise UsageError(
        f"{option} {folder} holds files this tool did not write, and the build would replace or "
        "delete them; choose a new or empty folder"
    )


def _resolved(folder: Path) -> Path:
    return Path(os.path.realpath(folder))


def mark_cache(folder: Path) -> None:
    """Make the cache folder if it is missing, and mark it as a cache."""
    folder.mkdir(parents=True, exist_ok=True)
    mark = folder / CACHE_MARK
    if not mark.exists():
        mark.write_text(CACHE_MARK_TEXT)


@contextlib.contextmanager
def exclusive(lock_file: Path, folder: Path, option: str) -> Iterator[None]:
    """Hold ``lock_file`` for the build writing ``folder``; refuse if another build holds it."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(
                f"{option} {folder}: another build is writing it now; wait for it to finish, "
                "then build again"
            ) from None
        yield
    finally:
        os.close(handle)  # closing releases the lock


def site_lock(out: Path) -> Path:
    """The lock file of the output folder, beside it, since the folder itself is swapped."""
    return out.parent / f".{out.name}.lock"
