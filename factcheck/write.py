"""Write the finished site into place in one step, so a failed build never leaves half a site."""

from __future__ import annotations

import ctypes
import itertools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import UsageError

MARKER = ".factcheck-site"
"""Written into every built site: a folder without it holds someone's files and is never replaced."""

_MARKER_TEXT = "Built by factcheck; the next build replaces this folder. Site id: "

_BACKGROUND_FILES = 2000
"""An old site with at least this many files and folders is deleted in the background."""

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def check_folder(option: str, place: Path) -> None:
    """Refuse a folder that cannot be made, since a file stands where it or a parent would."""
    for folder in (place, *place.parents):
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{option} {place}: {folder} is a file, not a folder; choose a folder")


def check_replaceable(out_dir: Path) -> None:
    """Refuse an output folder that holds files this tool did not write."""
    check_folder("--out", out_dir)
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise UsageError(
            f"--out {out_dir} holds files this tool did not write, and a build replaces the whole "
            "folder; choose a new or empty folder"
        )


@dataclass(frozen=True)
class Spare:
    """The site before last, which the last build kept beside the site (``.site.spare``) to be
    made into the next one: ``outputs`` (path -> key) are its files, ``site_id`` its id."""

    outputs: dict[str, str]
    site_id: str


class StagedSite:
    """A new site, written into a folder beside ``out_dir`` as its files are made (by whichever
    process makes them, so no process holds the whole site), then swapped in for the old site in
    one step by :meth:`publish`. Use it as a context manager: if the build fails before
    ``publish``, the folder is deleted and the old site stays exactly as it was.

    With ``keep_spare``, the swapped-out site is kept beside ``out_dir`` as the spare. Given back
    as ``spare``, it is what the next build starts from, writing and linking only the files that
    differ from it rather than every file of the site. Files are never changed in place (one may
    be linked into the live site): a file is replaced by a new one.
    """

    in_any_process = True

    def __init__(
        self, out_dir: Path, spare: Spare | None = None, *, keep_spare: bool = False
    ) -> None:
        check_replaceable(out_dir)
        self.out_dir = out_dir
        self.given_spare = spare
        self.spare_dir = out_dir.with_name(f".{out_dir.name}.spare")
        self.spare: dict[str, str] = {}
        self.folder: Path | None = None
        self._folders: set[Path] = set()
        self._keep_spare = keep_spare
        self._published = False

    def begin(self) -> None:
        """Make the folder for the new site: the spare, if it is the one given, else a new one.
        Called once the content has passed its checks, so a build that fails them leaves the
        spare for the next."""
        out_dir = self.out_dir
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        prefix = f".{out_dir.name}.building-"
        for pattern in (prefix, f".{out_dir.name}.removing-"):
            for leftover in list(out_dir.parent.glob(pattern + "*")):
                _remove(leftover, out_dir)  # from a build killed part-way
        self.folder = folder = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir.parent))
        folder.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
        spare = self.given_spare
        if spare is not None and spare.site_id and site_id_of(self.spare_dir) == spare.site_id:
            folder.rmdir()
            self.spare_dir.rename(folder)
            self.spare = spare.outputs
        else:
            _remove(self.spare_dir, out_dir)
        self._folders = {folder}

    def __enter__(self) -> StagedSite:
        return self

    def __exit__(self, *_: object) -> None:
        if self.folder is None:
            return
        if self._keep_spare and self._published and self.folder.is_dir():
            try:  # since the swap, the folder holds the old site
                self.folder.rename(self.spare_dir)
                return
            except OSError:
                pass
        _remove(self.folder, self.out_dir)  # the new site that failed, or an old one not kept

    def put(self, path: str, data: bytes) -> None:
        self._new_file(path).write_bytes(data)

    def keep(self, path: str, key: str) -> None:
        """Keep the live site's file at ``path`` (made from inputs ``key``) in the new site."""
        if self.spare.get(path) != key:
            _link(self.out_dir / path, self._new_file(path))

    def publish(self, site_id: str, outputs: dict[str, str]) -> None:
        """Drop what the spare held that the new site (``outputs``) does not, mark the new site
        with ``site_id`` (see :func:`site_id_of`) and swap it into place."""
        check_replaceable(self.out_dir)
        assert self.folder is not None, "publish before begin"
        for path in sorted(set(self.spare) - set(outputs), reverse=True):
            target = self.folder / path
            target.unlink(missing_ok=True)
            for folder in target.parents:
                if folder == self.folder or any(folder.iterdir()):
                    break
                folder.rmdir()
        self._new_file(MARKER).write_text(f"{_MARKER_TEXT}{site_id}\n")
        _swap_into_place(self.folder, self.out_dir)
        self._published = True

    def _new_file(self, path: str) -> Path:
        """Where to write the file at site ``path``: its folder made, any old file there gone."""
        assert self.folder is not None, "a file put before begin"
        target = self.folder / path
        if path in self.spare or path == MARKER:
            target.unlink(missing_ok=True)
        elif target.parent not in self._folders:  # each worker process has its own record
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
    """Delete a folder beside the site ``out_dir``: a new site that failed, an old one, or one a
    killed build left. It is first renamed to a name of its own, so nothing deletes a folder that
    has since taken its old name (the spare does, build after build). A large one takes seconds to
    delete, which nobody need wait for: ``rm`` deletes it in the background, and if that is cut
    short, the next build clears what is left."""
    if not folder.is_dir():
        return
    doomed = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.removing-", dir=out_dir.parent))
    folder.rename(doomed)  # onto the empty folder just made, which it replaces
    try:
        large = len(list(itertools.islice(doomed.rglob("*"), _BACKGROUND_FILES)))
    except OSError:  # a leftover that an earlier build's ``rm`` is still deleting
        large = _BACKGROUND_FILES
    if large == _BACKGROUND_FILES and shutil.which("rm"):
        subprocess.Popen(
            ["rm", "-rf", "--", str(doomed)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
    else:
        shutil.rmtree(doomed, ignore_errors=True)


def _link(old: Path, new: Path) -> None:
    """Put the live site's file ``old`` at ``new``: as a hard link, since files of a built site
    are never changed in place, or as a copy where links are not possible."""
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
