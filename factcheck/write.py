"""Write the finished site into place in one step, so a failed build never leaves half a site."""

from __future__ import annotations

import ctypes
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from factcheck.errors import UsageError

MARKER = ".factcheck-site"
"""Written into every built site: a folder without it holds someone's files and is never replaced."""

_MARKER_TEXT = "Built by factcheck; the next build replaces this folder. Site id: "

_BACKGROUND_FILES = 2000
"""An old site with at least this many files and folders is deleted in the background."""

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def check_replaceable(out_dir: Path) -> None:
    """Refuse an output folder that holds files this tool did not write."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out {out_dir} is a file, not a folder; choose a folder for the site")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise UsageError(
            f"--out {out_dir} holds files this tool did not write, and a build replaces the whole "
            "folder; choose a new or empty folder"
        )


class StagedSite:
    """A new site, written into a folder beside ``out_dir`` as its files are made (by whichever
    process makes them, so no process holds the whole site), then swapped in for the old site in
    one step by :meth:`publish`. Use it as a context manager: if the build fails before
    ``publish``, the folder is deleted and the old site stays exactly as it was."""

    in_any_process = True

    def __init__(self, out_dir: Path) -> None:
        check_replaceable(out_dir)
        self.out_dir = out_dir
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        prefix = f".{out_dir.name}.building-"
        for pattern in (prefix, f".{out_dir.name}.removing-"):
            for leftover in out_dir.parent.glob(pattern + "*"):
                shutil.rmtree(leftover, ignore_errors=True)  # from a build killed part-way
        self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir.parent))
        self.folder.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
        self._folders = {self.folder}

    def __enter__(self) -> StagedSite:
        return self

    def __exit__(self, *_: object) -> None:
        _remove(self.folder)  # the failed new site, or after the swap the old one

    def put(self, path: str, data: bytes) -> None:
        self._target(path).write_bytes(data)

    def keep(self, path: str) -> None:
        keep(self.out_dir / path, self._target(path))

    def publish(self, site_id: str) -> None:
        """Mark the new site with ``site_id`` (see :func:`site_id_of`) and swap it into place."""
        check_replaceable(self.out_dir)
        (self.folder / MARKER).write_text(f"{_MARKER_TEXT}{site_id}\n")
        _swap_into_place(self.folder, self.out_dir)

    def _target(self, path: str) -> Path:
        target = self.folder / path
        if target.parent not in self._folders:  # each worker process has its own record
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        return target


class InMemorySite:
    """A new site held in memory, as the preview serves it; ``previous`` is the last one."""

    in_any_process = False

    def __init__(self, previous: dict[str, bytes] | None = None) -> None:
        self.previous = previous or {}
        self.files: dict[str, bytes] = {}

    def put(self, path: str, data: bytes) -> None:
        self.files[path] = data

    def keep(self, path: str) -> None:
        self.files[path] = self.previous[path]


class DiscardedSite:
    """Nowhere: for checking that every page renders, without keeping any."""

    in_any_process = True

    def put(self, path: str, data: bytes) -> None:
        pass

    def keep(self, path: str) -> None:
        pass


def _remove(folder: Path) -> None:
    """Delete a folder: the new site that failed, or the old one after the swap. A large old site
    takes seconds to delete, which nobody need wait for: ``rm`` does it in the background, under a
    name the next build also clears."""
    large = len(list(itertools.islice(folder.rglob("*"), _BACKGROUND_FILES))) == _BACKGROUND_FILES
    if large and shutil.which("rm"):
        doomed = folder.with_name(folder.name.replace(".building-", ".removing-", 1))
        folder.rename(doomed)
        subprocess.Popen(
            ["rm", "-rf", "--", str(doomed)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        return
    shutil.rmtree(folder, ignore_errors=True)


def keep(old: Path | str, new: Path | str) -> None:
    """Put the previous site's file (or folder) ``old`` at ``new``: as a hard link, since files of
    a built site are never changed in place, or as a copy where links are not possible."""
    if Path(old).is_dir():
        shutil.copytree(old, new, copy_function=keep)
        return
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def site_id_of(out_dir: Path) -> str | None:
    """The id the build that wrote ``out_dir`` gave it, if the site is there and whole."""
    try:
        text = (out_dir / MARKER).read_text()
    except OSError:
        return None
    return text.removeprefix(_MARKER_TEXT).strip() if text.startswith(_MARKER_TEXT) else None


def _swap_into_place(new: Path, out_dir: Path) -> None:
    """Put ``new`` at ``out_dir``; the old site ends up at ``new``, for the caller to delete."""
    if not out_dir.exists():
        new.rename(out_dir)
        return
    if _exchange(new, out_dir):
        return
    # No atomic exchange on this system: two renames leave only a moment without a site.
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    old.rmdir()
    out_dir.rename(old)
    new.rename(out_dir)
    old.rename(new)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically with Linux's renameat2(RENAME_EXCHANGE), where available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(result == 0)
