"""Reading files only from inside the folder they belong to (the content or the theme).

A link that leads out of the folder, a link that leads back to itself, a pipe, device or socket,
and a file over the size limit are each refused with ``path:1: message``, before a byte of it is
read: nothing outside the project is ever read, printed or published, and nothing can hang a build.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from factcheck.errors import ContentError, ContentErrors, content_error

MAX_FILE_BYTES = 2_000_000
"""Larger content files are refused: Markdown of that size takes minutes to render, and no claim
or source excerpt needs it."""
MAX_THEME_FILE_BYTES = 20_000_000
"""Larger theme files (templates, styles, images) are refused."""


def is_hidden(name: str) -> bool:
    """Whether the file or folder ``name`` is left out of what a build reads: hidden ones
    (``.git``, ``.DS_Store``, an editor's swap file ``.claim.md.swp``) and editors' backups
    (``claim.md~``). Programs make them beside an editor's files; they are no one's content, and a
    build that read them would report or publish what the editor never wrote."""
    return name.startswith(".") or name.endswith("~")


def is_inside(path: Path | str, root: Path) -> bool:
    """Whether ``path``, with every link in it followed, stays inside ``root`` (resolved)."""
    return Path(os.path.realpath(path)).is_relative_to(root)


def real_folder(folder: Path) -> Path:
    """``folder`` with every link followed: what :func:`is_inside` compares with."""
    return Path(os.path.realpath(folder))


def refusal(path: Path | str, error: OSError) -> ContentErrors:
    """The error for a file the system would not let us read, in an editor's words."""
    if error.errno == errno.ELOOP:
        message = "is a link that leads back to itself (a loop); replace the link with the file"
    else:
        message = (
            f"cannot be read ({error.strerror or error}); check that the file is there, is not "
            "a link to a missing file, and that you may read it"
        )
    return _error(path, message)


def read_inside(path: Path, root: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the file ``path`` inside the folder ``root`` (resolved); ContentErrors if it
    leaves the folder, is no regular file or is over ``limit`` bytes, checked before reading."""
    if not is_inside(path, root):
        raise _error(
            path, f"is a link to a file outside {_folder_name(root)}; copy the file in instead"
        )
    try:
        return read_regular(path, limit)
    except OSError as error:
        raise refusal(path, error) from None


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes, checked before
    reading; ContentErrors otherwise, or OSError if the system refuses."""
    details = path.stat()
    if not stat.S_ISREG(details.st_mode):
        raise _not_a_file(path, details)
    _check_size(path, details.st_size, limit)
    # Not blocking: a pipe put in the file's place since the check must not hang the build.
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    with os.fdopen(handle, "rb") as file:
        opened = os.fstat(handle)
        if not stat.S_ISREG(opened.st_mode):
            raise _not_a_file(path, opened)
        data = file.read(limit + 1)
    _check_size(path, len(data), limit)
    return data


def scan_tree(folder: Path | str) -> Iterator[os.DirEntry[str]]:
    """Every file and folder below ``folder`` (none if it is missing), as ``os.scandir`` finds
    them: each knows its kind, and its times once asked, without more calls to the system.
    Links to folders are not followed, and the walk keeps its own list of folders to visit, so a
    tree of any depth is walked."""
    folders = [str(folder)]
    while folders:
        try:
            scan = os.scandir(folders.pop())
        except OSError:
            continue
        with scan:
            for entry in scan:
                yield entry
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)


def files_below(root: Path, limit: int = MAX_THEME_FILE_BYTES) -> list[Path]:
    """Every file below the folder ``root`` (hidden ones left out), sorted; ContentErrors listing
    every entry that :func:`read_inside` would refuse, including folders that are links out."""
    real_root = real_folder(root)
    found: list[Path] = []
    errors: list[ContentError] = []
    hidden: set[str] = set()  # hidden folders, whose contents are left out too
    for entry in scan_tree(root):
        path = Path(entry.path)
        if is_hidden(entry.name) or str(path.parent) in hidden:
            if entry.is_dir(follow_symlinks=False):
                hidden.add(entry.path)
            continue
        try:
            if not is_inside(path, real_root):
                raise _error(
                    path, f"is a link to something outside {_folder_name(root)}; copy it in instead"
                )
            details = path.stat()
            if stat.S_ISDIR(details.st_mode):
                if entry.is_symlink():  # followed, it could lead back to where it stands
                    raise _error(path, "is a link to a folder; copy the folder in instead")
                continue  # scan_tree goes into it
            if not stat.S_ISREG(details.st_mode):
                raise _not_a_file(path, details)
            _check_size(path, details.st_size, limit)
            found.append(path)
        except OSError as error:
            errors.append(refusal(path, error).errors[0])
        except ContentErrors as failure:
            errors.extend(failure.errors)
    if errors:
        raise ContentErrors(errors)
    return sorted(found)


def _check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise _error(
            path,
            f"the file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit; keep only the "
            "text the checks rely on",
        )


def _not_a_file(path: Path, details: os.stat_result) -> ContentErrors:
    if stat.S_ISDIR(details.st_mode):
        return _error(path, "is a folder where a file is expected; rename or move it")
    return _error(path, "is not a file but a pipe, a device or a socket; move it out of the folder")


def _folder_name(root: Path) -> str:
    return f"the {root.name} folder"


def _error(path: Path | str, message: str) -> ContentErrors:
    return content_error(path, 1, message)
