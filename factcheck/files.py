"""Reading files only from inside the folder they belong to (the content or the theme).

A link that leads out of the folder, a link that leads back to itself, a pipe, device or socket,
and a file over the size limit are each refused with ``path:1: message``, before a byte of it is
read: nothing outside the project is ever read, printed or published, and nothing can hang a build.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from factcheck.errors import ContentError, ContentErrors

MAX_FILE_BYTES = 2_000_000
"""Larger content files are refused: Markdown of that size takes minutes to render, and no claim
or source excerpt needs it."""
MAX_THEME_FILE_BYTES = 20_000_000
"""Larger theme files (templates, styles, images) are refused."""


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
        details = path.stat()
        if not stat.S_ISREG(details.st_mode):
            raise _not_a_file(path)
        _check_size(path, details.st_size, limit)
        # Not blocking: a pipe put in the file's place since the check must not hang the build.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        with os.fdopen(handle, "rb") as file:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                raise _not_a_file(path)
            data = file.read(limit + 1)
    except OSError as error:
        raise refusal(path, error) from None
    _check_size(path, len(data), limit)
    return data


def files_below(root: Path, limit: int = MAX_THEME_FILE_BYTES) -> list[Path]:
    """Every file below the folder ``root`` (hidden ones left out), sorted; ContentErrors listing
    every entry that :func:`read_inside` would refuse, including folders that are links out."""
    real_root = real_folder(root)
    found: list[Path] = []
    errors: list[ContentError] = []

    def walk(folder: Path) -> None:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if not is_inside(path, real_root):
                    raise _error(
                        path,
                        f"is a link to something outside {_folder_name(root)}; copy it in instead",
                    )
                details = path.stat()
                if stat.S_ISDIR(details.st_mode):
                    if entry.is_symlink():  # followed, it could lead back to where it stands
                        raise _error(path, "is a link to a folder; copy the folder in instead")
                    walk(path)
                    continue
                if not stat.S_ISREG(details.st_mode):
                    raise _not_a_file(path)
                _check_size(path, details.st_size, limit)
                found.append(path)
            except OSError as error:
                errors.append(refusal(path, error).errors[0])
            except ContentErrors as failure:
                errors.extend(failure.errors)

    if root.is_dir():
        walk(root)
    if errors:
        raise ContentErrors(errors)
    return found


def _check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise _error(
            path,
            f"the file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit; keep only the "
            "text the checks rely on",
        )


def _not_a_file(path: Path) -> ContentErrors:
    return _error(path, "is not a file but a pipe, a device or a socket; move it out of the folder")


def _folder_name(root: Path) -> str:
    return f"the {root.name} folder"


def _error(path: Path | str, message: str) -> ContentErrors:
    return ContentErrors([ContentError(str(path), 1, message)])
