"""Write the finished site into place in one step, so a failed build never leaves half a site."""

from __future__ import annotations

import contextlib
import ctypes
import glob
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from factcheck.files import scan_tree
from factcheck.places import SITE_MARK, mark_site

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class StagedSite:
    """A new site, written into a folder beside ``out_dir`` as its files are made (by whichever
    process makes them, so no process holds the whole site), then swapped in for the old site in
    one step by :meth:`publish`. Use it as a context manager: if the build fails before
    ``publish``, the folder is deleted and the old site stays exactly as it was.

    Files the live site holds as the last build left them (see
    :data:`factcheck.places.Signature`) are linked into the new site rather than made again; a
    file changed or planted by hand never is.
    The caller holds the output folder's lock (:func:`factcheck.places.exclusive`), so no other
    build is using the folders beside it.
    """

    in_any_process = True

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.resolve()  # so that it has a name: `--out .`
        self.folder: Path | None = None
        self._folders: set[Path] = set()

    def begin(self) -> None:
        """Make the folder for the new site, marked as the build's from the start, so that a
        build killed part-way leaves a folder the next one knows it may delete."""
        out_dir = self.out_dir
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        prefix = f".{out_dir.name}.building-"
        # From a build killed part-way; the last two from versions that kept a spare site.
        for pattern in ("building-*", "removing-*", "spare"):
            for leftover in list(out_dir.parent.glob(glob.escape(f".{out_dir.name}.") + pattern)):
                _remove(leftover, out_dir)
        self.folder = folder = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir.parent))
        folder.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
        mark_site(folder, "", [])  # no id yet: not a whole site
        self._folders = {folder}

    def __enter__(self) -> StagedSite:
        return self

    def __exit__(self, *_: object) -> None:
        if self.folder is not None:
            _remove(self.folder, self.out_dir)  # the new site that failed, or the old one

    def put(self, path: str, data: bytes) -> None:
        self._new_file(path).write_bytes(data)

    def keep(self, path: str, key: str) -> None:
        """Keep the live site's file at ``path`` (made from inputs ``key``) in the new site."""
        _link(self.out_dir / path, self._new_file(path))

    def publish(self, site_id: str, paths: list[str]) -> None:
        """Mark the new site with ``site_id`` and the ``paths`` of its files (see
        :func:`factcheck.places.mark_site`) and swap it into place."""
        assert self.folder is not None, "publish before begin"
        mark_site(self.folder, site_id, paths)
        _swap_into_place(self.folder, self.out_dir)

    def _new_file(self, path: str) -> Path:
        """Where to write the file at site ``path``, its folder made."""
        assert self.folder is not None, "a file put before begin"
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

    def begin(self) -> None:
        pass

    def put(self, path: str, data: bytes) -> None:
        self.files[path] = data

    def keep(self, path: str, key: str) -> None:
        self.files[path] = self.previous[path]


class DiscardedSite:
    """Nowhere: for checking that every page renders, without keeping any."""

    in_any_process = True

    def begin(self) -> None:
        pass

    def put(self, path: str, data: bytes) -> None:
        pass

    def keep(self, path: str, key: str) -> None:
        pass


def _remove(folder: Path, out_dir: Path) -> None:
    """Delete a folder beside the site ``out_dir`` that carries the build's mark: a new site that failed, the
    old one swapped out, or one a killed build left. A folder without the mark is deleted only if
    it is empty (an empty ``--out`` adopted).

    A large site takes seconds to delete (a folder for every page), which nobody need wait for:
    it is renamed to a name of its own and deleted by a process of its own, which the build does
    not wait for. Whatever is cut short, the mark goes last, so the next build finishes the job.
    """
    if folder.is_symlink() or not folder.is_dir():
        return
    if not (folder / SITE_MARK).is_file():
        with contextlib.suppress(OSError):
            folder.rmdir()  # an empty output folder the build adopted; one with files is kept
        return
    if (
        sum(1 for _ in itertools.islice(scan_tree(folder), _BACKGROUND_ENTRIES))
        < _BACKGROUND_ENTRIES
    ):
        delete_marked(folder)
        return
    doomed = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.removing-", dir=folder.parent))
    folder.replace(doomed)  # onto the empty folder just made
    subprocess.Popen(
        [sys.executable, "-c", _DELETE_IN_BACKGROUND, str(doomed)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip


_BACKGROUND_ENTRIES = 2000
"""A site with at least this many files and folders is deleted in the background."""

_DELETE_IN_BACKGROUND = (
    "import sys, pathlib, factcheck.write as w; w.delete_marked(pathlib.Path(sys.argv[1]))"
)


def delete_marked(folder: Path) -> None:
    """Delete the marked ``folder``, its mark last. Another process may be deleting it too (a
    build that finds it left over while the background deletion runs): what is gone is skipped."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return
    for entry in entries:
        if entry.name == SITE_MARK:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            Path(entry.path).unlink(missing_ok=True)
    (folder / SITE_MARK).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()


def _link(old: Path, new: Path) -> None:
    """Put the live site's file ``old`` at ``new``: as a hard link, since files of a built site
    are never changed in place, or as a copy where links are not possible."""
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


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
