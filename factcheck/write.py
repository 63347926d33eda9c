"""The one writer of the site: it owns every output path, and puts the files a build made into
place only once all of them are made, so a failed build never leaves half a site.

A site folder is written in two steps. First every file made anew goes into a staging folder
beside the site, marked as the build's. Then the staging folder is committed: its files are moved
into the site, each replacing the old one in one step, the files no longer made are deleted, and
the site's mark, listing every file of the new site, goes last. Before the first move, the staging
folder gets a note saying what the commit deletes, so that a build killed while committing leaves
a commit the next build finishes before anything else; one killed earlier leaves a staging folder
the next build deletes. A site made into a missing or empty folder is staged whole and renamed
into place.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from factcheck.errors import ContentError, ContentErrors
from factcheck.places import SITE_MARK, mark_site, paths_of_site, site_id_of
from factcheck.stamps import Stamp, stamp_of

COMMIT_NOTE = ".factcheck-commit"
"""In a staging folder being committed: the site paths the commit deletes, one a line."""
_NEW_NOTE = COMMIT_NOTE + ".new"


class Destination(Protocol):
    """Where the files of the site go: a folder (:class:`FolderSite`) or memory."""

    in_any_process: bool

    def begin(self) -> None: ...

    def site_id(self) -> str: ...

    def stamps(self, paths: Iterable[str] | None = None) -> dict[str, Stamp | None]:
        """Each of ``paths`` as it is now; by default, every file of the site as the
        destination knew it when the build began."""

    def put(self, path: str, data: bytes) -> None: ...

    def commit(self, site_id: str, paths: list[str], removed: list[str]) -> None: ...


def claim_paths(outputs: Iterable[tuple[str, str]]) -> None:
    """Refuse two outputs at one path; ``outputs`` are each output's path and the file it is made
    from. Paths differing only in case are one on some systems (macOS, Windows)."""
    owners: dict[str, tuple[str, str]] = {}
    errors: list[ContentError] = []
    for path, origin in outputs:
        key = path.casefold()
        if key not in owners:
            owners[key] = (path, origin)
        else:  # one file of the site made twice would be written by two processes at once
            first = owners[key]
            errors.append(ContentError(
                origin or path, 1,
                f"makes the site file {path}, which {first[1] or 'the build'} makes too"
                f"{' (as ' + first[0] + ')' if first[0] != path else ''}; rename one of them",
            ))  # fmt: skip
    if errors:
        raise ContentErrors(errors)


class FolderSite:
    """The site in the folder ``out_dir``, and the staging folder for its next version. The
    caller holds the output folder's lock (:func:`factcheck.places.exclusive`)."""

    in_any_process = True
    """Files are put from the worker processes too, each writing what it makes."""

    def __init__(self, out_dir: Path, found: dict[str, Stamp | None] | None = None) -> None:
        self.out_dir = out_dir.resolve()  # so that it has a name: `--out .`
        self.found = found
        """Every file of the site, as the caller found it just before the build."""
        self.staging: Path | None = None
        self._folders: set[Path] = set()

    def begin(self) -> None:
        """Delete the staging folders killed builds left, and make this build's, marked as the
        build's from the start."""
        out_dir = self.out_dir
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        for leftover in _leftovers(out_dir):
            _delete_marked(leftover)
        self.staging = Path(
            tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent)
        )
        self.staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
        mark_site(self.staging, "", [])  # no id yet: not a whole site
        self._folders = {self.staging}

    def __enter__(self) -> FolderSite:
        return self

    def __exit__(self, *_: object) -> None:
        if self.staging is not None and not (self.staging / COMMIT_NOTE).exists():
            _delete_marked(self.staging)  # a build that failed: the site stays as it was

    def site_id(self) -> str:
        return site_id_of(self.out_dir) or ""

    def stamps(self, paths: Iterable[str] | None = None) -> dict[str, Stamp | None]:
        """Each of ``paths`` as it is now; by default, every file of the site as the caller
        found it before the build (``found``), or as the site's mark names them."""
        if paths is None and self.found is not None:
            return dict(self.found)
        paths = (paths_of_site(self.out_dir) or set()) if paths is None else paths
        return {path: stamp_of(f"{self.out_dir}/{path}") for path in paths}

    def put(self, path: str, data: bytes) -> None:
        assert self.staging is not None, "a file put before begin"
        target = self.staging / path
        if target.parent not in self._folders:  # each worker process has its own record
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        target.write_bytes(data)

    def commit(self, site_id: str, paths: list[str], removed: list[str]) -> None:
        """Put the staged files into the site, delete the ``removed`` files of the old one, and
        mark the site with ``site_id`` and the ``paths`` of all its files."""
        staging = self.staging
        assert staging is not None, "commit before begin"
        mark_site(staging, site_id, paths)
        if not self.out_dir.exists() or not any(self.out_dir.iterdir()):
            with contextlib.suppress(FileNotFoundError):
                self.out_dir.rmdir()  # an empty folder, adopted
            staging.rename(self.out_dir)
            self.staging = None
            return
        (staging / _NEW_NOTE).write_text("".join(f"{path}\n" for path in removed))
        (staging / _NEW_NOTE).replace(staging / COMMIT_NOTE)  # whole, or not at all: it commits
        _commit(staging, self.out_dir)
        _delete_marked(staging)
        self.staging = None


def _leftovers(out_dir: Path) -> list[Path]:
    return list(out_dir.parent.glob(glob.escape(f".{out_dir.name}.") + "building-*"))


def finish_commits(out_dir: Path) -> None:
    """Finish the commit a build killed while committing left, before anything looks at the
    site: until then it holds part of that build's files. The caller holds the lock."""
    for leftover in _leftovers(out_dir.resolve()):
        if (leftover / COMMIT_NOTE).is_file() and (leftover / SITE_MARK).is_file():
            _commit(leftover, out_dir.resolve())
            _delete_marked(leftover)


def _commit(staging: Path, out_dir: Path) -> None:
    """Move every file of ``staging`` into ``out_dir``, delete the files its note names, and put
    its mark in place last. What an earlier try moved already is skipped. Only files the site's
    mark names are deleted: a note planted beside the site cannot reach anything else."""
    ours = paths_of_site(out_dir) or set()
    start = len(str(staging)) + 1
    for root, _, names in os.walk(staging):
        for name in names:
            source = Path(root, name)
            path = str(source)[start:]
            if path in (SITE_MARK, COMMIT_NOTE, _NEW_NOTE):
                continue
            target = out_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            source.replace(target)
    for path in set((staging / COMMIT_NOTE).read_text().splitlines()) & ours:
        target = out_dir / path
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        _remove_empty_folders(target.parent, out_dir)
    with contextlib.suppress(FileNotFoundError):  # moved already, by the try cut short
        (staging / SITE_MARK).replace(out_dir / SITE_MARK)


def _remove_empty_folders(folder: Path, out_dir: Path) -> None:
    """Remove ``folder`` and the folders above it, up to the site's, while they are empty."""
    while folder != out_dir and folder.is_relative_to(out_dir):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty: it holds other files of the site
        folder = folder.parent


def _delete_marked(folder: Path) -> None:
    """Delete a staging folder, which carries the build's mark, or once committed its note; these
    go last, so that a deletion cut short leaves a folder the next build still knows as its own."""
    marks = (COMMIT_NOTE, SITE_MARK)
    if folder.is_symlink() or not any((folder / mark).is_file() for mark in marks):
        return
    for entry in list(os.scandir(folder)):
        if entry.name in marks:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            Path(entry.path).unlink(missing_ok=True)
    for mark in marks:
        (folder / mark).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()


class MemorySite:
    """The site held in memory, as the preview serves it."""

    in_any_process = False

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.staged: dict[str, bytes] = {}
        self.id = ""
        self._stamps: dict[str, Stamp | None] = {}
        """Each file's stamp, kept with it: working every one out again took 0.015 s a build."""

    def begin(self) -> None:
        self.staged = {}

    def site_id(self) -> str:
        return self.id

    def stamps(self, paths: Iterable[str] | None = None) -> dict[str, Stamp | None]:
        if paths is None:
            return dict(self._stamps)
        return {path: self._stamps[path] for path in paths if path in self._stamps}

    def put(self, path: str, data: bytes) -> None:
        self.staged[path] = data

    def commit(self, site_id: str, paths: list[str], removed: list[str]) -> None:
        """The files made replace their old versions and those no longer made go: changed in
        place, since an edit changes a few of 37,000 (making the dict anew took 0.016 s)."""
        for path in removed:
            del self.files[path], self._stamps[path]
        self.files |= self.staged
        # A file held in memory is changed only by a build: its length stands for it.
        self._stamps |= {path: (0, len(data), 0, 0) for path, data in self.staged.items()}
        self.id = site_id


class DiscardedSite(MemorySite):
    """Nowhere: for checking that every page renders, without keeping any."""

    in_any_process = True

    def put(self, path: str, data: bytes) -> None:
        pass

    def commit(self, site_id: str, paths: list[str], removed: list[str]) -> None:
        pass
